"""Form fields the portal uses everywhere, with messages a volunteer understands.

Every portal form mixes in `GovukFormMixin` (through `PortalForm` or `PortalModelForm`):
it bounds free text, marks optional only the fields that are, and puts every message in
GOV.UK's words, naming the field. Dates are `GovukDateField`: day, month and year boxes.
"""

import datetime
from collections.abc import Callable

from dateutil.relativedelta import relativedelta
from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.forms.utils import pretty_name
from django.template.loader import render_to_string
from django.utils import timezone

# Free text is bounded so that no answer can swamp a page, an e-mail or the database.
SHORT_TEXT_MAX_LENGTH = 250
LONG_TEXT_MAX_LENGTH = 10_000

# A date outside these years is a slip of the keyboard (0201 for 2026), never a real date
# of a compact, a funding change or a concern.
EARLIEST_PLAUSIBLE_DATE = datetime.date(1990, 1, 1)
LATEST_PLAUSIBLE_DATE = datetime.date(2100, 12, 31)

DATE_PARTS = ("day", "month", "year")
DATE_EXAMPLE = "For example, 27 3 2026"


def long_date(value: datetime.date) -> str:
    """3 March 2026, the portal's way of writing a date."""
    return f"{value.day} {value:%B %Y}"


def field_subject(label: str) -> str:
    """A label as the object of a sentence: "Date notice was given" → "the date notice was
    given", "Programme or service" → "programme or service"."""
    label = str(label).removesuffix(" (optional)").rstrip("?:").strip()
    if len(label) > 1 and not label[1].isupper():
        label = label[0].lower() + label[1:]
    if label.startswith("date "):
        label = f"the {label}"
    return label


def field_name_for_message(label: str) -> str:
    """A label as the subject of a sentence, with its capital: "Reason"."""
    return str(label).removesuffix(" (optional)").rstrip("?:").strip()


class GovukDateInput(forms.Widget):
    """Three boxes, `<name>-day`, `<name>-month` and `<name>-year`, drawn by
    templates/govuk/field.html as GOV.UK's date input. Its value is what was typed, box by
    box, so nothing is lost when the page comes back with an error."""

    def render(self, name, value, attrs=None, renderer=None):
        """The three boxes alone; templates/govuk/field.html adds the fieldset around them."""
        id_ = (attrs or {}).get("id") or f"id_{name}"
        return render_to_string(
            "govuk/date_boxes.html", {"boxes": date_boxes_for(name, id_, self.format_value(value))}
        )

    def value_from_datadict(self, data, files, name):
        return {part: data.get(f"{name}-{part}", "") for part in DATE_PARTS}

    def value_omitted_from_data(self, data, files, name):
        return all(f"{name}-{part}" not in data for part in DATE_PARTS)

    def format_value(self, value) -> dict[str, str]:
        if isinstance(value, str) and value:
            try:
                value = datetime.date.fromisoformat(value)
            except ValueError:
                value = None
        if isinstance(value, datetime.date):
            return {"day": str(value.day), "month": str(value.month), "year": str(value.year)}
        if isinstance(value, dict):
            return {part: str(value.get(part) or "") for part in DATE_PARTS}
        return dict.fromkeys(DATE_PARTS, "")

    def id_for_label(self, id_):
        return f"{id_}-day" if id_ else id_


DateBound = datetime.date | Callable[[], datetime.date] | None


class GovukDateField(forms.Field):
    """A date in GOV.UK's day, month and year boxes, with GOV.UK's error messages.

    `past_only` refuses dates after today, `future_only` dates before today; `min` and
    `max` (a date, or a function giving one, read when the form is checked) narrow the
    plausible years 1990 to 2100 further. Each error says which boxes are wrong
    (`params["boxes"]`), so the summary links to the first of them."""

    widget = GovukDateInput

    def __init__(
        self,
        *,
        past_only: bool = False,
        future_only: bool = False,
        min: DateBound = None,  # noqa: A002 - the name the option has in the design system
        max: DateBound = None,  # noqa: A002
        **kwargs,
    ):
        self.past_only = past_only
        self.future_only = future_only
        self.min = min
        self.max = max
        super().__init__(**kwargs)

    @property
    def name_in_messages(self) -> str:
        return field_name_for_message(self.label or "Date")

    def _refuse(self, message: str, code: str, boxes=DATE_PARTS):
        return ValidationError(message, code=code, params={"boxes": tuple(boxes)})

    def to_python(self, value) -> datetime.date | None:
        if value in self.empty_values or isinstance(value, datetime.date):
            return value or None
        typed = {part: str(value.get(part) or "").strip() for part in DATE_PARTS}
        if not any(typed.values()):
            return None
        name = self.name_in_messages
        missing = [part for part in DATE_PARTS if not typed[part]]
        if missing:
            message = f"{name} must include a {' and '.join(missing)}"
            raise self._refuse(message, "incomplete", missing)
        not_numbers = [part for part in DATE_PARTS if not typed[part].isdigit()]
        if not_numbers:
            raise self._refuse(f"{name} must be a real date", "invalid", not_numbers)
        if len(typed["year"]) != 4:
            raise self._refuse("Year must include 4 numbers", "invalid_year", ["year"])
        day, month, year = (int(typed[part]) for part in DATE_PARTS)
        if not 1 <= month <= 12:
            raise self._refuse(f"{name} must be a real date", "invalid", ["month"])
        try:
            return datetime.date(year, month, day)
        except ValueError:
            raise self._refuse(f"{name} must be a real date", "invalid", ["day"]) from None

    def validate(self, value):
        if value is None:
            if self.required:
                raise self._refuse(self.error_messages["required"], "required")
            return
        today = timezone.localdate()
        name = self.name_in_messages
        if self.past_only and value > today:
            raise self._refuse(f"{name} must be today or in the past", "past_only")
        if self.future_only and value < today:
            raise self._refuse(f"{name} must be today or in the future", "future_only")
        earliest = max(_resolve(self.min) or EARLIEST_PLAUSIBLE_DATE, EARLIEST_PLAUSIBLE_DATE)
        latest = min(_resolve(self.max) or LATEST_PLAUSIBLE_DATE, LATEST_PLAUSIBLE_DATE)
        if self.future_only:
            earliest = max(earliest, today)
        if self.past_only:
            latest = min(latest, today)
        if not earliest <= value <= latest:
            first = "today" if earliest == today else long_date(earliest)
            last = "today" if latest == today else long_date(latest)
            boxes = ["year"] if not earliest.year <= value.year <= latest.year else DATE_PARTS
            raise self._refuse(f"{name} must be between {first} and {last}", "out_of_range", boxes)


def years_from_today(years: int) -> Callable[[], datetime.date]:
    """A bound for GovukDateField read when the form is checked: today moved by `years`."""
    return lambda: timezone.localdate() + relativedelta(years=years)


def _resolve(bound: DateBound) -> datetime.date | None:
    return bound() if callable(bound) else bound


def date_boxes_for(name: str, id_: str, typed: dict, wrong=()) -> list[dict]:
    """What the template needs to draw each box."""
    return [
        {
            "part": part,
            "label": part.capitalize(),
            "name": f"{name}-{part}",
            "id": f"{id_}-{part}",
            "value": typed.get(part, ""),
            "width": 4 if part == "year" else 2,
            "wrong": part in wrong,
        }
        for part in DATE_PARTS
    ]


def error_boxes(bound_field) -> tuple[str, ...]:
    """Which of a date's boxes an error is about: those its errors name, else all three."""
    boxes: list[str] = []
    for error in bound_field.form.errors.as_data().get(bound_field.name, []):
        for part in (error.params or {}).get("boxes", DATE_PARTS):
            if part not in boxes:
                boxes.append(part)
    return tuple(part for part in DATE_PARTS if part in boxes)


class MoneyField(forms.DecimalField):
    """An amount in pounds, with or without the £ sign and commas."""

    # A text box, not a number box: browsers refuse "£20,000" in a number box.
    widget = forms.TextInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", 0)
        error_messages = {
            "invalid": "Enter an amount in pounds, for example 12500 or 12,500.50",
            "min_value": "Enter an amount of £0 or more",
            "max_decimal_places": "Enter pounds and pence only, for example 12,500.50",
        }
        error_messages.update(kwargs.pop("error_messages", {}))
        super().__init__(*args, error_messages=error_messages, **kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")
        self.widget.attrs.setdefault("class", "govuk-input--width-10")

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().lstrip("£").replace(",", "").strip()
        return super().to_python(value)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)  # a step attribute makes browsers refuse pence in some locales
        return attrs


def _stock_messages() -> set[str]:
    """Every message Django's form fields and validators give by default, in English."""
    messages: set[str] = set()
    classes = [forms.Field]
    while classes:
        cls = classes.pop()
        classes.extend(cls.__subclasses__())
        for klass in cls.__mro__:
            for message in getattr(klass, "default_error_messages", {}).values():
                messages.add(str(message))
    for validator in (
        validators.MaxLengthValidator(1), validators.MinLengthValidator(1),
        validators.MaxValueValidator(1), validators.MinValueValidator(1),
        validators.StepValueValidator(1), validators.EmailValidator(), validators.URLValidator(),
        validators.ProhibitNullCharactersValidator(),
    ):  # fmt: skip
        messages.add(str(validator.message))
    for message in validators.DecimalValidator.messages.values():
        messages.add(str(message))
    return messages


STOCK_MESSAGES = _stock_messages()


def govuk_messages(field: forms.Field) -> dict[str, str]:
    """GOV.UK's messages for the field's errors, naming it by its label."""
    name = field_name_for_message(field.label)
    subject = field_subject(field.label)
    if str(field.label).endswith("?"):  # a question: "Select an answer to ‘Why …?’"
        subject = f"an answer to ‘{field.label}’"
        name = f"The answer to ‘{field.label}’"
    choosing = isinstance(field, forms.ChoiceField | forms.ModelChoiceField)
    max_length = getattr(field, "max_length", None)
    limit = f"{max_length:,}" if max_length else "%(limit_value)s"
    messages = {
        "required": f"Select {subject}" if choosing else f"Enter {subject}",
        "max_length": f"{name} must be {limit} characters or fewer",
        "min_length": f"{name} must be %(limit_value)s characters or more",
        "invalid_choice": f"Select {subject} from the list",  # noqa: S608 - words, not SQL
        "invalid_list": f"Select {subject} from the list",  # noqa: S608 - words, not SQL
        "invalid_pk_value": f"Select {subject} from the list",  # noqa: S608 - words, not SQL
        "max_value": f"{name} must be %(limit_value)s or less",
        "min_value": f"{name} must be %(limit_value)s or more",
        "step_size": f"{name} must be a multiple of %(limit_value)s",
        "max_digits": f"{name} must be %(max)s digits or fewer",
        "max_decimal_places": f"{name} must have %(max)s decimal places or fewer",
        "max_whole_digits": f"{name} must have %(max)s digits or fewer before the point",
        "null_characters_not_allowed": f"{name} must not contain invisible null characters",
        "invalid": f"{name} must be in the right format",
        "missing": f"Select {subject}",
        "empty": f"The file for {subject} is empty",
        "contradiction": f"Either choose a file for {subject} or remove it, not both",
        "invalid_image": f"The file for {subject} must be a picture",
        "incomplete": f"Enter all of {subject}",
        "overflow": f"{name} must be a real date and time",
        "unique": f"{name} is already in use",
    }
    if isinstance(field, forms.IntegerField):
        messages["invalid"] = f"{name} must be a whole number"
    elif isinstance(field, forms.DecimalField | forms.FloatField):
        messages["invalid"] = f"{name} must be a number"
    elif isinstance(field, forms.EmailField):
        messages["invalid"] = "Enter an email address in the correct format, like name@example.com"
    elif isinstance(field, forms.URLField):
        messages["invalid"] = (
            "Enter a web address in the correct format, like https://www.example.org"
        )
    elif isinstance(field, forms.FileField):
        messages["invalid"] = f"The file for {subject} could not be read; choose it again"
    elif isinstance(field, forms.BooleanField):
        messages["required"] = f"Tick the box to confirm: {subject}"
    return messages


def govuk_field(
    name: str, field: forms.Field, *, conditionally_required=False, optional_labels=True
):
    """Make one field speak GOV.UK: a label, bounded text, its own messages, and
    "(optional)" only when it may really be left empty."""
    if field.label is None:
        field.label = pretty_name(name)
    if isinstance(field, forms.CharField) and field.max_length is None:
        if isinstance(field, forms.EmailField | forms.URLField):
            field.max_length = SHORT_TEXT_MAX_LENGTH * 2
        elif isinstance(field.widget, forms.Textarea):
            field.max_length = LONG_TEXT_MAX_LENGTH
        else:
            field.max_length = SHORT_TEXT_MAX_LENGTH
        field.validators.append(validators.MaxLengthValidator(field.max_length))
    # A maxlength attribute makes the browser cut pasted text short without a word.
    field.widget.attrs.pop("maxlength", None)
    for code, message in govuk_messages(field).items():
        current = field.error_messages.get(code)
        if current is None or str(current) in STOCK_MESSAGES:
            field.error_messages[code] = message
    label = str(field.label)
    if (
        optional_labels
        and not field.required
        and not conditionally_required
        and not isinstance(field, forms.BooleanField)
        and not field.widget.is_hidden
        and not label.endswith("(optional)")
    ):
        field.label = f"{label} (optional)"


class GovukFormMixin:
    """Mixed into every portal form. Fields added in a subclass's `__init__` are prepared
    too, because preparing happens when the form is first read or checked.

    `conditionally_required` names fields the form lets through empty but a rule needs in
    some cases (its hint says which): they are not labelled optional. `optional_labels =
    False` is for pages that say once that everything is optional."""

    conditionally_required: tuple[str, ...] = ()
    optional_labels = True

    def prepare_fields(self):
        prepared = self.__dict__.setdefault("_govuk_prepared", set())
        for name, field in self.fields.items():
            if id(field) not in prepared:
                govuk_field(
                    name,
                    field,
                    conditionally_required=name in self.conditionally_required,
                    optional_labels=self.optional_labels,
                )
                prepared.add(id(field))

    def __getitem__(self, name):
        self.prepare_fields()
        return super().__getitem__(name)

    def full_clean(self):
        self.prepare_fields()
        return super().full_clean()


class PortalForm(GovukFormMixin, forms.Form):
    required_css_class = ""


class PortalModelForm(GovukFormMixin, forms.ModelForm):
    required_css_class = ""
