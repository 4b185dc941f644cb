from decimal import Decimal

import pytest
from django import forms

from core.forms import MoneyField


class AmountForm(forms.Form):
    amount = MoneyField(label="Amount")


@pytest.mark.parametrize(
    "typed,expected",
    [
        ("12500", Decimal("12500")),
        ("£12,500.50", Decimal("12500.50")),
        (" £ 20,000 ", Decimal("20000")),
    ],
)
def test_money_accepts_pounds_as_people_write_them(typed, expected):
    form = AmountForm({"amount": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == expected


def test_money_is_a_text_box_so_the_browser_keeps_the_pound_sign():
    rendered = str(AmountForm()["amount"])
    assert 'type="text"' in rendered
    assert 'inputmode="decimal"' in rendered


@pytest.mark.parametrize(
    "typed,message",
    [
        ("twelve", "Enter an amount in pounds"),
        ("-5", "Enter an amount of £0 or more"),
        ("10.555", "Enter pounds and pence only"),
    ],
)
def test_money_refuses_what_is_not_an_amount(typed, message):
    form = AmountForm({"amount": typed})
    assert not form.is_valid()
    assert message in form.errors["amount"][0]
