"""The compact as a document (format 2): the documented example, refusals, old files, previews."""

import io
import re
import textwrap
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from commitments.compact_file import CompactFileError, parse_compact_file
from commitments.models import CompactVersion, ItemList, Undertaking
from commitments.services import compact_export, compact_import, compact_import_preview

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
FORMAT_DOC = ROOT / "docs" / "compact-format.md"


def documented_example() -> str:
    """The first YAML block of docs/compact-format.md: the example that uses every feature."""
    return re.search(r"```yaml\n(.*?)```", FORMAT_DOC.read_text(), re.S).group(1)


def test_the_documented_example_round_trips_through_the_portal():
    example = documented_example()
    parsed = parse_compact_file(example)
    result = compact_import(text=example)
    exported = compact_export(compact=result.compact)
    assert parse_compact_file(exported).version_text() == parsed.version_text()
    # Imported again, the exported file changes nothing.
    assert compact_import(text=exported).outcome == "unchanged"


def test_the_documented_example_is_stored_as_the_document_it_is():
    version = compact_import(text=documented_example()).version
    about, principle = version.principles.order_by("position")
    assert (about.kind, principle.kind) == ("section", "principle")
    assert [p.text for p in about.paragraphs.order_by("position")][1].startswith("It is reviewed")
    definitions, everyone = about.lists.order_by("position")
    assert (definitions.party, definitions.holds_commitments) == ("", False)
    assert everyone.party == ItemList.Party.ALL
    funding = Undertaking.objects.get(text="Make funding fair to reach by")
    assert [child.text for child in funding.children.order_by("position")] == [
        "publishing every grant round in one place;",
        "keeping forms short for small grants.",
    ]
    police = principle.lists.get(party=ItemList.Party.NAMED)
    assert [p.name for p in police.partners.all()] == ["Riverside Police"]
    assert police.display_heading == "Riverside Police undertakes to"
    # Concerns may name promises, not definitions.
    assert not Undertaking.objects.commitments().filter(item_list=definitions).exists()
    assert Undertaking.objects.commitments().filter(item_list=everyone).exists()


def test_the_page_and_pdf_show_sections_paragraphs_nested_items_and_partners(client):
    compact = compact_import(text=documented_example()).compact
    page = client.get(compact.get_absolute_url()).text
    assert "1.2&nbsp;It is reviewed every two years" in page
    assert "What the words mean" in page
    assert "Riverside Police undertakes to" in page
    assert "Local groups will" in page
    # The sub-items sit inside their item's list entry.
    assert re.search(
        r"Make funding fair to reach by<ul[^>]*><li>publishing every grant round", page
    )
    assert "Partners to this compact" in page


NO_RULES = textwrap.dedent(
    """\
    format: compact-portal/2
    compact:
      name: Quietbrook Compact
      slug: quietbrook
      area: Quietbrook
    version: {}
    sections:
      - title: Working together
        lists:
          - party: statutory
            items:
              - Talk to groups early.
    """
)
NATIONAL = "3 calendar months: the national Compact’s minimum, as this compact sets none"


def test_a_compact_that_sets_no_notice_follows_the_national_minimum_and_says_so(client):
    version = compact_import(text=NO_RULES).version
    assert (version.minimum_notice_months, version.notice_set_by_compact) == (3, False)
    assert (version.label, version.adopted_on) == ("", None)
    page = client.get(version.compact.get_absolute_url()).text
    assert NATIONAL.replace("’", "&#x27;") in page or NATIONAL.replace("’", "'") in page
    assert "the compact states no adoption date" in page
    # Exported, it still states no notice, so it reads back the same.
    exported = compact_export(compact=version.compact)
    assert "minimum_notice_months" not in exported


def test_a_compact_with_its_own_three_months_does_not_claim_the_national_rule(client):
    version = compact_import(
        text=NO_RULES.replace("version: {}", "version:\n  minimum_notice_months: 3")
    ).version
    assert version.notice_set_by_compact
    page = client.get(version.compact.get_absolute_url()).text
    assert "At least 3 calendar months; in writing" in page
    assert "national Compact" not in page


OLD_FORMAT = textwrap.dedent(
    """\
    compact:
      name: Testbridge Compact
      slug: testbridge
      area: Testbridge
    version:
      label: "2026"
      adopted_on: 2026-01-05
      minimum_notice_months: 3
    principles:
      - position: 1
        title: Independence
        undertakings:
          statutory:
            - Respect campaigning.
            - Keep forms short.
          vcs:
            - Be open.
      - position: 2
        title: Fair change
        undertakings:
          statutory:
            - Give notice.
    """
)


def test_a_file_in_the_first_format_still_imports():
    version = compact_import(text=OLD_FORMAT).version
    first = version.principles.get(position=1)
    assert [u.text for u in first.statutory_undertakings] == [
        "Respect campaigning.",
        "Keep forms short.",
    ]
    assert version.notice_set_by_compact


@pytest.mark.parametrize(
    ("text", "replace", "line", "message"),
    [
        # a sibling indented under the item above: YAML would fold the two into one
        (
            OLD_FORMAT,
            ("        - Keep forms short.", "          - Keep forms short."),
            15,
            "indented under the item on line 14",
        ),
        (
            NO_RULES,
            (
                "          - Talk to groups early.",
                "          - Talk to groups early.\n            - Share plans.",
            ),
            13,
            "indented under the item on line 12",
        ),
        # two principles or sections with one title
        (OLD_FORMAT, ("title: Fair change", "title: independence"), 19, 'title "independence"'),
        (
            NO_RULES,
            ("sections:\n", "sections:\n  - title: Working Together\n"),
            9,
            "two principles have the title",
        ),
        # an empty party heading
        (
            OLD_FORMAT,
            ("      vcs:\n        - Be open.\n", "      vcs:\n"),
            16,
            '"vcs" has no items',
        ),
        (OLD_FORMAT, ("      vcs:\n        - Be open.\n", "      vcs: []\n"), 16, '"vcs" has no'),
        (
            NO_RULES,
            ("        items:\n          - Talk to groups early.\n", "        items:\n"),
            11,
            '"statutory" has no items',
        ),
        # a named party must be a listed partner
        (
            NO_RULES,
            ("party: statutory", "party: [Quietbrook Police]"),
            10,
            "is not one of the partners",
        ),
    ],
)
def test_refusals_name_the_line(text, replace, line, message):
    before, after = replace
    assert before in text
    with pytest.raises(CompactFileError) as refused:
        parse_compact_file(text.replace(before, after))
    assert refused.value.line == line, refused.value.message
    assert message in refused.value.message


def test_a_refused_file_changes_nothing():
    with pytest.raises(CompactFileError):
        compact_import(text=OLD_FORMAT.replace("      vcs:\n        - Be open.\n", "      vcs:\n"))
    assert not CompactVersion.objects.exists()


def test_the_preview_says_which_version_it_will_create_and_what_changes_without_writing():
    compact_import(text=OLD_FORMAT)
    second = OLD_FORMAT.replace("Give notice.", "Give notice in writing.")
    compact_import(text=second)
    changed = second.replace("Be open.", "Be open about who we speak for.").replace(
        "        - Give notice in writing.\n",
        "        - Give notice in writing.\n        - Explain why.\n",
    )
    plan = compact_import_preview(text=changed)
    assert plan.outcome == "new_version" and plan.number == 3
    assert plan.summary.startswith(
        "This will create version 3 of Testbridge Compact, published in place of version 2"
    )
    by_title = {section.title: section.changes for section in plan.changes.sections}
    assert [(c.kind, c.old, c.new) for c in by_title["Independence"]] == [
        ("reworded", "Be open.", "Be open about who we speak for.")
    ]
    assert [(c.kind, c.old, c.new) for c in by_title["Fair change"]] == [
        ("added", "", "Explain why."),
    ]
    assert CompactVersion.objects.count() == 2  # the preview wrote nothing


def test_the_command_previews_with_dry_run():
    compact_import(text=OLD_FORMAT)
    path = Path(__file__).parent / "_dry_run.yaml"
    path.write_text(OLD_FORMAT.replace("Be open.", "Be honest."))
    try:
        out = io.StringIO()
        call_command("import_compact", str(path), "--dry-run", stdout=out)
    finally:
        path.unlink()
    assert "This will create version 2 of Testbridge Compact" in out.getvalue()
    assert "~ 'Be open.' -> 'Be honest.'" in out.getvalue()
    assert CompactVersion.objects.count() == 1


def test_what_changed_page_shows_each_section_and_offers_to_sign_again(
    client, django_assert_max_num_queries
):
    compact = compact_import(text=OLD_FORMAT).compact
    compact_import(
        text=OLD_FORMAT.replace("Be open.", "Be open and honest.").replace(
            "title: Fair change", "title: Fair and planned change"
        )
    )
    url = reverse("commitments:changes", args=[compact.slug, 1, 2])
    with django_assert_max_num_queries(20):
        response = client.get(f"{url}?organisation=youth-club&signature=7")
    page = response.text
    assert "What changed from version 1 to version 2" in page
    assert "Be open and honest." in page and "<del>Be open.</del>" in page
    assert "Renamed from “Fair change”" in page
    assert "/organisations/youth-club/signatures/7/sign-again/" in page
    # The latest two by default; never a draft or a version that does not exist.
    assert client.get(reverse("commitments:changes_latest", args=[compact.slug])).status_code == 200
    assert client.get(reverse("commitments:changes", args=[compact.slug, 2, 1])).status_code == 404
    assert client.get(reverse("commitments:changes", args=[compact.slug, 1, 3])).status_code == 404


def test_a_real_compacts_structure_loads_and_round_trips(client):
    """Bexley's compact, in its shape: sections that are not principles, partners, lists."""
    text = (Path(__file__).parent / "files" / "bexley_structure.yaml").read_text()
    version = compact_import(text=text).version
    kinds = list(version.principles.order_by("position").values_list("kind", flat=True))
    assert kinds == ["section"] * 3 + ["principle"] * 4 + ["section"]
    assert version.adopted_on is None and version.notice_set_by_compact
    board = ItemList.objects.get(heading__startswith="The capacity building board")
    assert not board.holds_commitments
    named = ItemList.objects.get(party=ItemList.Party.NAMED)
    assert named.display_heading == (
        "London Borough of Bexley and Bexley Voluntary Service Council undertake to"
    )
    page = client.get(version.compact.get_absolute_url()).text
    assert "2.2&nbsp;Both the council and the NHS" in page
    assert "the compact states no adoption date" in page
    assert compact_import(text=compact_export(compact=version.compact)).outcome == "unchanged"
