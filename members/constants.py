from django.db import models
from django.utils.translation import gettext_lazy as _


class CityStatus(models.TextChoices):
    """A city's membership on a day, derived from its membership periods (never stored)."""

    MEMBER = "member", _("member")
    ADMITTED = "admitted", _("admitted, member from a later date")
    APPLICANT = "applicant", _("no member")
    FORMER = "former", _("former member")


class Function(models.TextChoices):
    MAYOR = "burgemeester", _("mayor")
    ALDERMAN = "wethouder", _("alderman")
    CIVIL_SERVANT = "ambtenaar", _("civil servant")
    COUNCIL_CLERK = "griffier", _("council clerk")
    OTHER = "other", _("other")


class RoleKind(models.TextChoices):
    SECRETARIAT = "secretariat", _("secretariat")
    DB_MEMBER = "db_member", _("executive board (DB) member")
    PILLAR_CHAIR = "pillar_chair", _("pillar chair")
    PILLAR_SECRETARY = "pillar_secretary", _("pillar secretary")
    CITY_CONTACT = "city_contact", _("city contact")
    CITY_OFFICIAL = "city_official", _("city official")
    LOBBY_COORDINATOR = "lobby_coordinator", _("lobby coordinator")
    # The host's or network's event staff: attendee lists and check-in on the day.
    EVENT_BUREAU = "event_bureau", _("event bureau")
    # Addressees of the member letter (letters app): a member city's council clerk
    # (griffie) and its contact in the college of mayor and aldermen.
    GRIFFIER = "griffier", _("council clerk (griffier)")
    COLLEGE_CONTACT = "college_contact", _("college contact")


class BoardPosition(models.TextChoices):
    CHAIR = "chair", _("chair")
    VICE_CHAIR = "vice_chair", _("vice-chair")
    MEMBER = "member", _("member")


PILLAR_ROLES = (RoleKind.PILLAR_CHAIR, RoleKind.PILLAR_SECRETARY)

# The roles a member letter is addressed to (besides the subscribers).
LETTER_ADDRESSEE_ROLES = (RoleKind.GRIFFIER, RoleKind.COLLEGE_CONTACT)

CBS_CODE_REGEX = r"^GM[0-9]{4}$"


def role_label(kind: str, board_position: str, pillar_short_name: str) -> str:
    """A role as a page shows it ("pillar chair, SP"), its choices' labels looked up
    directly: ``get_FOO_display`` builds a dict of every choice on each call (a city's
    page labels a hundred roles)."""

    def label(choices, value) -> str:
        try:
            return str(choices(value).label)
        except ValueError:
            return value

    kind_label = label(RoleKind, kind)
    if kind == RoleKind.DB_MEMBER:
        return f"{kind_label}, {label(BoardPosition, board_position)}"
    if pillar_short_name:
        return f"{kind_label}, {pillar_short_name}"
    return kind_label
