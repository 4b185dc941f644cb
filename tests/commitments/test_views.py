import pytest
from django.urls import reverse

from commitments.models import CompactVersion, LocalAuthorityArea
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
    # The count, the page, and its published versions and local authority areas.
    with django_assert_max_num_queries(5):
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


def _areas(compact, *areas):
    for ons_code, name in areas:
        LocalAuthorityArea.objects.create(compact=compact, name=name, ons_code=ons_code)
    return compact


def test_find_your_compact_by_council_name_or_ons_code_in_any_case(client):
    _areas(published_compact(name="South East London Compact"), ("E09000004", "Bexley"))
    _areas(published_compact(name="Essex Compact"), ("E07000068", "Brentwood"))
    published_compact(name="Riverside Compact")

    def found(q):
        response = client.get(reverse("commitments:list"), {"q": q})
        return [c.name for c in response.context["compacts"]]

    assert found("bexley") == ["South East London Compact"]
    assert found("BRENTWOOD") == ["Essex Compact"]
    assert found("e09000004") == ["South East London Compact"]
    assert found("essex") == ["Essex Compact"]  # the compact's own name still counts
    page = client.get(reverse("commitments:list"), {"q": "brent"}).text
    assert 'href="?q=Brentwood">Brentwood</a> (E07000068)' in page
    assert "Compacts matching" in page


def test_a_search_with_no_results_says_what_to_try_next(client):
    published_compact(name="Riverside Compact")
    page = client.get(reverse("commitments:list"), {"q": "Atlantis"}).text
    assert "No compacts match “Atlantis”" in page
    assert "checking the spelling" in page
    assert f'href="{reverse("commitments:list")}"' in page  # browse them all instead


def test_search_results_are_paginated_and_bounded_in_queries(client, django_assert_max_num_queries):
    for number in range(25):
        _areas(
            published_compact(name=f"Kent Compact {number:02d}", principles=1),
            (f"E070001{number:02d}", f"Kent District {number:02d}"),
            (f"E070002{number:02d}", f"Weald {number:02d}"),
        )
    published_compact(name="Riverside Compact", principles=1)
    with django_assert_max_num_queries(5):
        first = client.get(reverse("commitments:list"), {"q": "kent district"})
    assert first.context["paginator"].count == 25
    assert len(first.context["compacts"]) == 20
    second = client.get(reverse("commitments:list"), {"q": "kent district", "page": 2})
    assert [c.name for c in second.context["compacts"]] == [
        f"Kent Compact {n}" for n in range(20, 25)
    ]
    assert "q=kent+district" in first.text or "q=kent%20district" in first.text


def test_the_home_page_offers_the_search_not_every_compact(client, django_assert_max_num_queries):
    for number in range(30):
        published_compact(name=f"Compact {number:02d}", principles=1)
    response = client.get(reverse("core:home"))
    page = response.text
    assert "Find your compact" in page
    assert f'action="{reverse("commitments:list")}"' in page
    assert "Browse all 30 compacts" in page
    assert "Compact 07" not in page


def test_a_new_area_renews_the_cached_search_results(client, admin_client):
    compact = published_compact(name="South East London Compact")
    url = reverse("commitments:list")
    assert "No compacts match" in client.get(url, {"q": "bexley"}).text  # rendered and cached
    assert "No compacts match" in client.get(url, {"q": "bexley"}).text  # from the cache
    response = admin_client.post(
        reverse("admin:commitments_compact_change", args=[compact.pk]),
        {
            "name": compact.name,
            "slug": compact.slug,
            "area": compact.area,
            "feedback_due_weeks": 12,
            "local_authorities-TOTAL_FORMS": "1",
            "local_authorities-INITIAL_FORMS": "0",
            "local_authorities-0-name": "Bexley",
            "local_authorities-0-ons_code": "E09000004",
            "steering_group-TOTAL_FORMS": "0",
            "steering_group-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert "South East London Compact" in client.get(url, {"q": "bexley"}).text


def test_an_ons_code_must_look_like_one(db):
    from django.core.exceptions import ValidationError

    area = LocalAuthorityArea(compact=published_compact(), name="Bexley", ons_code="Bexley")
    with pytest.raises(ValidationError, match="ONS code"):
        area.full_clean()
