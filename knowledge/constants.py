from django.db import models
from django.utils.translation import gettext_lazy as _

# The report asks for short products ("pas op voor te dikke rapporten"): the summary a
# form counts as one types, and the database holds to.
SUMMARY_MAX_LENGTH = 600


class ProductKind(models.TextChoices):
    HANDREIKING = "handreiking", _("guide (handreiking)")
    FACTSHEET = "factsheet", _("factsheet")
    REPORT = "rapport", _("report")
    PRESENTATION = "presentatie", _("presentation")
    POSITION_PAPER = "position_paper", _("position paper")


class Audience(models.TextChoices):
    ADMINISTRATIVE = "bestuurlijk", _("administrators (bestuurlijk)")
    CIVIL_SERVICE = "ambtelijk", _("civil servants (ambtelijk)")


class MakerKind(models.TextChoices):
    THEME_GROUP = "theme_group", _("theme group")
    PILLAR = "pillar", _("pillar")
    SESSION = "session", _("network day session")
    KNOWLEDGE_PARTNER = "knowledge_partner", _("knowledge partner")
    BUREAU = "bureau", _("outside bureau")


class FileKind(models.TextChoices):
    """What a file is, by its content (never by its name)."""

    PDF = "pdf", "PDF"
    DOCX = "docx", "Word (DOCX)"
    PPTX = "pptx", "PowerPoint (PPTX)"
    XLSX = "xlsx", "Excel (XLSX)"
    ODT = "odt", "OpenDocument (ODT)"


CONTENT_TYPES = {
    FileKind.PDF: "application/pdf",
    FileKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileKind.PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    FileKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileKind.ODT: "application/vnd.oasis.opendocument.text",
}
