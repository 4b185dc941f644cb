"""The compact file: a whole compact as YAML (documented in docs/compact-format.md).

Reading walks PyYAML's node tree rather than the loaded data, so that every
refusal can name the line it is about. Nothing here touches the database: the
services in commitments/services.py turn a parsed file into rows.
"""

import datetime
from dataclasses import dataclass, field

import yaml
from django.core.exceptions import ValidationError
from django.core.validators import validate_email, validate_slug

from core.exceptions import ApplicationError

FORMAT_NAME = "compact-portal/1"
PARTIES = ("statutory", "vcs", "shared")
VERSION_STATUSES = ("published", "draft")

_NULL = "tag:yaml.org,2002:null"
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class CompactFileError(ApplicationError):
    """A compact file that cannot be imported; `line` is 1-based, or None for the whole file."""

    def __init__(self, message: str, *, line: int | None = None):
        text = f"Line {line}: {message}" if line else message
        super().__init__(text, field="file")
        self.line = line


@dataclass
class PrincipleText:
    position: int
    title: str
    summary: str = ""
    undertakings: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class CompactText:
    """Everything a compact file holds, in the shape the services need."""

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
    minimum_notice_months: int = 3
    minimum_consultation_weeks: int = 12
    principles: list[PrincipleText] = field(default_factory=list)

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
            "principles": [
                (p.position, p.title, p.summary, {k: list(v) for k, v in p.undertakings.items()})
                for p in sorted(self.principles, key=lambda p: p.position)
            ],
        }


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
    def __init__(self):
        self.seen = set()

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

    read = _Reader()
    top = read.mapping(
        root, "the file", required=("compact", "version", "principles"), optional=("format",)
    )
    if "format" in top:
        declared = read.text(top["format"], "format")
        if declared != FORMAT_NAME:
            raise CompactFileError(
                f'format is "{declared}", but this portal reads "{FORMAT_NAME}".',
                line=_line(top["format"]),
            )

    top_keys = read.keys
    compact = read.mapping(
        top["compact"],
        "compact",
        key=top_keys["compact"],
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

    version = read.mapping(
        top["version"],
        "version",
        key=top_keys["version"],
        required=("label", "adopted_on", "minimum_notice_months"),
        optional=(
            "status",
            "introduction",
            "what_it_is_not",
            "minimum_consultation_weeks",
        ),
    )
    parsed.label = read.text(version["label"], "version label", max_length=40)
    parsed.adopted_on = read.date(version["adopted_on"], "adopted_on")
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

    principle_nodes = read.sequence(top["principles"], "principles")
    if not principle_nodes:
        raise CompactFileError(
            "principles is empty; a compact needs at least one.", line=_line(top["principles"])
        )
    positions = {}
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
        principle = PrincipleText(
            position=position,
            title=read.text(fields["title"], "principle title", max_length=300),
            undertakings={party: [] for party in PARTIES},
        )
        if "summary" in fields:
            principle.summary = read.text(fields["summary"], "summary", required=False)
        if "undertakings" in fields:
            undertakings = fields["undertakings"]
            if isinstance(undertakings, yaml.MappingNode):
                for key_node, _ in undertakings.value:
                    if key_node.value not in PARTIES:
                        raise CompactFileError(
                            f'"{key_node.value}" is not a party to a compact. Undertakings '
                            "belong to statutory, vcs or shared.",
                            line=_line(key_node),
                        )
            by_party = read.mapping(undertakings, "undertakings", required=(), optional=PARTIES)
            for party, list_node in by_party.items():
                principle.undertakings[party] = [
                    read.text(item, f"each {party} undertaking")
                    for item in read.sequence(list_node, f"{party} undertakings")
                ]
        parsed.principles.append(principle)
    parsed.principles.sort(key=lambda p: p.position)
    return parsed


# ---------------------------------------------------------------- writing


class _Dumper(yaml.SafeDumper):
    pass


def _represent_text(dumper, value: str):
    # Paragraphs read better as a literal block than as one long quoted line.
    style = "|" if "\n" in value else None
    return dumper.represent_scalar(_STR, value, style=style)


_Dumper.add_representer(str, _represent_text)


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
    document = {
        "format": FORMAT_NAME,
        "compact": compact,
        "version": {
            "label": parsed.label,
            "adopted_on": parsed.adopted_on,
            "status": parsed.status,
            "minimum_notice_months": parsed.minimum_notice_months,
            "minimum_consultation_weeks": parsed.minimum_consultation_weeks,
            "introduction": parsed.introduction,
            "what_it_is_not": parsed.what_it_is_not,
        },
        "principles": [
            {
                "position": principle.position,
                "title": principle.title,
                "summary": principle.summary,
                "undertakings": {party: principle.undertakings.get(party, []) for party in PARTIES},
            }
            for principle in parsed.principles
        ],
    }
    return yaml.dump(
        document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=88, indent=2
    )
