"""What a case document may be: any kind `core.uploads` knows, up to the disputes limits
(each file, and the files sent together in one request)."""

from django.conf import settings
from django.template.defaultfilters import filesizeformat

from core import uploads as portal_uploads
from core.exceptions import ApplicationError

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# Per request, not only per file: a case needs a handful of documents at a time, and a
# form posting hundreds (or ten of the largest) would fill the disk and tie up a worker.
DEFAULT_MAX_FILES = 10
DEFAULT_MAX_TOTAL_BYTES = 25 * 1024 * 1024
ACCEPT_ATTRIBUTE = portal_uploads.accept_attribute()


def max_attachment_bytes() -> int:
    return getattr(settings, "DISPUTES_MAX_ATTACHMENT_BYTES", DEFAULT_MAX_BYTES)


def max_attachments() -> int:
    return getattr(settings, "DISPUTES_MAX_ATTACHMENTS", DEFAULT_MAX_FILES)


def max_attachments_total_bytes() -> int:
    return getattr(settings, "DISPUTES_MAX_ATTACHMENTS_TOTAL_BYTES", DEFAULT_MAX_TOTAL_BYTES)


def check_upload(upload) -> tuple[str, str]:
    """Return (extension, content type) for an acceptable case document; raise
    ApplicationError (on the `attachments` field) if not."""
    return portal_uploads.check_upload(
        upload, max_bytes=max_attachment_bytes(), field="attachments"
    )


def check_uploads(uploads, *, label: str = "Documents", field: str = "attachments") -> list:
    """Check the files sent together in one request: how many, their size together, then
    each one (`check_upload`). Raise ApplicationError naming the field (by its label); the
    list of files if all pass."""
    uploads = [upload for upload in uploads if upload]
    most, most_bytes = max_attachments(), max_attachments_total_bytes()
    total = sum(upload.size for upload in uploads)
    if len(uploads) > most:
        raise ApplicationError(
            f"{label}: choose {most} files or fewer at a time (you chose {len(uploads)}). "
            "You can add the rest afterwards, in a message on the case.",
            field=field,
        )
    if total > most_bytes:
        raise ApplicationError(
            f"{label}: the files you chose add up to {filesizeformat(total)}; together they "
            f"must be {filesizeformat(most_bytes)} or smaller. Attach fewer now and add the "
            "rest afterwards, in a message on the case.",
            field=field,
        )
    for upload in uploads:
        check_upload(upload)
    return uploads
