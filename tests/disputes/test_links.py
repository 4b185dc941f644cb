"""A concern can point at the funding change or consultation (issue 4) it is about."""

import pytest
from django.urls import reverse

from core.exceptions import ApplicationError
from disputes import services
from disputes.models import Case
from tests.accountability.factories import ConsultationFactory, FundingChangeFactory
from tests.factories import OrganisationFactory, StatutoryBodyFactory

pytestmark = pytest.mark.django_db


def _raise(parties, **links):
    return services.case_save(
        actor=parties.raiser,
        raised_by_organisation=parties.raiser_org,
        compact=parties.compact,
        about_organisation=parties.respondent_org,
        title="Grant cut",
        what_happened="Cut with four weeks' notice.",
        principles=parties.principles[:1],
        submit=True,
        **links,
    )


def test_a_concern_links_to_the_funding_change_and_consultation_it_is_about(parties):
    change = FundingChangeFactory(
        compact=parties.compact, funding_body=parties.respondent_org, recipient=parties.raiser_org
    )
    consultation = ConsultationFactory(compact=parties.compact, organisation=parties.respondent_org)
    case = _raise(parties, funding_change=change, consultation=consultation)
    case.refresh_from_db()
    assert (case.funding_change, case.consultation) == (change, consultation)


@pytest.mark.parametrize("which", ["other_compact", "other_body"])
def test_a_funding_change_must_be_this_compacts_and_involve_the_other_party(parties, which):
    if which == "other_compact":
        change = FundingChangeFactory(
            funding_body=parties.respondent_org, recipient=parties.raiser_org
        )
    else:
        change = FundingChangeFactory(
            compact=parties.compact,
            recipient=parties.raiser_org,
            funding_body=StatutoryBodyFactory(),
        )
    with pytest.raises(ApplicationError) as refused:
        _raise(parties, funding_change=change)
    assert refused.value.field == "funding_change"
    assert not Case.objects.exists()


def test_a_consultation_must_be_run_by_the_other_party(parties):
    consultation = ConsultationFactory(compact=parties.compact)
    with pytest.raises(ApplicationError) as refused:
        _raise(parties, consultation=consultation)
    assert refused.value.field == "consultation"


def test_the_form_offers_the_organisations_funding_changes_and_the_case_shows_it(client, parties):
    change = FundingChangeFactory(
        compact=parties.compact,
        funding_body=parties.respondent_org,
        recipient=parties.raiser_org,
        programme="Winter food project",
    )
    unrelated = FundingChangeFactory(compact=parties.compact, programme="Someone else's grant")
    client.force_login(parties.raiser)
    url = reverse("disputes:raise", kwargs={"compact_slug": parties.compact.slug})
    page = client.get(url).content.decode()
    assert "Winter food project" in page and unrelated.programme not in page
    response = client.post(
        url,
        {
            "raised_by_organisation": parties.raiser_org.pk,
            "about_organisation": parties.respondent_org.pk,
            "title": "Grant cut",
            "principles": [parties.principles[0].pk],
            "what_happened": "Cut with four weeks' notice.",
            "funding_change": change.pk,
            "action": "submit",
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302 and case.funding_change == change
    client.force_login(parties.respondent)
    assert "Winter food project" in client.get(case.get_absolute_url()).content.decode()


def test_when_a_party_is_taken_over_its_open_cases_continue_with_the_successor(parties):
    from disputes.models import Stage, TimelineEntry
    from signatories.services import organisation_record_successor
    from tests.disputes.factories import case_for

    open_case = case_for(parties, stage=Stage.RESOLVING)
    withheld = case_for(parties, stage=Stage.SUBMITTED, withhold_raiser_name=True)
    closed = case_for(parties, stage=Stage.CLOSED, outcome="upheld")
    new_council = StatutoryBodyFactory(name="New Unitary Council")
    new_club = OrganisationFactory(name="New Youth Trust")
    organisation_record_successor(
        actor=parties.steering, predecessor=parties.respondent_org, successor=new_council
    )
    organisation_record_successor(
        actor=parties.steering, predecessor=parties.raiser_org, successor=new_club
    )
    open_case.refresh_from_db()
    closed.refresh_from_db()
    withheld.refresh_from_db()
    assert (open_case.raised_by_organisation, open_case.about_organisation) == (
        new_club,
        new_council,
    )
    assert closed.about_organisation == parties.respondent_org
    moves = open_case.timeline.filter(kind=TimelineEntry.Kind.SUCCESSION)
    assert [entry.is_private for entry in moves] == [False, False]
    # The raiser's takeover names it, so it stays with the steering group while withheld.
    entry = withheld.timeline.get(kind=TimelineEntry.Kind.SUCCESSION, body__contains="Youth")
    assert entry.is_private
