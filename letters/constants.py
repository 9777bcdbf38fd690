from django.db import models
from django.utils.translation import gettext_lazy as _


class LetterKind(models.TextChoices):
    # The periodic member letter ("ledenbrief").
    LETTER = "letter", _("member letter")
    # To the council clerks and college contacts not yet confirmed after an election.
    INTRODUCTION = "introduction", _("introduction letter")
    # A correction of a sent letter: the sent letter itself never changes.
    ERRATUM = "erratum", _("erratum")


class LetterStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    # Approved by the DB's chair; the sending task takes it from here.
    APPROVED = "approved", _("approved, being sent")
    SENT = "sent", _("sent")


# The HTML a letter may hold (nh3 keeps these and nothing else; the form refuses the rest).
ALLOWED_TAGS = frozenset(
    {"p", "br", "h2", "h3", "ul", "ol", "li", "strong", "em", "a", "blockquote"}
)
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = frozenset({"https", "http", "mailto"})

# How many letters the Atom feed holds.
FEED_SIZE = 20
