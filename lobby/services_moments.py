"""Writes for a dossier's moments: the owning pillar words them, the coordinator plans
them, the DB decides those routed to it. Same pattern as ``services``: keyword-only
``by`` (a user or ``SYSTEM``), the dossier locked first, coded refusals."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from infra.locking import locked_transaction
from members.actors import actor_permissions, person_of

from .constants import MomentStatus
from .models import Dossier, Moment
from .rules import field_error, lock_dossier, person_name, refuse_closed, require_text_owner

# --- moments -----------------------------------------------------------------------------


def moment_propose(*, by, dossier: Dossier, kind: str, title: str, text: str) -> Moment:
    with locked_transaction():
        dossier = lock_dossier(dossier.pk)
        require_text_owner(by, dossier)
        refuse_closed(dossier)
        if dossier.vng_covers:
            raise ValidationError(
                _("The VNG covers this dossier: the network takes no action of its own."),
                code="vng_covers",
            )
        if not (title.strip() and text.strip()):
            raise ValidationError(_("A moment needs a title and a text."), code="text_required")
        moment = Moment(
            dossier=dossier,
            kind=kind,
            title=title.strip(),
            text=text.strip(),
            proposed_by=person_of(by),
        )
        moment.full_clean()
        moment.save()
    return moment


def moment_text_edit(*, by, moment: Moment, title: str, text: str) -> Moment:
    with locked_transaction():
        moment = Moment.objects.select_for_update().get(pk=moment.pk)
        dossier = lock_dossier(moment.dossier_id)
        require_text_owner(by, dossier)
        if moment.status == MomentStatus.HELD:
            raise ValidationError(_("This moment has been held."), code="moment_held")
        if not (title.strip() and text.strip()):
            raise ValidationError(_("A moment needs a title and a text."), code="text_required")
        moment.title, moment.text = title.strip(), text.strip()
        moment.full_clean()
        moment.save(update_fields=["title", "text"])
    return moment


def moment_plan(
    *,
    by,
    moment: Moment,
    takes_place_on=None,
    route_to_db: bool = False,
    outcome: str = "",
    today=None,
) -> Moment:
    """The coordinator schedules a moment (a date), routes it to the DB when it needs a
    decision, and records its outcome once held. The text stays the pillar's."""
    today = today or timezone.localdate()
    outcome = outcome.strip()
    with locked_transaction():
        moment = Moment.objects.select_for_update().get(pk=moment.pk)
        dossier = lock_dossier(moment.dossier_id)
        actor_permissions(by, lambda p: p.may_coordinate_lobby)
        refuse_closed(dossier)
        if dossier.vng_covers:
            raise ValidationError(
                _("The VNG covers this dossier: the network takes no action of its own."),
                code="vng_covers",
            )
        if moment.status in (MomentStatus.REFUSED, MomentStatus.HELD):
            raise ValidationError(_("This moment is decided."), code="moment_decided")
        if route_to_db:
            if moment.status != MomentStatus.PROPOSED:
                raise ValidationError(
                    _("Only a proposed moment goes to the DB."), code="not_proposed"
                )
            moment.status = MomentStatus.AT_DB
        elif moment.status == MomentStatus.AT_DB:
            raise ValidationError(_("The DB decides on this moment first."), code="at_db")
        if takes_place_on is not None:
            moment.takes_place_on = takes_place_on
            if not route_to_db:
                moment.status = MomentStatus.SCHEDULED
        if outcome:
            if moment.takes_place_on is None or moment.takes_place_on > today:
                raise field_error(
                    "outcome", _("An outcome is recorded after the moment."), "not_held_yet"
                )
            moment.outcome = outcome
            moment.status = MomentStatus.HELD
        moment.full_clean()
        moment.save()
    return moment


def moment_decide(*, by, moment: Moment, approve: bool, note: str) -> Moment:
    with locked_transaction():
        moment = Moment.objects.select_for_update().get(pk=moment.pk)
        lock_dossier(moment.dossier_id)
        actor_permissions(by, lambda p: p.may_decide_lobby)
        if moment.status != MomentStatus.AT_DB:
            raise ValidationError(
                _("The DB decides on moments the coordinator sent it."), code="not_at_db"
            )
        if not note.strip():
            raise field_error("note", _("Say why."), "reason_required")
        moment.status = MomentStatus.APPROVED if approve else MomentStatus.REFUSED
        moment.db_note = f"{note.strip()} — {person_name(by)}"
        moment.save(update_fields=["status", "db_note"])
    return moment
