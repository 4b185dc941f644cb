"""The certificate of signing, read back from the PDF and checked on its public page."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from signatories import services
from tests.factories import MembershipFactory, SignatoryFactory, SteeringGroupMemberFactory

pytestmark = pytest.mark.django_db


def test_certificate_pdf_carries_a_code_the_public_page_confirms(client, compact):
    membership = MembershipFactory()
    signatory = SignatoryFactory(
        organisation=membership.organisation,
        compact=compact,
        status="pending",
        signed_by_name="Pat Treasurer",
    )
    steering = SteeringGroupMemberFactory(compact=compact).user
    services.signatory_approve(actor=steering, signatory=signatory)

    client.force_login(membership.user)
    response = client.get(
        reverse("signatories:certificate", args=[membership.organisation.slug, signatory.pk])
    )
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert membership.organisation.name in text
    assert "Riverside Compact, version 2026" in text
    assert "Pat Treasurer" in text
    code = re.search(r"Verification code: ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})", text).group(1)
    assert code == signatory.verification_code

    client.logout()
    page = client.get(reverse("signatories:verify", args=[code])).content.decode()
    assert "Genuine and active" in page
    assert membership.organisation.name in page
    typed = client.get(reverse("signatories:verify_form"), {"code": code.lower()})
    assert "Genuine and active" in typed.content.decode()

    services.signatory_withdraw(actor=membership.user, signatory=signatory, reason="Closing")
    page = client.get(reverse("signatories:verify", args=[code])).content.decode()
    assert "Genuine and active" not in page
    assert "no longer active" in page


def test_an_unknown_code_is_not_genuine(client):
    page = client.get(reverse("signatories:verify", args=["ABCD-EFGH-JKLM"])).content.decode()
    assert "No certificate has the code ABCD-EFGH-JKLM" in page


def test_a_pending_signature_has_no_certificate(client, compact):
    membership = MembershipFactory()
    signatory = SignatoryFactory(
        organisation=membership.organisation, compact=compact, status="pending"
    )
    client.force_login(membership.user)
    url = reverse("signatories:certificate", args=[membership.organisation.slug, signatory.pk])
    assert client.get(url).status_code == 404
