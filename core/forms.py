"""Form fields the portal uses everywhere, with messages a volunteer understands."""

from django import forms

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d %B %Y", "%d %b %Y"]


class DateField(forms.DateField):
    """A date typed or picked in the browser's date box; UK formats accepted too."""

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        error_messages = {"invalid": "Enter a real date, for example 3 March 2026"}
        error_messages.update(kwargs.pop("error_messages", {}))
        super().__init__(*args, error_messages=error_messages, **kwargs)


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


class PortalForm(forms.Form):
    """Fields that are not required say so in their label, as GOV.UK forms do."""

    required_css_class = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if not field.required and field.label and not str(field.label).endswith("(optional)"):
                field.label = f"{field.label} (optional)"


class PortalModelForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if not field.required and field.label and not str(field.label).endswith("(optional)"):
                field.label = f"{field.label} (optional)"
