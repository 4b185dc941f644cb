"""The guard: the demo, walked as each person in it, on every run of the suite.

`load_demo` makes the demo; each person then follows every link reachable from their
home (see demo_walk.py: one page per URL shape, so nothing here lists pages and a page
added tomorrow is walked tomorrow). The walk is run twice: on the demo as loaded, and
again after the site administrator publishes a new version of the Riverside compact
through the admin, so that signatures lapse and the lapsed ones are walked too.

What must hold: no page fails (5xx) and no link leads nowhere (4xx); every private page
(one the person reached but anonymous does not see) sends anonymous to sign in and refuses
a signed-in person of an unrelated organisation; and axe-core finds no serious or critical
problem on one page of each shape each person reaches.

Run with -s to see how many shapes and pages each person reached.
"""

import io
import json
import logging
import warnings
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import User
from commitments.compact_file import parse_compact_file, write_compact_file
from commitments.demo import ADMIN_EMAIL, DEMO_PASSWORD
from commitments.models import Compact, CompactVersion
from commitments.services import compact_export
from core.two_factor import two_factor_reason
from disputes.demo import MEDIATOR_EMAIL
from signatories.models import Signatory
from tests.browser.conftest import axe_problems
from tests.browser.demo_walk import Walk, fetch, links_on, shape_of, walk
from tests.factories import MembershipFactory, OrganisationFactory, SignatoryFactory

pytestmark = pytest.mark.browser

ANONYMOUS = "anonymous"
SITE_ADMINISTRATOR = "site administrator"
# Each person in the demo (see the accounts `load_demo` prints).
PEOPLE = {
    ANONYMOUS: None,
    "organisation administrator": "org.admin@demo.example",
    "officer": "officer@demo.example",
    "Riverside chair": "chair@riverside.example",
    "Oakfield chair": "chair@oakfield.example",
    "mediator": MEDIATOR_EMAIL,
    SITE_ADMINISTRATOR: ADMIN_EMAIL,
}
# Where each person starts: their home, and for the site administrator the Django admin,
# which is the home the demo gives them.
STARTS = {SITE_ADMINISTRATOR: ("/", "/admin/")}

# Pages that any signed-in person may see, whoever reached them first: each shows the
# person looking their own things, or a form to start something of their own.
SIGNED_IN_PAGES = {
    "core:home",  # the home page: the person's own tasks and organisations
    "core:tasks",  # Your tasks: what waits for the person looking, which may be nothing
    "account_email",  # their own e-mail addresses
    "accounts:personal_data",  # everything the portal holds about them (subject access)
    "accounts:personal_data_download",  # the same, as a JSON file
    # Linked from every "Your account" page: their own password and second factors, and
    # allauth asking for their own password or second factor again before a change.
    "account_change_password",
    "mfa_index",
    "account_reauthenticate",
    "mfa_reauthenticate",
    "signatories:organisations",  # the organisations they belong to
    "signatories:signup_start",  # starts (or resumes) their own application to sign
    "disputes:list",  # the concerns they may see, which may be none
    "disputes:start",  # raising a concern: choose a compact
    "disputes:raise",  # raising a concern under a compact
    "reminders:list",  # their own reminders
    "reminders:preferences",  # their own reminder settings
    "reviews:home",  # the reviews of compacts they take part in, which may be none
    "accountability:funding_list",  # the funding changes they may see, which may be none
}

# What the walk finds and nobody has mended yet, with the reason; (check, shape) -> reason.
# The walk fails on anything not listed here, and is marked xfail while anything listed
# is still found. Remove an entry when it is mended: the walk warns when one is not found.
KNOWN_PROBLEMS: dict[tuple[str, str], str] = {
    # For example:
    # ("server error", "signatories:signature(pk, slug)"): "templates/signatories/"
    # "_history.html read change.actor.email for a change with no actor" (mended since).
}


@dataclass(frozen=True)
class Problem:
    check: str
    shape: str
    detail: str

    @property
    def key(self):
        return (self.check, self.shape)


# --- Signing in, for real -------------------------------------------------------------


def _current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def set_up_two_factor(email: str) -> str:
    """Staff and steering-group members must use a second factor: sign in and turn TOTP on
    through allauth's pages; returns the secret."""
    client = Client()
    client.post(reverse("account_login"), {"login": email, "password": DEMO_PASSWORD})
    setup = client.get(reverse("mfa_activate_totp"), follow=True)
    if setup.request["PATH_INFO"] != reverse("mfa_activate_totp"):
        # allauth asks for the password again before two-factor can be turned on.
        setup = client.post(
            setup.request["PATH_INFO"] + "?next=" + reverse("mfa_activate_totp"),
            {"password": DEMO_PASSWORD},
            follow=True,
        )
    secret = client.session[SECRET_SESSION_KEY]
    activated = client.post(reverse("mfa_activate_totp"), {"code": _current_code(secret)})
    assert activated.status_code == 302, "allauth refused the authenticator code"
    return secret


def sign_in(email: str | None, *, totp_secret: str | None) -> Client:
    """A test client signed in through allauth's form, and its second step when it asks."""
    # A page that fails gives the walk a 500 to record, not an exception that ends it.
    client = Client(raise_request_exception=False)
    if email is None:
        return client
    response = client.post(reverse("account_login"), {"login": email, "password": DEMO_PASSWORD})
    if response.get("Location") == reverse("mfa_authenticate"):
        response = client.post(reverse("mfa_authenticate"), {"code": _current_code(totp_secret)})
    assert response.status_code == 302, f"{email} could not sign in"
    assert "_auth_user_id" in client.session, f"{email} could not sign in"
    return client


def _used_second_factor(client: Client) -> bool:
    methods = client.session.get("account_authentication_methods", [])
    return any(method["method"] == "mfa" for method in methods)


def outsider_client() -> Client:
    """A person of an organisation that has signed every demo compact, unrelated to the rest."""
    membership = MembershipFactory(organisation=OrganisationFactory(name="Unrelated Trust"))
    for compact in Compact.objects.all():
        SignatoryFactory(organisation=membership.organisation, compact=compact)
    client = Client(raise_request_exception=False)
    client.force_login(membership.user)
    return client


# --- The demo and its refresh ---------------------------------------------------------


def load_demo():
    call_command("load_demo", stdout=io.StringIO())


def refresh_riverside(admin: Client) -> set[str]:
    """Publish a new text of Riverside through the admin's import; the lapsed signatures' pages."""
    riverside = Compact.objects.get(slug="riverside")
    refreshed = parse_compact_file(compact_export(compact=riverside))
    refreshed.label += " refreshed"
    text = write_compact_file(refreshed)
    upload = SimpleUploadedFile("riverside.yaml", text.encode(), content_type="application/yaml")
    preview = admin.post(reverse("admin:commitments_compact_import"), {"file": upload})
    assert "This will create version 2" in preview.text, "the admin's import showed no preview"
    response = admin.post(reverse("admin:commitments_compact_import"), {"text": text})
    assert response.status_code == 302, "the admin's import did not publish the new text"
    assert riverside.versions.filter(status=CompactVersion.Status.PUBLISHED).get().number == 2
    lapsed = Signatory.objects.filter(compact=riverside, status=Signatory.Status.LAPSED)
    assert lapsed.exists(), "publishing a new version lapsed no signature"
    return {
        reverse("signatories:signature", args=[signatory.organisation.slug, signatory.pk])
        for signatory in lapsed.select_related("organisation")
    }


def walk_stage(clients: dict[str, Client], *, prefer=frozenset()) -> dict[str, Walk]:
    """Each person's walk; anonymous first, so that public downloads are fetched only once."""
    walks = {ANONYMOUS: walk(clients[ANONYMOUS], prefer=prefer)}
    public_downloads = {
        visit.url: visit
        for visit in walks[ANONYMOUS].visits
        if visit.status == 200 and not visit.is_html
    }
    for person, client in clients.items():
        if person != ANONYMOUS:
            walks[person] = walk(
                client,
                starts=STARTS.get(person, ("/",)),
                prefer=prefer,
                public_downloads=public_downloads,
            )
    return walks


@dataclass
class WalkedDemo:
    clients: dict[str, Client]
    # stage ("demo", then "refreshed") -> person -> their walk
    walks: dict[str, dict[str, Walk]]
    lapsed_pages: set[str]


def walk_everyone() -> WalkedDemo:
    """Load the demo, then walk it as each person, before and after Riverside's refresh."""
    load_demo()
    # Whoever core.two_factor's rules bind (staff, the chairs) turns TOTP on first.
    totp_secrets = {
        email: set_up_two_factor(email)
        for email in PEOPLE.values()
        if email and two_factor_reason(User.objects.get(email=email))
    }
    assert ADMIN_EMAIL in totp_secrets
    clients = {
        person: sign_in(email, totp_secret=totp_secrets.get(email))
        for person, email in PEOPLE.items()
    }
    walks = {"demo": walk_stage(clients)}
    lapsed_pages = refresh_riverside(clients[SITE_ADMINISTRATOR])
    walks["refreshed"] = walk_stage(clients, prefer=frozenset(lapsed_pages))
    walked = {visit.url for result in walks["refreshed"].values() for visit in result.visits}
    assert walked & lapsed_pages, "after the refresh, nobody walked a lapsed signature's page"
    return WalkedDemo(clients, walks, lapsed_pages)


def report_figures(demo: WalkedDemo, record_property):
    print()  # the figures, seen with -s
    for stage, by_person in demo.walks.items():
        for person, result in by_person.items():
            figures = (
                f"{len(result.shapes)} shapes walked, {len(result.urls_reached)} pages reached"
            )
            print(f"{stage:9} {person:27} {figures}")
            record_property(f"{stage}: {person}", figures)


def settle(problems: list[Problem]):
    """Fail on any problem not known; xfail while known ones remain; warn on mended ones."""
    unknown = [p for p in problems if p.key not in KNOWN_PROBLEMS]
    assert not unknown, "The walk found:\n" + "\n".join(
        f"- {p.check}: {p.shape}: {p.detail}" for p in unknown
    )
    found = {p.key for p in problems}
    for key, reason in KNOWN_PROBLEMS.items():
        if key not in found:
            message = f"KNOWN_PROBLEMS {key} is no longer found: remove it ({reason})"
            warnings.warn(message, stacklevel=2)
    if found:
        pytest.xfail("; ".join(f"{key}: {KNOWN_PROBLEMS[key]}" for key in sorted(found)))


# --- The checks -----------------------------------------------------------------------


def _is_login_redirect(response) -> bool:
    location = urlsplit(response.get("Location", "")).path
    return response.status_code == 302 and location in (
        reverse("account_login"),
        reverse("admin:login"),
    )


def status_problems(demo: WalkedDemo) -> list[Problem]:
    """No page fails; no link leads to a page that is not there or refuses the person it is for."""
    problems = []
    for stage, by_person in demo.walks.items():
        for person, result in by_person.items():
            for visit in result.visits:
                where = f"{visit.url} as {person} ({stage}), linked from {visit.found_on}"
                if visit.status >= 500:
                    problems.append(Problem("server error", visit.shape, where))
                elif visit.status >= 400:
                    problems.append(Problem(f"broken link ({visit.status})", visit.shape, where))
    return problems


def refusal_problems(demo: WalkedDemo, outsider: Client) -> tuple[list[Problem], int]:
    """Each private page sends anonymous to sign in and refuses an unrelated person.

    Returns the problems and how many private pages were checked. A page is checked once,
    in the first stage that reached it: who may open it does not change with the refresh.
    """
    problems = []
    private_pages = 0
    anonymous = demo.clients[ANONYMOUS]
    checked = set()
    for stage, by_person in demo.walks.items():
        for person, result in by_person.items():
            if person == ANONYMOUS:
                continue
            for visit in result.visits:
                if visit.status != 200 or visit.url in checked:
                    continue
                checked.add(visit.url)
                as_anonymous = fetch(anonymous, visit.url)
                if as_anonymous.status_code == 200:
                    continue  # a public page
                private_pages += 1
                where = f"{visit.url}, reached by {person} ({stage})"
                if not _is_login_redirect(as_anonymous):
                    check = f"anonymous not sent to sign in ({as_anonymous.status_code})"
                    problems.append(Problem(check, visit.shape, where))
                if visit.shape.split("(")[0] in SIGNED_IN_PAGES:
                    continue
                as_outsider = fetch(outsider, visit.url)
                refused = as_outsider.status_code in (403, 404) or (
                    # The admin sends a signed-in person who is not staff to its own sign-in.
                    visit.url.startswith("/admin/") and _is_login_redirect(as_outsider)
                )
                if not refused:
                    check = f"unrelated person not refused ({as_outsider.status_code})"
                    problems.append(Problem(check, visit.shape, where))
    return problems, private_pages


def accessibility_problems(demo: WalkedDemo, page, live_server) -> tuple[list[Problem], int]:
    """axe-core on one page of each shape (the Django admin left out).

    One page per shape as anonymous sees it and one as the first signed-in person to reach
    it: axe takes a second or more a page, and the people see the same templates. After
    the refresh, only what is new is checked again: a shape nobody had reached, or a lapsed
    signature's page.
    """
    problems = []
    checked = set()
    pages_checked = 0
    for stage, by_person in demo.walks.items():
        for person, result in by_person.items():
            signed_in = person != ANONYMOUS
            # The browser signs in as the person by carrying the test client's session.
            page.context.clear_cookies()
            session = demo.clients[person].cookies.get(settings.SESSION_COOKIE_NAME)
            if session is not None:
                cookie = {"name": session.key, "value": session.value, "url": live_server.url}
                page.context.add_cookies([cookie])
            for visit in result.visits:
                if visit.status != 200 or not visit.is_html or visit.url.startswith("/admin/"):
                    continue
                if (signed_in, visit.shape) in checked and visit.url not in demo.lapsed_pages:
                    continue
                checked.add((signed_in, visit.shape))
                pages_checked += 1
                page.goto(visit.url)
                found = axe_problems(page)
                if found:
                    detail = f"{visit.url} as {person} ({stage}): {json.dumps(found)}"
                    problems.append(Problem("axe", visit.shape, detail))
    return problems, pages_checked


@pytest.mark.django_db(transaction=True)
def test_walk_the_demo_as_each_person(page, live_server, record_property, caplog):
    # The refusals the walk provokes are expected: keep only the server errors in the log.
    caplog.set_level(logging.ERROR, logger="django.request")
    demo = walk_everyone()
    report_figures(demo, record_property)
    for stage, by_person in demo.walks.items():
        anonymous_shapes = by_person[ANONYMOUS].shapes
        for person, result in by_person.items():
            # A walk that reached little would prove little: each signed-in person goes
            # further than anonymous can.
            assert len(result.shapes) >= 10, f"{person} ({stage}) walked only {result.shapes}"
            if person != ANONYMOUS:
                assert result.shapes - anonymous_shapes, f"{person} ({stage}) saw nothing private"
    # The history the database keeps is reached from the steering group's pages (and walked,
    # refused to others and checked by axe like any other page).
    assert "audit:compact(compact_slug)" in demo.walks["demo"]["Riverside chair"].shapes

    # A compact's codes: anyone reads them, and a chair reaches the forms that add them
    # and their new versions (which refuse an unrelated person, checked below).
    reached = {
        shape for by_person in demo.walks.values() for result in by_person.values()
        for shape in result.shapes
    }  # fmt: skip
    assert "commitments:documents(slug)" in demo.walks["demo"][ANONYMOUS].shapes
    # Find your compact: the search results, reached from an area's link on the list.
    assert "commitments:list()?q" in demo.walks["demo"][ANONYMOUS].shapes
    assert {
        "commitments:document_add(slug)",
        "commitments:document_version_add(pk, slug)",
    } <= reached

    problems = status_problems(demo)
    refused, private_pages = refusal_problems(demo, outsider_client())
    found, pages_checked = accessibility_problems(demo, page, live_server)
    print(f"{private_pages} private pages refused others; axe-core checked {pages_checked} pages")
    record_property("private pages", private_pages)
    record_property("axe-core pages", pages_checked)
    assert private_pages, "no private page was found to check"
    settle(problems + refused + found)


def test_the_walk_reads_links_as_a_browser_would():
    html = """
        <a href="/compacts/">Compacts</a> <a href="pdf/">Relative</a> <a href="#main">Skip</a>
        <a href="https://www.gov.uk/">Elsewhere</a> <a href="mailto:a@example.org">Mail</a>
        <a href="http://testserver/privacy/?x=1#top">Absolute</a> <a>No address</a>
    """
    assert links_on(html, page_path="/compacts/riverside/") == [
        "/compacts/",
        "/compacts/riverside/pdf/",
        "/privacy/?x=1",
    ]


def test_shapes_group_urls_by_name_and_argument_names():
    """/directory/organisations/a/ and …/b/ are one shape; a page number is another."""
    one = shape_of("/directory/organisations/riverside-food-bank/")
    assert one == shape_of("/directory/organisations/hillside-youth-club/")
    assert one == "signatories:organisation(slug)"
    assert shape_of("/directory/?page=2") == "signatories:directory()?page"
    assert shape_of("/admin/signatories/organisation/?o=1") == shape_of(
        "/admin/signatories/organisation/"
    )
    assert shape_of("/nowhere/at/all/").startswith("unresolved:")
