"""Writes for dossiers and position versions (moments: ``services_moments``; stances,
notices and cities' actions: ``services_stances``).

Every service a user triggers takes ``by`` (keyword-only) and runs in
``locked_transaction()``, locks the dossier first, asks ``members.permissions`` the
view's question again (``Forbidden``, code ``forbidden``) and refuses bad input with a
coded ``ValidationError``. The text of a position or a moment belongs to the owning
pillar: the coordinator schedules and routes, and a text change by anyone else is
refused with code ``text_owned_by_pillar``.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from infra.locking import locked_transaction
from members.actors import actor_permissions, person_of

from .constants import DossierStatus, VersionStatus
from .mails import stance_requests_queue, vng_covered_queue
from .models import Dossier, PositionVersion
from .rules import field_error, lock_dossier, person_name, refuse_closed, require_text_owner
from .selectors import unanswered_cities

# --- dossiers -----------------------------------------------------------------------


def _refuse_covered_with_moments(dossier: Dossier) -> None:
    if dossier.vng_covers and dossier.pk and dossier.moments.exists():
        raise field_error(
            "vng_alignment",
            _("This dossier has moments of its own: it cannot be left to the VNG."),
            "vng_covers_has_moments",
        )


def dossier_open(
    *,
    by,
    subject: str,
    pillar,
    vng_alignment: str,
    vng_note: str = "",
    status: str = DossierStatus.PREPARING,
    coordinator=None,
    carriers=(),
    targets=(),
) -> Dossier:
    with locked_transaction():
        permissions = actor_permissions(by, lambda p: p.may_open_dossiers)
        if permissions is not None and not permissions.may_open_dossier_for(pillar.pk):
            raise field_error(
                "pillar", _("You can open dossiers for your own pillar only."), "forbidden"
            )
        subject = subject.strip()
        if Dossier.objects.filter(subject__iexact=subject).exists():
            raise field_error("subject", _("A dossier with this subject exists."), "subject_taken")
        dossier = Dossier(
            subject=subject,
            pillar=pillar,
            vng_alignment=vng_alignment,
            vng_note=vng_note.strip(),
            status=status,
            coordinator=coordinator,
        )
        dossier.full_clean()
        dossier.save()
        dossier.carriers.set(carriers)
        dossier.targets.set(targets)
    return dossier


# A dossier's own words: the owning pillar's (``may_word_dossier_of``), never the
# coordinator's, who edits status, alignment, carriers and targets.
DOSSIER_WORDS = ("subject", "vng_note")


def dossier_edit(*, by, dossier: Dossier, **fields) -> Dossier:
    """Status, alignment, note, coordinator, carriers and targets. A dossier with own
    moments cannot be marked "the VNG covers it"."""
    carriers = fields.pop("carriers", None)
    targets = fields.pop("targets", None)
    with locked_transaction():
        dossier = lock_dossier(dossier.pk)
        permissions = actor_permissions(by, lambda p: p.may_edit_dossier(dossier.pillar_id))
        was_active_own = dossier.status == DossierStatus.ACTIVE and not dossier.vng_covers
        for name, value in fields.items():
            if name not in {"status", "vng_alignment", "vng_note", "coordinator", "subject"}:
                raise ValueError(name)
            value = value.strip() if isinstance(value, str) else value
            if (
                name in DOSSIER_WORDS
                and value != getattr(dossier, name)
                and permissions is not None
                and not permissions.may_word_dossier_of(dossier.pillar_id)
            ):
                raise ValidationError(
                    _("Only the pillar that owns this dossier can change its text."),
                    code="text_owned_by_pillar",
                )
            setattr(dossier, name, value)
        _refuse_covered_with_moments(dossier)
        left_to_vng = was_active_own and dossier.vng_covers
        if left_to_vng:
            # Issue 23, item 5: who and why are recorded, and the pillar is told.
            if not dossier.vng_note:
                raise field_error(
                    "vng_note",
                    _("Say why the network leaves this active dossier to the VNG."),
                    "vng_reason_required",
                )
            dossier.vng_covered_by = person_name(by)
            dossier.vng_covered_at = timezone.now()
        dossier.full_clean()
        dossier.save()
        if left_to_vng:
            vng_covered_queue(dossier)
        if carriers is not None:
            dossier.carriers.set(carriers)
        if targets is not None:
            dossier.targets.set(targets)
    return dossier


# --- position versions -----------------------------------------------------------------


def _text_check(title: str, summary: str, text: str) -> None:
    if not (title.strip() and summary.strip() and text.strip()):
        raise ValidationError(
            _("A position needs a title, a summary and a text."), code="text_required"
        )


def version_propose(
    *,
    by,
    dossier: Dossier,
    title: str,
    summary: str,
    text: str,
    stances_due_on: datetime.date,
    today=None,
) -> PositionVersion:
    """The owning pillar proposes a new version; it never rewrites an earlier one. Every
    member city's contact is asked for the city's stance by ``stances_due_on``."""
    today = today or timezone.localdate()
    with locked_transaction():
        dossier = lock_dossier(dossier.pk)
        require_text_owner(by, dossier)
        refuse_closed(dossier)
        _text_check(title, summary, text)
        if stances_due_on is None or stances_due_on <= today:
            raise field_error(
                "stances_due_on", _("The deadline for the cities lies ahead."), "deadline_past"
            )
        if dossier.versions.filter(
            status__in=[VersionStatus.PROPOSED, VersionStatus.AT_DB]
        ).exists():
            raise ValidationError(
                _("A proposed version is still open; the DB decides on it first."),
                code="proposal_open",
            )
        number = (dossier.versions.aggregate(top=Max("number"))["top"] or 0) + 1
        version = PositionVersion(
            dossier=dossier,
            number=number,
            title=title.strip(),
            summary=summary.strip(),
            text=text.strip(),
            stances_due_on=stances_due_on,
            proposed_by=person_of(by),
        )
        version.full_clean()
        version.save()
        stance_requests_queue(version)
    return version


def version_text_edit(
    *, by, version: PositionVersion, title: str, summary: str, text: str
) -> PositionVersion:
    """The owning pillar may reword its proposal until a city has answered or the DB
    has it; after that a change is a new version."""
    with locked_transaction():
        version = PositionVersion.objects.select_for_update().get(pk=version.pk)
        dossier = lock_dossier(version.dossier_id)
        require_text_owner(by, dossier)
        if version.status != VersionStatus.PROPOSED or version.stances.exists():
            raise ValidationError(
                _("Cities have answered on this text or it is decided: propose a new version."),
                code="version_fixed",
            )
        _text_check(title, summary, text)
        version.title, version.summary, version.text = title.strip(), summary.strip(), text.strip()
        version.full_clean()
        version.save(update_fields=["title", "summary", "text"])
    return version


def version_route(*, by, version: PositionVersion) -> PositionVersion:
    """The coordinator sends a proposed version to the DB for its decision."""
    with locked_transaction():
        version = PositionVersion.objects.select_for_update().get(pk=version.pk)
        dossier = lock_dossier(version.dossier_id)
        actor_permissions(by, lambda p: p.may_coordinate_lobby)
        refuse_closed(dossier)
        if version.status != VersionStatus.PROPOSED:
            raise ValidationError(_("This version is not a proposal."), code="not_proposed")
        version.status = VersionStatus.AT_DB
        version.routed_at = timezone.now()
        version.save(update_fields=["status", "routed_at"])
    return version


def _agree_reason_message(version, early: bool, unanswered: int) -> str:
    parts = []
    if early:
        parts.append(
            _("The cities answer by %(date)s.")
            % {"date": date_format(version.stances_due_on, "j F Y")}
        )
    if unanswered:
        parts.append(
            ngettext(
                "%(count)s member city has not answered.",
                "%(count)s member cities have not answered.",
                unanswered,
            )
            % {"count": unanswered}
        )
    parts.append(_("Give the DB's reason for agreeing now; it is recorded with the position."))
    return " ".join(parts)


def version_agree(
    *, by, version: PositionVersion, reason: str = "", today: datetime.date | None = None
) -> PositionVersion:
    """The DB agrees the version the coordinator sent it; the agreed one before it is
    superseded (kept as it was, stances and all). Before the cities' deadline, or with
    member cities that have not answered, the DB gives its reason (``reason_required``);
    the reason and the number unanswered are recorded with the version."""
    today = today or timezone.localdate()
    with locked_transaction():
        version = PositionVersion.objects.select_for_update().get(pk=version.pk)
        dossier = lock_dossier(version.dossier_id)
        actor_permissions(by, lambda p: p.may_decide_lobby)
        refuse_closed(dossier)
        if version.status != VersionStatus.AT_DB:
            raise ValidationError(
                _("The DB decides on versions the coordinator sent it."), code="not_at_db"
            )
        unanswered = len(unanswered_cities(version))
        reason = reason.strip()
        early = today < version.stances_due_on
        if (early or unanswered) and not reason:
            raise field_error(
                "reason", _agree_reason_message(version, early, unanswered), "reason_required"
            )
        for earlier in dossier.versions.select_for_update().filter(status=VersionStatus.AGREED):
            earlier.status = VersionStatus.SUPERSEDED
            earlier.save(update_fields=["status"])
        version.status = VersionStatus.AGREED
        version.agreed_at = timezone.now()
        version.agreed_by = person_name(by)
        version.agreed_unanswered = unanswered
        version.agreed_reason = reason
        version.full_clean()
        version.save(
            update_fields=[
                "status",
                "agreed_at",
                "agreed_by",
                "agreed_unanswered",
                "agreed_reason",
            ]
        )
    return version
