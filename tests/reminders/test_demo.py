import io

import pytest
from django.core.management import call_command

from reminders.models import Deadline, Kind

pytestmark = pytest.mark.django_db


def test_the_demo_schedules_every_sources_deadlines_once():
    call_command("load_demo", stdout=io.StringIO())
    first = sorted(Deadline.objects.values_list("kind", "object_id", "key", "next_remind_at"))
    kinds = {kind for kind, *_ in first}
    assert {Kind.CONSULTATION_CLOSING, Kind.FUNDING_TAKES_EFFECT, Kind.DISPUTE_STAGE} <= kinds
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "Reminders:" in out.getvalue()
    assert (
        sorted(Deadline.objects.values_list("kind", "object_id", "key", "next_remind_at")) == first
    )
