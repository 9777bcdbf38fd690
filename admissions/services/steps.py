"""The two steps of an application, the DB's advice and the AB's decision, and their
correction (see the package's docstring)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from contributions.selectors import billed_from
from infra.locking import locked_transaction
from members.actors import acting_user
from members.models import City, MembershipPeriod

from ..constants import (
    STATUS_AFTER,
    ApplicationStatus,
    Outcome,
)
from ..models import (
    Advice,
    Application,
    CorrectedStep,
    Decision,
    StepCorrection,
)
from .applications import _acting, _date_check, _field, _lock, _reasons


def advice_record(
    *,
    by,
    application: Application,
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
        application = _lock(application)
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
            recorded_by=acting_user(by),
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
    application: Application,
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
        application = _lock(application)
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
            recorded_by=acting_user(by),
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
    if billed_from(application.city, decision.admitted_from):
        return _("a contribution statement has been issued for its membership")
    return None


def application_step_correct(
    *, by, application: Application, step: str, reason: str, today: datetime.date | None = None
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
        application = _lock(application)
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
            corrected_by=acting_user(by),
            corrected_by_name=name,
            corrected_at=timezone.now(),
        )
        correction.full_clean()
        correction.save()
        taken_back.delete()
        application.status = reopened
        application.save(update_fields=["status"])
    return correction
