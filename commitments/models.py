from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse


class Compact(models.Model):
    """A local compact: one borough's agreement, which lives on through its versions.

    The rules a compact is signed on (notice, consultation length) belong to each
    version; the settings of how the portal runs the compact belong here.
    """

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    area = models.CharField("area covered", max_length=200)
    contact_name = models.CharField("contact", max_length=200, blank=True)
    contact_email = models.EmailField("contact e-mail", blank=True)
    contact_phone = models.CharField("contact telephone", max_length=40, blank=True)
    contact_address = models.TextField("contact address", blank=True)
    feedback_due_weeks = models.PositiveSmallIntegerField(
        "weeks allowed to publish consultation feedback", default=12
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("commitments:detail", kwargs={"slug": self.slug})


class CompactVersion(models.Model):
    """One text of a compact. Once published it is never rewritten: a refresh is a new version."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    compact = models.ForeignKey(Compact, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    label = models.CharField(
        "version", max_length=40, help_text="As the compact names it, e.g. 2016"
    )
    adopted_on = models.DateField("date of this version")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    introduction = models.TextField(blank=True)
    what_it_is_not = models.TextField(
        "what the compact is not", blank=True, help_text="One point a line."
    )
    minimum_notice_months = models.PositiveSmallIntegerField(
        "minimum notice before funding is reduced or ended, in calendar months"
    )
    minimum_consultation_weeks = models.PositiveSmallIntegerField(
        "minimum length of a consultation, in weeks", default=12
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["compact", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["compact", "number"], name="compact_version_number_unique"
            ),
            models.UniqueConstraint(
                fields=["compact"],
                condition=Q(status="published"),
                name="compact_one_published_version",
            ),
            models.CheckConstraint(
                condition=Q(minimum_notice_months__gte=1), name="compact_notice_at_least_a_month"
            ),
        ]

    def __str__(self):
        return f"{self.compact.name}, version {self.label}"

    @property
    def what_it_is_not_points(self):
        return [line.strip() for line in self.what_it_is_not.splitlines() if line.strip()]


class Principle(models.Model):
    version = models.ForeignKey(CompactVersion, on_delete=models.CASCADE, related_name="principles")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "position"], name="principle_position_unique"
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.title}"

    # These filter in Python so that a prefetched principle costs no further query.
    def _undertakings_of(self, party):
        return [u for u in self.undertakings.all() if u.party == party]

    @property
    def statutory_undertakings(self):
        return self._undertakings_of(Undertaking.Party.STATUTORY)

    @property
    def vcs_undertakings(self):
        return self._undertakings_of(Undertaking.Party.VCS)

    @property
    def shared_aims(self):
        return self._undertakings_of(Undertaking.Party.SHARED)


class Undertaking(models.Model):
    """One thing a sector promises under a principle, or an aim both share."""

    class Party(models.TextChoices):
        STATUTORY = "statutory", "Statutory bodies"
        VCS = "vcs", "Voluntary and community organisations"
        SHARED = "shared", "Shared aims"

    principle = models.ForeignKey(Principle, on_delete=models.CASCADE, related_name="undertakings")
    party = models.CharField(max_length=12, choices=Party.choices)
    position = models.PositiveSmallIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["principle", "party", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["principle", "party", "position"], name="undertaking_position_unique"
            ),
        ]

    def __str__(self):
        return self.text[:80]


class SteeringGroupMember(models.Model):
    """A person who runs a compact on the portal: approves signatories, reviews cases, reports."""

    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        ADMINISTRATOR = "administrator", "Administrator"
        MEMBER = "member", "Member"

    compact = models.ForeignKey(Compact, on_delete=models.CASCADE, related_name="steering_group")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="steering_roles"
    )
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["compact", "role"]
        constraints = [
            models.UniqueConstraint(fields=["compact", "user"], name="steering_member_unique"),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}, {self.compact})"
