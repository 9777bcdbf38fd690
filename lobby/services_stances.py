"""Writes for cities' stances, deviation notices and cities' own actions, and the
reminders to the DB.

A deviation is a notice to the DB: what the city will do differently, why, from which
date, and how it is explained outside. It must be filed before that date; one filed on
or after it, or an action recorded for a city without a notice, is "onverwacht": the DB
and the coordinator get a mail (once) and the dossier and dashboard show it.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from infra.locking import locked_transaction
from members.actors import actor_permissions, person_of
from members.models import City

from .constants import StanceKind, UnexpectedReason, VersionStatus
from .mails import acknowledge_reminder_queue, acknowledged_queue, unexpected_queue
from .models import CityAction, DeviationNotice, Dossier, PositionVersion, Stance
from .rules import field_error, lock_dossier, person_name


def _notice_check(what: str, why: str, acts_from, explanation: str) -> None:
    errors = {}
    if not what.strip():
        errors["what"] = ValidationError(
            _("Say what the city will do differently."), code="what_required"
        )
    if not why.strip():
        errors["why"] = ValidationError(_("Say why."), code="reason_required")
    if acts_from is None:
        errors["acts_from"] = ValidationError(_("Say from which date."), code="date_required")
    if not explanation.strip():
        errors["explanation"] = ValidationError(
            _("Give a short explanation for the outside world."), code="explanation_required"
        )
    if errors:
        raise ValidationError(errors)


def stance_record(
    *,
    by,
    version: PositionVersion,
    city,
    kind: str,
    note: str = "",
    what: str = "",
    why: str = "",
    acts_from: datetime.date | None = None,
    explanation: str = "",
    today: datetime.date | None = None,
) -> Stance:
    """A city's stance on a version (its contact or the secretariat). Deviating files a
    notice to the DB with it; a notice filed on or after its own date is unexpected."""
    today = today or timezone.localdate()
    with locked_transaction():
        version = PositionVersion.objects.select_for_update().get(pk=version.pk)
        dossier = lock_dossier(version.dossier_id)
        version.dossier = dossier
        permissions = actor_permissions(by, lambda p: p.may_read_network)
        if permissions is not None and not permissions.may_record_stance_for(city.pk):
            raise ValidationError(
                _("You can record the stance of your own city only."), code="other_city"
            )
        if dossier.is_closed:
            raise ValidationError(_("This dossier is closed."), code="dossier_closed")
        if version.status == VersionStatus.SUPERSEDED:
            raise ValidationError(
                _("This version has been superseded: take a stance on the current one."),
                code="version_superseded",
            )
        if not city.is_member_on(timezone.localdate()):
            raise ValidationError(_("Only member cities take a stance."), code="not_a_member")
        if kind not in StanceKind.values:
            raise field_error("kind", _("Choose a stance."), "stance_required")
        stance = Stance.objects.select_for_update().filter(version=version, city=city).first()
        if stance is not None and stance.kind == StanceKind.DEVIATE:
            raise ValidationError(
                _("The city has filed a deviation notice on this version; talk to the DB."),
                code="deviation_filed",
            )
        if kind == StanceKind.DEVIATE:
            _notice_check(what, why, acts_from, explanation)
        if stance is None:
            stance = Stance(version=version, dossier=dossier, city=city)
        stance.kind = kind
        stance.note = note.strip()
        stance.recorded_by = person_of(by)
        stance.recorded_at = timezone.now()
        stance.full_clean()
        stance.save()
        if kind == StanceKind.DEVIATE:
            late = acts_from <= today
            notice = DeviationNotice(
                stance=stance,
                dossier=dossier,
                city=city,
                what=what.strip(),
                why=why.strip(),
                acts_from=acts_from,
                explanation=explanation.strip(),
                filed_by=person_of(by),
                unexpected=UnexpectedReason.LATE_NOTICE if late else UnexpectedReason.NONE,
            )
            notice.full_clean()
            notice.save()
            city_actions_follow_notices(dossier=dossier, city=city, today=today)
            if late:
                unexpected_queue(
                    key=f"lobby-unexpected:notice:{notice.pk}",
                    dossier=dossier,
                    city=city,
                    what=notice.what,
                    reason=str(UnexpectedReason.LATE_NOTICE.label),
                )
    return stance


def notice_acknowledge(*, by, notice: DeviationNotice, response: str) -> DeviationNotice:
    """The DB acknowledges a notice once, with a response."""
    with locked_transaction():
        notice = DeviationNotice.objects.select_for_update().get(pk=notice.pk)
        actor_permissions(by, lambda p: p.may_decide_lobby)
        if notice.acknowledged_at is not None:
            raise ValidationError(
                _("This notice has been acknowledged already."), code="already_acknowledged"
            )
        if not response.strip():
            raise field_error("response", _("Give the DB's response."), "response_required")
        notice.acknowledged_at = timezone.now()
        notice.acknowledged_by = person_name(by)
        notice.response = response.strip()
        notice.full_clean()
        notice.save(update_fields=["acknowledged_at", "acknowledged_by", "response"])
        acknowledged_queue(notice)  # the city hears back (issue 23, item 4)
    return notice


def _covering_notice(action: CityAction) -> DeviationNotice | None:
    """The city's notice on the dossier that covers ``action``: filed (on time) before
    the action's date and acting from that date at the latest; the latest such."""
    return (
        DeviationNotice.objects.filter(
            dossier_id=action.dossier_id,
            city_id=action.city_id,
            acts_from__lte=action.took_place_on,
            filed_at__date__lt=action.took_place_on,
            unexpected=UnexpectedReason.NONE,
        )
        .order_by("-filed_at", "-pk")
        .first()
    )


def _flag(action: CityAction, today: datetime.date) -> tuple[DeviationNotice | None, str]:
    """The action's notice and flag from the notices as they are now and from the date:
    under a covering notice it is expected; without one, an action whose date is ahead
    awaits a notice, any other is unexpected."""
    notice = _covering_notice(action)
    if notice is not None:
        return notice, UnexpectedReason.NONE
    if action.took_place_on > today:
        return None, UnexpectedReason.AWAITING_NOTICE
    return None, UnexpectedReason.NO_NOTICE


def _tell_unexpected(action: CityAction) -> None:
    """The DB and the coordinator hear of an unexpected action once (the outbox key
    names the action)."""
    unexpected_queue(
        key=f"lobby-unexpected:action:{action.pk}",
        dossier=action.dossier,
        city=action.city,
        what=action.description,
        reason=str(UnexpectedReason.NO_NOTICE.label),
    )


def city_actions_follow_notices(*, dossier, city, today: datetime.date | None = None) -> int:
    """Recompute the flags of the city's actions on the dossier from its notices and the
    date (after a notice is filed — or withdrawn, should that become possible — and when
    an action's date comes). The caller holds the dossier's lock. Returns how many
    changed."""
    today = today or timezone.localdate()
    changed = 0
    for action in CityAction.objects.select_for_update().filter(dossier=dossier, city=city):
        action.dossier, action.city = dossier, city
        notice, flag = _flag(action, today)
        if (action.notice_id, action.unexpected) == (getattr(notice, "pk", None), flag):
            continue
        action.notice, action.unexpected = notice, flag
        action.full_clean()
        action.save(update_fields=["notice", "unexpected"])
        if flag == UnexpectedReason.NO_NOTICE:
            _tell_unexpected(action)
        changed += 1
    return changed


def city_actions_come_due(*, today: datetime.date | None = None) -> int:
    """The date of an action recorded ahead has come: still without a notice, it is
    unexpected now (the beat task ``lobby.flag_due_actions``, hourly; running twice
    changes and sends nothing twice). Returns how many were flagged."""
    today = today or timezone.localdate()
    due = CityAction.objects.filter(
        unexpected=UnexpectedReason.AWAITING_NOTICE, took_place_on__lte=today
    ).values_list("dossier_id", "city_id")
    flagged = 0
    for dossier_id, city_id in sorted(set(due)):
        with locked_transaction():
            dossier = lock_dossier(dossier_id)
            city = City.objects.get(pk=city_id)
            flagged += city_actions_follow_notices(dossier=dossier, city=city, today=today)
    return flagged


def city_action_record(
    *,
    by,
    dossier: Dossier,
    city,
    description: str,
    took_place_on: datetime.date,
    today: datetime.date | None = None,
) -> CityAction:
    """A city's own action on a dossier. It belongs to the city's notice on the dossier
    that was filed before the action and acts from its date at the latest; without one
    it is unexpected, and the DB and the coordinator hear of it — or, dated ahead, it
    awaits a notice until its date (``_flag``)."""
    today = today or timezone.localdate()
    with locked_transaction():
        dossier = lock_dossier(dossier.pk)
        permissions = actor_permissions(by, lambda p: p.may_record_city_actions)
        if permissions is not None and not permissions.may_record_city_action_for(city.pk):
            raise ValidationError(
                _("You can record actions of your own city only."), code="other_city"
            )
        if not description.strip():
            raise field_error("description", _("Say what the city did."), "description_required")
        if took_place_on is None:
            raise field_error("took_place_on", _("Give the date."), "date_required")
        action = CityAction(
            dossier=dossier,
            city=city,
            description=description.strip(),
            took_place_on=took_place_on,
            recorded_by=person_of(by),
        )
        action.notice, action.unexpected = _flag(action, today)
        action.full_clean()
        action.save()
        if action.unexpected == UnexpectedReason.NO_NOTICE:
            _tell_unexpected(action)
    return action


def acknowledge_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Remind the DB (once per notice) of notices not acknowledged within
    ``LOBBY_ACKNOWLEDGE_DAYS`` days. The outbox key names the notice: a task that runs
    twice sends one reminder. Returns how many notices were newly reminded of."""
    from outbox.models import OutgoingMail

    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.LOBBY_ACKNOWLEDGE_DAYS)
    notices = list(
        DeviationNotice.objects.filter(acknowledged_at__isnull=True, filed_at__lte=cutoff)
        .select_related("city", "dossier")
        .order_by("pk")
    )
    keys = {f"lobby-acknowledge-reminder:{n.pk}" for n in notices}
    sent = set(OutgoingMail.objects.filter(key__in=keys).values_list("key", flat=True))
    count = 0
    for notice in notices:
        if f"lobby-acknowledge-reminder:{notice.pk}" in sent:
            continue
        acknowledge_reminder_queue(notice)
        count += 1
    return count
