"""The demo review template, loaded into the demo compacts (see core's load_demo command)."""

from pathlib import Path

from commitments.models import Compact

from .services import toolkit_import
from .toolkit_format import template_from_text

DEMO_TEMPLATE = Path(__file__).resolve().parent / "demo" / "toolkit.yaml"
# The demo compacts that get the template; any not loaded yet are skipped.
DEMO_COMPACT_SLUGS = ["riverside", "oakfield"]


def load(stdout) -> None:
    """Give each demo compact the demo template. Loading again changes nothing."""
    template = template_from_text(DEMO_TEMPLATE.read_text(encoding="utf-8"))
    for compact in Compact.objects.filter(slug__in=DEMO_COMPACT_SLUGS):
        result = toolkit_import(actor=None, compact=compact, template=template)
        if result.created or result.updated or result.retired:
            stdout.write(
                f"Review template for {compact.name}: {result.created} added, "
                f"{result.updated} updated."
            )
