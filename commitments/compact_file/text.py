"""What a compact file says, in the shape the services and the comparison of versions use."""

import datetime
from dataclasses import asdict, dataclass, field

from core.exceptions import ApplicationError

# The first format (principles with three flat lists) still reads; files name the second.
FORMAT_V1 = "compact-portal/1"
FORMAT_NAME = "compact-portal/2"
FORMATS = (FORMAT_V1, FORMAT_NAME)

SECTOR_PARTIES = ("statutory", "vcs", "shared")
# A list's party: a sector, both (shared aims), all partners, or named partners; a list
# with no party is not commitments (definitions, what the sector may need to do).
PARTIES = (*SECTOR_PARTIES, "all")
PARTNER_SECTORS = ("statutory", "vcs")
SECTION_KINDS = ("principle", "section")
VERSION_STATUSES = ("published", "draft")


class CompactFileError(ApplicationError):
    """A compact file that cannot be imported; `line` is 1-based, or None for the whole file."""

    def __init__(self, message: str, *, line: int | None = None):
        text = f"Line {line}: {message}" if line else message
        super().__init__(text, field="file")
        self.line = line


@dataclass
class ItemText:
    text: str
    items: list["ItemText"] = field(default_factory=list)


@dataclass
class ListText:
    """A list in a section. `party` is one of PARTIES, "named" (see `partners`) or ""."""

    party: str = ""
    heading: str = ""
    partners: list[str] = field(default_factory=list)
    items: list[ItemText] = field(default_factory=list)

    @property
    def party_key(self) -> str:
        """The party as a comparison and the page name it: "named: A, B" for named partners."""
        return f"named: {', '.join(self.partners)}" if self.party == "named" else self.party


@dataclass
class SectionText:
    position: int
    title: str
    kind: str = "principle"
    summary: str = ""
    paragraphs: list[str] = field(default_factory=list)
    lists: list[ListText] = field(default_factory=list)

    @property
    def undertakings(self) -> dict[str, list[str]]:
        """The first format's view: each sector party's items, flat, in order."""
        return {
            party: [
                item.text
                for item_list in self.lists
                if item_list.party == party
                for item in _flatten(item_list.items)
            ]
            for party in SECTOR_PARTIES
        }


def _flatten(items: list[ItemText]) -> list[ItemText]:
    flat = []
    for item in items:
        flat.append(item)
        flat += _flatten(item.items)
    return flat


@dataclass
class PartnerText:
    name: str
    sector: str


@dataclass
class CompactText:
    """Everything a compact file holds."""

    name: str
    slug: str
    area: str
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    contact_address: str = ""
    feedback_due_weeks: int = 12
    label: str = ""
    adopted_on: datetime.date | None = None
    status: str = "published"
    introduction: str = ""
    what_it_is_not: list[str] = field(default_factory=list)
    # None: the compact sets no minimum notice, so the national Compact's applies.
    minimum_notice_months: int | None = None
    minimum_consultation_weeks: int = 12
    partners: list[PartnerText] = field(default_factory=list)
    principles: list[SectionText] = field(default_factory=list)

    @property
    def sections(self) -> list[SectionText]:
        return self.principles

    def compact_settings(self) -> dict:
        """The fields of the Compact row: operational, so they may change in place."""
        return {
            "name": self.name,
            "area": self.area,
            "contact_name": self.contact_name,
            "contact_email": self.contact_email,
            "contact_phone": self.contact_phone,
            "contact_address": self.contact_address,
            "feedback_due_weeks": self.feedback_due_weeks,
        }

    def version_text(self) -> dict:
        """What a version says; two files with the same version_text are the same version."""
        return {
            "label": self.label,
            "adopted_on": self.adopted_on,
            "introduction": self.introduction,
            "what_it_is_not": list(self.what_it_is_not),
            "minimum_notice_months": self.minimum_notice_months,
            "minimum_consultation_weeks": self.minimum_consultation_weeks,
            "partners": [asdict(partner) for partner in self.partners],
            "sections": [
                asdict(section) for section in sorted(self.principles, key=lambda s: s.position)
            ],
        }
