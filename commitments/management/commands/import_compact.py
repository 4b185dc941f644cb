"""Import a compact from its file: `manage.py import_compact riverside.yaml`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from commitments.services import compact_import
from core.exceptions import ApplicationError


class Command(BaseCommand):
    help = "Create or refresh a compact from a compact file (see docs/compact-format.md)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the compact file, or - to read standard input")

    def handle(self, *args, file, **options):
        try:
            text = self.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from None
        try:
            result = compact_import(text=text)
        except ApplicationError as error:
            raise CommandError(f"{file} was not imported. {error.message}") from None
        self.stdout.write(self.style.SUCCESS(result.message))
