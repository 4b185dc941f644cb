"""The signatories pages not on the main journey, checked by axe-core: the steering group's
paper form, successions, withdrawal, invitations, duplicates and the directory's filters."""

import re

import pytest
from playwright.sync_api import expect

from signatories.models import Membership
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    OrganisationFactory,
    SignatoryFactory,
    SteeringGroupMemberFactory,
    UserFactory,
    published_compact,
)
from tests.signatories.factories import ChampionFactory, InvitationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_other_signatories_pages_are_accessible(page):
    compact = published_compact(name="Riverside Compact")
    steering = SteeringGroupMemberFactory(compact=compact, user=UserFactory()).user
    admin = MembershipFactory(organisation=OrganisationFactory(name="Hill Scouts"))
    signatory = SignatoryFactory(organisation=admin.organisation, compact=compact)
    ChampionFactory(signatory=signatory, name="Kit Champion")
    OrganisationFactory(name="Riverside Food Bank", charity_number="1123456")
    invitation = InvitationFactory(organisation=admin.organisation, email="kim@example.org")

    sign_in(page, steering.email, PASSWORD)
    page.goto(f"/applications/compacts/{compact.slug}/record/")
    page.get_by_role("button", name="Record the signatory").click()  # empty: every error shown
    expect(page.get_by_role("link", name="Enter the organisation's name")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/applications/organisations/{admin.organisation.slug}/successor/")
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, admin.user.email, PASSWORD)
    slug = admin.organisation.slug
    for path in [
        f"/organisations/{slug}/invitations/new/",
        f"/organisations/{slug}/signatures/{signatory.pk}/withdraw/",
        f"/organisations/{slug}/signatures/{signatory.pk}/",
        "/directory/?status=all&sort=-signed_on",
        "/certificates/?code=NOPE-NOPE-NOPE",
        # Someone else's invitation: asked to sign in with the address it was sent to.
        f"/invitations/{invitation.token}/",
    ]:
        page.goto(path)
        assert_accessible(page)

    # Stepping a champion down asks first.
    page.goto(f"/organisations/{slug}/signatures/{signatory.pk}/champions/")
    page.get_by_role("link", name="Step down Kit Champion").click()
    expect(
        page.get_by_role("heading", name="Are you sure Kit Champion is stepping down?")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Yes, Kit Champion is stepping down").click()
    expect(page.get_by_text("Kit Champion has stepped down")).to_be_visible()

    # A charity number already on the portal: refused beside the field, joining offered.
    page.goto("/sign-up/")
    page.get_by_label("Name of the organisation").fill("Food Bank of Riverside")
    page.get_by_label("Voluntary and community").check()
    page.get_by_label("Type of organisation").select_option(label="Registered charity")
    page.get_by_label("Registered charity number (optional)").fill("1123456")
    page.get_by_label("Postcode").fill("DA6 7AT")
    page.get_by_label("Organisation's e-mail").fill("food@example.org")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("link", name=re.compile("already on the portal"))).to_be_visible()
    expect(page.get_by_role("button", name="Ask to join Riverside Food Bank")).to_be_visible()
    assert_accessible(page)

    # The duplicates page of the journey.
    page.goto("/sign-up/")
    page.get_by_label("Name of the organisation").fill("Riverside Food Bank")
    page.get_by_label("Voluntary and community").check()
    page.get_by_label("Type of organisation").select_option(label="Registered charity")
    page.get_by_label("Postcode").fill("DA6 7AT")
    page.get_by_label("Organisation's e-mail").fill("food@example.org")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("heading", name="Is your organisation already here?").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Ask to join Riverside Food Bank").click()
    expect(page.get_by_text("We have asked Riverside Food Bank's administrators")).to_be_visible()
    assert not Membership.objects.filter(
        user=admin.user, organisation__name="Riverside Food Bank"
    ).exists()
