from django import forms

from core.forms import PortalForm, PortalModelForm

from .models import Kind, Reminder, ReminderSettings


class PreferencesForm(PortalForm):
    """One choice per kind of reminder: each e-mailed at once, a daily digest, or none."""

    def __init__(self, *args, current: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in Kind.choices:
            self.fields[kind] = forms.ChoiceField(
                label=label,
                choices=Reminder.Delivery.choices,
                initial=current.get(kind, Reminder.Delivery.IMMEDIATE),
                widget=forms.RadioSelect,
                error_messages={"required": f"Choose how you want to hear about {label.lower()}"},
            )


class ReminderSettingsForm(PortalModelForm):
    class Meta:
        model = ReminderSettings
        exclude = ["compact"]
        help_texts = {
            name: "Whole numbers of days separated by commas, for example 14, 3. "
            "Leave empty for no reminder."
            for name in [
                "consultation_closing_days",
                "consultation_feedback_days",
                "funding_notice_days",
                "funding_takes_effect_days",
                "dispute_stage_days",
                "dispute_past_limit_days",
                "application_waiting_days",
                "no_champion_days",
                "compact_refreshed_days",
            ]
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "govuk-input--width-10")
