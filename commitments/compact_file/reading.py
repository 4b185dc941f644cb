"""Reading a compact file.

Reading walks PyYAML's node tree rather than the loaded data, so that every
refusal can name the line it is about.
"""

import datetime

import yaml
from django.core.exceptions import ValidationError
from django.core.validators import validate_email, validate_slug

from .text import (
    FORMAT_V1,
    FORMATS,
    PARTIES,
    PARTNER_SECTORS,
    SECTION_KINDS,
    SECTOR_PARTIES,
    VERSION_STATUSES,
    CompactFileError,
    CompactText,
    ItemText,
    ListText,
    PartnerText,
    SectionText,
)

_NULL = "tag:yaml.org,2002:null"
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


# ---------------------------------------------------------------- reading


def _line(node) -> int:
    return node.start_mark.line + 1


def _describe(node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a group of named fields"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag == _NULL:
        return "empty"
    return f'"{node.value}"'


class _Reader:
    def __init__(self, text: str):
        self.seen = set()
        self.lines = text.splitlines()

    def mapping(self, node, where: str, *, required: tuple, optional: tuple = (), key=None) -> dict:
        """The fields of a YAML mapping by name, refusing unknown, repeated and missing ones.

        `key` is the node of the name the mapping stands under, whose line a missing
        field is reported on (a block mapping itself starts on the line after it).
        """
        if not isinstance(node, yaml.MappingNode):
            raise CompactFileError(
                f"{where} should be a group of named fields, but it is {_describe(node)}.",
                line=_line(node),
            )
        self._once(node)
        fields = {}
        allowed = required + optional
        for key_node, value_node in node.value:
            name = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if name not in allowed:
                raise CompactFileError(
                    f'"{name}" is not a field the compact file knows in {where}. '
                    f"The fields there are: {', '.join(allowed)}.",
                    line=_line(key_node),
                )
            if name in fields:
                raise CompactFileError(f'"{name}" appears twice in {where}.', line=_line(key_node))
            fields[name] = (key_node, value_node)
        self.keys = {name: pair[0] for name, pair in fields.items()}
        fields = {name: pair[1] for name, pair in fields.items()}
        for name in required:
            if name not in fields:
                raise CompactFileError(
                    f'{where} is missing "{name}", which every compact file needs.',
                    line=_line(key if key is not None else node),
                )
        return fields

    def sequence(self, node, where: str) -> list:
        if isinstance(node, yaml.ScalarNode) and node.tag == _NULL:
            return []
        if not isinstance(node, yaml.SequenceNode):
            raise CompactFileError(
                f"{where} should be a list (lines starting with “- ”), but it is "
                f"{_describe(node)}.",
                line=_line(node),
            )
        self._once(node)
        return node.value

    def text(self, node, where: str, *, required: bool = True, max_length: int = 0) -> str:
        if not isinstance(node, yaml.ScalarNode):
            raise CompactFileError(
                f"{where} should be text, but it is {_describe(node)}.", line=_line(node)
            )
        self._one_item(node)
        value = "" if node.tag == _NULL else node.value.strip()
        if required and not value:
            raise CompactFileError(f"{where} is empty; it needs some text.", line=_line(node))
        if max_length and len(value) > max_length:
            raise CompactFileError(
                f"{where} is {len(value)} characters long; at most {max_length} fit.",
                line=_line(node),
            )
        return value

    def whole_number(self, node, where: str, *, minimum: int, unit: str) -> int:
        number = None
        if isinstance(node, yaml.ScalarNode) and node.tag == _INT:
            try:
                number = int(node.value.replace("_", ""), 10)
            except ValueError:
                number = None
        if number is None:
            raise CompactFileError(
                f"{where} should be a whole number{' of ' + unit if unit else ''}, like 3, "
                f"but it is {_describe(node)}.",
                line=_line(node),
            )
        if number < minimum or number > 1000:
            raise CompactFileError(
                f"{where} is {number}, but it must be at least {minimum} "
                f"{unit.removesuffix('s') if minimum == 1 else unit}".rstrip()
                + (" and no more than 1000." if number > 1000 else "."),
                line=_line(node),
            )
        return number

    def date(self, node, where: str) -> datetime.date:
        if isinstance(node, yaml.ScalarNode) and node.tag in (_TIMESTAMP, _STR):
            try:
                return datetime.date.fromisoformat(node.value.strip())
            except ValueError:
                pass
        raise CompactFileError(
            f"{where} should be a date written year-month-day, like 2026-03-03, but it is "
            f"{_describe(node)}.",
            line=_line(node),
        )

    def _one_item(self, node):
        """Refuse a plain text that runs on to a line starting "- ".

        YAML folds such a line into the text above it, so two items the writer meant as
        siblings (the second indented a little too far) would silently become one.
        """
        if node.style is not None or node.end_mark.line <= node.start_mark.line:
            return
        for number in range(node.start_mark.line + 1, node.end_mark.line + 1):
            line = self.lines[number] if number < len(self.lines) else ""
            if line.lstrip().startswith("- "):
                raise CompactFileError(
                    f"this line starts a new item, but it is indented under the item on line "
                    f"{node.start_mark.line + 1}, so both would be read as one item. Line its "
                    '"-" up with the one above to make it an item of its own; to make it a '
                    'sub-item, write the item above as "text:" with "items:" under it.',
                    line=number + 1,
                )

    def _once(self, node):
        # PyYAML's anchors (&) and aliases (*) reuse a node; refusing them keeps files
        # plain and stops a small file from expanding into a huge one.
        if id(node) in self.seen:
            raise CompactFileError(
                "repeats an earlier part with an alias (*); write the text out in full.",
                line=_line(node),
            )
        self.seen.add(id(node))


def parse_compact_file(text: str) -> CompactText:
    """Read a compact file, or raise CompactFileError naming the line and what is wrong."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        # An unclosed quote or block is reported where it ends (often the end of the
        # file); the line where it began is the one to look at.
        if "scanning" in (getattr(error, "context", None) or ""):
            mark = getattr(error, "context_mark", None) or mark
        problem = getattr(error, "problem", None) or "the file is not valid YAML"
        raise CompactFileError(
            f"the file cannot be read as YAML: {problem}. Check the indentation and "
            "that any text containing a colon is in quotes.",
            line=mark.line + 1 if mark else None,
        ) from None
    if root is None:
        raise CompactFileError("the file is empty.")

    read = _Reader(text)
    file_format = FORMAT_V1
    if isinstance(root, yaml.MappingNode):
        for key_node, value_node in root.value:
            if getattr(key_node, "value", None) == "format":
                file_format = read.text(value_node, "format")
                if file_format not in FORMATS:
                    raise CompactFileError(
                        f'format is "{file_format}", but this portal reads {" or ".join(FORMATS)}.',
                        line=_line(value_node),
                    )
    body = "principles" if file_format == FORMAT_V1 else "sections"
    optional = ("format",) if file_format == FORMAT_V1 else ("format", "partners")
    top = read.mapping(root, "the file", required=("compact", "version", body), optional=optional)
    top_keys = read.keys
    parsed = _read_compact(read, top["compact"], top_keys["compact"])
    _read_version(read, top["version"], top_keys["version"], parsed, file_format=file_format)
    if file_format == FORMAT_V1:
        _read_principles_v1(read, top["principles"], parsed)
    else:
        if "partners" in top:
            _read_partners(read, top["partners"], parsed)
        _read_sections(read, top["sections"], parsed)
    return parsed


def _read_compact(read: _Reader, node, key) -> CompactText:
    compact = read.mapping(
        node,
        "compact",
        key=key,
        required=("name", "slug", "area"),
        optional=("contact", "feedback_due_weeks"),
    )
    slug = read.text(compact["slug"], "compact slug", max_length=80)
    try:
        validate_slug(slug)
    except ValidationError:
        raise CompactFileError(
            f'compact slug "{slug}" may use only letters, numbers, hyphens and underscores.',
            line=_line(compact["slug"]),
        ) from None
    parsed = CompactText(
        name=read.text(compact["name"], "compact name", max_length=200),
        slug=slug,
        area=read.text(compact["area"], "compact area", max_length=200),
    )
    if "feedback_due_weeks" in compact:
        parsed.feedback_due_weeks = read.whole_number(
            compact["feedback_due_weeks"], "feedback_due_weeks", minimum=1, unit="weeks"
        )
    if "contact" in compact:
        contact = read.mapping(
            compact["contact"],
            "contact",
            required=(),
            optional=("name", "email", "phone", "address"),
        )
        if "name" in contact:
            parsed.contact_name = read.text(
                contact["name"], "contact name", required=False, max_length=200
            )
        if "email" in contact:
            parsed.contact_email = read.text(contact["email"], "contact email", required=False)
            if parsed.contact_email:
                try:
                    validate_email(parsed.contact_email)
                except ValidationError:
                    raise CompactFileError(
                        f'contact email "{parsed.contact_email}" is not an e-mail address.',
                        line=_line(contact["email"]),
                    ) from None
        if "phone" in contact:
            parsed.contact_phone = read.text(
                contact["phone"], "contact phone", required=False, max_length=40
            )
        if "address" in contact:
            parsed.contact_address = read.text(
                contact["address"], "contact address", required=False
            )
    return parsed


def _read_version(read: _Reader, node, key, parsed: CompactText, *, file_format: str) -> None:
    # The first format required the label, date and notice; a real compact may state none
    # of them, so the second leaves them out rather than have the portal invent them.
    stated = ("label", "adopted_on", "minimum_notice_months")
    version = read.mapping(
        node,
        "version",
        key=key,
        required=stated if file_format == FORMAT_V1 else (),
        optional=(
            *(() if file_format == FORMAT_V1 else stated),
            "status",
            "introduction",
            "what_it_is_not",
            "minimum_consultation_weeks",
        ),
    )
    if "label" in version:
        parsed.label = read.text(version["label"], "version label", max_length=40)
    if "adopted_on" in version:
        parsed.adopted_on = read.date(version["adopted_on"], "adopted_on")
    if "minimum_notice_months" in version:
        parsed.minimum_notice_months = read.whole_number(
            version["minimum_notice_months"], "minimum_notice_months", minimum=1, unit="months"
        )
    if "minimum_consultation_weeks" in version:
        parsed.minimum_consultation_weeks = read.whole_number(
            version["minimum_consultation_weeks"],
            "minimum_consultation_weeks",
            minimum=1,
            unit="weeks",
        )
    if "status" in version:
        parsed.status = read.text(version["status"], "version status")
        if parsed.status not in VERSION_STATUSES:
            raise CompactFileError(
                f'version status is "{parsed.status}", but it can only be '
                f"{' or '.join(VERSION_STATUSES)}.",
                line=_line(version["status"]),
            )
    if "introduction" in version:
        parsed.introduction = read.text(version["introduction"], "introduction", required=False)
    if "what_it_is_not" in version:
        parsed.what_it_is_not = [
            read.text(point, "each point of what_it_is_not")
            for point in read.sequence(version["what_it_is_not"], "what_it_is_not")
        ]


def _title_once(titles: dict, title: str, line: int, noun: str) -> None:
    """Refuse a second section or principle with the same title: they would be confused."""
    key = " ".join(title.casefold().split())
    if key in titles:
        raise CompactFileError(
            f'two {noun}s have the title "{title}" (the other is on line {titles[key]}); '
            "each needs its own.",
            line=line,
        )
    titles[key] = line


def _read_principles_v1(read: _Reader, node, parsed: CompactText) -> None:
    principle_nodes = read.sequence(node, "principles")
    if not principle_nodes:
        raise CompactFileError(
            "principles is empty; a compact needs at least one.", line=_line(node)
        )
    positions, titles = {}, {}
    for principle_node in principle_nodes:
        where = f"the principle on line {_line(principle_node)}"
        fields = read.mapping(
            principle_node,
            where,
            required=("position", "title"),
            optional=("summary", "undertakings"),
        )
        position = read.whole_number(fields["position"], "position", minimum=1, unit="")
        if position in positions:
            raise CompactFileError(
                f"two principles have position {position} (the other is on line "
                f"{positions[position]}); each needs its own number.",
                line=_line(fields["position"]),
            )
        positions[position] = _line(fields["position"])
        principle = SectionText(
            position=position,
            title=read.text(fields["title"], "principle title", max_length=300),
        )
        _title_once(titles, principle.title, _line(fields["title"]), "principle")
        if "summary" in fields:
            principle.summary = read.text(fields["summary"], "summary", required=False)
        if "undertakings" in fields:
            undertakings = fields["undertakings"]
            if isinstance(undertakings, yaml.MappingNode):
                for key_node, _ in undertakings.value:
                    if key_node.value not in SECTOR_PARTIES:
                        raise CompactFileError(
                            f'"{key_node.value}" is not a party to a compact. Undertakings '
                            "belong to statutory, vcs or shared.",
                            line=_line(key_node),
                        )
            by_party = read.mapping(
                undertakings, "undertakings", required=(), optional=SECTOR_PARTIES
            )
            party_keys = read.keys
            for party in SECTOR_PARTIES:
                if party not in by_party:
                    continue
                items = [
                    ItemText(read.text(item, f"each {party} undertaking"))
                    for item in read.sequence(by_party[party], f"{party} undertakings")
                ]
                if not items:
                    _empty_party(party, party_keys[party])
                principle.lists.append(ListText(party=party, items=items))
        parsed.principles.append(principle)
    parsed.principles.sort(key=lambda p: p.position)


def _empty_party(party: str, key_node) -> None:
    # An empty heading would show "... undertake to" over nothing, in the page and the PDF.
    raise CompactFileError(
        f'"{party}" has no items under it. Add what the party undertakes, or remove the heading.',
        line=_line(key_node),
    )


def _read_partners(read: _Reader, node, parsed: CompactText) -> None:
    seen = {}
    for partner_node in read.sequence(node, "partners"):
        where = f"the partner on line {_line(partner_node)}"
        fields = read.mapping(partner_node, where, required=("name", "sector"))
        name = read.text(fields["name"], "partner name", max_length=200)
        sector = read.text(fields["sector"], "partner sector")
        if sector not in PARTNER_SECTORS:
            raise CompactFileError(
                f'partner sector is "{sector}", but it can only be {" or ".join(PARTNER_SECTORS)}.',
                line=_line(fields["sector"]),
            )
        if name.casefold() in seen:
            raise CompactFileError(
                f'the partner "{name}" is named twice (the other is on line '
                f"{seen[name.casefold()]}).",
                line=_line(fields["name"]),
            )
        seen[name.casefold()] = _line(fields["name"])
        parsed.partners.append(PartnerText(name=name, sector=sector))


def _read_sections(read: _Reader, node, parsed: CompactText) -> None:
    section_nodes = read.sequence(node, "sections")
    if not section_nodes:
        raise CompactFileError("sections is empty; a compact needs at least one.", line=_line(node))
    partner_names = {partner.name for partner in parsed.partners}
    titles = {}
    for position, section_node in enumerate(section_nodes, start=1):
        where = f"the section on line {_line(section_node)}"
        fields = read.mapping(
            section_node,
            where,
            required=("title",),
            optional=("kind", "summary", "paragraphs", "lists"),
        )
        section = SectionText(
            position=position, title=read.text(fields["title"], "section title", max_length=300)
        )
        if "kind" in fields:
            section.kind = read.text(fields["kind"], "section kind")
            if section.kind not in SECTION_KINDS:
                raise CompactFileError(
                    f'section kind is "{section.kind}", but it can only be '
                    f"{' or '.join(SECTION_KINDS)}.",
                    line=_line(fields["kind"]),
                )
        _title_once(titles, section.title, _line(fields["title"]), section.kind)
        if "summary" in fields:
            section.summary = read.text(fields["summary"], "summary", required=False)
        if "paragraphs" in fields:
            section.paragraphs = [
                read.text(paragraph, "each paragraph")
                for paragraph in read.sequence(fields["paragraphs"], "paragraphs")
            ]
        if "lists" in fields:
            section.lists = [
                _read_list(read, list_node, partner_names)
                for list_node in read.sequence(fields["lists"], "lists")
            ]
        parsed.principles.append(section)


def _read_list(read: _Reader, node, partner_names: set) -> ListText:
    where = f"the list on line {_line(node)}"
    fields = read.mapping(node, where, required=("items",), optional=("party", "heading"))
    keys = read.keys
    item_list = ListText()
    if "party" in fields:
        party_node = fields["party"]
        if isinstance(party_node, yaml.SequenceNode):
            item_list.party = "named"
            for name_node in read.sequence(party_node, "party"):
                name = read.text(name_node, "each partner of the party")
                if name not in partner_names:
                    raise CompactFileError(
                        f'"{name}" is not one of the partners listed under "partners".',
                        line=_line(name_node),
                    )
                item_list.partners.append(name)
            if not item_list.partners:
                raise CompactFileError(
                    "party is an empty list; name at least one partner.", line=_line(party_node)
                )
        else:
            item_list.party = read.text(party_node, "party")
            if item_list.party not in PARTIES:
                raise CompactFileError(
                    f'"{item_list.party}" is not a party to a compact. A list belongs to '
                    f"{', '.join(PARTIES)}, or to named partners written as a list.",
                    line=_line(party_node),
                )
    if "heading" in fields:
        item_list.heading = read.text(fields["heading"], "heading", max_length=300)
    item_list.items = _read_items(read, fields["items"])
    if not item_list.items:
        _empty_party(item_list.heading or item_list.party_key or "items", keys["items"])
    return item_list


def _read_items(read: _Reader, node) -> list[ItemText]:
    items = []
    for item_node in read.sequence(node, "items"):
        if isinstance(item_node, yaml.MappingNode):
            fields = read.mapping(
                item_node, f"the item on line {_line(item_node)}", required=("text", "items")
            )
            keys = read.keys
            item = ItemText(read.text(fields["text"], "item text"))
            item.items = _read_items(read, fields["items"])
            if not item.items:
                raise CompactFileError(
                    "items is empty; give the sub-items, or write the item as plain text.",
                    line=_line(keys["items"]),
                )
        else:
            item = ItemText(read.text(item_node, "each item"))
        items.append(item)
    return items
