"""Pages: who sees and changes what, forms keep what was typed, lists make bounded queries."""

import datetime

import pytest
from django.urls import reverse

from accountability.models import FundingChange
from tests.dates import date_boxes, date_fields
from tests.factories import MembershipFactory, OrganisationFactory, SignatoryFactory

from .factories import ConsultationFactory, FundingChangeFactory

D = datetime.date


@pytest.fixture
def change(world):
    return FundingChangeFactory(
        compact=world.compact, funding_body=world.council, recipient=world.charity
    )


def detail_urls(change):
    return [
        reverse(f"accountability:{name}", args=[change.pk])
        for name in (
            "funding_detail", "funding_amend", "funding_exceptional", "funding_withdraw",
            "funding_decision", "funding_respond",
        )
    ]  # fmt: skip


def test_another_council_and_strangers_get_404_on_every_change_url(world, change, client):
    for person in (world.other_officer, world.stranger):
        client.force_login(person)
        for url in detail_urls(change):
            assert client.get(url).status_code == 404, url
            posted = client.post(url, {"reason": "x", "text": "x"}).status_code
            assert posted in (404, 405), url  # the detail page takes no POST at all
    change.refresh_from_db()
    assert change.status == "notified" and not change.responses.exists()


def test_anonymous_people_are_sent_to_sign_in(world, change, client):
    response = client.get(reverse("accountability:funding_detail", args=[change.pk]))
    assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_the_recipient_reads_but_cannot_change(world, change, client):
    client.force_login(world.charity_user)
    page = client.get(reverse("accountability:funding_detail", args=[change.pk]))
    assert page.status_code == 200
    assert "Youth work programme" in page.content.decode()
    assert "Amend the record" not in page.content.decode()
    for name in ("funding_amend", "funding_exceptional", "funding_withdraw", "funding_decision"):
        url = reverse(f"accountability:{name}", args=[change.pk])
        assert client.get(url).status_code == 403
        assert client.post(url, {"reason": "x", "exceptional_reason": "x"}).status_code == 403
    change.refresh_from_db()
    assert change.status == "notified" and not change.exceptional_circumstances


def test_the_steering_group_reads_but_cannot_change(world, change, client):
    client.force_login(world.steering)
    assert client.get(reverse("accountability:funding_detail", args=[change.pk])).status_code == 200
    url = reverse("accountability:funding_withdraw", args=[change.pk])
    assert client.post(url, {"reason": "x"}).status_code == 403


def test_the_list_shows_only_what_each_person_may_see(world, change, client):
    other = FundingChangeFactory(
        compact=world.compact, funding_body=world.other_council, programme="Hillside meals"
    )
    client.force_login(world.officer)
    page = client.get(reverse("accountability:funding_list")).content.decode()
    assert change.programme in page and other.programme not in page
    client.force_login(world.other_officer)
    page = client.get(reverse("accountability:funding_list")).content.decode()
    assert change.programme not in page and other.programme in page
    client.force_login(world.steering)
    page = client.get(reverse("accountability:funding_list")).content.decode()
    assert change.programme in page and other.programme in page


def test_funding_list_queries_are_bounded(world, client, django_assert_max_num_queries):
    client.force_login(world.steering)
    for _ in range(30):
        FundingChangeFactory(compact=world.compact, funding_body=world.council)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("accountability:funding_list"))
    assert response.status_code == 200 and response.context["paginator"].count == 30


def form_data(world, **overrides):
    signature = world.council.signatures.get()
    data = {
        "signature": str(signature.pk),
        "recipient": str(world.charity.pk),
        "programme": "Youth club evenings",
        "kind": "reduction",
        "current_annual_amount": "£20,000",
        "new_annual_amount": "12,000.50",
        **date_fields(decided_on=D(2026, 10, 1), notice_given_on=D(2026, 11, 1),
                takes_effect_on=D(2027, 1, 31)),
        "rationale": "The youth budget fell.",
        "impact_assessment": "Fewer evenings.",
    }  # fmt: skip
    for name, value in overrides.items():
        if isinstance(value, datetime.date):
            data.update(date_boxes(name, value))
        else:
            data[name] = value
    return data


def test_logging_a_change_through_the_form(world, client):
    client.force_login(world.officer)
    url = reverse("accountability:funding_new")
    assert client.get(url).status_code == 200
    response = client.post(url, form_data(world))
    change = FundingChange.objects.get()
    assert response.status_code == 302 and response["Location"] == change.get_absolute_url()
    assert change.new_annual_amount == 12000.50 and change.is_breach
    page = client.get(change.get_absolute_url()).content.decode()
    assert "Breach of the compact" in page
    assert "notice had to be given by 31 October 2026" in page
    assert "2 months and 30 days" in page


def test_a_refused_form_keeps_what_was_typed(world, client):
    client.force_login(world.officer)
    response = client.post(
        reverse("accountability:funding_new"),
        form_data(world, takes_effect_on=D(2026, 10, 1), rationale="Budget pressures in 2026"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "The change cannot take effect before notice was given" in page
    assert "Budget pressures in 2026" in page and 'value="Youth club evenings"' in page
    assert not FundingChange.objects.exists()


def test_form_asks_for_the_new_organisations_details(world, client):
    client.force_login(world.officer)
    response = client.post(reverse("accountability:funding_new"), form_data(world, recipient="new"))
    assert "Enter the name of the organisation to add" in response.content.decode()
    response = client.post(
        reverse("accountability:funding_new"),
        form_data(world, recipient="new", new_recipient_name="Lantern Lunch Club",
                  new_recipient_kind="community_group"),
    )  # fmt: skip
    assert response.status_code == 302
    assert FundingChange.objects.get().recipient.name == "Lantern Lunch Club"


def test_people_who_are_not_officers_cannot_open_the_form(world, client):
    client.force_login(world.charity_user)
    assert client.get(reverse("accountability:funding_new")).status_code == 403
    assert client.get(reverse("accountability:consultation_new")).status_code == 403


def test_amend_form_prefills_and_records(world, change, client):
    client.force_login(world.officer)
    url = reverse("accountability:funding_amend", args=[change.pk])
    page = client.get(url).content.decode()
    assert 'value="Youth work programme' in page
    data = {
        "recipient": str(world.charity.pk), "programme": "Renamed programme", "kind": "reduction",
        "current_annual_amount": "20000", "new_annual_amount": "12000",
        **date_fields(decided_on=D(2026, 9, 1), notice_given_on=D(2026, 9, 1),
                takes_effect_on=D(2027, 1, 1)),
        "rationale": "The budget for the service was cut.",
        "reason": "",
    }  # fmt: skip
    response = client.post(url, data)
    assert "Say why you are amending the record" in response.content.decode()
    response = client.post(url, {**data, "reason": "New name"})
    assert response.status_code == 302
    page = client.get(change.get_absolute_url()).content.decode()
    assert "Renamed programme" in page and "New name" in page and "Youth work programme" in page


def test_the_recipient_responds_on_the_page(world, change, client):
    client.force_login(world.charity_user)
    url = reverse("accountability:funding_respond", args=[change.pk])
    response = client.post(url, {"text": ""})
    assert "Enter your response" in response.content.decode()
    response = client.post(url, {"text": "We ask for a phased reduction."})
    assert response.status_code == 302
    client.force_login(world.officer)
    page = client.get(change.get_absolute_url()).content.decode()
    assert "We ask for a phased reduction." in page


def test_organisation_page_is_for_its_people_only(world, change, client):
    url = reverse("accountability:organisation", args=[world.charity.slug])
    client.force_login(world.other_officer)
    assert client.get(url).status_code == 403
    reset = reverse("accountability:calendar_reset", args=[world.charity.slug])
    assert client.post(reset).status_code == 403
    client.force_login(world.charity_user)
    page = client.get(url).content.decode()
    assert "Needs your response" in page and change.programme in page
    assert "/accountability/calendar/" in page


def test_organisation_page_queries_are_bounded(world, client, django_assert_max_num_queries):
    for _ in range(20):
        FundingChangeFactory(compact=world.compact, funding_body=world.council,
                             recipient=world.charity)  # fmt: skip
        ConsultationFactory(compact=world.compact, organisation=world.council).follows.create(
            organisation=world.charity, followed_by=world.charity_user
        )
    client.force_login(world.charity_user)
    with django_assert_max_num_queries(15):
        assert (
            client.get(
                reverse("accountability:organisation", args=[world.charity.slug])
            ).status_code
            == 200
        )


# Public pages


@pytest.mark.usefixtures("all_figures_shown")
def test_the_public_sees_figures_not_changes(world, change, client):
    consultation = ConsultationFactory(compact=world.compact, organisation=world.council)
    page = client.get(reverse("accountability:body_record", args=[world.council.slug]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Funding changes with notice given" in text and "1 of 1" in text
    assert change.programme not in text and world.charity.name not in text
    assert "<svg" in text and 'role="img"' in text
    record = client.get(reverse("accountability:compact_record", args=[world.compact.slug]))
    assert world.council.name in record.content.decode()
    assert change.programme not in record.content.decode()
    assert (
        client.get(reverse("accountability:body_record", args=[world.charity.slug])).status_code
        == 404
    )
    assert (
        consultation.title
        in client.get(reverse("accountability:consultation_list")).content.decode()
    )


def test_compact_record_query_count_is_bounded(world, client, django_assert_max_num_queries):
    for number in range(15):
        body = OrganisationFactory(name=f"Body {number}", sector="statutory", kind="council")
        SignatoryFactory(organisation=body, compact=world.compact)
        FundingChangeFactory(compact=world.compact, funding_body=body)
        ConsultationFactory(compact=world.compact, organisation=body)
    with django_assert_max_num_queries(8):
        response = client.get(
            reverse("accountability:compact_record", args=[world.compact.slug]) + "?year=2027"
        )
    assert len(response.context["record"].bodies) == 17


def test_consultation_list_sections_and_bounded_queries(
    world, client, django_assert_max_num_queries, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 11, 22, 12, tzinfo=datetime.UTC))
    sections = {
        "Open now": dict(opens_on=D(2026, 11, 1), closes_on=D(2027, 2, 1)),
        "Closing soon": dict(opens_on=D(2026, 9, 1), closes_on=D(2026, 11, 30)),
        "Waiting": dict(opens_on=D(2026, 6, 1), closes_on=D(2026, 8, 24)),
        "Overdue": dict(opens_on=D(2026, 3, 1), closes_on=D(2026, 6, 1)),
        "Answered": dict(opens_on=D(2026, 3, 1), closes_on=D(2026, 5, 1),
                         feedback_published_on=D(2026, 6, 1), feedback_we_did="Kept it open"),
    }  # fmt: skip
    for title, dates in sections.items():
        ConsultationFactory(compact=world.compact, organisation=world.council, title=title, **dates)
    for _ in range(20):
        ConsultationFactory(
            compact=world.compact, organisation=world.other_council,
            opens_on=D(2026, 11, 1), closes_on=D(2027, 3, 1),
        )  # fmt: skip
    with django_assert_max_num_queries(6):
        response = client.get(reverse("accountability:consultation_list"))
    rows = [(c.current_stage, c.title) for c in response.context["consultations"]]
    assert rows[0] == ("open", "Open now") and [r[0] for r in rows].count("open") == 21
    assert rows[21:] == [
        ("closing_soon", "Closing soon"),
        ("awaiting_feedback", "Waiting"),
        ("awaiting_feedback", "Overdue"),
        ("with_feedback", "Answered"),
    ]
    counts = {section["stage"]: section["count"] for section in response.context["stage_counts"]}
    assert counts == {
        "open": 21, "closing_soon": 1, "not_yet_open": 0, "awaiting_feedback": 2,
        "with_feedback": 1,
    }  # fmt: skip
    assert "Overdue</strong>" in response.content.decode()


def test_following_a_consultation_through_the_page(world, client):
    consultation = ConsultationFactory(compact=world.compact, organisation=world.council)
    client.force_login(world.charity_user)
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert f"Follow for {world.charity.name}" in page
    url = reverse("accountability:consultation_follow", args=[consultation.pk])
    client.post(url, {"organisation": world.charity.pk, "follow": "yes"})
    assert consultation.follows.filter(organisation=world.charity).exists()
    client.force_login(world.other_officer)
    assert client.post(url, {"organisation": world.charity.pk, "follow": "no"}).status_code == 403
    assert consultation.follows.exists()


def test_a_shorter_consultation_through_the_form_keeps_its_input(world, client):
    client.force_login(world.officer)
    data = {
        "signature": str(world.council.signatures.get().pk), "title": "Parks",
        "summary": "Parks plan", "link": "https://example.gov.uk/parks", "audience": "Everyone",
        **date_fields(opens_on=D(2026, 12, 1), closes_on=D(2027, 1, 5)),
    }  # fmt: skip
    response = client.post(reverse("accountability:consultation_new"), data)
    text = response.content.decode()
    assert "runs for 5 weeks, less than the compact&#x27;s 12 weeks" in text
    assert 'value="Parks plan"' in text or "Parks plan</textarea>" in text
    response = client.post(
        reverse("accountability:consultation_new"), {**data, "shorter_reason": "Budget deadline"}
    )
    assert response.status_code == 302


def test_feedback_form_is_for_the_body_only(world, client):
    consultation = ConsultationFactory(
        compact=world.compact, organisation=world.council, closes_on=D(2026, 10, 1)
    )
    url = reverse("accountability:consultation_feedback", args=[consultation.pk])
    data = {"we_asked": "a", "you_said": "b", "we_did": "c"}
    client.force_login(world.other_officer)
    assert client.post(url, data).status_code == 403
    client.force_login(world.officer)
    response = client.post(url, {**data, "we_did": ""})
    assert "Enter what you did" in response.content.decode()
    assert client.post(url, data).status_code == 302
    consultation.refresh_from_db()
    assert consultation.feedback_we_did == "c"


def test_another_organisations_member_of_vcs_cannot_see_a_change(world, change, client):
    other_charity = OrganisationFactory()
    member = MembershipFactory(organisation=other_charity).user
    client.force_login(member)
    assert client.get(change.get_absolute_url()).status_code == 404


def test_officer_records_the_decision_and_the_page_says_if_the_response_came_first(
    world, change, client
):
    change.responses.create(organisation=world.charity, author=world.charity_user, text="Phase it")
    client.force_login(world.officer)
    url = reverse("accountability:funding_decision", args=[change.pk])
    response = client.post(url, date_boxes("final_decision_on", D(2026, 11, 20)))
    assert "Say whether the response was considered" in response.content.decode()
    page = response.content.decode()
    assert 'name="final_decision_on-day" type="text" inputmode="numeric" value="20"' in page
    assert 'name="final_decision_on-year" type="text" inputmode="numeric" value="2026"' in page
    decided = {**date_boxes("final_decision_on", D(2026, 11, 21)), "responses_considered": "no"}
    assert client.post(url, decided).status_code == 302
    page = client.get(change.get_absolute_url()).content.decode()
    assert "response was not considered" in page
    assert "The first response came after the final decision" in page  # it came today
    assert "Final decision recorded" in page


def test_body_record_page_queries_are_bounded(world, client, django_assert_max_num_queries):
    for _ in range(25):
        FundingChangeFactory(compact=world.compact, funding_body=world.council)
        ConsultationFactory(compact=world.compact, organisation=world.council)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("accountability:body_record", args=[world.council.slug]))
    assert "25 of 25" in response.content.decode()
