"""What a case document may be: checked by its bytes, not by the name it arrives with."""

from pathlib import PurePath

import filetype
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from core.exceptions import ApplicationError

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# Per request, not only per file: a case needs a handful of documents at a time, and a
# form posting hundreds (or ten of the largest) would fill the disk and tie up a worker.
DEFAULT_MAX_FILES = 10
DEFAULT_MAX_TOTAL_BYTES = 25 * 1024 * 1024

# Extension -> (what filetype must find in the bytes, content type we serve it as).
# Plain text has no magic number, so it is checked separately below.
ALLOWED = {
    ".pdf": ("pdf", "application/pdf"),
    ".doc": ("doc", "application/msword"),
    ".docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".jpg": ("jpg", "image/jpeg"),
    ".jpeg": ("jpg", "image/jpeg"),
    ".png": ("png", "image/png"),
    ".gif": ("gif", "image/gif"),
    ".webp": ("webp", "image/webp"),
    ".txt": (None, "text/plain"),
}
KIND_NAMES = {
    "pdf": "a PDF",
    "doc": "a Word document",
    "docx": "a Word document",
    "jpg": "a JPEG picture",
    "png": "a PNG picture",
    "gif": "a GIF picture",
    "webp": "a WebP picture",
}
ACCEPT_ATTRIBUTE = ",".join(ALLOWED)


def max_attachment_bytes() -> int:
    return getattr(settings, "DISPUTES_MAX_ATTACHMENT_BYTES", DEFAULT_MAX_BYTES)


def max_attachments() -> int:
    return getattr(settings, "DISPUTES_MAX_ATTACHMENTS", DEFAULT_MAX_FILES)


def max_attachments_total_bytes() -> int:
    return getattr(settings, "DISPUTES_MAX_ATTACHMENTS_TOTAL_BYTES", DEFAULT_MAX_TOTAL_BYTES)


def _looks_like_plain_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still text.
        if error.start < len(head) - 4:
            return False
    return True


def check_upload(upload) -> tuple[str, str]:
    """Return (extension, content type) for an acceptable upload; raise ApplicationError if not.

    The extension must be one we accept AND the file's first bytes must show it
    really is that kind of file, so a script renamed to .pdf is refused.
    """
    name = PurePath(upload.name or "").name
    extension = PurePath(name).suffix.lower()
    limit = max_attachment_bytes()
    if upload.size == 0:
        raise ApplicationError(f"The file {name} is empty.", field="attachments")
    if upload.size > limit:
        raise ApplicationError(
            f"The file {name} is {filesizeformat(upload.size)}; each file must be "
            f"{filesizeformat(limit)} or smaller. Make it smaller or split it, then attach "
            "it again.",
            field="attachments",
        )
    if extension not in ALLOWED:
        raise ApplicationError(
            f"The file {name} is not a type we accept. Attach a PDF, a Word document "
            "(.doc or .docx), a picture (.jpg, .png, .gif, .webp) or plain text (.txt).",
            field="attachments",
        )
    expected_kind, content_type = ALLOWED[extension]
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    found = filetype.guess(head)
    if expected_kind is None:
        if found is not None or not _looks_like_plain_text(head):
            raise ApplicationError(
                f"The file {name} is called .txt but is not plain text. "
                "Save it as plain text, or attach it as the kind of file it is.",
                field="attachments",
            )
    elif found is None or found.extension != expected_kind:
        raise ApplicationError(
            f"The file {name} is called {extension} but its contents are not "
            f"{KIND_NAMES[expected_kind]}, so we cannot accept it. Open it and save it "
            "again as the right kind of file, then attach it again.",
            field="attachments",
        )
    return extension, content_type


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
