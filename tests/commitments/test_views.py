import pytest
from django.urls import reverse

from commitments.models import CompactVersion
from tests.factories import CompactFactory, CompactVersionFactory, published_compact

pytestmark = pytest.mark.django_db


def test_compact_list_searches_by_name_and_area(client):
    published_compact(name="Bexleyheath Compact")
    other = published_compact(name="Riverside Compact")
    other.area = "Thames Valley"
    other.save()

    by_name = client.get(reverse("commitments:list"), {"q": "bexley"})
    by_area = client.get(reverse("commitments:list"), {"q": "thames"})

    assert [c.name for c in by_name.context["compacts"]] == ["Bexleyheath Compact"]
    assert [c.name for c in by_area.context["compacts"]] == ["Riverside Compact"]
    assert "No compacts match" in client.get(reverse("commitments:list"), {"q": "zzz"}).text


def test_compact_list_hides_compacts_with_only_drafts(client):
    CompactVersionFactory(
        compact=CompactFactory(name="Draft Only Compact"), status=CompactVersion.Status.DRAFT
    )
    response = client.get(reverse("commitments:list"))
    assert "Draft Only Compact" not in response.text
    assert client.get(reverse("commitments:detail", args=["draft-only-compact"])).status_code == 404


def test_compact_list_query_count_does_not_grow_with_compacts(
    client, django_assert_max_num_queries
):
    for number in range(25):
        published_compact(name=f"Compact {number:02d}", principles=1)
    with django_assert_max_num_queries(4):
        response = client.get(reverse("commitments:list"))
    assert response.status_code == 200
    assert len(response.context["compacts"]) == 20  # first page


def test_compact_page_shows_each_sectors_undertakings_and_the_rules(
    client, django_assert_max_num_queries
):
    compact = published_compact(name="Riverside Compact", minimum_notice_months=6, principles=5)
    # The session and user, the compact, and the seven queries of its whole text.
    with django_assert_max_num_queries(10):
        response = client.get(compact.get_absolute_url())
    text = response.text
    assert "At least 6 calendar months" in text
    assert "statutory promise under principle 1" in text
    assert "vcs promise under principle 5" in text
    assert "shared promise under principle 3" in text
    assert text.index("Statutory bodies undertake to") < text.index(
        "Voluntary and community organisations undertake to"
    )


def test_compact_page_shows_the_published_version_not_a_later_draft(client):
    compact = published_compact(name="Riverside Compact")
    CompactVersionFactory(
        compact=compact,
        number=2,
        label="2027 draft",
        status=CompactVersion.Status.DRAFT,
        minimum_notice_months=9,
    )
    response = client.get(compact.get_absolute_url())
    assert "At least 3 calendar months" in response.text
    assert "2027 draft" not in response.text


@pytest.mark.parametrize(
    "path", ["/", "/compacts/about/", "/accessibility/", "/privacy/", "/cookies/"]
)
def test_static_public_pages_render(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert 'class="govuk-skip-link"' in response.text
