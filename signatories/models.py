import uuid

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
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
    # A council's local authority code or an NHS body's ODS code, for its org-id identifier.
    register_code = models.CharField("council or NHS code", max_length=8, blank=True)
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
            # The directory's order by name, walked a page at a time, and its filters.
            models.Index(fields=["name", "id"], name="org_name_idx"),
            models.Index(fields=["sector"], name="org_sector_idx"),
            models.Index(fields=["kind"], name="org_kind_idx"),
            # The directory's search by part of a name (icontains is UPPER(name) LIKE):
            # PostgreSQL only, built by core.db.AddIndexOnPostgreSQL.
            GinIndex(OpClass(Upper("name"), name="gin_trgm_ops"), name="org_name_trigram_idx"),
        ]
        # One body, one record: a registered number belongs to one organisation.
        constraints = [
            models.UniqueConstraint(
                fields=["charity_number"],
                condition=~Q(charity_number=""),
                name="organisation_unique_charity_number",
            ),
            models.UniqueConstraint(
                fields=["company_number"],
                condition=~Q(company_number=""),
                name="organisation_unique_company_number",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("signatories:organisation", kwargs={"slug": self.slug})

    @property
    def is_statutory(self) -> bool:
        return self.sector == self.Sector.STATUTORY

    @property
    def org_id(self) -> str:
        """The org-id.guide identifier published in open data, or "" when there is none."""
        from .validators import org_id_for

        return org_id_for(
            kind=self.kind,
            charity_number=self.charity_number,
            company_number=self.company_number,
            register_code=self.register_code,
        )


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


class SignatoryQuerySet(models.QuerySet):
    def active(self):
        """Signatures in force: the only ones that count as signed. An application (waiting,
        or asked for more information), a rejected, withdrawn or lapsed signature does not."""
        return self.filter(status=Signatory.Status.ACTIVE)


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
    # Paper forms: the steering group typed it in for the organisation.
    recorded_on_behalf = models.BooleanField(default=False)
    # Printed on the certificate; anyone can check it on the verification page.
    verification_code = models.CharField(max_length=16, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SignatoryQuerySet.as_manager()

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
        indexes = [
            models.Index(fields=["compact", "status"], name="signatory_compact_status_idx"),
            models.Index(fields=["signed_on", "id"], name="signatory_signed_on_idx"),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.compact} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_active(self) -> bool:
        """Whether this signature counts as signed (the same rule as `.objects.active()`)."""
        return self.status == self.Status.ACTIVE

    @property
    def joined_on(self):
        """The day the organisation joined the compact by this signature (signatories.rules)."""
        from .rules import joined_on

        return joined_on(status=self.status, signed_on=self.signed_on, approved_on=self.approved_on)


class SignatoryStatusChange(models.Model):
    """One change of a signatory's status: who made it, when and why. Appended, never edited."""

    signatory = models.ForeignKey(
        Signatory, on_delete=models.PROTECT, related_name="status_changes"
    )
    # The signature's compact, kept with each change (a signature never changes compact) so
    # a compact's history is read through its own index, not by joining every signature.
    compact = models.ForeignKey(
        "commitments.Compact",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # status_change_compact_idx leads with it
    )
    from_status = models.CharField(max_length=24, choices=Signatory.Status.choices, blank=True)
    to_status = models.CharField(max_length=24, choices=Signatory.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The organisation's name at the time, so that history keeps names through successions.
    organisation_name = models.CharField(max_length=250)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["signatory", "created_at", "id"]
        indexes = [
            # The annual report replays one compact's history in order of time.
            models.Index(
                fields=["compact", "created_at", "id"],
                name="status_change_compact_idx",
            ),
        ]

    def __str__(self):
        return f"{self.organisation_name}: {self.from_status or 'new'} → {self.to_status}"


class Invitation(models.Model):
    """An administrator's invitation for a colleague to join the organisation, by e-mail."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField("e-mail")
    role = models.CharField(
        max_length=16, choices=Membership.Role.choices, default=Membership.Role.MEMBER
    )
    token = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation", "-created_at"]

    def __str__(self):
        return f"{self.email} to {self.organisation}"


class JoinRequest(models.Model):
    """Someone found their organisation already here and asked its administrators to let them in."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="join_requests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=Q(status="pending"),
                name="join_request_one_pending",
            ),
        ]

    def __str__(self):
        return f"{self.user} asks to join {self.organisation}"


class Champion(models.Model):
    """A Compact Champion of one signatory. Stepping down ends the record; a new one replaces it."""

    class Kind(models.TextChoices):
        LEAD = "lead", "Lead champion"
        DEPARTMENTAL = "departmental", "Departmental champion"

    signatory = models.ForeignKey(Signatory, on_delete=models.CASCADE, related_name="champions")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    name = models.CharField(max_length=200)
    email = models.EmailField("e-mail")
    telephone = models.CharField(max_length=30, blank=True)
    department = models.CharField(max_length=200, blank=True)
    deputy_name = models.CharField("deputy's name", max_length=200, blank=True)
    deputy_email = models.EmailField("deputy's e-mail", blank=True)
    senior_contact_name = models.CharField("senior person they report to", max_length=200)
    senior_contact_role = models.CharField("that person's role", max_length=200)
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    appointed_at = models.DateTimeField(auto_now_add=True)
    stepped_down_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["signatory", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["signatory"],
                condition=Q(kind="lead", stepped_down_at__isnull=True),
                name="champion_one_current_lead",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()})"


class SignUpApplication(models.Model):
    """A sign-up journey in progress: what the person has typed so far, saved at every step."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_up_applications"
    )
    # Either an organisation the person already manages, or the details of a new one.
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation_details = models.JSONField(default=dict, blank=True)
    duplicates_checked = models.BooleanField(default=False)
    compact = models.ForeignKey(
        "commitments.Compact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Started from a compact's own "Sign up" link: the compact step is not shown or counted.
    compact_from_link = models.BooleanField(default=False)
    declaration = models.JSONField(default=dict, blank=True)
    signatory = models.OneToOneField(
        Signatory, null=True, blank=True, on_delete=models.SET_NULL, related_name="application"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self):
        return f"Application by {self.user} ({self.organisation_name or 'no organisation yet'})"

    @property
    def organisation_name(self) -> str:
        if self.organisation_id:
            return self.organisation.name
        return self.organisation_details.get("name", "")
