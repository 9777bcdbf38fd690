"""Writes for applications and their steps, which cannot be skipped:

    received → DB advice (with reasons) → AB decision (admit from a date / decline /
    defer, with reasons) → on admission the municipality is a member from that date.

Each step runs in ``locked_transaction()`` and locks the application's row first, so two
people acting at once are served one after the other: the second finds the step taken
and is refused (``already_advised`` / ``already_decided``). The one-to-one relations
(one advice, one decision per application) hold the same in the database. A step out of
order is ``step_out_of_order``; missing reasons ``reasons_required``. Nothing is written
when a step is refused. ``by=None`` is the system (the demo loader).

Membership is a dated fact (``members.models.MembershipPeriod``): an application never
changes it; an admission adds a period from ``admitted_from``, beside the periods a
former member already has. A mistaken step is corrected by the secretariat with a
recorded reason (``application_step_correct``) before anything depends on it.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from infra.locking import locked_transaction
from infra.services import require_allowed
from infra.text import normalise_email
from members.models import City, MembershipPeriod, Person
from members.permissions import permissions_for

from .constants_applications import (
    LETTER_MAX_BYTES,
    PENDING_LETTER_HOURS,
    STATUS_AFTER,
    ApplicationStatus,
    Outcome,
)
from .models import (
    Advice,
    Application,
    ApplicationLetter,
    ApplicationNote,
    ContributionStatement,
    CorrectedStep,
    CriteriaSet,
    Decision,
    PendingLetter,
    StepCorrection,
)

# What a purged or erased name reads as.
PURGED = "—"


def _field(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _acting(by, question) -> tuple[str, Person | None]:
    """Ask ``members.permissions`` again; return the actor's name as kept with a step,
    and their person (``by=None``, the system: no name, no person)."""
    if by is None:
        return "", None
    permissions = permissions_for(by)
    require_allowed(question(permissions))
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
        uploaded_by=by, file_name=(file_name or "")[:200] or "brief.pdf", content=content
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
            recorded_by=by,
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


def _lock(application_id: int) -> Application:
    return Application.objects.select_for_update().get(pk=application_id)


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


def application_notes_save(*, by, application_id: int, notes: dict[str, str]) -> Application:
    """The secretariat's note per criterion (empty text removes a note)."""
    with locked_transaction():
        _acting(by, lambda p: p.may_record_applications)
        application = _lock(application_id)
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


def advice_record(
    *,
    by,
    application_id: int,
    outcome: str,
    reasons: str,
    advised_on: datetime.date | None = None,
    check_only: bool = False,
) -> Advice:
    """The DB's advice (step 2): only on a received application, once. ``check_only``:
    every check and write, then rolled back (the confirmation page, issue 23)."""
    advised_on = advised_on or timezone.localdate()
    with locked_transaction():
        name, person = _acting(by, lambda p: p.may_advise_on_applications)
        application = _lock(application_id)
        if application.status != ApplicationStatus.RECEIVED:
            raise ValidationError(
                _("The DB has already advised on this application. Nothing was changed."),
                code="already_advised",
            )
        if outcome not in Outcome.values:
            raise _field("outcome", _("Choose an advice."), "invalid_outcome")
        reasons = _reasons(reasons)
        _date_check("advised_on", advised_on, application.received_on, _("the date received"))
        advice = Advice(
            application=application,
            outcome=outcome,
            reasons=reasons,
            advised_on=advised_on,
            recorded_by=by,
            recorded_by_person=person,
            recorded_by_name=name,
        )
        try:
            with transaction.atomic():
                advice.save()
        except IntegrityError as exc:  # the lock makes this unreachable; the backstop
            raise ValidationError(
                _("The DB has already advised on this application. Nothing was changed."),
                code="already_advised",
            ) from exc
        application.status = ApplicationStatus.ADVISED
        application.save(update_fields=["status"])
        if check_only:
            transaction.set_rollback(True)
    return advice


def decision_record(
    *,
    by,
    application_id: int,
    outcome: str,
    reasons: str,
    decided_on: datetime.date | None = None,
    admitted_from: datetime.date | None = None,
    check_only: bool = False,
) -> Decision:
    """The AB's decision (step 3), recorded by the secretariat: only after the DB's
    advice, once. An admission adds a membership period from ``admitted_from`` in the
    same transaction (a former member keeps its earlier periods)."""
    decided_on = decided_on or timezone.localdate()
    with locked_transaction():
        name, person = _acting(by, lambda p: p.may_record_decisions)
        application = _lock(application_id)
        if application.status == ApplicationStatus.RECEIVED:
            raise ValidationError(
                _("The AB decides after the DB's advice: record the advice first."),
                code="step_out_of_order",
            )
        if application.status != ApplicationStatus.ADVISED:
            raise ValidationError(
                _("The AB has already decided on this application. Nothing was changed."),
                code="already_decided",
            )
        if outcome not in Outcome.values:
            raise _field("outcome", _("Choose a decision."), "invalid_outcome")
        reasons = _reasons(reasons)
        advice = Advice.objects.get(application=application)
        _date_check("decided_on", decided_on, advice.advised_on, _("the DB's advice"))
        if outcome == Outcome.ADMIT:
            if admitted_from is None:
                raise _field(
                    "admitted_from",
                    _("Give the date from which the municipality is a member."),
                    "admission_date_required",
                )
            if admitted_from < decided_on:
                raise _field(
                    "admitted_from",
                    _("Membership cannot start before the decision."),
                    "admission_before_decision",
                )
        elif admitted_from is not None:
            # Never drop a date silently: a decline or deferral has no membership date.
            raise _field(
                "admitted_from",
                _("Only an admission has a date from which the municipality is a member."),
                "admission_date_without_admission",
            )
        decision = Decision(
            application=application,
            outcome=outcome,
            reasons=reasons,
            decided_on=decided_on,
            admitted_from=admitted_from,
            recorded_by=by,
            recorded_by_person=person,
            recorded_by_name=name,
        )
        try:
            with transaction.atomic():
                decision.save()
        except IntegrityError as exc:
            raise ValidationError(
                _("The AB has already decided on this application. Nothing was changed."),
                code="already_decided",
            ) from exc
        application.status = STATUS_AFTER[outcome]
        application.save(update_fields=["status"])
        if outcome == Outcome.ADMIT:
            city = City.objects.select_for_update().get(pk=application.city_id)
            period = MembershipPeriod(
                city=city,
                starts_on=admitted_from,
                source=_("AB decision of %(date)s") % {"date": date_format(decided_on, "j F Y")},
            )
            try:
                period.full_clean()
            except ValidationError as exc:
                raise ValidationError(
                    _("%(city)s is already a member of the network on that date.")
                    % {"city": city.name},
                    code="already_member",
                ) from exc
            period.save()
        if check_only:  # every check and write, then rolled back (the confirmation page)
            transaction.set_rollback(True)
    return decision


def _admission_in_use(application: Application, decision: Decision, today) -> str | None:
    """Why an admission can no longer be taken back, or None: its membership has begun,
    or the city has been billed for a year of it."""
    if decision.admitted_from is None:
        return None
    if decision.admitted_from <= today:
        return _("the municipality has been a member since %(date)s") % {
            "date": date_format(decision.admitted_from, "j F Y")
        }
    if ContributionStatement.objects.filter(
        city_id=application.city_id, period_end__gte=decision.admitted_from
    ).exists():
        return _("a contribution statement has been issued for its membership")
    return None


def application_step_correct(
    *, by, application_id: int, step: str, reason: str, today: datetime.date | None = None
) -> StepCorrection:
    """The secretariat takes back a mistaken step (the latest one: the AB's decision,
    or the DB's advice while there is no decision), with its reason. The step is kept
    as a ``StepCorrection`` (who, when, why, and the step as it was) and the
    application is open again at that step, to be recorded anew. An admission is taken
    back with its membership period, and only before anything depends on it: refused
    (``correction_too_late``) once the membership has begun or has been billed."""
    today = today or timezone.localdate()
    with locked_transaction():
        name, _person = _acting(by, lambda p: p.may_correct_application_steps)
        application = _lock(application_id)
        reason = (reason or "").strip()
        if step not in CorrectedStep.values:
            raise _field("step", _("Choose the step to correct."), "invalid_step")
        if not reason:
            raise _field("reason", _("Give the reason for the correction."), "reason_required")
        decision = Decision.objects.filter(application=application).first()
        advice = Advice.objects.filter(application=application).first()
        if step == CorrectedStep.ADVICE:
            if decision is not None:
                raise ValidationError(
                    _("The AB has decided: correct the decision first."), code="decision_first"
                )
            taken_back = advice
            step_date = advice.advised_on if advice else None
            reopened = ApplicationStatus.RECEIVED
        else:
            taken_back = decision
            step_date = decision.decided_on if decision else None
            reopened = ApplicationStatus.ADVISED
        if taken_back is None:
            raise ValidationError(
                _("This step has not been recorded; there is nothing to correct."),
                code="nothing_to_correct",
            )
        admitted_from = getattr(taken_back, "admitted_from", None)
        if (
            Application.objects.filter(
                city_id=application.city_id, received_on__gte=application.received_on
            )
            .exclude(pk=application.pk)
            .exists()
        ):
            raise ValidationError(
                _("A later application of this municipality has been recorded since."),
                code="correction_too_late",
            )
        if step == CorrectedStep.DECISION:
            in_use = _admission_in_use(application, decision, today)
            if in_use:
                raise ValidationError(
                    _(
                        "The decision can no longer be corrected: %(why)s. Record the end "
                        "of the membership instead."
                    )
                    % {"why": in_use},
                    code="correction_too_late",
                )
            if admitted_from is not None:
                MembershipPeriod.objects.filter(
                    city_id=application.city_id, starts_on=admitted_from
                ).delete()
        correction = StepCorrection(
            application=application,
            step=step,
            outcome=taken_back.outcome,
            reasons=taken_back.reasons,
            step_date=step_date,
            admitted_from=admitted_from,
            step_recorded_by_name=taken_back.recorded_by_name,
            reason=reason,
            corrected_by=by,
            corrected_by_name=name,
            corrected_at=timezone.now(),
        )
        correction.full_clean()
        correction.save()
        taken_back.delete()
        application.status = reopened
        application.save(update_fields=["status"])
    return correction


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
