import datetime

import factory
from django.utils import timezone

from signatories.models import Champion, Invitation
from tests.factories import SignatoryFactory  # noqa: F401 - re-exported for these tests


class ChampionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Champion

    signatory = factory.SubFactory(SignatoryFactory)
    kind = Champion.Kind.LEAD
    name = factory.Faker("name", locale="en_GB")
    email = factory.Sequence(lambda n: f"champion{n}@example.org")
    deputy_name = "Dana Deputy"
    senior_contact_name = "Sam Senior"
    senior_contact_role = "Chief executive"


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    token = factory.Sequence(lambda n: f"token-{n}")
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
