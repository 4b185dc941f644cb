"""The public list of consultations: stages worked out by the database, filters, pages."""

import datetime
import itertools

import pytest
from django.urls import reverse

from accountability import rules
from accountability.models import Consultation
from accountability.selectors import (
    CONSULTATIONS_PER_PAGE,
    PUBLIC_SECTIONS,
    consultation_stage_in_database,
)
from tests.factories import StatutoryBodyFactory, published_compact

from .factories import ConsultationFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_database_gives_each_consultation_the_stage_the_rule_gives(world):
    today = D(2026, 11, 22)
    offsets = [-30, -14, -13, -1, 0, 1, 13, 14, 15, 40]
    expected = {}
    for opens, closes in itertools.product(offsets, offsets):
        if closes <= opens:
            continue
        for published in (None, today + datetime.timedelta(days=closes + 5)):
            consultation = ConsultationFactory(
                compact=world.compact,
                organisation=world.council,
                opens_on=today + datetime.timedelta(days=opens),
                closes_on=today + datetime.timedelta(days=closes),
                feedback_published_on=published,
            )
            expected[consultation.pk] = rules.consultation_stage(
                opens_on=consultation.opens_on,
                closes_on=consultation.closes_on,
                feedback_published_on=published,
                today=today,
            )
    found = dict(
        Consultation.objects.annotate(
            current_stage=consultation_stage_in_database(today)
        ).values_list("pk", "current_stage")
    )
    assert found == expected
    assert set(expected.values()) == {stage for stage, _ in PUBLIC_SECTIONS}


def test_the_list_filters_by_compact_body_and_stage(world, client, time_machine):
    second_compact = published_compact(name="Oakfield Compact")
    time_machine.move_to(datetime.datetime(2026, 11, 22, 12, tzinfo=datetime.UTC))
    library = ConsultationFactory(
        compact=world.compact, organisation=world.council, title="Riverside libraries",
        opens_on=D(2026, 11, 1), closes_on=D(2027, 2, 1),
    )  # fmt: skip
    ConsultationFactory(
        compact=world.compact, organisation=world.other_council, title="Hillside parks",
        opens_on=D(2026, 6, 1), closes_on=D(2026, 8, 1),
    )  # fmt: skip
    ConsultationFactory(
        compact=second_compact, organisation=StatutoryBodyFactory(), title="Oakfield buses",
        opens_on=D(2026, 11, 1), closes_on=D(2027, 2, 1),
    )  # fmt: skip
    url = reverse("accountability:consultation_list")

    def titles(**params):
        response = client.get(url, params)
        return sorted(c.title for c in response.context["consultations"])

    assert titles() == ["Hillside parks", "Oakfield buses", "Riverside libraries"]
    assert titles(compact=world.compact.slug) == ["Hillside parks", "Riverside libraries"]
    page = client.get(url, {"compact": world.compact.slug}).content.decode()
    assert 'name="body"' in page and world.other_council.name in page
    assert titles(compact=world.compact.slug, body=world.council.slug) == [library.title]
    assert titles(stage="awaiting_feedback") == ["Hillside parks"]
    assert titles(stage="open", compact=second_compact.slug) == ["Oakfield buses"]
    # A body of another compact, or a stage nobody knows, filters nothing out.
    assert len(titles(compact=second_compact.slug, body=world.council.slug)) == 1
    assert len(titles(stage="nonsense")) == 3


def test_the_list_comes_a_page_at_a_time_in_bounded_queries(
    world, client, django_assert_max_num_queries, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 11, 22, 12, tzinfo=datetime.UTC))
    url = reverse("accountability:consultation_list")
    bodies = [StatutoryBodyFactory() for _ in range(5)]
    for number in range(CONSULTATIONS_PER_PAGE * 2 + 10):
        ConsultationFactory(
            compact=world.compact, organisation=bodies[number % 5],
            opens_on=D(2026, 11, 1), closes_on=D(2027, 2, 1) + datetime.timedelta(days=number),
        )  # fmt: skip
    with django_assert_max_num_queries(6):
        first = client.get(url)
    assert len(first.context["consultations"]) == CONSULTATIONS_PER_PAGE
    assert "Page 1 of 3" in first.content.decode()
    with django_assert_max_num_queries(6):
        last = client.get(url, {"page": 3, "compact": world.compact.slug})
    assert len(last.context["consultations"]) == 10
    # Closing soonest first, across the pages.
    assert last.context["consultations"][-1].closes_on == D(2027, 2, 1) + datetime.timedelta(
        days=CONSULTATIONS_PER_PAGE * 2 + 9
    )
