"""The browser harness: one Chromium for the whole run, a fresh context per test, and axe-core.

Journeys live beside this file; each calls `assert_accessible(page)` on every page it visits.
"""

import json
import os
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from allauth.mfa.utils import decrypt
from django.core.cache import cache
from playwright.sync_api import expect, sync_playwright

from accounts.models import User
from core.two_factor import two_factor_reason

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# Chromium as root in a machine with no network: no sandbox, nothing fetched in the background.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


# A click that submits a form returns once the next page starts to arrive, so checks
# use `expect(...)`, which waits for the page to say what it should, never a bare read.
expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: run `make test`, which installs it.")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    # bypass_csp lets the test inject axe-core; the pages themselves run under the real policy.
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", bypass_csp=True, accept_downloads=True
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def axe_problems(page, *, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core in the page: its problems of these impacts, each as rule, help and where."""
    page.wait_for_load_state("load")
    page.add_script_tag(path=str(AXE_SCRIPT))
    results = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}
        })"""
    )
    return [
        {
            "rule": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "where": [node["target"] for node in v["nodes"][:5]],
        }
        for v in results["violations"]
        if v["impact"] in impacts
    ]


def assert_accessible(page, *, impacts=("serious", "critical")):
    """Run axe-core in the page; fail with a readable list of serious or critical problems."""
    problems = axe_problems(page, impacts=impacts)
    assert not problems, f"axe-core found on {page.url}:\n{json.dumps(problems, indent=2)}"


def sign_in(page, email, password):
    """Sign in through allauth's real form; for a person who must use a second factor
    (staff, steering-group members: core.two_factor), through its second step too, with
    an authenticator app turned on for them here if they have none."""
    secret = _totp_secret_of(email)
    page.goto("/account/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    if secret is not None:
        expect(page.get_by_role("heading", level=1)).to_have_text("Two-factor authentication")
        page.get_by_label("Code", exact=True).fill(_fresh_code(email, secret))
        page.get_by_role("button", name="Sign in", exact=True).click()
        expect(page.get_by_role("heading", level=1)).not_to_have_text("Two-factor authentication")


def _totp_secret_of(email: str) -> str | None:
    user = User.objects.filter(email=email).first()
    if user is None or two_factor_reason(user) is None:
        return None
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        secret = generate_totp_secret()
        TOTP.activate(user, secret)
        return secret
    return decrypt(authenticator.data["secret"])


def _fresh_code(email: str, secret: str) -> str:
    """The current code, usable again: allauth refuses a code used twice in its 30 seconds,
    and a journey may sign the same person in twice within them."""
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    user_id = User.objects.get(email=email).pk
    cache.delete(f"allauth.mfa.totp.used?user={user_id}&code={code}")
    return code


def fill_date(area, legend, date):
    """Type `date` into the day, month and year boxes of the date whose legend is `legend`,
    within `area` (the page, or a part of it where the legend is repeated)."""
    group = area.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(date.day))
    group.get_by_label("Month").fill(str(date.month))
    group.get_by_label("Year").fill(str(date.year))


def page_width(page) -> int:
    """How wide the page's content is, in CSS pixels; wider than the window means scrolling
    sideways."""
    return page.evaluate("() => document.documentElement.scrollWidth")
