from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse


class Organisation(models.Model):
    """A council, NHS body, charity or group: one record however many compacts it signs."""

    class Sector(models.TextChoices):
        STATUTORY = "statutory", "Statutory"
        VCS = "vcs", "Voluntary and community"
        PRIVATE = "private", "Private"

    class Kind(models.TextChoices):
        COUNCIL = "council", "Council"
        NHS = "nhs", "NHS body"
        POLICE = "police", "Police"
        FIRE = "fire", "Fire and rescue"
        HOUSING_ASSOCIATION = "housing_association", "Housing association"
        SCHOOL = "school", "School"
        REGISTERED_CHARITY = "registered_charity", "Registered charity"
        CIO = "cio", "Charitable incorporated organisation"
        CIC = "cic", "Community interest company"
        COMMUNITY_GROUP = "community_group", "Community group"
        SOCIAL_ENTERPRISE = "social_enterprise", "Social enterprise"
        BUSINESS = "business", "Business"
        OTHER = "other", "Other"

    name = models.CharField(max_length=250)
    slug = models.SlugField(max_length=120, unique=True)
    sector = models.CharField(max_length=12, choices=Sector.choices)
    kind = models.CharField("type", max_length=24, choices=Kind.choices)
    charity_number = models.CharField("registered charity number", max_length=12, blank=True)
    company_number = models.CharField("company number", max_length=8, blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    telephone = models.CharField(max_length=30, blank=True)
    email = models.EmailField("e-mail", blank=True)
    website = models.URLField(blank=True)
    # Where a council merged or an NHS body was replaced: the body that took over.
    succeeded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="predecessors"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["charity_number"], name="org_charity_number_idx"),
            models.Index(fields=["company_number"], name="org_company_number_idx"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("signatories:organisation", kwargs={"slug": self.slug})

    @property
    def is_statutory(self) -> bool:
        return self.sector == self.Sector.STATUTORY


class Membership(models.Model):
    """A person's place in an organisation. A person may belong to several."""

    class Role(models.TextChoices):
        ADMINISTRATOR = "administrator", "Organisation administrator"
        CHAMPION = "champion", "Champion"
        MEMBER = "member", "Member"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation", "user"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="membership_unique"),
        ]

    def __str__(self):
        return f"{self.user} at {self.organisation} ({self.get_role_display()})"


class Signatory(models.Model):
    """An organisation's signature of a compact, attached to the version it signed."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for approval"
        ACTIVE = "active", "Active"
        INFORMATION_REQUESTED = "information_requested", "More information requested"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"
        LAPSED = "lapsed", "Lapsed"

    # While a signature is in one of these, the organisation cannot start another.
    OPEN_STATUSES = (Status.PENDING, Status.ACTIVE, Status.INFORMATION_REQUESTED, Status.LAPSED)

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="signatures"
    )
    compact = models.ForeignKey(
        "commitments.Compact", on_delete=models.PROTECT, related_name="signatories"
    )
    version = models.ForeignKey(
        "commitments.CompactVersion", on_delete=models.PROTECT, related_name="signatories"
    )
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.PENDING)
    signed_by_name = models.CharField("signed by", max_length=200)
    signed_by_role = models.CharField("role or job title", max_length=200)
    has_read_and_discussed = models.BooleanField(
        "the compact has been read and discussed in the organisation", default=False
    )
    will_appoint_champion = models.BooleanField("will appoint a Compact Champion", default=False)
    will_promote = models.BooleanField("will promote the compact", default=False)
    signed_on = models.DateField("date signed")
    approved_on = models.DateField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["compact", "organisation"]
        verbose_name_plural = "signatories"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "compact"],
                condition=Q(status__in=["pending", "active", "information_requested", "lapsed"]),
                name="signatory_one_open_per_compact",
            ),
        ]
        indexes = [models.Index(fields=["compact", "status"], name="signatory_compact_status_idx")]

    def __str__(self):
        return f"{self.organisation} – {self.compact} ({self.get_status_display()})"
