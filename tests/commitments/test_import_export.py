"""The compact file: round trip, refusals with line numbers, and versioning."""

import textwrap
from pathlib import Path

import pytest

from commitments.compact_file import CompactFileError, parse_compact_file
from commitments.models import Compact, CompactVersion, Principle, Undertaking
from commitments.services import compact_export, compact_import
from signatories.models import Signatory
from tests.factories import SignatoryFactory

pytestmark = pytest.mark.django_db

DEMO = Path(__file__).resolve().parents[2] / "commitments" / "demo"

SMALL = textwrap.dedent(
    """\
    format: compact-portal/1
    compact:
      name: Testbridge Compact
      slug: testbridge
      area: Testbridge
      feedback_due_weeks: 10
    version:
      label: "2026"
      adopted_on: 2026-01-05
      minimum_notice_months: 3
      introduction: First paragraph.
      what_it_is_not:
        - Not a contract.
    principles:
      - position: 1
        title: Independence
        summary: Why it matters.
        undertakings:
          statutory:
            - Respect campaigning.
            - Keep forms short.
          vcs:
            - Be open.
          shared:
            - A lively sector.
      - position: 2
        title: Fair change
        undertakings:
          statutory:
            - Give notice.
    """
)


def _content(compact):
    """Every stored word of a compact's versions, to compare two compacts."""
    return [
        (
            v.number,
            v.status,
            v.label,
            v.adopted_on,
            v.introduction,
            v.what_it_is_not,
            v.minimum_notice_months,
            v.notice_set_by_compact,
            v.minimum_consultation_weeks,
            [(partner.name, partner.sector) for partner in v.partners.all()],
            [
                (
                    p.position,
                    p.kind,
                    p.title,
                    p.summary,
                    [paragraph.text for paragraph in p.paragraphs.all()],
                    [
                        (
                            item_list.position,
                            item_list.party,
                            item_list.heading,
                            [partner.name for partner in item_list.partners.all()],
                            [
                                (u.position, u.parent.position if u.parent else None, u.text)
                                for u in item_list.items.order_by("position")
                            ],
                        )
                        for item_list in p.lists.order_by("position")
                    ],
                )
                for p in v.principles.order_by("position")
            ],
        )
        for v in compact.versions.order_by("number")
    ]


def test_import_creates_a_published_compact_with_its_undertakings_in_order():
    result = compact_import(text=SMALL)
    assert result.outcome == "created"
    compact = Compact.objects.get(slug="testbridge")
    assert compact.feedback_due_weeks == 10
    version = compact.versions.get()
    assert version.status == CompactVersion.Status.PUBLISHED and version.number == 1
    assert version.published_at is not None
    first = version.principles.get(position=1)
    assert [u.text for u in first.statutory_undertakings] == [
        "Respect campaigning.",
        "Keep forms short.",
    ]
    assert [u.text for u in first.shared_aims] == ["A lively sector."]
    assert version.what_it_is_not_points == ["Not a contract."]


@pytest.mark.parametrize("name", ["riverside.yaml", "oakfield.yaml"])
def test_export_then_import_gives_the_same_compact(name):
    compact_import(text=(DEMO / name).read_text())
    compact = Compact.objects.get()
    before = _content(compact)
    exported = compact_export(compact=compact)

    # Imported again over itself: nothing changes.
    assert compact_import(text=exported).outcome == "unchanged"
    assert _content(compact) == before

    # Imported into an empty portal: the same compact, and the same file out again.
    Undertaking.objects.all().delete()
    Principle.objects.all().delete()
    CompactVersion.objects.all().delete()
    Compact.objects.all().delete()
    compact_import(text=exported)
    again = Compact.objects.get()
    assert _content(again)[0][1:] == before[0][1:]
    assert compact_export(compact=again) == exported


def _refusal(text: str) -> CompactFileError:
    with pytest.raises(CompactFileError) as caught:
        compact_import(text=text)
    assert Compact.objects.count() == 0  # nothing half-imported
    return caught.value


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        # bad YAML syntax: an unclosed quote
        (("title: Independence", 'title: "Independence'), 16, "cannot be read as YAML"),
        # a required field missing
        (("  area: Testbridge\n", ""), 2, 'missing "area"'),
        # months not a whole number
        (
            ("minimum_notice_months: 3", "minimum_notice_months: three"),
            10,
            'whole number of months, like 3, but it is "three"',
        ),
        (("minimum_notice_months: 3", "minimum_notice_months: 2.5"), 10, "whole number"),
        # notice under a month
        (("minimum_notice_months: 3", "minimum_notice_months: 0"), 10, "at least 1 month."),
        # an unknown party
        (
            ("      vcs:\n        - Be open.", "      charities:\n        - Be open."),
            22,
            '"charities" is not a party',
        ),
        # two principles with one position
        (("position: 2", "position: 1"), 26, "two principles have position 1"),
        # unknown keys
        (
            ("  feedback_due_weeks: 10", "  feedback_weeks: 10"),
            6,
            '"feedback_weeks" is not a field',
        ),
        (("title: Fair change", "title: Fair change\n    colour: red"), 28, '"colour"'),
        # wrong types
        (("adopted_on: 2026-01-05", "adopted_on: 5 January 2026"), 9, "year-month-day"),
        (("title: Independence", "title:\n      - Independence"), 17, "should be text"),
    ],
)
def test_invalid_files_are_refused_naming_the_line(change, line, words):
    old, new = change
    assert old in SMALL
    error = _refusal(SMALL.replace(old, new, 1))
    assert error.line == line, error.message
    assert error.message.startswith(f"Line {line}: ")
    assert words in error.message


def test_an_empty_file_and_a_list_are_refused():
    assert "empty" in _refusal("").message
    assert "group of named fields" in _refusal("- a\n- b\n").message


def test_an_error_after_a_good_start_leaves_nothing_behind():
    # The file is valid YAML and valid up to the last principle; the database must
    # still be untouched, which the atomic service and the parse-first design ensure.
    bad = SMALL + "  - position: 3\n    title: ''\n"
    error = _refusal(bad)
    assert "principle title is empty" in error.message


def test_refreshing_a_published_compact_makes_a_new_version_and_keeps_the_signed_one():
    compact_import(text=SMALL)
    compact = Compact.objects.get()
    first = compact.versions.get()
    signatory = SignatoryFactory(compact=compact, version=first)

    result = compact_import(text=SMALL.replace("Give notice.", "Give written notice."))

    assert result.outcome == "new_version"
    first.refresh_from_db()
    assert first.status == CompactVersion.Status.ARCHIVED
    assert first.principles.get(position=2).statutory_undertakings[0].text == "Give notice."
    second = compact.versions.get(number=2)
    assert second.status == CompactVersion.Status.PUBLISHED
    assert second.principles.get(position=2).statutory_undertakings[0].text == (
        "Give written notice."
    )
    signatory.refresh_from_db()
    assert signatory.version == first
    # What was signed stays signed to the old text; the signature lapses until renewed.
    assert signatory.status == Signatory.Status.LAPSED
    assert signatory.status_changes.get().reason.startswith("The compact was refreshed")


def test_the_same_text_again_changes_nothing_and_says_so():
    compact_import(text=SMALL)
    result = compact_import(text=SMALL)
    assert result.outcome == "unchanged"
    assert "nothing changed" in result.message
    assert CompactVersion.objects.count() == 1


def test_changed_contact_details_update_the_compact_without_a_new_version():
    compact_import(text=SMALL)
    result = compact_import(text=SMALL.replace("feedback_due_weeks: 10", "feedback_due_weeks: 6"))
    assert result.outcome == "settings_updated"
    assert Compact.objects.get().feedback_due_weeks == 6
    assert CompactVersion.objects.count() == 1


def test_a_draft_is_replaced_in_place_then_published():
    draft = SMALL.replace('label: "2026"', 'label: "2026"\n  status: draft')
    compact_import(text=draft)
    version = CompactVersion.objects.get()
    assert version.status == CompactVersion.Status.DRAFT

    result = compact_import(text=draft.replace("Be open.", "Be open and honest."))
    assert result.outcome == "replaced_draft"
    assert CompactVersion.objects.count() == 1
    assert Undertaking.objects.filter(text="Be open and honest.").exists()
    assert not Undertaking.objects.filter(text="Be open.").exists()

    compact_import(text=SMALL)
    version = CompactVersion.objects.get()
    assert version.status == CompactVersion.Status.PUBLISHED


def test_parse_reads_the_demo_files():
    for path in DEMO.glob("*.yaml"):
        parsed = parse_compact_file(path.read_text())
        assert len(parsed.principles) == 5
        for principle in parsed.principles:
            assert 2 <= len(principle.undertakings["statutory"]) <= 4
            assert 2 <= len(principle.undertakings["vcs"]) <= 4
            assert 1 <= len(principle.undertakings["shared"]) <= 2


def test_a_name_another_compact_uses_is_refused():
    compact_import(text=SMALL)
    other = SMALL.replace("slug: testbridge", "slug: other-place")
    error = _refusal_keeping(other, compacts=1)
    assert 'is already called "Testbridge Compact"' in error.message


def _refusal_keeping(text: str, *, compacts: int) -> CompactFileError:
    with pytest.raises(CompactFileError) as caught:
        compact_import(text=text)
    assert Compact.objects.count() == compacts
    return caught.value


def test_the_documented_example_is_a_valid_compact_file():
    doc = (Path(__file__).resolve().parents[2] / "docs" / "compact-format.md").read_text()
    example = doc.split("```yaml\n", 1)[1].split("```", 1)[0]
    parsed = parse_compact_file(example)
    assert parsed.slug == "riverside"
    assert parsed.principles[1].undertakings["shared"]
