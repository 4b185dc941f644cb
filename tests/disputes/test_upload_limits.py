"""How many files one request may attach, and how much together (disputes.attachments),
not only each file's size: refused beside the field, with what was typed kept."""

import pytest
from django.urls import reverse
from django.utils import timezone

from core.exceptions import ApplicationError
from disputes import services
from disputes.models import Attachment, Case, Stage
from tests.disputes.factories import case_for, pdf_bytes, pdf_upload
from tests.disputes.test_views import _form_data


def test_too_many_files_in_one_concern_are_refused_naming_the_field(client, parties, settings):
    settings.DISPUTES_MAX_ATTACHMENTS = 2
    client.force_login(parties.raiser)
    url = reverse("disputes:raise", kwargs={"compact_slug": parties.compact.slug})
    uploads = [pdf_upload(f"evidence-{n}.pdf") for n in range(3)]
    response = client.post(url, _form_data(parties, attachments=uploads))
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Documents: choose 2 files or fewer at a time (you chose 3)" in page
    assert 'value="Grant ended without notice"' in page
    assert not Case.objects.exists() and not Attachment.objects.exists()
    two = [pdf_upload(f"evidence-{n}.pdf") for n in range(2)]
    response = client.post(url, _form_data(parties, attachments=two))
    assert response.status_code == 302
    assert Attachment.objects.count() == 2


def test_files_too_large_together_are_refused_though_each_is_small_enough(
    client, parties, settings
):
    size = len(pdf_bytes())
    settings.DISPUTES_MAX_ATTACHMENTS_TOTAL_BYTES = size * 2 + 1
    client.force_login(parties.raiser)
    url = reverse("disputes:raise", kwargs={"compact_slug": parties.compact.slug})
    uploads = [pdf_upload(f"evidence-{n}.pdf") for n in range(3)]
    response = client.post(url, _form_data(parties, attachments=uploads))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Documents: the files you chose add up to" in page
    assert "together they must be" in page
    assert not Case.objects.exists()


def test_a_message_with_too_many_files_is_refused_by_the_service_too(parties, settings):
    settings.DISPUTES_MAX_ATTACHMENTS = 1
    case = case_for(parties, stage=Stage.SUBMITTED, submitted_at=timezone.now())
    with pytest.raises(ApplicationError) as refused:
        services.case_post_message(
            actor=parties.raiser,
            case=case,
            body="Two documents attached.",
            attachments=[pdf_upload("a.pdf"), pdf_upload("b.pdf")],
        )
    assert refused.value.field == "attachments"
    assert not case.attachments.exists()


def test_a_request_with_far_too_many_files_is_refused_before_it_is_read(client, parties):
    client.force_login(parties.raiser)
    url = reverse("disputes:raise", kwargs={"compact_slug": parties.compact.slug})
    uploads = [pdf_upload(f"evidence-{n}.pdf") for n in range(21)]
    response = client.post(url, _form_data(parties, attachments=uploads))
    assert response.status_code == 400
    assert not Case.objects.exists()
