from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format

from core.forms import DATE_PARTS, date_boxes_for, error_boxes

register = template.Library()


@register.filter
def pounds(value):
    """£1,250 for whole pounds, £1,250.50 otherwise; empty for no value."""
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    places = 0 if amount == amount.to_integral_value() else 2
    sign = "-" if amount < 0 else ""
    return f"{sign}£{number_format(abs(amount), decimal_pos=places, force_grouping=True)}"


@register.filter
def public_count(count):
    """A count on a public page: "fewer than 5" when small (core.disclosure)."""
    from core.disclosure import public_count as rule

    return rule(count)


@register.filter
def public_share(value, base):
    """A share (or average) on a public page: None when worked out from few (core.disclosure)."""
    from core.disclosure import public_share as rule

    return rule(value, base=base)


@register.filter
def person(user, nobody="The portal"):
    """`{{ change.actor|person }}`: who did this, or `nobody` (see core.text.person_name)."""
    from core.text import person_name

    return person_name(user, nobody)


@register.filter
def field_type(bound_field):
    """The widget's class name in lower case, for choosing GOV.UK markup."""
    return bound_field.field.widget.__class__.__name__.lower()


_INPUT_CLASSES = {
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "selectmultiple": "govuk-select",
    "clearablefileinput": "govuk-file-upload",
    "fileinput": "govuk-file-upload",
}


@register.filter
def govuk_input(bound_field, extra_class=""):
    """A text-like widget with GOV.UK classes, its hint and error tied to it for screen readers."""
    widget_name = bound_field.field.widget.__class__.__name__.lower()
    css = _INPUT_CLASSES.get(widget_name, "govuk-input")
    if bound_field.errors:
        css += f" {css}--error"
    if extra_class:
        css = f"{css} {extra_class}"
    existing = bound_field.field.widget.attrs.get("class")
    if existing:
        css = f"{existing} {css}"
    described_by = []
    if bound_field.help_text:
        described_by.append(f"{bound_field.auto_id}-hint")
    if bound_field.errors:
        described_by.append(f"{bound_field.auto_id}-error")
    if "govuk-js-character-count" in extra_class:
        described_by.append(f"{bound_field.auto_id}-info")
    attrs = {"class": css}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return bound_field.as_widget(attrs=attrs)


@register.filter
def described_by(bound_field):
    ids = []
    if bound_field.help_text:
        ids.append(f"{bound_field.auto_id}-hint")
    if bound_field.errors:
        ids.append(f"{bound_field.auto_id}-error")
    return " ".join(ids)


@register.filter
def error_anchor(bound_field):
    """The id the error summary links to: the first option of a group, else the field itself."""
    widget_name = bound_field.field.widget.__class__.__name__.lower()
    if widget_name in ("radioselect", "checkboxselectmultiple"):
        return f"{bound_field.auto_id}_0"
    if widget_name == "govukdateinput":
        return f"{bound_field.auto_id}-{(error_boxes(bound_field) or DATE_PARTS)[0]}"
    return bound_field.auto_id


@register.filter
def date_boxes(bound_field):
    """A date field's three boxes as typed, those its errors are about marked."""
    wrong = error_boxes(bound_field) if bound_field.errors else ()
    typed = bound_field.field.widget.format_value(bound_field.value())
    return date_boxes_for(bound_field.html_name, bound_field.auto_id, typed, wrong)


@register.simple_tag(takes_context=True)
def panels(context, slot, organisation):
    """Render every panel registered for `slot` (see core.panels) for `organisation`."""
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    from core.panels import panels_for

    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    rendered = [
        render_to_string(template_name, {**panel_context, "organisation": organisation}, request)
        for template_name, panel_context in panels_for(slot, organisation, user)
    ]
    return mark_safe("\n".join(rendered))  # noqa: S308 - each part is an escaped template


@register.filter(is_safe=True)
def sentence_case(value):
    """allauth's Title Case headings and buttons in GOV.UK's sentence case."""
    from core.text import sentence_case as to_sentence_case

    return to_sentence_case(value)
