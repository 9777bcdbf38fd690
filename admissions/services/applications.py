"""Applications: recorded, their letters kept, their notes (see the package's
docstring); and the retention purge of the applicant's contact."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from infra.locking import locked_transaction
from infra.text import normalise_email
from members.actors import acting_user, actor_permissions
from members.models import City, Person

from ..constants import (
    LETTER_MAX_BYTES,
    PENDING_LETTER_HOURS,
    ApplicationStatus,
)
from ..models import (
    Application,
    ApplicationLetter,
    ApplicationNote,
    CriteriaSet,
    PendingLetter,
)

# What a purged or erased name reads as.
PURGED = "—"


def _field(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _acting(by, question) -> tuple[str, Person | None]:
    """Ask ``members.permissions`` again; return the actor's name as kept with a step,
    and their person (``SYSTEM``: no name, no person)."""
    permissions = actor_permissions(by, question)
    if permissions is None:
        return "", None
    person = permissions.person
    if person is not None:
        return f"{person.name} ({person.city.name})", person
    return by.get_username(), None


def criteria_set_in_force(on: datetime.date) -> CriteriaSet | None:
    """The criteria version in force on a date: the latest that started on or before it."""
    return CriteriaSet.objects.filter(in_force_from__lte=on).order_by("-in_force_from").first()


def application_problems(
    *,
    city: City | None,
    received_on: datetime.date | None,
    motivation: str | None,
    letter_content: bytes = b"",
) -> dict[str, list[ValidationError]]:
    """Every reason to refuse recording this application, per field. A value given as
    None (a field its form already refused) is not asked about: the form's own message
    stands. The application form asks this as well when its own fields have errors, so
    that the secretary sees every problem in one round."""
    problems: dict[str, list[ValidationError]] = {}

    def refuse(field: str, message: str, code: str) -> None:
        problems.setdefault(field, []).append(ValidationError(message, code=code))

    if city is not None:
        if city.membership_periods.filter(ends_on__isnull=True).exists() or (
            received_on is not None and city.is_member_on(received_on)
        ):
            refuse(
                "city",
                _("%(city)s is already a member of the network.") % {"city": city.name},
                "already_member",
            )
        elif Application.objects.filter(
            city=city, status__in=[ApplicationStatus.RECEIVED, ApplicationStatus.ADVISED]
        ).exists():
            refuse(
                "city", _("This municipality already has an open application."), "application_open"
            )
    if received_on is not None:
        if received_on > timezone.localdate():
            refuse("received_on", _("An application cannot be received in the future."), "future")
        elif criteria_set_in_force(received_on) is None:
            refuse(
                "received_on", _("No criteria were in force on that date."), "no_criteria_in_force"
            )
    if motivation is not None and not motivation.strip():
        refuse("motivation", _("Give the motivation."), "motivation_required")
    if len(letter_content) > LETTER_MAX_BYTES:
        refuse("letter", _("The letter is larger than 10 MB."), "letter_too_large")
    elif letter_content and not letter_content.startswith(b"%PDF-"):
        refuse("letter", _("The letter must be a PDF file."), "letter_not_pdf")
    return problems


def pending_letter_keep(*, by, file_name: str, content: bytes) -> PendingLetter:
    """Keep a chosen letter while its form is sent back with errors (issue 23, item 12)."""
    return PendingLetter.objects.create(
        uploaded_by=acting_user(by),
        file_name=(file_name or "")[:200] or "brief.pdf",
        content=content,
    )


def pending_letters_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the letters kept for a form that was never sent again."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(hours=PENDING_LETTER_HOURS)
    deleted, _per_model = PendingLetter.objects.filter(uploaded_at__lt=cutoff).delete()
    return deleted


def application_record(
    *,
    by,
    city: City,
    received_on: datetime.date,
    contact_name: str,
    contact_email: str,
    motivation: str,
    letter_name: str = "",
    letter_content: bytes = b"",
) -> Application:
    """The secretariat records an application as received. It keeps the criteria
    version in force on the day it was received. Every problem is reported at once
    (one ``ValidationError`` with an entry per field), never one per round."""
    motivation = (motivation or "").strip()
    with locked_transaction():
        _acting(by, lambda p: p.may_record_applications)
        city = City.objects.select_for_update().get(pk=city.pk)
        problems = application_problems(
            city=city,
            received_on=received_on,
            motivation=motivation,
            letter_content=letter_content,
        )
        if problems:
            raise ValidationError(problems)
        criteria_set = criteria_set_in_force(received_on)
        application = Application(
            city=city,
            cbs_code=city.cbs_code,
            received_on=received_on,
            criteria_set=criteria_set,
            contact_name=(contact_name or "").strip(),
            contact_email=normalise_email(contact_email),
            motivation=motivation,
            recorded_by=acting_user(by),
        )
        application.full_clean()
        application.save()
        if letter_content:
            ApplicationLetter.objects.create(
                application=application,
                file_name=letter_name[:200] or "brief.pdf",
                content=letter_content,
            )
    return application


def _lock(application: Application) -> Application:
    """The application's row again, locked: what another request wrote meanwhile counts."""
    return Application.objects.select_for_update().get(pk=application.pk)


def _reasons(reasons: str) -> str:
    reasons = (reasons or "").strip()
    if not reasons:
        raise _field("reasons", _("Give the reasons."), "reasons_required")
    return reasons


def _date_check(field: str, day: datetime.date | None, not_before: datetime.date, after: str):
    if day is None:
        raise _field(field, _("Give the date."), "date_required")
    if day < not_before:
        raise _field(
            field,
            _("This date lies before %(what)s (%(date)s).")
            % {"what": after, "date": date_format(not_before, "j F Y")},
            "date_before_previous_step",
        )
    if day > timezone.localdate():
        raise _field(field, _("This date lies in the future."), "future")


def application_notes_save(*, by, application: Application, notes: dict[str, str]) -> Application:
    """The secretariat's note per criterion (empty text removes a note)."""
    with locked_transaction():
        _acting(by, lambda p: p.may_record_applications)
        application = _lock(application)
        for criterion, text in notes.items():
            text = (text or "").strip()
            if text:
                ApplicationNote.objects.update_or_create(
                    application=application, criterion=criterion, defaults={"text": text}
                )
            else:
                ApplicationNote.objects.filter(
                    application=application, criterion=criterion
                ).delete()
    return application


def application_contacts_purge(*, today: datetime.date | None = None) -> int:
    """Blank the applicant's contact (name and e-mail address) of applications decided
    longer than ``RETENTION_DAYS["application_contacts"]`` ago. The application, its
    steps and reasons stay: they are the network's record of a public body's request."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=settings.RETENTION_DAYS["application_contacts"])
    return (
        Application.objects.filter(decision__decided_on__lt=cutoff)
        .exclude(contact_email="")
        .update(contact_name=PURGED, contact_email="")
    )
