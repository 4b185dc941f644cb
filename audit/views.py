from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.views.generic import ListView

from commitments.models import Compact

from . import selectors
from .permissions import can_read_history


class CompactHistoryView(LoginRequiredMixin, ListView):
    """Every change the database recorded to a compact's records, for its steering group."""

    template_name = "audit/compact_history.html"
    context_object_name = "events"
    paginate_by = 25

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.compact = get_object_or_404(Compact, slug=kwargs["compact_slug"])
        if not can_read_history(request.user, self.compact):
            raise PermissionDenied("This page is for the compact's steering group.")
        return super().dispatch(request, *args, **kwargs)

    def chosen_table(self) -> str:
        kinds = dict(selectors.record_kinds())
        table = self.request.GET.get("record", "")
        return table if table in kinds else ""

    def get_queryset(self):
        return selectors.history_of_compact(compact=self.compact, table=self.chosen_table())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["compact"] = self.compact
        context["described"] = selectors.described(context["page_obj"].object_list)
        context["record_kinds"] = selectors.record_kinds()
        context["chosen"] = self.chosen_table()
        context["nobody"] = selectors.NOBODY
        return context
