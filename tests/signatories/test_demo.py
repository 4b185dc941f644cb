import io

import pytest

from signatories import demo
from signatories.models import Organisation, Signatory
from tests.factories import published_compact

pytestmark = pytest.mark.django_db


def test_demo_without_compacts_makes_organisations_and_accounts_only():
    out = io.StringIO()
    demo.load(out)
    assert Organisation.objects.count() == len(demo.ORGANISATIONS)
    assert not Signatory.objects.exists()
    assert "org.admin@demo.example / compact-demo-2026" in out.getvalue()


def test_demo_signs_every_sector_to_each_compact_and_can_run_again(client):
    published_compact(name="Demo Compact")
    demo.load(io.StringIO())
    demo.load(io.StringIO())
    assert Signatory.objects.filter(status="active").count() == len(demo.ORGANISATIONS) - 1
    assert Signatory.objects.filter(status="pending").count() == 1
    sectors = set(
        Signatory.objects.filter(status="active").values_list("organisation__sector", flat=True)
    )
    assert sectors == {"vcs", "statutory", "private"}
    assert client.login(email="officer@demo.example", password=demo.DEMO_PASSWORD)
