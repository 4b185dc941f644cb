"""An organisation's calendar as iCalendar: all-day events that Outlook and Google Calendar open.

- consultations it follows, on their closing day;
- funding changes affecting it, on the day they take effect;
- for a funding body, the last day to give notice of each change it is planning.
"""

import datetime

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from signatories.models import Organisation

from .models import Consultation, FundingChange


def _event(uid: str, day: datetime.date, summary: str, description: str, url: str) -> Event:
    event = Event()
    event.add("uid", f"{uid}@compact-portal")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", day)
    event.add("dtend", day + datetime.timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("url", url)
    event.add("transp", "TRANSPARENT")
    return event


def organisation_calendar(organisation: Organisation) -> bytes:
    """The .ics body for `organisation`, in three queries whatever it holds."""
    site = settings.SITE_URL
    calendar = Calendar()
    calendar.add("prodid", "-//Compact Portal//Compact dates//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{organisation.name}: compact dates")
    followed = Consultation.objects.filter(follows__organisation=organisation).select_related(
        "organisation"
    )
    for consultation in followed:
        calendar.add_component(
            _event(
                f"consultation-{consultation.pk}-closes",
                consultation.closes_on,
                f"Consultation closes: {consultation.title}",
                f"{consultation.organisation.name} consultation closes today. {consultation.link}",
                site + consultation.get_absolute_url(),
            )
        )
    affecting = (
        FundingChange.objects.filter(recipient=organisation)
        .exclude(status=FundingChange.Status.WITHDRAWN)
        .select_related("funding_body")
    )
    for change in affecting:
        calendar.add_component(
            _event(
                f"funding-change-{change.pk}-takes-effect",
                change.takes_effect_on,
                f"Funding change takes effect: {change.programme}",
                f"{change.get_kind_display()} by {change.funding_body.name} takes effect today.",
                site + change.get_absolute_url(),
            )
        )
    planned = FundingChange.objects.filter(
        funding_body=organisation,
        status=FundingChange.Status.PLANNED,
        kind__in=FundingChange.NOTICE_KINDS,
    ).select_related("recipient")
    for change in planned:
        calendar.add_component(
            _event(
                f"funding-change-{change.pk}-last-day-for-notice",
                change.last_day_to_give_notice,
                f"Last day to give notice: {change.programme}",
                f"Give {change.recipient.name} written notice today at the latest to keep the "
                f"compact's {change.minimum_notice_months} months' notice.",
                site + change.get_absolute_url(),
            )
        )
    return calendar.to_ical()
