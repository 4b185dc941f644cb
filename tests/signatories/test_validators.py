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
    ("typed", "tidy"),
    [
        ("SC012345", "SC012345"),
        ("sc 043 210", "SC043210"),
        ("NIC100002", "NIC100002"),
        ("nic 104567", "NIC104567"),
        ("100002", "100002"),
    ],
)
def test_charity_numbers_of_scotland_and_northern_ireland(typed, tidy):
    assert validators.normalise_charity_number(typed) == tidy


@pytest.mark.parametrize(
    "typed",
    ["12345", "0123456", "12345678", "SC01234", "NIC10000", "NI100002", "abc", "1234567-123"],
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


@pytest.mark.parametrize(
    "typed", ["XX123456", "SC12345", "123456789", "SC1234567", "ABCDEFGH", "123", "12345"]
)
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
    "org_id",
    [
        "GB-CHC-1234567",
        "GB-SC-SC012345",
        "GB-NIC-100002",
        "GB-COH-SC123456",
        "GB-LAE-BEX",
        "GB-NHS-07L",
    ],
)
def test_valid_org_ids(org_id):
    validators.validate_org_id(org_id)


@pytest.mark.parametrize(
    "org_id", ["GB-CHC-12", "GB-XYZ-123", "GB-COH-sc123456", "1234567", "GB-CHC-SC012345"]
)
def test_invalid_org_ids(org_id):
    with pytest.raises(ValidationError):
        validators.validate_org_id(org_id)


def test_org_ids_of_scottish_and_northern_irish_charities():
    blank = {"company_number": "", "register_code": "", "kind": "registered_charity"}
    assert validators.org_id_for(charity_number="SC012345", **blank) == "GB-SC-SC012345"
    assert validators.org_id_for(charity_number="NIC100002", **blank) == "GB-NIC-100002"


@pytest.mark.parametrize(
    "typed", ["020 8000 0000", "07700 900982", "(01632) 960-001", "+353 1 234 5678"]
)
def test_telephone_numbers(typed):
    assert validators.normalise_telephone(typed) == typed


@pytest.mark.parametrize("typed", ["abc", "123", "0208 abc 0000", "020 8000 0000 0000", "+44"])
def test_bad_telephone_numbers(typed):
    with pytest.raises(ValidationError, match="Enter a telephone number, like"):
        validators.normalise_telephone(typed)


@pytest.mark.parametrize(
    ("sector", "kind", "fits"),
    [
        ("statutory", "registered_charity", False),
        ("statutory", "council", True),
        ("vcs", "council", False),
        ("vcs", "cio", True),
        ("private", "business", True),
        ("private", "registered_charity", False),
        ("statutory", "other", True),
    ],
)
def test_a_type_must_fit_its_sector(sector, kind, fits):
    check = lambda: validators.check_sector_and_kind(  # noqa: E731
        sector=sector, kind=kind, sector_label=sector, kind_label=kind
    )
    if fits:
        check()
    else:
        with pytest.raises(ValidationError, match="choose the type again"):
            check()
