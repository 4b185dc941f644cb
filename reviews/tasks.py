"""Thin tasks of the reviews app."""

from celery import shared_task

from commitments.models import Compact

from .report import annual_report_figures


@shared_task(name="reviews.tasks.prepare_annual_report", ignore_result=True)
def prepare_annual_report(compact_slug: str, year: int) -> None:
    """Work out a compact's annual report into the cache, so its next visitor is served at once."""
    compact = Compact.objects.filter(slug=compact_slug).first()
    if compact is not None:
        annual_report_figures(compact, year)
