import datetime
from decimal import Decimal

import factory

from accountability.models import Consultation, FundingChange
from tests.factories import CompactFactory, OrganisationFactory, StatutoryBodyFactory, UserFactory


class FundingChangeFactory(factory.django.DjangoModelFactory):
    """A change written straight to the database, for reads; services are tested on their own."""

    class Meta:
        model = FundingChange

    compact = factory.SubFactory(CompactFactory)
    funding_body = factory.SubFactory(StatutoryBodyFactory)
    recipient = factory.SubFactory(OrganisationFactory)
    programme = factory.Sequence(lambda n: f"Youth work programme {n}")
    kind = FundingChange.Kind.REDUCTION
    current_annual_amount = Decimal("20000")
    new_annual_amount = Decimal("12000")
    decided_on = datetime.date(2026, 9, 1)
    notice_given_on = datetime.date(2026, 9, 1)
    takes_effect_on = datetime.date(2027, 1, 1)
    rationale = "The budget for the service was cut."
    minimum_notice_months = 3
    status = FundingChange.Status.NOTIFIED
    logged_by = factory.SubFactory(UserFactory)


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation

    compact = factory.SubFactory(CompactFactory)
    organisation = factory.SubFactory(StatutoryBodyFactory)
    title = factory.Sequence(lambda n: f"Consultation on the library service {n}")
    summary = "How should the libraries open in the evening?"
    link = "https://www.example.gov.uk/consult"
    audience = "Residents and community groups"
    opens_on = datetime.date(2026, 9, 1)
    closes_on = datetime.date(2026, 11, 24)  # 12 weeks
    minimum_weeks = 12
    logged_by = factory.SubFactory(UserFactory)
