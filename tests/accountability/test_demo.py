import datetime
from io import StringIO

from django.utils import timezone

from accountability import demo
from accountability.models import Consultation, FundingChange


def test_demo_skips_without_signatories(db):
    out = StringIO()
    demo.load(out)
    assert "nothing to add" in out.getvalue()


def test_demo_loads_once(world):
    demo.load(StringIO())
    counts = (FundingChange.objects.count(), Consultation.objects.count())
    assert counts == (6, 4)
    demo.load(StringIO())
    assert (FundingChange.objects.count(), Consultation.objects.count()) == counts
    changes = {c.programme: c for c in FundingChange.objects.all()}
    assert changes["Youth club evenings"].notice_kept
    assert changes["Lunch club transport"].exceptional_circumstances
    assert changes["Advice line"].status == "planned"
    assert changes["Holiday play scheme"].is_breach


def test_the_demo_has_dates_whose_reminders_are_due_when_it_loads(world):
    demo.load(StringIO())
    today = timezone.localdate()
    changes = {c.programme: c for c in FundingChange.objects.all()}
    assert changes["Food parcel deliveries"].takes_effect_on == today + datetime.timedelta(days=10)
    assert changes["Food parcel deliveries"].notice_kept
    planned = changes["Befriending service"]
    assert planned.status == "planned"
    assert today < planned.last_day_to_give_notice <= today + datetime.timedelta(days=7)
    consultation = Consultation.objects.get(title="Cost of living support")
    assert consultation.closes_on == today + datetime.timedelta(days=2)
    assert consultation.follows.filter(organisation=world.charity).exists()
