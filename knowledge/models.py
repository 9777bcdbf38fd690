"""Knowledge products (handreikingen, factsheets, reports, presentations, position
papers) and their files. A file has versions: a corrected file is a new version that
replaces the old one on the page, and the old ones stay listed (history kept)."""

import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import connection, models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from infra.bounds import NETWORK, bounded

from .constants import CONTENT_TYPES, SUMMARY_MAX_LENGTH, Audience, FileKind, MakerKind, ProductKind
from .storage import knowledge_storage


class KnowledgeProduct(models.Model):
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(
        _("summary"),
        max_length=SUMMARY_MAX_LENGTH,
        help_text=format_lazy(
            _("At most {max} characters: short and to the point."), max=SUMMARY_MAX_LENGTH
        ),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ProductKind.choices)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    maker_kind = models.CharField(_("made by"), max_length=20, choices=MakerKind.choices)
    theme_group = models.ForeignKey(
        "themegroups.ThemeGroup",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="knowledge_products",
        verbose_name=_("theme group"),
    )
    pillar = models.ForeignKey(
        "pillars.Pillar",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="knowledge_products",
        verbose_name=_("pillar"),
    )
    session = models.ForeignKey(
        "networkdays.ProgrammeSession",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="knowledge_products",
        verbose_name=_("network day session"),
    )
    maker_name = models.CharField(
        _("name of the maker"),
        max_length=200,
        blank=True,
        help_text=_("The knowledge partner or the bureau (e.g. Platform31)."),
    )
    published_on = models.DateField(_("date"), validators=[NETWORK])
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Public products appear in the public archive; others are for members."),
    )
    # Title, summary and the text of the current files: what the search reads.
    search_text = models.TextField(editable=False, blank=True)
    # On PostgreSQL: search_text as a Dutch tsvector, kept with it (refresh_search_text;
    # GIN index in migration 0002). Unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("knowledge product")
        verbose_name_plural = _("knowledge products")
        indexes = [
            models.Index(fields=["-published_on", "-id"], name="knowledge_recent"),
            models.Index(fields=["is_public", "-published_on"], name="knowledge_public_recent"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("summary"), SUMMARY_MAX_LENGTH),
                name="knowledgeproduct_summary_short",
                violation_error_code="summary_too_long",
                violation_error_message=_("The summary is too long."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        maker_kind=MakerKind.THEME_GROUP,
                        theme_group__isnull=False,
                        pillar__isnull=True,
                        session__isnull=True,
                    )
                    | Q(
                        maker_kind=MakerKind.PILLAR,
                        theme_group__isnull=True,
                        pillar__isnull=False,
                        session__isnull=True,
                    )
                    | Q(
                        maker_kind=MakerKind.SESSION,
                        theme_group__isnull=True,
                        pillar__isnull=True,
                        session__isnull=False,
                    )
                    | (
                        Q(
                            maker_kind__in=[MakerKind.KNOWLEDGE_PARTNER, MakerKind.BUREAU],
                            theme_group__isnull=True,
                            pillar__isnull=True,
                            session__isnull=True,
                        )
                        & ~Q(maker_name="")
                    )
                ),
                name="knowledgeproduct_one_maker",
                violation_error_code="maker_mismatch",
                violation_error_message=_(
                    "Choose the maker that fits: a theme group, a pillar, a session, or "
                    "the name of the knowledge partner or bureau."
                ),
            ),
            bounded("knowledgeproduct", "published_on"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:detail", kwargs={"pk": self.pk})

    @property
    def maker_label(self) -> str:
        if self.maker_kind == MakerKind.THEME_GROUP and self.theme_group_id:
            return str(self.theme_group)
        if self.maker_kind == MakerKind.PILLAR and self.pillar_id:
            return str(self.pillar)
        if self.maker_kind == MakerKind.SESSION and self.session_id:
            return f"{self.session.title} ({self.session.network_day})"
        return self.maker_name

    def refresh_search_text(self) -> None:
        texts = [self.title, self.summary]
        for file in self.files.all():
            current = file.current_version
            if current is not None and current.text:
                texts.append(current.text)
        self.search_text = "\n".join(texts)
        rows = KnowledgeProduct.objects.filter(pk=self.pk)
        rows.update(search_text=self.search_text)
        if connection.vendor == "postgresql":
            rows.update(search_vector=SearchVector("search_text", config="dutch"))


class KnowledgeFile(models.Model):
    """One document of a product (a product has one or more); its content is in its
    versions, the highest number being the current one."""

    product = models.ForeignKey(
        KnowledgeProduct, on_delete=models.CASCADE, related_name="files", verbose_name=_("product")
    )
    label = models.CharField(_("label"), max_length=200)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("file")
        verbose_name_plural = _("files")

    def __str__(self) -> str:
        return self.label

    @property
    def current_version(self):
        versions = getattr(self, "_prefetched_objects_cache", {}).get("versions")
        if versions is not None:
            return max(versions, key=lambda v: v.number, default=None)
        return self.versions.order_by("-number").first()

    @property
    def older_versions(self) -> list:
        current = self.current_version
        return [v for v in self.versions.all() if current is None or v.pk != current.pk]


def _stored_name(instance, filename: str) -> str:
    """A name no user chooses: a random one, with the extension of the content."""
    return f"{uuid.uuid4().hex}.{instance.file_kind}"


class FileVersion(models.Model):
    file = models.ForeignKey(
        KnowledgeFile, on_delete=models.CASCADE, related_name="versions", verbose_name=_("file")
    )
    number = models.PositiveIntegerField(_("version"))
    blob = models.FileField(_("file"), upload_to=_stored_name, storage=knowledge_storage)
    original_name = models.CharField(_("file name"), max_length=200)
    file_kind = models.CharField(_("file type"), max_length=10, choices=FileKind.choices)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    text = models.TextField(_("text"), blank=True, editable=False)
    extracted_at = models.DateTimeField(null=True, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("file version")
        verbose_name_plural = _("file versions")
        constraints = [
            models.UniqueConstraint(
                fields=["file", "number"],
                name="fileversion_unique_number",
                violation_error_code="version_exists",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="fileversion_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.file} v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("knowledge:download", kwargs={"pk": self.pk})

    def get_content_type(self) -> str:
        return CONTENT_TYPES.get(self.file_kind, "application/octet-stream")


class Follow(models.Model):
    """A person follows a pillar or a theme group: at most one mail a week with the new
    products of what they follow (mails.weekly_digests_send)."""

    person = models.ForeignKey(
        "members.Person",
        on_delete=models.CASCADE,
        related_name="knowledge_follows",
        verbose_name=_("person"),
    )
    pillar = models.ForeignKey(
        "pillars.Pillar", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    theme_group = models.ForeignKey(
        "themegroups.ThemeGroup",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # New products are those added after this moment (the last digest, or following).
    notified_until = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                condition=Q(pillar__isnull=False, theme_group__isnull=True)
                | Q(pillar__isnull=True, theme_group__isnull=False),
                name="follow_pillar_or_group",
                violation_error_code="pillar_or_group",
                violation_error_message=_("Choose a pillar or a theme group, not both."),
            ),
            models.UniqueConstraint(
                fields=["person", "pillar"],
                condition=Q(pillar__isnull=False),
                name="follow_pillar_once",
                violation_error_code="already_following",
                violation_error_message=_("You already follow this."),
            ),
            models.UniqueConstraint(
                fields=["person", "theme_group"],
                condition=Q(theme_group__isnull=False),
                name="follow_group_once",
                violation_error_code="already_following",
                violation_error_message=_("You already follow this."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.pillar or self.theme_group)
