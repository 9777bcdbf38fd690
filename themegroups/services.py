"""Writes for theme groups. Every function runs in one transaction, locks the group's
row first (so two people acting at once are served one after the other), checks the
rules and writes. What changed is recorded by the audit trail (django-auditlog), which
the group's history reads (``history.py``).

Services raise ``ValidationError`` with a translated message (a dict keyed by form
field where the problem belongs to one field), or ``PermissionDenied``.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from members.constants import CityStatus, RoleKind
from members.models import Person, Role
from members.permissions import permissions_for
from outbox.services import mail_queue
from pillars.models import Pillar

from .constants import (
    LOCK_TIMEOUT,
    MAX_REVIEW_MONTHS,
    RESERVED_SLUGS,
    MembershipRole,
    ReviewOutcome,
    ThemeGroupStatus,
)
from .models import (
    Membership,
    ReviewDecision,
    SupportAssignment,
    ThemeGroup,
)

# --- helpers --------------------------------------------------------------------


def latest_review_date(today: datetime.date) -> datetime.date:
    """The furthest review date allowed when a date is set on ``today``."""
    return today + relativedelta(months=MAX_REVIEW_MONTHS)


def review_date_check(
    value: datetime.date | None, *, today: datetime.date, field: str = "review_due_on"
) -> None:
    """A review date is required, after today, and at most MAX_REVIEW_MONTHS ahead."""
    if value is None:
        raise ValidationError({field: _("A theme group needs a review date.")})
    if value <= today:
        raise ValidationError({field: _("The review date must be after today.")})
    latest = latest_review_date(today)
    if value > latest:
        raise ValidationError(
            {
                field: _(
                    "The review date can be at most %(months)s months ahead: "
                    "%(date)s at the latest."
                )
                % {"months": MAX_REVIEW_MONTHS, "date": date_format(latest, "j F Y")}
            }
        )


def _person_name(user) -> str:
    if user is None:
        return ""
    person = permissions_for(user).person
    if person is not None:
        return f"{person.name} ({person.city})"
    return user.get_full_name() or user.get_username()


def _lock_group(group_id: int) -> ThemeGroup:
    """Lock one group's row for the rest of the transaction.

    On PostgreSQL the wait is bounded: a lock held longer than LOCK_TIMEOUT becomes a
    "too busy" message, never a 500. (SQLite serialises writers by itself.)
    """
    try:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
        return (
            ThemeGroup.objects.select_for_update(of=("self",))
            .select_related("lead_pillar")
            .get(pk=group_id)
        )
    except OperationalError as exc:
        raise ValidationError(
            _("Someone else is changing this theme group right now. Please try again.")
        ) from exc


def _refuse_read_only(group: ThemeGroup) -> None:
    if group.status == ThemeGroupStatus.ENDED:
        raise ValidationError(_("This theme group has ended; it can no longer be changed."))
    if group.status == ThemeGroupStatus.REFUSED:
        raise ValidationError(_("This proposal was refused; it can no longer be changed."))


def _unique_slug(name: str) -> str:
    base = slugify(name)[:150] or "themagroep"
    slug, counter = base, 1
    while slug in RESERVED_SLUGS or ThemeGroup.objects.filter(slug=slug).exists():
        counter += 1
        slug = f"{base}-{counter}"
    return slug


def _require(condition: bool) -> None:
    if not condition:
        raise PermissionDenied


# --- proposals --------------------------------------------------------------------


def theme_group_propose(
    *,
    user,
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
    permissions = permissions_for(user)
    _require(permissions.may_propose_theme_groups)
    if not permissions.is_secretariat and not permissions.is_secretary_of_pillar(lead_pillar.pk):
        raise ValidationError(
            {"lead_pillar": _("You can propose theme groups for your own pillar only.")}
        )
    today = today or timezone.localdate()
    name = name.strip()
    review_date_check(review_due_on, today=today)
    if not goal.strip() or not expected_result.strip():
        raise ValidationError(_("A mandate needs both a goal and an expected result."))
    with transaction.atomic():
        if ThemeGroup.objects.filter(name__iexact=name).exists():
            raise ValidationError({"name": _("A theme group with this name already exists.")})
        group = ThemeGroup(
            name=name,
            slug=_unique_slug(name),
            goal=goal.strip(),
            expected_result=expected_result.strip(),
            lead_pillar=lead_pillar,
            review_due_on=review_due_on,
            status=ThemeGroupStatus.PROPOSED,
            proposed_by=permissions.person,
        )
        group.full_clean()
        group.save()
        others = [p for p in other_pillars if p.pk != lead_pillar.pk]
        group.other_pillars.set(others)
    return group


def theme_group_approve(
    *,
    user,
    group_id: int,
    review_due_on: datetime.date | None,
    today: datetime.date | None = None,
) -> ThemeGroup:
    """The DB approves a proposal: the group starts today with a (re)checked review date."""
    _require(permissions_for(user).may_decide_reviews)
    today = today or timezone.localdate()
    review_date_check(review_due_on, today=today)
    with transaction.atomic():
        group = _lock_group(group_id)
        _refuse_read_only(group)
        if group.status != ThemeGroupStatus.PROPOSED:
            raise ValidationError(_("This theme group has already been approved."))
        group.status = ThemeGroupStatus.ACTIVE
        group.started_on = today
        group.review_due_on = review_due_on
        group.full_clean()
        group.save(update_fields=["status", "started_on", "review_due_on"])
    return group


def theme_group_refuse(*, user, group_id: int, reason: str) -> ThemeGroup:
    """The DB refuses a proposal; the reason is kept with it."""
    _require(permissions_for(user).may_decide_reviews)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason for refusing the proposal.")})
    with transaction.atomic():
        group = _lock_group(group_id)
        _refuse_read_only(group)
        if group.status != ThemeGroupStatus.PROPOSED:
            raise ValidationError(_("Only a proposal can be refused."))
        group.status = ThemeGroupStatus.REFUSED
        group.refusal_reason = reason
        group.full_clean()
        group.save(update_fields=["status", "refusal_reason"])
    return group


# --- the DB's review decision -----------------------------------------------------


def _already_decided_message(decision: ReviewDecision) -> str:
    return _(
        "This review has already been decided by %(who)s on %(date)s (%(outcome)s). "
        "Nothing was changed."
    ) % {
        "who": decision.decided_by_name,
        "date": date_format(timezone.localtime(decision.decided_at), "j F Y H:i"),
        "outcome": decision.get_outcome_display(),
    }


def theme_group_decide(
    *,
    user,
    group_id: int,
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
    _require(permissions_for(user).may_decide_reviews)
    today = today or timezone.localdate()
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason for the decision.")})
    if outcome == ReviewOutcome.EXTEND:
        review_date_check(new_review_due_on, today=today, field="new_review_due_on")
        ends_on = None
    elif outcome == ReviewOutcome.END:
        if ends_on is None:
            raise ValidationError({"ends_on": _("Give the date on which the group ends.")})
        if ends_on < today:
            raise ValidationError(
                {"ends_on": _("A group cannot be ended in the past: choose today or later.")}
            )
        if ends_on > latest_review_date(today):
            raise ValidationError(
                {
                    "ends_on": _("The end date can be at most %(months)s months ahead.")
                    % {"months": MAX_REVIEW_MONTHS}
                }
            )
        new_review_due_on = None
    else:
        raise ValidationError({"outcome": _("Choose whether to extend or to end the group.")})

    with transaction.atomic():
        group = _lock_group(group_id)
        earlier = (
            ReviewDecision.objects.filter(theme_group=group, review_due_on=review_due_on)
            .order_by("-decided_at")
            .first()
        )
        if earlier is not None:
            raise ValidationError(_already_decided_message(earlier))
        _refuse_read_only(group)
        if group.status != ThemeGroupStatus.ACTIVE:
            raise ValidationError(_("Only an active theme group can be reviewed."))
        if group.review_due_on != review_due_on:
            raise ValidationError(
                _("The review date of this group has changed meanwhile. Nothing was changed.")
            )
        if outcome == ReviewOutcome.EXTEND and new_review_due_on <= group.review_due_on:
            raise ValidationError(
                {
                    "new_review_due_on": _(
                        "An extension needs a review date after the current one (%(date)s)."
                    )
                    % {"date": date_format(group.review_due_on, "j F Y")}
                }
            )
        decision = ReviewDecision(
            theme_group=group,
            review_due_on=review_due_on,
            outcome=outcome,
            new_review_due_on=new_review_due_on,
            ends_on=ends_on,
            reason=reason,
            decided_by=user,
            decided_by_name=_person_name(user),
            decided_by_person=permissions_for(user).person,
            decided_on=today,
        )
        try:
            with transaction.atomic():
                decision.save()
        except IntegrityError as exc:
            # The lock makes this unreachable in practice; the constraint is the backstop.
            raise ValidationError(
                _("This review has already been decided. Nothing was changed.")
            ) from exc

        if outcome == ReviewOutcome.EXTEND:
            group.review_due_on = new_review_due_on
            group.save(update_fields=["review_due_on"])
        else:
            group.status = ThemeGroupStatus.ENDED
            group.ended_on = ends_on
            group.end_reason = reason
            group.full_clean()
            group.save(update_fields=["status", "ended_on", "end_reason"])
    return decision


# --- secretarial support ------------------------------------------------------------


def support_assign(
    *,
    user,
    group_id: int,
    person: Person,
    hours_per_month: Decimal,
    starts_on: datetime.date,
    ends_on: datetime.date,
) -> SupportAssignment:
    """The lead pillar's secretary (or the secretariat) assigns support to a group."""
    errors = {}
    if hours_per_month is None or hours_per_month < 0:
        errors["hours_per_month"] = _("Hours per month cannot be negative.")
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = _("The support cannot end before it starts.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        group = _lock_group(group_id)
        _require(permissions_for(user).may_assign_support(group.lead_pillar_id))
        _refuse_read_only(group)
        support = SupportAssignment(
            theme_group=group,
            person=person,
            hours_per_month=hours_per_month,
            starts_on=starts_on,
            ends_on=ends_on,
            assigned_by=user,
        )
        support.full_clean()
        support.save()
    return support


# --- members ----------------------------------------------------------------------------


def membership_add(*, user, group_id: int, person: Person, role: str) -> Membership:
    with transaction.atomic():
        group = _lock_group(group_id)
        _require(permissions_for(user).may_manage_theme_group(group.lead_pillar_id))
        _refuse_read_only(group)
        if person.city.status != CityStatus.MEMBER:
            raise ValidationError(
                {"person": _("Members of a theme group come from member cities.")}
            )
        if Membership.objects.filter(theme_group=group, person=person).exists():
            raise ValidationError({"person": _("This person is already a member of this group.")})
        membership = Membership.objects.create(
            theme_group=group, person=person, role=role, joined_on=timezone.localdate()
        )
    return membership


def _lock_membership(user, group_id: int, membership_id: int) -> tuple[ThemeGroup, Membership]:
    group = _lock_group(group_id)
    _require(permissions_for(user).may_manage_theme_group(group.lead_pillar_id))
    _refuse_read_only(group)
    membership = (
        Membership.objects.select_related("person__city")
        .filter(pk=membership_id, theme_group=group)
        .first()
    )
    if membership is None:
        raise ValidationError(_("This person is no longer a member of this group."))
    return group, membership


def membership_remove(*, user, group_id: int, membership_id: int) -> None:
    with transaction.atomic():
        group, membership = _lock_membership(user, group_id, membership_id)
        membership.delete()


def membership_set_role(*, user, group_id: int, membership_id: int, role: str) -> Membership:
    if role not in MembershipRole.values:
        raise ValidationError(_("Unknown role."))
    with transaction.atomic():
        group, membership = _lock_membership(user, group_id, membership_id)
        if membership.role != role:
            membership.role = role
            membership.save(update_fields=["role"])
    return membership


# --- reminders ----------------------------------------------------------------------------


def iso_week_label(today: datetime.date) -> str:
    year, week, _weekday = today.isocalendar()
    return f"{year}-W{week:02d}"


def weekly_digests_send(*, today: datetime.date | None = None) -> int:
    """Queue this ISO week's digests; returns how many were newly queued.

    The outbox key names the person and the week, so a scheduler that runs daily (or
    twice) sends each digest once per week. Nobody gets an empty digest.
    """
    from outbox.models import OutgoingMail

    today = today or timezone.localdate()
    period = iso_week_label(today)
    queued = 0

    def queue(key: str, to: str, template: str, context: dict) -> None:
        nonlocal queued
        if OutgoingMail.objects.filter(key=key).exists():
            return
        mail_queue(key=key, to=[to], template=template, context=context)
        queued += 1

    review_groups = list(
        ThemeGroup.objects.due_or_overdue(today)
        .select_related("lead_pillar")
        .order_by("review_due_on", "name")
    )
    if review_groups:
        overdue = [g for g in review_groups if g.review_due_on < today]
        due = [g for g in review_groups if g.review_due_on >= today]
        db_members = Person.objects.filter(
            pk__in=Role.objects.current(today).filter(kind=RoleKind.DB_MEMBER).values("person_id")
        ).order_by("pk")
        for person in db_members:
            queue(
                f"db-digest:{person.pk}:{period}",
                person.email,
                "themegroups/mail/db_digest",
                {"person": person, "overdue": overdue, "due": due, "period": period},
            )

    secretary_pillars: dict[int, set[int]] = defaultdict(set)
    secretaries: dict[int, Person] = {}
    for role in (
        Role.objects.current(today).filter(kind=RoleKind.PILLAR_SECRETARY).select_related("person")
    ):
        secretary_pillars[role.person_id].add(role.pillar_id)
        secretaries[role.person_id] = role.person
    if secretaries:
        open_groups = ThemeGroup.objects.open().select_related("lead_pillar").order_by("name")
        lacking = list(open_groups.without_support(today))
        ending = list(open_groups.support_ending_soon(today))
        for person_id, pillar_ids in sorted(secretary_pillars.items()):
            mine_lacking = [g for g in lacking if g.lead_pillar_id in pillar_ids]
            mine_ending = [g for g in ending if g.lead_pillar_id in pillar_ids]
            if not mine_lacking and not mine_ending:
                continue
            person = secretaries[person_id]
            queue(
                f"pillar-digest:{person.pk}:{period}",
                person.email,
                "themegroups/mail/pillar_digest",
                {
                    "person": person,
                    "lacking": mine_lacking,
                    "ending": mine_ending,
                    "period": period,
                },
            )
    return queued


def support_hours_per_city(*, today: datetime.date | None = None, pillar_ids=None) -> list[dict]:
    """Current support hours per month by the supporting person's city, most first."""
    from django.db.models import Count, Sum

    today = today or timezone.localdate()
    supports = SupportAssignment.objects.current(today).filter(
        theme_group__status__in=[ThemeGroupStatus.ACTIVE, ThemeGroupStatus.PROPOSED]
    )
    if pillar_ids is not None:
        supports = supports.filter(theme_group__lead_pillar_id__in=pillar_ids)
    return list(
        supports.values("person__city__name", "person__city__cbs_code")
        .annotate(hours=Sum("hours_per_month"), groups=Count("theme_group", distinct=True))
        .order_by("-hours", "person__city__name")
    )
