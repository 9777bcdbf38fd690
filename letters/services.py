"""Drafting, editing, approving and sending member letters; elections.

Every service a user triggers takes a keyword-only ``by`` and asks members.permissions
again inside its transaction (``Forbidden``, code ``forbidden``). Refusals are
``ValidationError`` with a code: ``markup_refused``, ``not_a_draft``, ``already_sent``,
``not_sent``, ``introduction_exists``, ``already_confirmed``, ``busy``, …
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import gettext as _

from infra.locking import locked_transaction
from infra.services import Forbidden, require_allowed
from members.actors import acting_user, is_system
from members.models import Role
from members.permissions import permissions_for

from .constants import LetterKind, LetterStatus
from .markup import proposal, refused_markup, sanitise
from .models import Election, Letter, LetterCounter, RoleConfirmation
from .selectors import proposal_period


def _allowed(by, question) -> None:
    if not is_system(by):
        require_allowed(question(permissions_for(by)))


def check_markup(body_html: str) -> str:
    """Refuse a text with markup a letter may not hold (naming what was found); return
    it sanitised."""
    refused = refused_markup(body_html)
    if refused:
        raise ValidationError(
            _(
                "A letter may hold only paragraphs, headings, lists, bold, italic, links "
                "and quotes. Please remove: %(found)s"
            )
            % {"found": ", ".join(refused)},
            code="markup_refused",
        )
    text = sanitise(body_html)
    if not text:
        raise ValidationError(_("The letter has no text."), code="text_required")
    return text


def _next_number(year: int) -> int:
    """The year's next number, gapless: the counter row is locked until the caller's
    transaction ends, so a second draft waits for the first to commit."""
    LetterCounter.objects.get_or_create(year=year)
    counter = LetterCounter.objects.select_for_update().get(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def letter_draft(**kwargs) -> Letter:
    """A new numbered draft (see ``_letter_draft``). Its proposed text is written in the
    site's language (Dutch), whatever language the secretariat's pages are in: the letter
    goes to Dutch councils."""
    with translation.override(settings.LANGUAGE_CODE):
        return _letter_draft(**kwargs)


def _letter_draft(
    *,
    by,
    kind: str = LetterKind.LETTER,
    corrects: Letter | None = None,
    election: Election | None = None,
    today: datetime.date | None = None,
) -> Letter:
    """A new numbered draft. A member letter proposes its content from what the apps
    report for the period since the last letter; an erratum starts from the letter it
    corrects (which must have been sent); an introduction letter belongs to an election
    (one per election)."""
    today = today or timezone.localdate()
    covers_from = covers_until = None
    with locked_transaction():
        _allowed(by, lambda p: p.may_draft_letters)
        if kind == LetterKind.LETTER:
            since, until = proposal_period(today)
            _sections, body = proposal(since, until)
            covers_from, covers_until = since, until - datetime.timedelta(days=1)
            subject = _("Member letter of the G40 city network")
        elif kind == LetterKind.ERRATUM:
            if corrects is None or not corrects.is_sent:
                raise ValidationError(_("Only a sent letter can be corrected."), code="not_sent")
            subject = _("Erratum to %(number)s") % {"number": corrects.number_label}
            body = "<p>{}</p>".format(
                escape(
                    _("In %(number)s (%(subject)s) the following was not correct:")
                    % {"number": corrects.number_label, "subject": corrects.sent_subject}
                )
            )
        elif kind == LetterKind.INTRODUCTION:
            if election is None:
                raise ValidationError(_("Choose an election."), code="election_required")
            if Letter.objects.filter(kind=LetterKind.INTRODUCTION, election=election).exists():
                raise ValidationError(
                    _("This election already has an introduction letter."),
                    code="introduction_exists",
                )
            subject = _("Welcome to the G40 city network")
            body = "\n".join(
                f"<p>{escape(paragraph)}</p>"
                for paragraph in (
                    _("Dear council clerk, dear member of the college,"),
                    _(
                        "After the elections of %(date)s we would like to introduce the G40 "
                        "city network: forty mid-sized cities that work together in three "
                        "pillars (social, economy and work, physical), on network days and "
                        "in theme groups."
                    )
                    % {"date": date_format(election.held_on, "j F Y")},
                    _(
                        "You will receive our member letters from now on. Please tell the "
                        "secretariat who in your municipality is the contact for the network."
                    ),
                    _("With kind regards, the G40 city network"),
                )
            )
        else:
            raise ValidationError(_("Unknown kind of letter."), code="kind_invalid")
        letter = Letter(
            kind=kind,
            year=today.year,
            number=_next_number(today.year),
            subject=subject,
            body_html=body,
            covers_from=covers_from,
            covers_until=covers_until,
            corrects=corrects if kind == LetterKind.ERRATUM else None,
            election=election if kind == LetterKind.INTRODUCTION else None,
            drafted_by=acting_user(by),
        )
        letter.full_clean()
        try:
            letter.save()
        except IntegrityError as exc:
            raise ValidationError(
                _("This election already has an introduction letter."),
                code="introduction_exists",
            ) from exc
    return letter


def _lock(letter: Letter) -> Letter:
    """The letter's row, locked and read again inside the transaction."""
    return Letter.objects.select_for_update().get(pk=letter.pk)


def _refuse_unless_draft(letter: Letter) -> None:
    if letter.status == LetterStatus.SENT:
        raise ValidationError(
            _("This letter has been sent and can no longer be changed; write an erratum."),
            code="already_sent",
        )
    if letter.status != LetterStatus.DRAFT:
        raise ValidationError(
            _("This letter has been approved and is being sent; it can no longer be changed."),
            code="not_a_draft",
        )


def letter_update(*, by, letter: Letter, subject: str, body_html: str) -> Letter:
    """The secretariat edits a draft. The text is checked (``check_markup``) and stored
    sanitised."""
    with locked_transaction():
        # Who acts first: a refused user learns nothing about the text (issue 22, item 20).
        _allowed(by, lambda p: p.may_draft_letters)
        body = check_markup(body_html)
        letter = _lock(letter)
        _refuse_unless_draft(letter)
        letter.subject = subject.strip()
        letter.body_html = body
        letter.full_clean()
        letter.save(update_fields=["subject", "body_html"])
    return letter


def letter_approve(*, by, letter: Letter) -> Letter:
    """The DB's chair approves a draft; it is sent by a Celery task after the commit.
    Drafting it oneself gives no right to approve it."""
    with locked_transaction():
        permissions = None if is_system(by) else permissions_for(by)
        if permissions is not None and not permissions.may_approve_letters:
            raise Forbidden(
                _("Only the chair of the DB approves a letter, also one you drafted yourself.")
            )
        letter = _lock(letter)
        _refuse_unless_draft(letter)
        # Checked once more: a draft written by another path is sent only when clean.
        letter.body_html = check_markup(letter.body_html)
        letter.status = LetterStatus.APPROVED
        letter.approved_by = acting_user(by)
        letter.approved_at = timezone.now()
        letter.full_clean()
        letter.save(update_fields=["body_html", "status", "approved_by", "approved_at"])
        transaction.on_commit(lambda: _hand_off(letter.pk), robust=True)
    return letter


def _hand_off(letter_id: int) -> None:
    from .tasks import send_letter

    try:
        send_letter.apply_async((letter_id,), retry=False, ignore_result=True)
    except Exception:  # the sweep (letters.send_approved) sends it
        import logging

        logging.getLogger(__name__).warning("Letter %s not handed to the broker", letter_id)


def election_create(*, by, held_on: datetime.date, name: str) -> Election:
    with locked_transaction():
        _allowed(by, lambda p: p.may_manage_elections)
        election = Election(held_on=held_on, name=name.strip())
        election.full_clean()
        election.save()
    return election


def role_confirm(*, by, election: Election, role: Role) -> RoleConfirmation:
    """The secretariat records that a council clerk or college contact still holds the
    role after the election."""
    from members.constants import LETTER_ADDRESSEE_ROLES

    with locked_transaction():
        _allowed(by, lambda p: p.may_manage_elections)
        election = Election.objects.get(pk=election.pk)
        role = Role.objects.get(pk=role.pk, kind__in=LETTER_ADDRESSEE_ROLES)
        if RoleConfirmation.objects.filter(election=election, role=role).exists():
            raise ValidationError(
                _("This role has already been confirmed."), code="already_confirmed"
            )
        confirmation = RoleConfirmation(
            election=election, role=role, confirmed_on=timezone.localdate()
        )
        confirmation.full_clean()
        confirmation.save()
    return confirmation
