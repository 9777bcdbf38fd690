"""Writes for theme groups: proposals and the DB's decisions (support and members:
``services_members``).

Every service that a user triggers takes the acting user as keyword-only ``by`` and
runs in ``infra.locking.locked_transaction()`` (durable: it is the entry point). Inside
that transaction it locks the group's row first (so two people acting at once are
served one after the other), asks ``members.permissions`` the same question the view's
access helper asked (a refusal is ``ValidationError`` with code ``forbidden``), checks
the rules and writes. What changed is recorded by the audit trail (django-auditlog),
which the group's history reads (``history.py``).

Every refusal is a ``ValidationError`` with a ``code`` (a dict keyed by form field where
the problem belongs to one field); a lock that could not be had in time is
``infra.locking.Busy`` (code ``busy``).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from infra.locking import locked_transaction
from members.actors import acting_user, actor_name, actor_permissions, is_system
from members.permissions import permissions_for
from pillars.models import Pillar

from .constants import MAX_REVIEW_MONTHS, RESERVED_SLUGS, ReviewOutcome, ThemeGroupStatus
from .models import ReviewDecision, ThemeGroup
from .rules import (
    field_error,
    latest_review_date,
    lock_group,
    refuse_read_only,
    review_date_check,
)
from .services_support import supports_end_with_group


def person_name(user) -> str:
    """Who acted, as text kept with a decision ("Name (City)", else the login)."""
    if is_system(user):
        return actor_name(user)
    person = permissions_for(user).person
    if person is not None:
        return f"{person.name} ({person.city})"
    return user.get_full_name() or user.get_username()


def _unique_slug(name: str) -> str:
    base = slugify(name)[:150] or "themagroep"
    slug, counter = base, 1
    while slug in RESERVED_SLUGS or ThemeGroup.objects.filter(slug=slug).exists():
        counter += 1
        slug = f"{base}-{counter}"
    return slug


# --- proposals --------------------------------------------------------------------


def theme_group_propose(
    *,
    by,
    name: str,
    goal: str,
    expected_result: str,
    lead_pillar: Pillar,
    other_pillars=(),
    review_due_on: datetime.date | None,
    today: datetime.date | None = None,
) -> ThemeGroup:
    """A pillar secretary (for their own pillar) or the secretariat proposes a group;
    it starts only when the DB approves it."""
    today = today or timezone.localdate()
    name = name.strip()
    with locked_transaction():
        permissions = actor_permissions(by, lambda p: p.may_propose_theme_groups)
        if permissions is not None and not permissions.may_propose_theme_group_for(lead_pillar.pk):
            raise field_error(
                "lead_pillar",
                _("You can propose theme groups for your own pillar only."),
                "forbidden",
            )
        review_date_check(review_due_on, today=today)
        if not goal.strip() or not expected_result.strip():
            raise ValidationError(
                _("A mandate needs both a goal and an expected result."),
                code="mandate_incomplete",
            )
        if ThemeGroup.objects.filter(name__iexact=name).exists():
            raise field_error(
                "name", _("A theme group with this name already exists."), "name_taken"
            )
        group = ThemeGroup(
            name=name,
            slug=_unique_slug(name),
            goal=goal.strip(),
            expected_result=expected_result.strip(),
            lead_pillar=lead_pillar,
            review_due_on=review_due_on,
            status=ThemeGroupStatus.PROPOSED,
            proposed_by=permissions.person if permissions else None,
        )
        group.full_clean()
        group.save()
        others = [p for p in other_pillars if p.pk != lead_pillar.pk]
        group.other_pillars.set(others)
    return group


def _lock_proposal(by, group: ThemeGroup) -> ThemeGroup:
    group = lock_group(group.pk)
    actor_permissions(by, lambda p: p.may_decide_reviews)
    refuse_read_only(group)
    if group.status != ThemeGroupStatus.PROPOSED:
        raise ValidationError(
            _("This theme group is not a proposal (any more)."), code="not_a_proposal"
        )
    return group


def theme_group_approve(
    *,
    by,
    group: ThemeGroup,
    review_due_on: datetime.date | None,
    today: datetime.date | None = None,
) -> ThemeGroup:
    """The DB approves a proposal: the group starts today with a (re)checked review date."""
    today = today or timezone.localdate()
    with locked_transaction():
        group = _lock_proposal(by, group)
        review_date_check(review_due_on, today=today)
        group.status = ThemeGroupStatus.ACTIVE
        group.started_on = today
        group.review_due_on = review_due_on
        group.full_clean()
        group.save(update_fields=["status", "started_on", "review_due_on"])
    return group


def theme_group_refuse(*, by, group: ThemeGroup, reason: str) -> ThemeGroup:
    """The DB refuses a proposal; the reason is kept with it."""
    reason = (reason or "").strip()
    with locked_transaction():
        group = _lock_proposal(by, group)
        if not reason:
            raise field_error(
                "reason", _("Give a reason for refusing the proposal."), "reason_required"
            )
        group.status = ThemeGroupStatus.REFUSED
        group.refusal_reason = reason
        group.full_clean()
        group.save(update_fields=["status", "refusal_reason"])
    return group


# --- the DB's review decision -----------------------------------------------------


def _already_decided(decision: ReviewDecision) -> ValidationError:
    return ValidationError(
        _(
            "This review has already been decided by %(who)s on %(date)s (%(outcome)s). "
            "Nothing was changed."
        )
        % {
            "who": decision.decided_by_name,
            "date": date_format(timezone.localtime(decision.decided_at), "j F Y H:i"),
            "outcome": decision.get_outcome_display(),
        },
        code="already_decided",
    )


def _decision_dates_check(
    outcome: str,
    new_review_due_on: datetime.date | None,
    ends_on: datetime.date | None,
    today: datetime.date,
) -> tuple[datetime.date | None, datetime.date | None]:
    """The dates that go with an outcome: nothing back-dated, nothing too far ahead."""
    if outcome == ReviewOutcome.EXTEND:
        review_date_check(new_review_due_on, today=today, field="new_review_due_on")
        return new_review_due_on, None
    if outcome != ReviewOutcome.END:
        raise field_error(
            "outcome", _("Choose whether to extend or to end the group."), "invalid_outcome"
        )
    if ends_on is None:
        raise field_error(
            "ends_on", _("Give the date on which the group ends."), "end_date_required"
        )
    if ends_on < today:
        raise field_error(
            "ends_on",
            _("A group cannot be ended in the past: choose today or later."),
            "end_date_past",
        )
    if ends_on > latest_review_date(today):
        raise field_error(
            "ends_on",
            _("The end date can be at most %(months)s months ahead.")
            % {"months": MAX_REVIEW_MONTHS},
            "end_date_too_far",
        )
    return None, ends_on


def theme_group_decide(
    *,
    by,
    group: ThemeGroup,
    review_due_on: datetime.date,
    outcome: str,
    reason: str,
    new_review_due_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> ReviewDecision:
    """The DB decides the review of ``group`` that was due on ``review_due_on``.

    One review is decided once: the group's row is locked, the decision for that review
    date is looked up, and a unique constraint on (group, review date) backs this up.
    Nothing is back-dated: an extension must lie after today (and at most
    MAX_REVIEW_MONTHS ahead), an end date is today or later; the decision itself is
    always dated now.
    """
    today = today or timezone.localdate()
    reason = (reason or "").strip()
    with locked_transaction():
        group = lock_group(group.pk)
        permissions = actor_permissions(by, lambda p: p.may_decide_reviews)
        if not reason:
            raise field_error("reason", _("Give a reason for the decision."), "reason_required")
        new_review_due_on, ends_on = _decision_dates_check(
            outcome, new_review_due_on, ends_on, today
        )
        earlier = (
            ReviewDecision.objects.filter(theme_group=group, review_due_on=review_due_on)
            .order_by("-decided_at")
            .first()
        )
        if earlier is not None:
            raise _already_decided(earlier)
        refuse_read_only(group)
        if group.status != ThemeGroupStatus.ACTIVE:
            raise ValidationError(
                _("Only an active theme group can be reviewed."), code="not_active"
            )
        if group.review_due_on != review_due_on:
            raise ValidationError(
                _("The review date of this group has changed meanwhile. Nothing was changed."),
                code="review_date_changed",
            )
        if outcome == ReviewOutcome.EXTEND and new_review_due_on <= group.review_due_on:
            raise field_error(
                "new_review_due_on",
                _("An extension needs a review date after the current one (%(date)s).")
                % {"date": date_format(group.review_due_on, "j F Y")},
                "extension_not_later",
            )
        decision = ReviewDecision(
            theme_group=group,
            review_due_on=review_due_on,
            outcome=outcome,
            new_review_due_on=new_review_due_on,
            ends_on=ends_on,
            reason=reason,
            decided_by=acting_user(by),
            decided_by_name=person_name(by),
            decided_by_person=permissions.person if permissions else None,
            decided_on=today,
        )
        try:
            with transaction.atomic():
                decision.save()
        except IntegrityError as exc:
            # The lock makes this unreachable in practice; the constraint is the backstop.
            raise ValidationError(
                _("This review has already been decided. Nothing was changed."),
                code="already_decided",
            ) from exc

        if outcome == ReviewOutcome.EXTEND:
            group.review_due_on = new_review_due_on
            group.save(update_fields=["review_due_on"])
        else:
            # Its support ends with it, on the decision's date (before it is read-only).
            supports_end_with_group(group, on=today)
            group.status = ThemeGroupStatus.ENDED
            group.ended_on = ends_on
            group.end_reason = reason
            group.full_clean()
            group.save(update_fields=["status", "ended_on", "end_reason"])
    return decision


def theme_group_decision_dates_check(
    *,
    outcome: str,
    new_review_due_on: datetime.date | None,
    ends_on: datetime.date | None,
    today: datetime.date,
) -> None:
    """The dates of a decision, checked before the DB is asked to confirm ending a group
    (the decide page's confirmation step); ``theme_group_decide`` checks them again."""
    _decision_dates_check(outcome, new_review_due_on, ends_on, today)
