"""Forms of the yearly review. Fields are built from each compact's own template."""

from django import forms

from core.forms import GovukDateField, PortalForm

from .models import ActionPlanEntry, AssessmentAnswer, HelpOffer


class ActionPlanForm(PortalForm):
    """One status, note, owner and target date for each line of a plan.

    Every field is optional (a plan is filled in over time), so labels carry no
    "(optional)" suffix; the page says so once at the top.
    """

    optional_labels = False

    def __init__(self, *args, entries: list[ActionPlanEntry], **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = entries
        for entry in entries:
            prefix = f"e{entry.id}"
            self.fields[f"{prefix}-status"] = forms.ChoiceField(
                label=entry.item.text,
                choices=ActionPlanEntry.Status.choices,
                required=False,
                widget=forms.RadioSelect,
                initial=entry.status,
            )
            self.fields[f"{prefix}-notes"] = forms.CharField(
                label="Notes",
                required=False,
                initial=entry.notes,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"{prefix}-owner"] = forms.CharField(
                label="Who leads on it",
                required=False,
                max_length=200,
                initial=entry.owner,
                error_messages={"max_length": "Keep the name under 200 characters"},
            )
            self.fields[f"{prefix}-target_on"] = GovukDateField(
                label="Date to do it by", required=False, initial=entry.target_on
            )

    def fields_of(self, entry: ActionPlanEntry) -> dict:
        prefix = f"e{entry.id}"
        return {
            name: self[f"{prefix}-{name}"] for name in ("status", "notes", "owner", "target_on")
        }

    def entry_values(self) -> dict[int, dict]:
        """The cleaned values shaped as the service takes them: entry id to its four values."""
        return {
            entry.id: {
                name: self.cleaned_data[f"e{entry.id}-{name}"]
                for name in ("status", "notes", "owner", "target_on")
            }
            for entry in self.entries
        }


class SelfAssessmentForm(PortalForm):
    def __init__(self, *args, questions, answers: dict, summary: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.fields["summary"] = forms.CharField(
            label="Summary of the year",
            required=False,
            initial=summary,
            widget=forms.Textarea(attrs={"rows": 4}),
            help_text="What went well, what did not, and what the steering group will do next.",
        )
        for question in questions:
            answer = answers.get(question.id)
            self.fields[f"q{question.id}-rating"] = forms.ChoiceField(
                label=question.text,
                choices=AssessmentAnswer.Rating.choices,
                required=False,
                widget=forms.RadioSelect,
                initial=answer.rating if answer else "",
            )
            self.fields[f"q{question.id}-notes"] = forms.CharField(
                label="Notes",
                required=False,
                initial=answer.notes if answer else "",
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def fields_of(self, question) -> dict:
        return {name: self[f"q{question.id}-{name}"] for name in ("rating", "notes")}

    def answer_values(self) -> dict[int, dict]:
        return {
            question.id: {
                "rating": self.cleaned_data[f"q{question.id}-rating"],
                "notes": self.cleaned_data[f"q{question.id}-notes"],
            }
            for question in self.questions
        }


class HelpOfferForm(PortalForm):
    kind = forms.ChoiceField(
        label="What are you offering?",
        choices=HelpOffer.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what you are offering"},
    )
    items = forms.ModelMultipleChoiceField(
        label="Which of their lines is it about?",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    message = forms.CharField(
        label="Message to the organisation",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Say what you offer, when and how to take it up. It is sent by e-mail.",
        error_messages={"required": "Write a short message saying what you offer"},
    )

    def __init__(self, *args, items_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = items_queryset
        self.fields["items"].label_from_instance = lambda item: item.text
        if not items_queryset.exists():
            del self.fields["items"]  # the organisation has not asked for help with any line
