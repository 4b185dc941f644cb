"""The compact file: a whole compact as YAML (documented in docs/compact-format.md).

`text` holds the shape a file is read into, `reading` turns a file into it (naming the
line of anything wrong), `writing` turns it back into a file. Nothing here touches the
database: commitments/services.py turns a parsed file into rows.
"""

from .reading import parse_compact_file
from .text import (
    FORMAT_NAME,
    CompactFileError,
    CompactText,
    ItemText,
    ListText,
    PartnerText,
    SectionText,
)
from .writing import write_compact_file

# The name the first format gave a section; kept for code written against it.
PrincipleText = SectionText

__all__ = [
    "FORMAT_NAME",
    "CompactFileError",
    "CompactText",
    "ItemText",
    "ListText",
    "PartnerText",
    "PrincipleText",
    "SectionText",
    "parse_compact_file",
    "write_compact_file",
]
