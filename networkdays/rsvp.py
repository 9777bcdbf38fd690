"""The RSVP link of a digital meeting's invitation: a signed token (``TimestampSigner``
with its own salt) naming the meeting, the person and a random code. Whoever holds the
link may answer once, without logging in; the random code is stored when it is used
(``RsvpTokenUse``), so a second use is refused. It expires after
``DIGITAL_MEETING_RSVP_LINK_DAYS``."""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .constants import RSVP_TOKEN_SALT


@dataclass(frozen=True)
class RsvpToken:
    meeting_id: int
    person_id: int
    nonce: str


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=RSVP_TOKEN_SALT)


def rsvp_token_make(*, meeting_id: int, person_id: int) -> str:
    """A new link for one invitee of one meeting (a new random code each time)."""
    return _signer().sign_object(
        {"m": meeting_id, "p": person_id, "n": secrets.token_urlsafe(16)}, compress=True
    )


def rsvp_token_read(token: str, *, meeting_id: int) -> RsvpToken:
    """The link's content, or a refusal with a code: ``token_invalid`` (altered or not
    ours), ``token_expired``, ``token_other_meeting`` (a link of another meeting)."""
    max_age = datetime.timedelta(days=settings.DIGITAL_MEETING_RSVP_LINK_DAYS)
    try:
        data = _signer().unsign_object(token, max_age=max_age)
    except signing.SignatureExpired:
        raise ValidationError(
            _("This link has expired. Answer on the meeting's page after logging in."),
            code="token_expired",
        ) from None
    except signing.BadSignature:
        raise ValidationError(
            _("This link is not valid. Check that you copied it completely."),
            code="token_invalid",
        ) from None
    try:
        parsed = RsvpToken(meeting_id=int(data["m"]), person_id=int(data["p"]), nonce=data["n"])
    except (KeyError, TypeError, ValueError):
        raise ValidationError(_("This link is not valid."), code="token_invalid") from None
    if parsed.meeting_id != meeting_id:
        raise ValidationError(
            _("This link belongs to another meeting."), code="token_other_meeting"
        )
    return parsed
