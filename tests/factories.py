"""Factories for the models every app builds on. Apps keep their own in tests/<app>/factories.py."""

import datetime

import factory
from django.utils.text import slugify

from accounts.models import User
from commitments.models import (
    Compact,
    CompactVersion,
    ItemList,
    Principle,
    SteeringGroupMember,
    Undertaking,
)
from signatories.models import Membership, Organisation, Signatory

PASSWORD = "a-long-test-password"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        """allauth needs a verified address before the person can sign in."""
        if create and extracted is not False:
            from allauth.account.models import EmailAddress

            obj.save()
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class CompactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Compact

    name = factory.Sequence(lambda n: f"Borough {n} Compact")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    area = factory.Sequence(lambda n: f"Borough {n}")
    contact_name = "Compact steering group"
    contact_email = "compact@example.org"


class CompactVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompactVersion

    compact = factory.SubFactory(CompactFactory)
    number = 1
    label = "2026"
    adopted_on = datetime.date(2026, 3, 3)
    status = CompactVersion.Status.PUBLISHED
    introduction = "How public bodies and local groups agree to work together."
    minimum_notice_months = 3
    minimum_consultation_weeks = 12


class PrincipleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Principle

    version = factory.SubFactory(CompactVersionFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Principle number {n}")
    summary = "Why this principle matters."


class ItemListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ItemList

    principle = factory.SubFactory(PrincipleFactory)
    position = factory.Sequence(lambda n: n + 1)
    party = ItemList.Party.STATUTORY


class UndertakingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Undertaking

    item_list = factory.SubFactory(ItemListFactory)
    principle = factory.SelfAttribute("item_list.principle")
    position = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Undertaking text {n}")


def published_compact(*, name=None, minimum_notice_months=3, principles=2) -> Compact:
    """A published compact whose principles each have one undertaking per party."""
    compact = CompactFactory(**({"name": name} if name else {}))
    version = CompactVersionFactory(compact=compact, minimum_notice_months=minimum_notice_months)
    for position in range(1, principles + 1):
        principle = PrincipleFactory(
            version=version, position=position, title=f"Principle {position}"
        )
        for list_position, party in enumerate(("statutory", "vcs", "shared"), start=1):
            UndertakingFactory(
                item_list=ItemListFactory(principle=principle, position=list_position, party=party),
                position=1,
                text=f"{party} promise under principle {position}",
            )
    return compact


class SteeringGroupMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SteeringGroupMember

    compact = factory.SubFactory(CompactFactory)
    user = factory.SubFactory(UserFactory)
    role = SteeringGroupMember.Role.ADMINISTRATOR


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Community Group {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    sector = Organisation.Sector.VCS
    kind = Organisation.Kind.COMMUNITY_GROUP
    postcode = "DA6 7AT"
    email = factory.LazyAttribute(lambda o: f"{o.slug}@example.org")


class StatutoryBodyFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Borough Council {n}")
    sector = Organisation.Sector.STATUTORY
    kind = Organisation.Kind.COUNCIL


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.ADMINISTRATOR


class SignatoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signatory

    organisation = factory.SubFactory(OrganisationFactory)
    compact = factory.SubFactory(CompactFactory)
    version = factory.LazyAttribute(
        lambda o: (
            o.compact.versions.filter(status="published").first()
            or CompactVersionFactory(compact=o.compact)
        )
    )
    status = Signatory.Status.ACTIVE
    signed_by_name = factory.Faker("name", locale="en_GB")
    signed_by_role = "Chair of trustees"
    has_read_and_discussed = True
    will_appoint_champion = True
    will_promote = True
    signed_on = datetime.date(2026, 4, 1)
