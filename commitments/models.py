import uuid

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from core.exceptions import ApplicationError

# The national Compact's minimum notice before funding is reduced or ended. A local
# compact that sets no minimum of its own follows it.
NATIONAL_MINIMUM_NOTICE_MONTHS = 3


class PublishedTextError(ApplicationError):
    """Someone tried to rewrite the text of a published (or archived) compact version."""


def refuse_if_text_is_settled(**version_lookup) -> None:
    """Organisations signed a published text, and cases cite it: only a draft may change.

    Reads the version's stored status, not a copy in memory that may have been altered.
    """
    stored = CompactVersion.objects.filter(**version_lookup).values_list("status", flat=True)
    if any(status != CompactVersion.Status.DRAFT for status in stored):
        raise PublishedTextError(
            "A published compact version cannot be changed: import a new version instead"
        )


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


class LocalAuthorityArea(models.Model):
    """A local authority area a compact covers, named as the ONS names it (E09000004 Bexley),
    so that people can find their compact by the council or place they know."""

    compact = models.ForeignKey(Compact, on_delete=models.CASCADE, related_name="local_authorities")
    name = models.CharField(max_length=120)
    ons_code = models.CharField(
        "ONS code",
        max_length=9,
        validators=[
            RegexValidator(
                r"^[ENSW]\d{8}$", "Enter an ONS code: a letter and eight digits, like E09000004"
            )
        ],
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "local authority area"
        constraints = [
            models.UniqueConstraint(fields=["compact", "ons_code"], name="area_once_per_compact")
        ]

    def __str__(self):
        return f"{self.name} ({self.ons_code})"


class CompactVersion(models.Model):
    """One text of a compact. Once published it is never rewritten: a refresh is a new version."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    compact = models.ForeignKey(Compact, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    label = models.CharField(
        "version",
        max_length=40,
        blank=True,
        help_text="As the compact names it, e.g. 2016; blank if it names none",
    )
    adopted_on = models.DateField("date of this version", null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    introduction = models.TextField(blank=True)
    what_it_is_not = models.TextField(
        "what the compact is not", blank=True, help_text="One point a line."
    )
    # The rule other apps read is always explicit; notice_set_by_compact records whether
    # the compact wrote it or follows the national Compact's minimum because it sets none.
    minimum_notice_months = models.PositiveSmallIntegerField(
        "minimum notice before funding is reduced or ended, in calendar months"
    )
    notice_set_by_compact = models.BooleanField(
        "the compact sets its own minimum notice", default=True
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
            models.CheckConstraint(
                condition=Q(notice_set_by_compact=True)
                | Q(minimum_notice_months=NATIONAL_MINIMUM_NOTICE_MONTHS),
                name="compact_notice_default_is_national",
            ),
        ]

    def __str__(self):
        return f"{self.compact.name}, {self.name}"

    # Publishing a version and later archiving it are the only changes its row may take.
    CHANGES_AFTER_PUBLISHING = frozenset({"status", "published_at"})

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if self.pk and not (update_fields and set(update_fields) <= self.CHANGES_AFTER_PUBLISHING):
            stored = CompactVersion.objects.filter(pk=self.pk).values().first()
            if stored and stored["status"] != self.Status.DRAFT:
                rewritten = [
                    field.attname
                    for field in self._meta.concrete_fields
                    if field.name not in self.CHANGES_AFTER_PUBLISHING
                    and stored[field.attname] != getattr(self, field.attname)
                ]
                if rewritten or self.status == self.Status.DRAFT:
                    refuse_if_text_is_settled(pk=self.pk)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        refuse_if_text_is_settled(pk=self.pk)
        return super().delete(*args, **kwargs)

    @property
    def name(self) -> str:
        """How people refer to this version: its own label, else its number."""
        return f"version {self.label}" if self.label else f"version {self.number}"

    @property
    def notice_rule(self) -> str:
        """The notice rule in words, saying where it comes from when the compact is silent."""
        months = self.minimum_notice_months
        rule = f"{months} calendar month{'s' if months != 1 else ''}"
        if not self.notice_set_by_compact:
            return f"{rule}: the national Compact's minimum, as this compact sets none"
        return rule

    @property
    def what_it_is_not_points(self):
        return [line.strip() for line in self.what_it_is_not.splitlines() if line.strip()]


class Partner(models.Model):
    """A body the compact names as one of its partners, e.g. the council or the police."""

    class Sector(models.TextChoices):
        STATUTORY = "statutory", "Statutory"
        VCS = "vcs", "Voluntary and community"

    version = models.ForeignKey(CompactVersion, on_delete=models.CASCADE, related_name="partners")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    sector = models.CharField(max_length=12, choices=Sector.choices)

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="partner_position_unique"),
            models.UniqueConstraint(fields=["version", "name"], name="partner_name_unique"),
        ]

    def __str__(self):
        return self.name


class Principle(models.Model):
    """A numbered part of a compact's text: a principle, or a section that is not one.

    A principle shows as its two sectors' undertakings side by side; a section
    (introduction, monitoring and review, ...) as numbered paragraphs of narrative
    followed by its lists. Either may hold narrative paragraphs and lists.
    """

    class Kind(models.TextChoices):
        PRINCIPLE = "principle", "Principle"
        SECTION = "section", "Section"

    version = models.ForeignKey(CompactVersion, on_delete=models.CASCADE, related_name="principles")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.PRINCIPLE)
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

    # Adding to a version happens while it is built; changing or removing a principle of a
    # published one would rewrite what was signed.
    def save(self, *args, **kwargs):
        if self.pk:
            refuse_if_text_is_settled(pk=self.version_id)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        refuse_if_text_is_settled(pk=self.version_id)
        return super().delete(*args, **kwargs)

    @property
    def is_principle(self) -> bool:
        return self.kind == self.Kind.PRINCIPLE

    # These filter in Python so that a prefetched principle costs no further query.
    def _lists_of(self, *parties):
        return [item_list for item_list in self.lists.all() if item_list.party in parties]

    @property
    def statutory_lists(self):
        return self._lists_of(ItemList.Party.STATUTORY)

    @property
    def vcs_lists(self):
        return self._lists_of(ItemList.Party.VCS)

    @property
    def shared_lists(self):
        return self._lists_of(ItemList.Party.SHARED)

    @property
    def other_lists(self):
        """Lists that are neither sector's column nor shared aims: all or named partners, others."""
        return self._lists_of(ItemList.Party.ALL, ItemList.Party.NAMED, ItemList.Party.NONE)

    def _undertakings_of(self, party):
        return [item for item_list in self._lists_of(party) for item in item_list.items.all()]

    @property
    def statutory_undertakings(self):
        return self._undertakings_of(ItemList.Party.STATUTORY)

    @property
    def vcs_undertakings(self):
        return self._undertakings_of(ItemList.Party.VCS)

    @property
    def shared_aims(self):
        return self._undertakings_of(ItemList.Party.SHARED)


class Paragraph(models.Model):
    """One numbered paragraph of narrative in a section, numbered within it (2.1, 2.2, ...)."""

    principle = models.ForeignKey(Principle, on_delete=models.CASCADE, related_name="paragraphs")
    position = models.PositiveSmallIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["principle", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["principle", "position"], name="paragraph_position_unique"
            ),
        ]

    def __str__(self):
        return self.text[:80]

    def save(self, *args, **kwargs):
        if self.pk:
            refuse_if_text_is_settled(principles=self.principle_id)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        refuse_if_text_is_settled(principles=self.principle_id)
        return super().delete(*args, **kwargs)


def list_heading(*, party: str, heading: str, partners: list[str]) -> str:
    """The heading over a list: the compact's own words, else the usual one for its party."""
    if heading:
        return heading
    match party:
        case "statutory":
            return "Statutory bodies undertake to"
        case "vcs":
            return "Voluntary and community organisations undertake to"
        case "shared":
            return "Aims we share"
        case "all":
            return "All partners undertake to"
        case "named" if partners:
            joined = ", ".join(partners[:-1]) + (" and " if len(partners) > 1 else "")
            return f"{joined}{partners[-1]} undertake{'s' if len(partners) == 1 else ''} to"
    return "List"


class ItemList(models.Model):
    """A list in a section, after its narrative: what one party undertakes, or another list.

    The party is a sector (statutory, vcs), both (shared aims), all partners, or the
    named partners in `partners`. A list with no party (definitions, what the sector may
    need to do) holds no commitments: no concern can be raised against its items.
    """

    class Party(models.TextChoices):
        STATUTORY = "statutory", "Statutory bodies"
        VCS = "vcs", "Voluntary and community organisations"
        SHARED = "shared", "Shared aims"
        ALL = "all", "All partners"
        NAMED = "named", "Named partners"
        NONE = "", "Not commitments"

    principle = models.ForeignKey(Principle, on_delete=models.CASCADE, related_name="lists")
    position = models.PositiveSmallIntegerField()
    party = models.CharField(max_length=12, choices=Party.choices, blank=True)
    heading = models.CharField(
        max_length=300, blank=True, help_text="As the compact words it; blank for the usual one"
    )
    partners = models.ManyToManyField(Partner, blank=True, related_name="lists")

    class Meta:
        ordering = ["principle", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["principle", "position"], name="item_list_position_unique"
            ),
        ]

    def __str__(self):
        return self.display_heading

    @property
    def holds_commitments(self) -> bool:
        return self.party != self.Party.NONE

    @property
    def display_heading(self) -> str:
        """The heading over the list: the compact's own words, else one from its party."""
        return list_heading(
            party=self.party,
            heading=self.heading,
            partners=[partner.name for partner in self.partners.all()],
        )

    @property
    def top_items(self) -> list["Undertaking"]:
        """The list's items in order, each with `.sub_items` set, from the prefetched items."""
        items = list(self.items.all())
        children: dict[int | None, list] = {}
        for item in items:
            children.setdefault(item.parent_id, []).append(item)
        for item in items:
            item.sub_items = children.get(item.pk, [])
        return children.get(None, [])


class UndertakingQuerySet(models.QuerySet):
    def commitments(self):
        """Items that are promises, which a concern may name: not definitions or other lists."""
        return self.exclude(item_list__party=ItemList.Party.NONE)


class Undertaking(models.Model):
    """One item of a list: a promise of the list's party, or an item of another list.

    Items nest: `parent` is the item it is a sub-item of ("... by:" and its points).
    `principle` is the list's, kept here so that concerns check it without a join.
    """

    principle = models.ForeignKey(Principle, on_delete=models.CASCADE, related_name="undertakings")
    item_list = models.ForeignKey(ItemList, on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    position = models.PositiveSmallIntegerField()
    text = models.TextField()

    objects = UndertakingQuerySet.as_manager()

    class Meta:
        ordering = ["item_list", "position"]
        constraints = [
            # Positions run through a list in reading order, sub-items included.
            models.UniqueConstraint(
                fields=["item_list", "position"], name="undertaking_position_in_list_unique"
            ),
        ]

    def __str__(self):
        return self.text[:80]

    def save(self, *args, **kwargs):
        if self.pk:
            refuse_if_text_is_settled(principles=self.principle_id)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        refuse_if_text_is_settled(principles=self.principle_id)
        return super().delete(*args, **kwargs)

    @property
    def party(self) -> str:
        return self.item_list.party

    def get_party_display(self) -> str:
        return self.item_list.display_heading


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


# --- Codes of practice and other documents adopted under a compact ---------------------


class CompactDocument(models.Model):
    """A code of practice or other document adopted under a compact (a funding code, say).

    Its text is never edited in place: each adoption is a new `CompactDocumentVersion`.
    """

    class Kind(models.TextChoices):
        FUNDING = "funding", "Funding code"
        CONSULTATION = "consultation", "Consultation code"
        VOLUNTEERING = "volunteering", "Volunteering code"
        EQUALITY = "equality", "Equality code"
        OTHER = "other", "Other document"

    compact = models.ForeignKey(Compact, on_delete=models.PROTECT, related_name="documents")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["compact", "title"]
        constraints = [
            models.UniqueConstraint(fields=["compact", "title"], name="compact_document_title"),
        ]

    def __str__(self):
        return self.title


def _document_file_path(version, filename):
    # A name of our own: the uploaded name is kept in `original_name`, never in the path.
    return f"compact-documents/{version.document.compact_id}/{uuid.uuid4().hex}.pdf"


class CompactDocumentVersion(models.Model):
    """One adopted text of a compact document: an uploaded PDF, or a link and/or a text."""

    document = models.ForeignKey(CompactDocument, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    adopted_on = models.DateField("date adopted")
    file = models.FileField(upload_to=_document_file_path, max_length=200, blank=True)
    original_name = models.CharField(max_length=200, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    link = models.URLField("web address", max_length=500, blank=True)
    text = models.TextField(blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="compact_document_version_number"
            ),
            # Either the PDF, or a link or text to read instead: never both, never neither.
            models.CheckConstraint(
                condition=(
                    (~Q(file="") & Q(link="") & Q(text=""))
                    | (Q(file="") & (~Q(link="") | ~Q(text="")))
                ),
                name="compact_document_version_pdf_or_link_or_text",
            ),
        ]

    def __str__(self):
        return f"{self.document.title}, adopted {self.adopted_on:%-d %B %Y}"
