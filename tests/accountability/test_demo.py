from io import StringIO

from accountability import demo
from accountability.models import Consultation, FundingChange


def test_demo_skips_without_signatories(db):
    out = StringIO()
    demo.load(out)
    assert "nothing to add" in out.getvalue()


def test_demo_loads_once(world):
    demo.load(StringIO())
    counts = (FundingChange.objects.count(), Consultation.objects.count())
    assert counts == (4, 3)
    demo.load(StringIO())
    assert (FundingChange.objects.count(), Consultation.objects.count()) == counts
    changes = {c.programme: c for c in FundingChange.objects.all()}
    assert changes["Youth club evenings"].notice_kept
    assert changes["Lunch club transport"].exceptional_circumstances
    assert changes["Advice line"].status == "planned"
    assert changes["Holiday play scheme"].is_breach
