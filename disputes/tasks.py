"""Thin tasks: each calls one service."""

from celery import shared_task

from . import retention


@shared_task(name="disputes.tasks.apply_retention", ignore_result=True)
def apply_retention() -> None:
    """Beat, daily: clear closed cases kept past their compact's retention period."""
    retention.closed_cases_remove_personal_details()
