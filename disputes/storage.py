"""Where case documents are kept: outside the public web root, never given a URL."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """Files under settings.PRIVATE_MEDIA_ROOT; served only by disputes.views.DocumentView."""

    def __init__(self, **kwargs):
        kwargs["base_url"] = None
        super().__init__(**kwargs)

    # Read the setting each time (not cached) so it follows settings changed in tests.
    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Case documents have no public address; use the case's document view.")


def private_storage() -> PrivateStorage:
    return PrivateStorage()
