"""Every identifier an organisation gives us, checked and tidied in one place.

Each `normalise_*` returns the tidy form (upper case, standard spacing) or raises
ValidationError with a message a volunteer can act on. Forms and services both use them.
"""

import re

from django.core.exceptions import ValidationError

# England and Wales: 6 or 7 digits, sometimes with a subsidiary number ("1000000-1").
# Scotland (OSCR): SC and 6 digits, like SC012345. Northern Ireland: NIC and 6 digits, like
# NIC100002; its older numbers (100002) are 6 digits and pass as the first kind.
_CHARITY_NUMBER = re.compile(r"^(?:[1-9]\d{5,6}(-\d{1,2})?|SC\d{6}|NIC\d{6})$")

# Companies House: 8 digits (England and Wales) or a two-letter prefix and 6 digits.
COMPANY_PREFIXES = frozenset(
    [
        "AC",
        "BR",
        "CE",
        "CS",
        "FC",
        "FE",
        "GE",
        "GN",
        "GS",
        "IC",
        "IP",
        "LP",
        "NA",
        "NC",
        "NF",
        "NI",
        "NL",
        "NO",
        "NP",
        "NR",
        "NZ",
        "OC",
        "RC",
        "SA",
        "SC",
        "SE",
        "SF",
        "SG",
        "SI",
        "SL",
        "SO",
        "SP",
        "SR",
        "SZ",
        "ZC",
    ]
)
_COMPANY_NUMBER = re.compile(r"^(?:\d{8}|(?P<prefix>[A-Z]{2})\d{6}|R0\d{6})$")

_POSTCODE = re.compile(
    r"^(GIR ?0AA|[A-PR-UWYZ](?:\d{1,2}|[A-HK-Y]\d{1,2}|\d[A-HJKPSTUW]|[A-HK-Y]\d[ABEHMNPRVWXY])"
    r" ?\d[ABD-HJLNP-UW-Z]{2})$"
)

# org-id.guide lists: charities (England and Wales, Scotland, Northern Ireland), companies,
# local authority and NHS organisation codes.
ORG_ID_PREFIXES = ("GB-CHC", "GB-SC", "GB-NIC", "GB-COH", "GB-LAE", "GB-NHS")
_REGISTER_CODE = re.compile(r"^[A-Z0-9]{3,6}$")


def _squash(value: str) -> str:
    return re.sub(r"\s+", "", value or "").upper()


def normalise_charity_number(value: str) -> str:
    number = _squash(value)
    if not _CHARITY_NUMBER.match(number):
        raise ValidationError(
            "Enter a registered charity number for England and Wales, like 1234567 or 123456, "
            "Scotland, like SC012345, or Northern Ireland, like NIC100002",
            code="charity_number",
        )
    return number


def normalise_company_number(value: str) -> str:
    number = _squash(value)
    # People often drop a leading zero or two of an English company number; fewer than six
    # digits is not a number they meant.
    if number.isdigit() and 6 <= len(number) < 8:
        number = number.zfill(8)
    match = _COMPANY_NUMBER.match(number)
    if not match or (match.group("prefix") and match.group("prefix") not in COMPANY_PREFIXES):
        raise ValidationError(
            "Enter a Companies House number: 8 digits, like 01234567, or 2 letters and "
            "6 digits, like SC123456",
            code="company_number",
        )
    return number


def normalise_postcode(value: str) -> str:
    postcode = _squash(value)
    if not _POSTCODE.match(postcode):
        raise ValidationError("Enter a real UK postcode, like DA6 7AT", code="postcode")
    return f"{postcode[:-3]} {postcode[-3:]}"


# Digits with the usual separators; an international number may start with +.
_TELEPHONE = re.compile(r"^\+?[\d ()-]+$")


def normalise_telephone(value: str) -> str:
    """A UK number of 10 or 11 digits (or one starting +, 8 to 15 digits), as typed."""
    number = " ".join((value or "").split())
    digits = re.sub(r"\D", "", number)
    international = number.startswith("+")
    fits = 8 <= len(digits) <= 15 if international else 10 <= len(digits) <= 11
    if not _TELEPHONE.match(number) or not fits:
        raise ValidationError(
            "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192",
            code="telephone",
        )
    return number


# Which types of organisation each sector can hold; "other" fits any.
SECTOR_KINDS = {
    "statutory": {"council", "nhs", "police", "fire", "school", "other"},
    "vcs": {
        "housing_association",
        "school",
        "registered_charity",
        "cio",
        "cic",
        "community_group",
        "social_enterprise",
        "other",
    },
    "private": {"housing_association", "cic", "social_enterprise", "business", "other"},
}


def check_sector_and_kind(*, sector: str, kind: str, kind_label: str, sector_label: str) -> None:
    """Refuse a type of organisation that cannot be in the sector chosen."""
    if kind not in SECTOR_KINDS.get(sector, set()):
        raise ValidationError(
            f"A {kind_label.lower()} is not in the {sector_label.lower()} sector: "
            "choose the type again, or change the sector",
            code="kind",
        )


# The most an e-mail address can hold (RFC 5321), and what the database keeps.
EMAIL_MAX_LENGTH = 254


def normalise_register_code(value: str) -> str:
    code = _squash(value)
    if not _REGISTER_CODE.match(code):
        raise ValidationError(
            "Enter the council's or NHS body's code: 3 to 6 letters or numbers, like BEX or 07L",
            code="register_code",
        )
    return code


def validate_org_id(value: str) -> None:
    """An org-id identifier of one of the lists the portal publishes."""
    prefix, _, local = value.rpartition("-")
    if prefix not in ORG_ID_PREFIXES or not local:
        raise ValidationError(f"{value} is not an org-id identifier the portal uses")
    checks = {
        "GB-CHC": _england_and_wales_charity,
        "GB-SC": normalise_charity_number,
        "GB-NIC": lambda local: normalise_charity_number(f"NIC{local}")[3:],
        "GB-COH": normalise_company_number,
        "GB-LAE": normalise_register_code,
        "GB-NHS": normalise_register_code,
    }
    if checks[prefix](local) != local:
        raise ValidationError(f"{value} is not in the register's own format")


def _england_and_wales_charity(local: str) -> str:
    number = normalise_charity_number(local)
    if not number[:1].isdigit():
        raise ValidationError(f"{local} is not a charity number of England and Wales")
    return number


def org_id_for(*, kind: str, charity_number: str, company_number: str, register_code: str) -> str:
    """The org-id.guide identifier for an organisation, or "" when it has no registered number.

    A council's or NHS body's own code comes first; then the charity number (without any
    subsidiary suffix; Scottish numbers whole, Northern Irish ones without "NIC", as those
    registers list them), then the company number.
    """
    if register_code and kind == "council":
        return f"GB-LAE-{register_code}"
    if register_code and kind == "nhs":
        return f"GB-NHS-{register_code}"
    if charity_number.startswith("SC"):
        return f"GB-SC-{charity_number}"
    if charity_number.startswith("NIC"):
        return f"GB-NIC-{charity_number[3:]}"
    if charity_number:
        return f"GB-CHC-{charity_number.split('-')[0]}"
    if company_number:
        return f"GB-COH-{company_number}"
    return ""


def tidy_certificate_code(value: str) -> str:
    """A certificate code as printed (ABCD-EFGH-JKLM): typed in lower case, without the
    hyphens or with spaces between the groups, it is still the same code."""
    characters = re.sub(r"[^A-Z0-9]", "", (value or "").upper())
    if len(characters) == 12:
        return "-".join(characters[start : start + 4] for start in (0, 4, 8))
    return (value or "").strip().upper()
