import io
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from commitments.models import Compact, CompactVersion
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DEMO = Path(__file__).resolve().parents[2] / "commitments" / "demo"


def test_import_and_export_commands_round_trip(tmp_path):
    out = io.StringIO()
    call_command("import_compact", str(DEMO / "oakfield.yaml"), stdout=out)
    assert "Oakfield District Compact was added" in out.getvalue()

    exported = io.StringIO()
    call_command("export_compact", "oakfield", stdout=exported)
    assert "minimum_notice_months: 6" in exported.getvalue()

    target = tmp_path / "oakfield.yaml"
    call_command("export_compact", "oakfield", output=str(target), stderr=io.StringIO())
    assert target.read_text() == exported.getvalue()

    again = io.StringIO()
    call_command("import_compact", str(target), stdout=again)
    assert "nothing changed" in again.getvalue()


def test_import_command_refuses_a_bad_file_naming_the_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        (DEMO / "riverside.yaml")
        .read_text()
        .replace("minimum_notice_months: 3", "minimum_notice_months: soon")
    )
    with pytest.raises(CommandError, match=r"Line 20: minimum_notice_months should be a whole"):
        call_command("import_compact", str(bad))
    assert not Compact.objects.exists()


def test_export_command_names_the_known_compacts_for_an_unknown_slug():
    call_command("import_compact", str(DEMO / "oakfield.yaml"), stdout=io.StringIO())
    with pytest.raises(CommandError, match="Compacts: oakfield"):
        call_command("export_compact", "nowhere")


@pytest.fixture
def admin_client(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    # Staff must have two-factor sign-in before any page opens to them.
    Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(admin)
    return client


def test_admin_imports_a_compact_from_an_uploaded_file(admin_client):
    changelist = admin_client.get(reverse("admin:commitments_compact_changelist"))
    assert "Import a compact from a file" in changelist.text

    text = (DEMO / "riverside.yaml").read_text()
    upload = SimpleUploadedFile("riverside.yaml", text.encode())
    preview = admin_client.post(reverse("admin:commitments_compact_import"), {"file": upload})
    assert "This will add Riverside Borough Compact as a new compact, version 1" in preview.text
    assert not Compact.objects.exists()  # nothing before the confirmation

    response = admin_client.post(
        reverse("admin:commitments_compact_import"),
        {"text": preview.context["confirm"]["text"].value()},
        follow=True,
    )
    assert response.status_code == 200
    assert "Riverside Borough Compact was added" in response.text
    assert Compact.objects.get().versions.get().status == CompactVersion.Status.PUBLISHED


def test_admin_preview_of_a_changed_text_names_the_new_version_and_its_changes(admin_client):
    text = (DEMO / "riverside.yaml").read_text()
    call_command("import_compact", str(DEMO / "riverside.yaml"), stdout=io.StringIO())
    changed = text.replace("minimum_notice_months: 3", "minimum_notice_months: 4")
    upload = SimpleUploadedFile("riverside.yaml", changed.encode())
    preview = admin_client.post(reverse("admin:commitments_compact_import"), {"file": upload})
    assert (
        "This will create version 2 of Riverside Borough Compact, published in place of "
        "version 1" in preview.text
    )
    assert "3 calendar months" in preview.text and "4 calendar months" in preview.text
    assert Compact.objects.get().versions.count() == 1


def test_admin_import_shows_the_error_on_the_same_page(admin_client):
    text = (DEMO / "riverside.yaml").read_text().replace("  slug: riverside\n", "")
    upload = SimpleUploadedFile("riverside.yaml", text.encode())
    response = admin_client.post(reverse("admin:commitments_compact_import"), {"file": upload})
    assert response.status_code == 200
    assert "Line 3: compact is missing" in response.text
    assert "Nothing has been changed" in response.text
    assert not Compact.objects.exists()


def test_admin_import_refuses_a_file_that_is_not_text(admin_client):
    upload = SimpleUploadedFile("compact.pdf", b"%PDF-1.7\xff\xfe\x00")
    response = admin_client.post(reverse("admin:commitments_compact_import"), {"file": upload})
    assert "not plain text in UTF-8" in response.text


def test_only_staff_reach_the_import_page(client):
    client.force_login(UserFactory())
    response = client.get(reverse("admin:commitments_compact_import"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
