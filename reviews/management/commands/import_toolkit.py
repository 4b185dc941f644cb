"""Load a compact's self-assessment toolkit and action-plan template from a YAML file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from commitments.models import Compact
from core.exceptions import ApplicationError
from reviews.services import toolkit_import
from reviews.toolkit_format import template_from_text


class Command(BaseCommand):
    help = "Load a compact's review template (docs/toolkit-format.md). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("compact_slug")
        parser.add_argument("file", type=Path)

    def handle(self, *args, compact_slug, file, **options):
        compact = Compact.objects.filter(slug=compact_slug).first()
        if compact is None:
            raise CommandError(f"There is no compact with the slug '{compact_slug}'.")
        try:
            text = file.read_text(encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from error
        try:
            result = toolkit_import(actor=None, compact=compact, template=template_from_text(text))
        except ApplicationError as error:
            raise CommandError(f"{file}: {error.message}") from error
        self.stdout.write(
            f"{compact.name}: {result.created} added, {result.updated} updated, "
            f"{result.retired} retired."
        )
