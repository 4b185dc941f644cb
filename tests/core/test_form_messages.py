"""Every portal form speaks GOV.UK: messages name the field, labels say optional only when it
is, and free text is bounded. The walk over every forms module guards forms added later."""

import copy
import importlib
import inspect
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings

from accountability.forms import DecisionForm, FundingChangeForm
from core.forms import GovukFormMixin, govuk_field
from disputes.forms import ConcernForm, DisputeSettingsForm
from reminders.forms import PreferencesForm
from signatories.forms import ChampionForm
from signatories.models import Organisation

# Django's own wording, which a volunteer should never meet.
STOCK_PHRASES = (
    "This field is required", "Ensure this value", "Select a valid choice", "Enter a whole number",
    "Enter a valid", "Enter a number", "is not a valid value", "Enter a list of values",
    "No file was submitted", "The submitted file is empty", "Null characters are not allowed",
)  # fmt: skip


def portal_form_classes():
    for config in apps.get_app_configs():
        if Path(config.path).parent != Path(settings.BASE_DIR):  # the portal's own apps
            continue
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == module.__name__
            ):
                yield value


def test_the_walk_finds_the_forms():
    names = {form_class.__name__ for form_class in portal_form_classes()}
    assert {"FundingChangeForm", "ConcernForm", "ChampionForm", "PortalSignupForm"} <= names


@pytest.mark.parametrize("form_class", list(portal_form_classes()), ids=lambda c: c.__name__)
def test_every_portal_form_has_govuk_messages_and_bounded_text(form_class):
    assert issubclass(form_class, GovukFormMixin)
    for name, declared in form_class.base_fields.items():
        field = copy.deepcopy(declared)
        govuk_field(name, field)
        for code, message in field.error_messages.items():
            assert not any(phrase in str(message) for phrase in STOCK_PHRASES), (name, code)
        if isinstance(field, forms.CharField):
            assert field.max_length, name
            assert "maxlength" not in field.widget.attrs, name


def assert_no_stock_wording(form):
    for name, errors in form.errors.items():
        for error in errors:
            assert not any(phrase in error for phrase in STOCK_PHRASES), (name, error)


def test_fields_added_when_the_form_is_made_get_the_same_messages():
    form = PreferencesForm({"consultation_closing": "not-a-choice"}, current={})
    assert form.errors["consultation_closing"] == ["Select consultations closing from the list"]
    assert_no_stock_wording(form)


@pytest.mark.django_db
def test_model_forms_speak_govuk_too():
    form = DisputeSettingsForm({"acknowledge_within_working_days": "ten"})
    assert form.errors["acknowledge_within_working_days"] == [
        "Working days to acknowledge a concern must be a whole number"
    ]
    assert_no_stock_wording(form)


def funding_change_form(data=None):
    return FundingChangeForm(data, signatures=[], recipients=[])


def test_fields_a_rule_needs_are_not_labelled_optional():
    form = funding_change_form()
    assert form["current_annual_amount"].label == "Current annual amount"
    assert form["new_annual_amount"].label == "New annual amount"
    assert "Needed for a reduction" in form["current_annual_amount"].help_text
    assert form["impact_assessment"].label.endswith("(optional)")  # no rule needs it
    assert ChampionForm()["deputy_name"].label == "Deputy's name"
    assert ChampionForm()["telephone"].label == "Telephone (optional)"


@pytest.mark.django_db
def test_principles_are_needed_to_submit_a_concern_so_are_not_optional():
    form = ConcernForm(compact=None, version=None, organisations=Organisation.objects.none())
    assert form["principles"].label == "Which principles were not kept"
    assert form["undertakings"].label == "Which undertakings were not kept (optional)"


def test_long_text_is_bounded_with_a_message_naming_the_field():
    form = funding_change_form({"rationale": "x" * 50_000, "programme": "y" * 251})
    assert form.errors["rationale"] == ["Reasons for the change must be 10,000 characters or fewer"]
    assert form.errors["programme"] == ["Programme or service must be 250 characters or fewer"]
    assert form.errors["kind"] == ["Choose the kind of change"]  # the form's own words stay
    rendered = str(form["rationale"])
    assert "maxlength" not in rendered  # the browser must not cut what was pasted


def test_a_question_of_any_length_is_answered_within_bounds():
    form = ChampionForm({"kind": "lead", "name": "Pat", "email": "pat@example.org"})
    assert form.errors["senior_contact_name"] == ["Enter the senior person the champion can go to"]
    assert ChampionForm().fields["telephone"].max_length == 30


def test_a_question_is_quoted_rather_than_bent_into_a_sentence():
    form = DecisionForm({"responses_considered": "maybe"})
    assert form.errors["responses_considered"] == [
        "Select an answer to ‘Was the organisation's response considered before the decision?’ "
        "from the list"
    ]
