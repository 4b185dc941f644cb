import io

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command

from accounts.models import User
from commitments.demo import DEMO_PASSWORD
from commitments.models import Compact, CompactVersion, SteeringGroupMember, Undertaking

pytestmark = pytest.mark.django_db


def _load() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_demo_has_two_compacts_with_three_and_six_months_notice_and_steering_groups():
    printed = _load()
    notice = dict(
        CompactVersion.objects.filter(status="published").values_list(
            "compact__slug", "minimum_notice_months"
        )
    )
    assert notice == {"riverside": 3, "oakfield": 6}
    for compact in Compact.objects.all():
        assert compact.versions.get(status="published").principles.count() == 5
        chair = compact.steering_group.get(role=SteeringGroupMember.Role.CHAIR).user
        assert chair.check_password(DEMO_PASSWORD)
        assert EmailAddress.objects.get(user=chair).verified
        assert chair.email in printed and "Chair" in printed
    assert DEMO_PASSWORD in printed
    assert "two-factor" in printed


def test_loading_the_demo_twice_changes_nothing_and_loses_nothing():
    _load()
    compact = Compact.objects.get(slug="riverside")
    # Someone edits the compact (straight in the table: the model refuses) and a steering
    # group member's password after the first load.
    Undertaking.objects.filter(
        pk=Undertaking.objects.filter(principle__version__compact=compact).first().pk
    ).delete()
    chair = User.objects.get(email="chair@riverside.example")
    chair.set_password("changed-by-its-owner")
    chair.save()
    counts = (User.objects.count(), CompactVersion.objects.count(), Undertaking.objects.count())

    printed = _load()

    assert "already there" in printed
    assert (
        User.objects.count(),
        CompactVersion.objects.count(),
        Undertaking.objects.count(),
    ) == counts
    chair.refresh_from_db()
    assert chair.check_password("changed-by-its-owner")


@pytest.mark.django_db(transaction=True)
def test_loading_the_demo_sends_no_email(mailoutbox):
    # Real commits, so that the services' after-commit e-mails are sent as in `make run`.
    printed = _load()
    # The demo includes a case moved through its stages, which would e-mail its parties.
    assert "Demo concerns" in printed
    assert mailoutbox == []
