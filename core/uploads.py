"""What an uploaded file may be: checked by its bytes, not by the name it arrives with.

Every upload the portal keeps goes through `check_upload`, each caller naming the kinds
it takes (a case takes documents and pictures; a compact's code takes PDFs only).
"""

from pathlib import PurePath

import filetype
from django.template.defaultfilters import filesizeformat

from core.exceptions import ApplicationError

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
EVERY_KIND = tuple(ALLOWED)
EVERY_KIND_IN_WORDS = (
    "a PDF, a Word document (.doc or .docx), a picture (.jpg, .png, .gif, .webp) "
    "or plain text (.txt)"
)


def accept_attribute(extensions=EVERY_KIND) -> str:
    """The file box's `accept`, so the browser offers the same kinds the check takes."""
    return ",".join(extensions)


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


def check_upload(
    upload,
    *,
    max_bytes: int,
    field: str,
    extensions: tuple[str, ...] = EVERY_KIND,
    kinds_in_words: str = EVERY_KIND_IN_WORDS,
) -> tuple[str, str]:
    """Return (extension, content type) for an acceptable upload; raise ApplicationError,
    naming `field`, if not.

    The extension must be one of `extensions` AND the file's first bytes must show it
    really is that kind of file, so a script renamed to .pdf is refused.
    """
    name = PurePath(upload.name or "").name
    extension = PurePath(name).suffix.lower()
    if upload.size == 0:
        raise ApplicationError(f"The file {name} is empty.", field=field)
    if upload.size > max_bytes:
        raise ApplicationError(
            f"The file {name} is {filesizeformat(upload.size)}; each file must be "
            f"{filesizeformat(max_bytes)} or smaller. Make it smaller or split it, then attach "
            "it again.",
            field=field,
        )
    if extension not in extensions:
        raise ApplicationError(
            f"The file {name} is not a type we accept. Attach {kinds_in_words}.", field=field
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
                field=field,
            )
    elif found is None or found.extension != expected_kind:
        raise ApplicationError(
            f"The file {name} is called {extension} but its contents are not "
            f"{KIND_NAMES[expected_kind]}, so we cannot accept it. Open it and save it "
            "again as the right kind of file, then attach it again.",
            field=field,
        )
    return extension, content_type
