"""The public directory, its open data, and the organisation's public page."""

import csv
import datetime
import html
import io
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from signatories.models import Champion, Organisation, Signatory
from tests.factories import (
    CompactVersionFactory,
    OrganisationFactory,
    SignatoryFactory,
    published_compact,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def thousand_signatories(compact):
    """1,000 active signatories over two compacts, a champion for every other one."""
    county = published_compact(name="County Compact")
    versions = {compact.pk: compact.versions.get(), county.pk: county.versions.get()}
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Group {n:04d}",
            slug=f"group-{n:04d}",
            sector="vcs" if n % 3 else "statutory",
            kind="registered_charity" if n % 3 else "council",
            charity_number=str(1000000 + n) if n % 3 else "",
            register_code="" if n % 3 else f"C{n:03d}",
        )
        for n in range(1000)
    )
    signatories = Signatory.objects.bulk_create(
        Signatory(
            organisation=organisation,
            compact=compact if n % 2 else county,
            version=versions[compact.pk if n % 2 else county.pk],
            status="active",
            signed_by_name="Chair",
            signed_by_role="Chair",
            signed_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=n % 300),
        )
        for n, organisation in enumerate(organisations)
    )
    Champion.objects.bulk_create(
        Champion(
            signatory=s,
            kind="departmental",
            name="Champion",
            email="c@example.org",
            department="Youth",
            senior_contact_name="Boss",
            senior_contact_role="CEO",
        )
        for s in signatories[::2]
    )
    return compact


def test_the_directory_makes_few_queries_with_a_thousand_signatories(
    client, thousand_signatories, django_assert_max_num_queries
):
    for url in [
        reverse("signatories:directory"),
        reverse("signatories:directory") + "?sort=-signed_on&sector=vcs&page=3",
        reverse("signatories:directory") + "?sort=compact&page=15",
        reverse("signatories:directory") + "?page=last",
        reverse("signatories:directory_compact", args=[thousand_signatories.slug]) + "?q=Group",
    ]:
        with django_assert_max_num_queries(5):
            response = client.get(url)
        assert response.status_code == 200
    assert "1000 signatories" in client.get(reverse("signatories:directory")).content.decode()


def test_open_data_has_every_signatory_with_org_ids_in_few_queries(
    client, thousand_signatories, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        response = client.get(reverse("signatories:directory_csv"))
        rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 1000
    assert {r["org_id"] for r in rows if r["organisation"] == "Group 0001"} == {"GB-CHC-1000001"}
    assert {r["org_id"] for r in rows if r["organisation"] == "Group 0003"} == {"GB-LAE-C003"}
    with django_assert_max_num_queries(5):
        response = client.get(reverse("signatories:directory_json") + "?sector=statutory")
        records = json.loads(b"".join(response.streaming_content))["signatories"]
    assert len(records) == 334
    assert all(r["org_id"].startswith("GB-LAE-") for r in records)


def test_search_by_name_or_charity_number_and_filters(client, compact):
    food = SignatoryFactory(
        compact=compact,
        organisation=OrganisationFactory(
            name="Riverside Food Bank", charity_number="1123456", kind="registered_charity"
        ),
    )
    SignatoryFactory(compact=compact, organisation=OrganisationFactory(name="Hill Scouts"))
    SignatoryFactory(
        compact=compact, status="pending", organisation=OrganisationFactory(name="Newcomers")
    )
    gone = SignatoryFactory(
        compact=compact, status="withdrawn", organisation=OrganisationFactory(name="Old Club")
    )
    url = reverse("signatories:directory")

    def names(**params):
        return {r.organisation.name for r in client.get(url, params).context["rows"]}

    assert names() == {"Riverside Food Bank", "Hill Scouts"}  # active by default
    assert names(q="food") == {"Riverside Food Bank"}
    assert names(q="1123456") == {"Riverside Food Bank"}
    assert names(kind="registered_charity") == {"Riverside Food Bank"}
    assert names(status="withdrawn") == {"Old Club"}
    assert names(status="all") == {
        "Riverside Food Bank",
        "Hill Scouts",
        "Old Club",
    }  # never pending
    assert names(compact="no-such-compact", q="Hill") == {"Hill Scouts"}
    assert food.organisation.get_absolute_url() in client.get(url).content.decode()
    assert client.get(gone.organisation.get_absolute_url()).status_code == 200


def test_the_public_page_shows_compacts_versions_and_champion_coverage(client, compact):
    from tests.signatories.factories import ChampionFactory

    signatory = SignatoryFactory(compact=compact)
    ChampionFactory(
        signatory=signatory, kind="departmental", department="Adult social care", telephone="0123"
    )
    page = client.get(signatory.organisation.get_absolute_url()).content.decode()
    assert "Riverside Compact" in page
    assert "1 April 2026" in page
    assert "Departmental champion, Adult social care" in page
    assert "0123" not in page
    assert "No champion" not in page


def test_an_organisation_that_never_signed_has_no_public_page(client):
    organisation = OrganisationFactory()
    SignatoryFactory(organisation=organisation, status="pending")
    assert client.get(organisation.get_absolute_url()).status_code == 404


def test_lapsed_signatures_show_as_lapsed(client, compact):
    from signatories.services import signatories_lapse_for_new_version

    signatory = SignatoryFactory(compact=compact)
    compact.versions.update(status="archived")
    new_version = CompactVersionFactory(compact=compact, number=2, label="2027")
    assert signatories_lapse_for_new_version(compact=compact, new_version=new_version) == 1
    assert "Lapsed" in client.get(signatory.organisation.get_absolute_url()).content.decode()


def test_the_queue_and_dashboard_make_few_queries_whatever_their_length(
    client, compact, django_assert_max_num_queries
):
    from signatories.models import Membership
    from tests.factories import SteeringGroupMemberFactory, UserFactory

    steering = SteeringGroupMemberFactory(compact=compact).user
    admin = UserFactory()
    for n in range(30):
        organisation = OrganisationFactory()
        signatory = SignatoryFactory(organisation=organisation, compact=compact, status="pending")
        Membership.objects.create(organisation=organisation, user=admin, role="administrator")
        if n == 0:
            dashboard_slug = organisation.slug
            for _ in range(20):
                Membership.objects.create(organisation=organisation, user=UserFactory())
            SignatoryFactory(organisation=organisation, compact=published_compact())
        del signatory
    client.force_login(steering)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("signatories:queue"))
    assert page.content.decode().count("/applications/") >= 30
    client.force_login(admin)
    # 14 for the dashboard itself and the panels of issues 4 and 5, one for the reminders panel,
    # one for the reviews app's action-plan panel, one for whether a concern may be raised,
    # one for the navigation's roles (core.roles).
    with django_assert_max_num_queries(18):
        client.get(reverse("signatories:dashboard", args=[dashboard_slug]))
    with django_assert_max_num_queries(8):
        page = client.get(reverse("signatories:organisations"))
    assert page.content.decode().count("/dashboard/") == 30


def test_csv_names_cannot_run_as_spreadsheet_formulas(client, compact):
    SignatoryFactory(compact=compact, organisation=OrganisationFactory(name="=HYPERLINK(1)"))
    response = client.get(reverse("signatories:directory_csv"))
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0]["organisation"] == "'=HYPERLINK(1)"


def test_a_statutory_body_has_a_public_page_even_before_signing(client):
    from tests.factories import StatutoryBodyFactory

    council = StatutoryBodyFactory(name="Riverside Borough Council")
    page = client.get(council.get_absolute_url())
    assert page.status_code == 200
    assert "has not signed a compact on this portal" in page.content.decode()


def _directory_order(signatory, sort):
    """The order each sort promises, worked out in Python from the rows themselves."""
    name, compact = signatory.organisation.name, signatory.compact.name
    return {
        "name": (name, compact, signatory.pk),
        "-signed_on": (-signatory.signed_on.toordinal(), name, signatory.pk),
        "signed_on": (signatory.signed_on.toordinal(), name, signatory.pk),
        "compact": (compact, name, signatory.pk),
    }[sort]


@pytest.mark.parametrize("sort", ["name", "-signed_on", "signed_on", "compact"])
def test_pages_read_in_turn_give_every_row_once_in_the_sorts_order(thousand_signatories, sort):
    from signatories.selectors import directory, directory_page

    # Names shared by two organisations, so the tie-breakers are put to work.
    Organisation.objects.filter(name__in=["Group 0010", "Group 0011"]).update(name="Same Name")
    rows = directory(sort=sort)
    expected = sorted(
        Signatory.objects.filter(status="active").select_related("organisation", "compact"),
        key=lambda s: _directory_order(s, sort),
    )
    # 43 a page: 24 pages, the last one short; pages past the middle are read backwards.
    pages = [directory_page(rows, number, per_page=43) for number in range(1, 25)]
    assert [s.pk for page in pages for s in page] == [s.pk for s in expected]
    assert len(pages[-1]) == 1000 - 23 * 43
    assert pages[0].paginator.count == 1000


def test_a_page_counts_only_its_own_rows_current_champions(
    client, compact, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.signatories.factories import ChampionFactory

    signatory = SignatoryFactory(compact=compact, organisation=OrganisationFactory(name="Aardvark"))
    ChampionFactory(signatory=signatory, kind="lead")
    ChampionFactory(signatory=signatory, kind="departmental")
    ChampionFactory(
        signatory=signatory,
        kind="departmental",
        stepped_down_at=datetime.datetime.now(datetime.UTC),
    )
    SignatoryFactory(compact=compact, organisation=OrganisationFactory(name="Badger"))
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("signatories:directory")).context["page_obj"]
    assert [(s.organisation.name, s.champion_count) for s in page] == [
        ("Aardvark", 2),
        ("Badger", 0),
    ]
    # The paginator's count and the page's ids are read without the champions: only the
    # page's own rows are counted, in a subquery per row.
    assert [q["sql"] for q in queries.captured_queries if "signatories_champion" in q["sql"]]
    for query in queries.captured_queries:
        if "COUNT(*)" in query["sql"] or query["sql"].startswith(
            'SELECT "signatories_signatory"."id" AS'
        ):
            assert "signatories_champion" not in query["sql"]
    response = client.get(reverse("signatories:directory_json"))
    records = json.loads(b"".join(response.streaming_content))["signatories"]
    assert [(r["organisation"], r["champions"]) for r in records] == [
        ("Aardvark", 2),
        ("Badger", 0),
    ]


def test_the_exports_stream_every_row_and_the_json_is_valid(client, thousand_signatories):
    csv_response = client.get(reverse("signatories:directory_csv") + "?sort=compact")
    json_response = client.get(reverse("signatories:directory_json") + "?sort=compact")
    assert csv_response.streaming and json_response.streaming
    csv_rows = list(csv.DictReader(io.StringIO(b"".join(csv_response.streaming_content).decode())))
    document = json.loads(b"".join(json_response.streaming_content))
    assert list(document) == ["signatories"]
    records = document["signatories"]
    assert len(records) == len(csv_rows) == 1000
    assert [r["organisation"] for r in records] == [r["organisation"] for r in csv_rows]
    assert {r["url"] for r in records} == {
        "http://testserver" + o.get_absolute_url() for o in Organisation.objects.all()
    }
    assert sum(r["champions"] for r in records) == 500
    assert records[0]["compact"] == "County Compact"  # sorted as asked


def test_an_empty_directory_exports_valid_json(client, compact):
    response = client.get(reverse("signatories:directory_json"))
    assert json.loads(b"".join(response.streaming_content)) == {"signatories": []}


def test_the_name_search_has_a_trigram_index_on_postgresql():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite searches names without an index")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'org_name_trigram_idx'")
        (definition,) = cursor.fetchone()
    assert "gin" in definition
    assert "upper((name)::text) gin_trgm_ops" in definition


def _open_data_links(page: str) -> list[str]:
    return re.findall(r'href="([^"]*signatories\.(?:csv|json)[^"]*)"', page)


def test_the_open_data_links_carry_the_pages_filters_and_compact_but_not_its_page(client, compact):
    SignatoryFactory(compact=compact)
    plain = client.get(reverse("signatories:directory")).content.decode()
    assert _open_data_links(plain) == [
        reverse("signatories:directory_csv"),
        reverse("signatories:directory_json"),
    ]
    one_compact = client.get(
        reverse("signatories:directory_compact", args=[compact.slug]) + "?sector=vcs&page=1"
    ).content.decode()
    links = _open_data_links(one_compact)
    assert [urlsplit(html.unescape(link)).path for link in links] == [
        reverse("signatories:directory_compact_csv", args=[compact.slug]),
        reverse("signatories:directory_compact_json", args=[compact.slug]),
    ]
    for link in links:
        query = parse_qs(urlsplit(html.unescape(link)).query, keep_blank_values=True)
        assert query == {"sector": ["vcs"]}
        assert "?&" not in link
    # The whole directory narrowed to a compact by its filter keeps that filter.
    filtered = client.get(reverse("signatories:directory"), {"compact": compact.slug})
    for link in _open_data_links(filtered.content.decode()):
        assert parse_qs(urlsplit(html.unescape(link)).query) == {"compact": [compact.slug]}


def _download(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200 and response.streaming
    body = b"".join(response.streaming_content).decode()
    if url.endswith(".json"):
        return response, [r["organisation"] for r in json.loads(body)["signatories"]]
    return response, [r["organisation"] for r in csv.DictReader(io.StringIO(body))]


def test_each_compact_has_its_own_downloads(client, compact):
    county = published_compact(name="County Compact")
    SignatoryFactory(compact=compact, organisation=OrganisationFactory(name="Hill Scouts"))
    SignatoryFactory(compact=county, organisation=OrganisationFactory(name="Vale Choir"))
    for name in ("directory_compact_csv", "directory_compact_json"):
        response, names = _download(client, reverse(f"signatories:{name}", args=[county.slug]))
        assert names == ["Vale Choir"]
        assert f'filename="{county.slug}-signatories.' in response["Content-Disposition"]
    assert (
        client.get(reverse("signatories:directory_compact_csv", args=["nowhere"])).status_code
        == 404
    )


def test_changed_since_lists_new_and_changed_signatures_with_their_endings(
    client, compact, time_machine
):
    from signatories.models import SignatoryStatusChange

    time_machine.move_to(datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC))
    SignatoryFactory(compact=compact, organisation=OrganisationFactory(name="Quiet Club"))
    ended = SignatoryFactory(compact=compact, organisation=OrganisationFactory(name="Old Band"))
    time_machine.move_to(datetime.datetime(2026, 3, 3, 0, 30, tzinfo=datetime.UTC))
    SignatoryFactory(compact=compact, organisation=OrganisationFactory(name="New Choir"))
    ended.status = "withdrawn"
    ended.save()
    SignatoryStatusChange.objects.create(
        signatory=ended,
        compact=compact,
        from_status="active",
        to_status="withdrawn",
        organisation_name="Old Band",
    )
    for url in (
        reverse("signatories:directory_csv"),
        reverse("signatories:directory_json"),
        reverse("signatories:directory_compact_csv", args=[compact.slug]),
    ):
        response, names = _download(client, url, changed_since="2026-03-03")
        assert names == ["New Choir", "Old Band"]
        assert "changed-since-2026-03-03" in response["Content-Disposition"]
        assert _download(client, url, changed_since="2026-03-04")[1] == []
        assert _download(client, url, changed_since="2026-03-03", status="active")[1] == [
            "New Choir"
        ]
        assert _download(client, url)[1] == ["New Choir", "Quiet Club"]


@pytest.mark.parametrize("value", ["3 March 2026", "2026-02-30", "2026-3-3", "yesterday"])
def test_a_bad_changed_since_is_refused_naming_the_parameter(client, compact, value):
    for url in (
        reverse("signatories:directory_csv"),
        reverse("signatories:directory_compact_json", args=[compact.slug]),
    ):
        response = client.get(url, {"changed_since": value})
        assert response.status_code == 400
        assert "changed_since" in response.content.decode()
        assert "YYYY-MM-DD" in response.content.decode()


def test_a_list_longer_than_the_bound_pages_its_first_rows_only(
    client, thousand_signatories, monkeypatch, django_assert_max_num_queries
):
    from signatories import selectors
    from signatories.selectors import directory, directory_page

    rows = directory()
    expected = list(rows.values_list("pk", flat=True)[:100])
    pages = [directory_page(rows, number, per_page=43, max_rows=100) for number in (1, 2, 3)]
    assert pages[0].paginator.truncated and pages[0].paginator.count == 100
    assert pages[0].paginator.num_pages == 3
    # The deepest page is read forwards: the end of a truncated list is not known.
    assert [s.pk for page in pages for s in page] == expected
    # A page past the bound is the last one there is.
    assert [s.pk for s in directory_page(rows, 9, per_page=43, max_rows=100)] == expected[86:]
    assert not directory_page(rows, 1, max_rows=1000).paginator.truncated

    monkeypatch.setattr(selectors, "DIRECTORY_MAX_ROWS", 100)
    with django_assert_max_num_queries(5):
        page = client.get(reverse("signatories:directory")).content.decode()
    assert "More than 100 signatories: the first 100 are shown" in page
    assert "search by name or number" in page
    narrowed = client.get(reverse("signatories:directory"), {"q": "Group 000"}).content.decode()
    assert "10 signatories" in narrowed and "More than" not in narrowed
