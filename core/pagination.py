"""Pages of long lists whose cost follows the page, not the table."""

from collections.abc import Callable, Sequence
from functools import cached_property

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet


class IdsFirstPaginator(Paginator):
    """Pages a sorted queryset of primary keys, then loads the full rows of one page only.

    `ids` must be ordered with a unique last key (the primary key), so that the same page
    always holds the same rows; `load_rows(ids)` returns the rows in the order of `ids`.
    Sorting and skipping over narrow ids is cheap where sorting whole rows (with their joins
    and counts) is not; pages past the middle are read from the other end with the sort
    reversed, so the last page costs what the first does.

    With `max_rows`, only the first `max_rows` rows are paged (`truncated` says there were
    more) and the count stops there, so neither the count nor the deepest page reads the
    whole table: a list that long is narrowed by its filters, not read page by page.
    """

    def __init__(
        self,
        ids: QuerySet,
        load_rows: Callable[[list], Sequence],
        per_page: int,
        max_rows: int | None = None,
    ):
        super().__init__(ids, per_page)
        self.load_rows = load_rows
        self.max_rows = max_rows

    @cached_property
    def _counted(self) -> int:
        if self.max_rows is None:
            return self.object_list.count()
        # COUNT over a LIMIT: the database stops at the first max_rows + 1 rows it finds.
        return self.object_list.order_by()[: self.max_rows + 1].count()

    @cached_property
    def truncated(self) -> bool:
        return self.max_rows is not None and self._counted > self.max_rows

    @cached_property
    def count(self) -> int:
        return self.max_rows if self.truncated else self._counted

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        # Reading backwards needs the true end, which a truncated count does not know.
        if bottom > self.count // 2 and not self.truncated:
            ids = list(self.object_list.reverse()[self.count - top : self.count - bottom])[::-1]
        else:
            ids = list(self.object_list[bottom:top])
        return self._get_page(self.load_rows(ids), number, self)
