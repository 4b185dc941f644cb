import datetime

import pytest

from reviews.evidence import EVIDENCE, evidence_for, statutory_signatories
from reviews.models import ToolkitQuestion
from signatories.models import Organisation, Signatory
from tests.factories import (
    OrganisationFactory,
    SignatoryFactory,
    StatutoryBodyFactory,
    published_compact,
)
from tests.reviews.factories import load_demo_template

pytestmark = pytest.mark.django_db


def test_statutory_signatories_equal_an_independent_count():
    compact = published_compact()
    other_compact = published_compact()
    signed = [
        (datetime.date(2024, 5, 1), Signatory.Status.ACTIVE),
        (datetime.date(2026, 2, 3), Signatory.Status.ACTIVE),
        (datetime.date(2026, 11, 30), Signatory.Status.ACTIVE),
        (datetime.date(2027, 1, 2), Signatory.Status.ACTIVE),  # after the year
        (datetime.date(2025, 6, 1), Signatory.Status.WITHDRAWN),
        (datetime.date(2026, 3, 1), Signatory.Status.PENDING),
    ]
    for signed_on, status in signed:
        SignatoryFactory(
            compact=compact,
            organisation=StatutoryBodyFactory(),
            signed_on=signed_on,
            status=status,
        )
    SignatoryFactory(
        compact=compact, organisation=OrganisationFactory(), signed_on=datetime.date(2026, 1, 5)
    )  # a charity, not statutory
    SignatoryFactory(
        compact=other_compact,
        organisation=StatutoryBodyFactory(),
        signed_on=datetime.date(2026, 1, 5),
    )

    result = statutory_signatories(compact, 2026)

    # Counted here straight from the list above: active, statutory, signed by 31 December.
    expected = [(d, s) for d, s in signed if s == "active" and d <= datetime.date(2026, 12, 31)]
    in_year = [d for d, _ in expected if d.year == 2026]
    assert len(result.rows) == len(expected) == 3
    assert [row[2] for row in result.rows] == sorted(d for d, _ in expected)
    assert result.summary == (
        f"{len(expected)} statutory bodies have signed by the end of 2026, "
        f"{len(in_year)} of them during 2026."
    )
    names = {row[0] for row in result.rows}
    assert names == set(
        Organisation.objects.filter(
            sector="statutory",
            signatures__compact=compact,
            signatures__status="active",
            signatures__signed_on__year__lte=2026,
        ).values_list("name", flat=True)
    )


def test_evidence_is_gathered_once_per_key_for_the_toolkit(django_assert_max_num_queries):
    compact = published_compact()
    load_demo_template(compact)
    for _ in range(30):
        SignatoryFactory(compact=compact, organisation=StatutoryBodyFactory())
    questions = list(ToolkitQuestion.objects.filter(section__compact=compact))
    keys = {q.evidence for q in questions if q.evidence}
    assert keys <= set(EVIDENCE)

    with django_assert_max_num_queries(len(keys) * 2):
        gathered = evidence_for(questions, compact, 2026)

    assert set(gathered) == keys
    assert len(gathered["statutory_signatories"].rows) == 30
