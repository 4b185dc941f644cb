"""Export a compact to its file: `manage.py export_compact riverside [-o riverside.yaml]`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from commitments.models import Compact
from commitments.services import compact_export


class Command(BaseCommand):
    help = "Write a compact's published version as a compact file, to standard output or a file."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the compact's slug, as in its address /compacts/<slug>/")
        parser.add_argument("-o", "--output", help="write to this file instead of standard output")

    def handle(self, *args, slug, output=None, **options):
        compact = Compact.objects.filter(slug=slug).first()
        if compact is None:
            known = ", ".join(Compact.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(f'No compact has the slug "{slug}". Compacts: {known}.')
        if not compact.versions.exists():
            raise CommandError(f"{compact.name} has no version to export yet.")
        text = compact_export(compact=compact)
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(f"Wrote {compact.name} to {output}")
        else:
            self.stdout.write(text, ending="")
