from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import ListView

from core.exceptions import ApplicationError

from . import selectors, services
from .permissions import can_watch_outbox


class OutboxWatcherMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_watch_outbox(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class LateMessageListView(OutboxWatcherMixin, ListView):
    """E-mails that are late: waiting past their time, being retried, or failed; staff see
    all, a steering group its own compacts'."""

    template_name = "outbox/late_list.html"
    context_object_name = "late_messages"
    paginate_by = 25

    def get_queryset(self):
        return selectors.late_messages_visible_to(user=self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(max_attempts=services.MAX_ATTEMPTS, **kwargs)


class SendAgainView(OutboxWatcherMixin, View):
    def post(self, request, pk):
        message = get_object_or_404(selectors.late_messages_visible_to(user=request.user), pk=pk)
        try:
            services.message_send_again(actor=request.user, message=message)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"The e-mail to {', '.join(message.to)} will be sent again.")
        return redirect("outbox:late")
