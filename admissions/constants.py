"""Words of the admissions app: criteria, indicators, applications."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Criterion(models.TextChoices):
    """The 2018 criteria (report, section D): urban problems (social and economic),
    centre function and population, with urbanisation as the defining trait."""

    URBANISATION = "urbanisation", _("urbanisation")
    SOCIAL_PROBLEMS = "social_problems", _("social problems")
    ECONOMIC_POSITION = "economic_position", _("economic position")
    CENTRE_FUNCTION = "centre_function", _("centre function")
    POPULATION = "population", _("population")


class Direction(models.TextChoices):
    HIGHER_MORE_URBAN = "higher", _("higher = more urban")
    LOWER_MORE_URBAN = "lower", _("lower = more urban")


class ApplicationStatus(models.TextChoices):
    RECEIVED = "received", _("received")
    ADVISED = "advised", _("DB advice given")
    ADMITTED = "admitted", _("admitted")
    DECLINED = "declined", _("declined")
    DEFERRED = "deferred", _("deferred")


OPEN_STATUSES = (ApplicationStatus.RECEIVED, ApplicationStatus.ADVISED)


class Outcome(models.TextChoices):
    """What the DB advises and what the AB decides."""

    ADMIT = "admit", _("admit")
    DECLINE = "decline", _("decline")
    DEFER = "defer", _("defer")


# The application's status after the AB's decision.
STATUS_AFTER = {
    Outcome.ADMIT: ApplicationStatus.ADMITTED,
    Outcome.DECLINE: ApplicationStatus.DECLINED,
    Outcome.DEFER: ApplicationStatus.DEFERRED,
}

# An application's letter: a PDF of at most this many bytes.
LETTER_MAX_BYTES = 10 * 1024 * 1024

# A letter chosen on a form sent back with errors is kept this long for the form's next
# round (``PendingLetter``), then purged; the signed token that names it expires with it.
PENDING_LETTER_HOURS = 24
PENDING_LETTER_SALT = "membership.pending-letter"
