"""Pages of long lists whose cost follows the page, not the table."""

from collections.abc import Callable, Sequence

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet


class IdsFirstPaginator(Paginator):
    """Pages a sorted queryset of primary keys, then loads the full rows of one page only.

    `ids` must be ordered with a unique last key (the primary key), so that the same page
    always holds the same rows; `load_rows(ids)` returns the rows in the order of `ids`.
    Sorting and skipping over narrow ids is cheap where sorting whole rows (with their joins
    and counts) is not; pages past the middle are read from the other end with the sort
    reversed, so the last page costs what the first does.
    """

    def __init__(self, ids: QuerySet, load_rows: Callable[[list], Sequence], per_page: int):
        super().__init__(ids, per_page)
        self.load_rows = load_rows

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if bottom > self.count // 2:
            ids = list(self.object_list.reverse()[self.count - top : self.count - bottom])[::-1]
        else:
            ids = list(self.object_list[bottom:top])
        return self._get_page(self.load_rows(ids), number, self)
