"""Where case documents are kept: outside the public web root, never given a URL."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """Files under settings.PRIVATE_MEDIA_ROOT; served only by disputes.views.DocumentView."""

    def __init__(self, **kwargs):
        kwargs.setdefault("location", settings.PRIVATE_MEDIA_ROOT)
        kwargs["base_url"] = None
        super().__init__(**kwargs)

    def url(self, name):
        raise ValueError("Case documents have no public address; use the case's document view.")


def private_storage() -> PrivateStorage:
    # A callable, so tests that change PRIVATE_MEDIA_ROOT get a storage that follows.
    return PrivateStorage()
