from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import ListView

from commitments.models import Compact
from commitments.permissions import steering_compact_ids
from core.exceptions import ApplicationError, add_error_to_form

from . import selectors, services
from .forms import PreferencesForm, ReminderSettingsForm
from .models import Kind
from .permissions import can_manage_reminders


class ReminderListView(LoginRequiredMixin, ListView):
    """Your reminders: everything the portal has reminded you of."""

    template_name = "reminders/reminder_list.html"
    context_object_name = "reminders"
    paginate_by = 25

    def get_queryset(self):
        return selectors.reminders_for(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["steered_compacts"] = Compact.objects.filter(
            pk__in=steering_compact_ids(self.request.user)
        )
        return context


class PreferencesView(LoginRequiredMixin, View):
    template_name = "reminders/preferences.html"

    def get(self, request):
        form = PreferencesForm(current=selectors.preferences_of(user=request.user))
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        form = PreferencesForm(request.POST, current=selectors.preferences_of(user=request.user))
        if not form.is_valid():
            return render(request, self.template_name, {"form": form})
        try:
            for kind in Kind.values:
                services.reminder_preference_set(
                    user=request.user, kind=kind, delivery=form.cleaned_data[kind]
                )
        except ApplicationError as error:
            add_error_to_form(form, error)
            return render(request, self.template_name, {"form": form})
        messages.success(request, "Your choices for reminders are saved.")
        return redirect("reminders:preferences")


# The link's signature is the credential, and RFC 8058 mail programs POST without
# a CSRF cookie. GET only shows the confirmation: nothing changes on a GET.
@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(View):
    template_name = "reminders/unsubscribe.html"

    def get(self, request, token):
        try:
            _user_id, kinds = services.read_unsubscribe_token(token)
        except ApplicationError as error:
            return render(request, self.template_name, {"error": error.message}, status=400)
        return render(request, self.template_name, {"kind_labels": [Kind(k).label for k in kinds]})

    def post(self, request, token):
        try:
            _user_id, kinds = services.reminders_unsubscribe(token=token)
        except ApplicationError as error:
            return render(request, self.template_name, {"error": error.message}, status=400)
        return render(
            request,
            self.template_name,
            {"done": True, "kind_labels": [Kind(k).label for k in kinds]},
        )


class ReminderSettingsView(LoginRequiredMixin, View):
    template_name = "reminders/settings.html"

    def _compact(self, request, slug):
        compact = get_object_or_404(Compact, slug=slug)
        if not can_manage_reminders(request.user, compact):
            raise PermissionDenied
        return compact

    def get(self, request, slug):
        compact = self._compact(request, slug)
        form = ReminderSettingsForm(instance=services.reminder_settings_for(compact))
        return render(request, self.template_name, {"form": form, "compact": compact})

    def post(self, request, slug):
        compact = self._compact(request, slug)
        form = ReminderSettingsForm(request.POST, instance=services.reminder_settings_for(compact))
        if not form.is_valid():
            return render(request, self.template_name, {"form": form, "compact": compact})
        services.reminder_settings_update(actor=request.user, reminder_settings=form.instance)
        messages.success(request, f"The reminder timings for {compact.name} are saved.")
        return redirect("reminders:settings", slug=compact.slug)
