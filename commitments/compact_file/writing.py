"""Writing a compact file, always in the current format."""

import yaml

from .text import FORMAT_NAME, CompactText, ItemText, ListText

_STR = "tag:yaml.org,2002:str"


class _Dumper(yaml.SafeDumper):
    pass


def _represent_text(dumper, value: str):
    # Paragraphs read better as a literal block than as one long quoted line.
    style = "|" if "\n" in value else None
    return dumper.represent_scalar(_STR, value, style=style)


_Dumper.add_representer(str, _represent_text)


def _items(items: list[ItemText]) -> list:
    return [
        {"text": item.text, "items": _items(item.items)} if item.items else item.text
        for item in items
    ]


def _list(item_list: ListText) -> dict:
    written = {}
    if item_list.party == "named":
        written["party"] = list(item_list.partners)
    elif item_list.party:
        written["party"] = item_list.party
    if item_list.heading:
        written["heading"] = item_list.heading
    written["items"] = _items(item_list.items)
    return written


def write_compact_file(parsed: CompactText) -> str:
    """The compact file for `parsed`; parse_compact_file(write_compact_file(x)) == x."""
    contact = {
        key: value
        for key, value in (
            ("name", parsed.contact_name),
            ("email", parsed.contact_email),
            ("phone", parsed.contact_phone),
            ("address", parsed.contact_address),
        )
        if value
    }
    compact = {"name": parsed.name, "slug": parsed.slug, "area": parsed.area}
    if contact:
        compact["contact"] = contact
    compact["feedback_due_weeks"] = parsed.feedback_due_weeks
    version = {}
    # What the compact does not state is left out, so that it reads back as unstated.
    if parsed.label:
        version["label"] = parsed.label
    if parsed.adopted_on:
        version["adopted_on"] = parsed.adopted_on
    version["status"] = parsed.status
    if parsed.minimum_notice_months is not None:
        version["minimum_notice_months"] = parsed.minimum_notice_months
    version["minimum_consultation_weeks"] = parsed.minimum_consultation_weeks
    if parsed.introduction:
        version["introduction"] = parsed.introduction
    if parsed.what_it_is_not:
        version["what_it_is_not"] = parsed.what_it_is_not
    document = {"format": FORMAT_NAME, "compact": compact, "version": version}
    if parsed.partners:
        document["partners"] = [
            {"name": partner.name, "sector": partner.sector} for partner in parsed.partners
        ]
    sections = []
    for section in sorted(parsed.principles, key=lambda s: s.position):
        written = {"title": section.title, "kind": section.kind}
        if section.summary:
            written["summary"] = section.summary
        if section.paragraphs:
            written["paragraphs"] = section.paragraphs
        if section.lists:
            written["lists"] = [_list(item_list) for item_list in section.lists]
        sections.append(written)
    document["sections"] = sections
    return yaml.dump(
        document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=88, indent=2
    )
