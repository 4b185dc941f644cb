"""Import a compact from its file: `manage.py import_compact riverside.yaml`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from commitments.changes import changes_as_lines
from commitments.services import compact_import, compact_import_preview
from core.exceptions import ApplicationError


class Command(BaseCommand):
    help = "Create or refresh a compact from a compact file (see docs/compact-format.md)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the compact file, or - to read standard input")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="say what the import would do and what it changes, without importing",
        )

    def handle(self, *args, file, dry_run=False, **options):
        try:
            text = self.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from None
        try:
            if dry_run:
                plan = compact_import_preview(text=text)
                self.stdout.write(f"{plan.summary} Nothing was imported (--dry-run).")
                for line in changes_as_lines(plan.changes):
                    self.stdout.write(line)
                return
            result = compact_import(text=text)
        except ApplicationError as error:
            raise CommandError(f"{file} was not imported. {error.message}") from None
        self.stdout.write(self.style.SUCCESS(result.message))
