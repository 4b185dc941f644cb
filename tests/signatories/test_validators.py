import pytest
from django.core.exceptions import ValidationError

from signatories import validators


@pytest.mark.parametrize(
    ("typed", "tidy"),
    [
        ("1234567", "1234567"),
        ("212345", "212345"),
        (" 1 000 000 ", "1000000"),
        ("1123456-1", "1123456-1"),
    ],
)
def test_charity_numbers_of_england_and_wales(typed, tidy):
    assert validators.normalise_charity_number(typed) == tidy


@pytest.mark.parametrize(
    "typed", ["12345", "0123456", "12345678", "SC012345", "abc", "1234567-123"]
)
def test_bad_charity_numbers_say_what_a_good_one_looks_like(typed):
    with pytest.raises(ValidationError, match="England and Wales, like 1234567"):
        validators.normalise_charity_number(typed)


@pytest.mark.parametrize(
    ("typed", "tidy"),
    [
        ("01234567", "01234567"),
        ("1234567", "01234567"),
        ("sc123456", "SC123456"),
        ("NI 123456", "NI123456"),
        ("OC301234", "OC301234"),
        ("R0000123", "R0000123"),
    ],
)
def test_company_numbers_with_prefixes(typed, tidy):
    assert validators.normalise_company_number(typed) == tidy


@pytest.mark.parametrize("typed", ["XX123456", "SC12345", "123456789", "SC1234567", "ABCDEFGH"])
def test_bad_company_numbers(typed):
    with pytest.raises(ValidationError, match="Companies House number"):
        validators.normalise_company_number(typed)


@pytest.mark.parametrize(
    ("typed", "tidy"),
    [
        ("da67at", "DA6 7AT"),
        ("CM15 8AY", "CM15 8AY"),
        ("SW1A 1AA", "SW1A 1AA"),
        ("m1 1ae", "M1 1AE"),
    ],
)
def test_postcodes(typed, tidy):
    assert validators.normalise_postcode(typed) == tidy


@pytest.mark.parametrize("typed", ["DA6", "12345", "QA1 1AA", "DA6 7AC", "not a postcode"])
def test_bad_postcodes(typed):
    with pytest.raises(ValidationError, match="Enter a real UK postcode"):
        validators.normalise_postcode(typed)


def test_org_id_prefers_the_register_code_for_councils_and_nhs_bodies():
    blank = {"charity_number": "", "company_number": "", "register_code": ""}
    assert (
        validators.org_id_for(kind="council", **{**blank, "register_code": "BEX"}) == "GB-LAE-BEX"
    )
    assert validators.org_id_for(kind="nhs", **{**blank, "register_code": "07L"}) == "GB-NHS-07L"
    assert (
        validators.org_id_for(
            kind="registered_charity",
            charity_number="1000000-1",
            company_number="01234567",
            register_code="",
        )
        == "GB-CHC-1000000"
    )
    assert (
        validators.org_id_for(kind="cic", **{**blank, "company_number": "SC123456"})
        == "GB-COH-SC123456"
    )
    assert validators.org_id_for(kind="community_group", **blank) == ""


@pytest.mark.parametrize(
    "org_id", ["GB-CHC-1234567", "GB-COH-SC123456", "GB-LAE-BEX", "GB-NHS-07L"]
)
def test_valid_org_ids(org_id):
    validators.validate_org_id(org_id)


@pytest.mark.parametrize("org_id", ["GB-CHC-12", "GB-XYZ-123", "GB-COH-sc123456", "1234567"])
def test_invalid_org_ids(org_id):
    with pytest.raises(ValidationError):
        validators.validate_org_id(org_id)
