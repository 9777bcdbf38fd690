"""Reads that pages share: the cap per year, attendance, whose registrations a page
lists, the invitees of a digital meeting. Each is a fixed number of queries, whatever
the number of registrations."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.db.models import BooleanField, Count, ExpressionWrapper, Max, Min, Q
from django.utils import timezone

from members.constants import PILLAR_ROLES
from members.models import City, Person, Role
from members.permissions import Permissions

from .constants import NetworkDayStatus, RegistrationStatus
from .models import DigitalMeeting, NetworkDay, Registration


def year_summaries(years) -> list[dict]:
    """For each year: how many network days are planned (cancelled ones not counted)."""
    counts = dict(
        NetworkDay.objects.counting_toward_cap()
        .filter(date__year__in=list(years))
        .values_list("date__year")
        .annotate(planned=Count("pk"))
        .values_list("date__year", "planned")
    )
    maximum = settings.NETWORK_DAYS_PER_YEAR
    return [
        {
            "year": year,
            "planned": counts.get(year, 0),
            "max": maximum,
            "full": counts.get(year, 0) >= maximum,
        }
        for year in sorted(years)
    ]


def _counts():
    return {
        "registered": Count("pk"),
        "present": Count("pk", filter=Q(checked_in_at__isnull=False)),
    }


def attendance_for_day(day: NetworkDay) -> list[dict]:
    """Per city: registered (confirmed), present, and no-show once the day is over."""
    held = day.date <= timezone.localdate()
    rows = (
        Registration.objects.filter(network_day=day, status=RegistrationStatus.CONFIRMED)
        .values("person__city__name")
        .annotate(**_counts())
        .order_by("person__city__name")
    )
    return [
        {
            "city": row["person__city__name"],
            "registered": row["registered"],
            "present": row["present"],
            "no_show": row["registered"] - row["present"] if held else None,
        }
        for row in rows
    ]


def attendance_years() -> tuple[int, int]:
    """The years the attendance pages cover: from the year of the network's first network
    day or digital meeting (the pages count both) to this year (or the year of the last
    one planned, if later). Two queries."""
    this_year = timezone.localdate().year
    days = NetworkDay.objects.aggregate(first=Min("date"), last=Max("date"))
    meetings = DigitalMeeting.objects.aggregate(first=Min("starts_at"), last=Max("starts_at"))
    years = [this_year]
    years += [day.year for day in days.values() if day is not None]
    years += [timezone.localtime(moment).year for moment in meetings.values() if moment]
    return min(years), max(years)


def attendance_for_year(year: int, years: tuple[int, int] | None = None) -> dict:
    """Per member city and per day of the year: registered and present; and the member
    cities that were absent from every day held so far. ``years`` (first, last) bounds
    the links to the year before and after (``attendance_years``)."""
    first, last = years or (year - 1, year + 1)
    today = timezone.localdate()
    days = list(
        NetworkDay.objects.filter(date__year=year, status=NetworkDayStatus.PUBLISHED).order_by(
            "date"
        )
    )
    held_ids = {d.pk for d in days if d.date <= today}
    cells = {
        (row["person__city_id"], row["network_day_id"]): row
        for row in Registration.objects.filter(
            network_day__in=days, status=RegistrationStatus.CONFIRMED
        )
        .values("person__city_id", "network_day_id")
        .annotate(**_counts())
    }
    meetings = digital_meeting_attendance_for_year(year)
    city_ids_with_rows = {city_id for city_id, _day in cells} | set(meetings)
    members = Q(pk__in=City.objects.members_during(year).values("pk"))
    cities = City.objects.filter(members | Q(pk__in=city_ids_with_rows)).annotate(
        member_in_year=ExpressionWrapper(members, output_field=BooleanField())
    )
    rows = []
    absent = []
    for city in cities:
        per_day = []
        registered = present = no_show = 0
        for day in days:
            cell = cells.get((city.pk, day.pk), {"registered": 0, "present": 0})
            held = day.pk in held_ids
            missed = cell["registered"] - cell["present"] if held else None
            per_day.append({"day": day, **cell, "no_show": missed, "held": held})
            registered += cell["registered"]
            present += cell["present"]
            no_show += missed or 0
        rows.append(
            {
                "city": city,
                "days": per_day,
                "registered": registered,
                "present": present,
                "no_show": no_show,
                "meetings": meetings.get(city.pk, {"invited": 0, "answered": 0, "present": 0}),
            }
        )
        if held_ids and city.member_in_year and present == 0:
            absent.append(city)
    return {
        "year": year,
        "days": days,
        "held_count": len(held_ids),
        "rows": rows,
        "absent": absent,
        "previous_year": year - 1 if year > first else None,
        "next_year": year + 1 if year < last else None,
    }


# --- whom a user acts for, whose registrations a page lists ----------------------


def people_user_may_register(permissions: Permissions):
    """The people the user may register or pass a place on to
    (``Permissions.may_act_for_people``)."""
    return (
        Person.objects.filter(permissions.may_act_for_people())
        .select_related("city")
        .order_by("city__name", "name")
    )


def registrations_shown_to(permissions: Permissions, registrations):
    """``registrations`` narrowed to those the user's own pages list (the day page, the
    dashboard): ``Permissions.may_see_registrations_where``."""
    return registrations.filter(permissions.may_see_registrations_where())


# --- digital meetings -------------------------------------------------------------


def digital_meeting_invitees(meeting: DigitalMeeting) -> list[Person]:
    """A pillar's current chairs and secretaries and (``invite_theme_group_members``) the
    members of the open theme groups it leads; or a theme group's members."""
    if meeting.pillar_id:
        from themegroups.constants import ThemeGroupStatus
        from themegroups.models import Membership

        person_ids = Q(
            pk__in=Role.objects.current(timezone.localdate())
            .filter(kind__in=PILLAR_ROLES, pillar_id=meeting.pillar_id)
            .values("person_id")
        )
        if meeting.invite_theme_group_members:
            person_ids |= Q(
                pk__in=Membership.objects.filter(
                    theme_group__lead_pillar_id=meeting.pillar_id,
                    theme_group__status__in=[ThemeGroupStatus.PROPOSED, ThemeGroupStatus.ACTIVE],
                ).values("person_id")
            )
        return list(Person.objects.filter(person_ids).select_related("city").order_by("name"))
    else:
        from themegroups.models import Membership

        person_ids = Membership.objects.filter(theme_group_id=meeting.theme_group_id).values(
            "person_id"
        )
    return list(Person.objects.filter(pk__in=person_ids).select_related("city").order_by("name"))


def meeting_invitation_rows(meeting: DigitalMeeting) -> dict:
    """The meeting's invitees (the current ones, and earlier ones who had an invitation)
    with their invitation, and per city: invited, answered, yes, present. Three queries."""
    from .models import MeetingInvitation

    invitations = {
        invitation.person_id: invitation
        for invitation in MeetingInvitation.objects.filter(meeting=meeting).select_related(
            "person__city"
        )
    }
    rows = [
        {"person": person, "invitation": invitations.pop(person.pk, None), "former": False}
        for person in digital_meeting_invitees(meeting)
    ]
    rows += [
        {"person": invitation.person, "invitation": invitation, "former": True}
        for invitation in invitations.values()
    ]
    rows.sort(key=lambda row: row["person"].name)
    cities: dict[str, dict] = {}
    for row in rows:
        invitation = row["invitation"]
        city = cities.setdefault(
            row["person"].city.name,
            {"city": row["person"].city.name, "invited": 0, "answered": 0, "yes": 0, "present": 0},
        )
        city["invited"] += 1
        if invitation is not None:
            city["answered"] += bool(invitation.answer)
            city["yes"] += invitation.answer == "yes"
            city["present"] += invitation.attended is True
    return {
        "rows": rows,
        "cities": sorted(cities.values(), key=lambda c: c["city"]),
        "recorded": any(r["invitation"] and r["invitation"].attended is not None for r in rows),
    }


def digital_meeting_attendance_for_year(year: int) -> dict[int, dict]:
    """Per city (id): invitations to digital meetings that start in ``year``, how many
    were answered, and how many attended. One query."""
    from .models import MeetingInvitation

    return {
        row["person__city_id"]: row
        for row in MeetingInvitation.objects.filter(meeting__starts_at__year=year)
        .values("person__city_id")
        .annotate(
            invited=Count("pk"),
            answered=Count("pk", filter=~Q(answer="")),
            present=Count("pk", filter=Q(attended=True)),
        )
        .order_by()
    }


def digital_meetings_for_person(person: Person):
    """Digital meetings the person is invited to (their pillars, their theme groups)."""
    from themegroups.models import Membership

    pillar_ids = (
        Role.objects.current(timezone.localdate())
        .filter(person=person, kind__in=PILLAR_ROLES)
        .values("pillar_id")
    )
    group_ids = Membership.objects.filter(person=person).values("theme_group_id")
    return DigitalMeeting.objects.filter(
        Q(pillar_id__in=pillar_ids) | Q(theme_group_id__in=group_ids)
    )


def colleagues_of(person: Person):
    """Whom a registration of ``person`` may be passed on to: the same city's people."""
    return Person.objects.filter(city_id=person.city_id).exclude(pk=person.pk)


def waiting_list_place(
    day: NetworkDay, city_id: int | None, counts: dict[str, int] | None = None
) -> int | None:
    """Where someone of ``city_id`` would land on registering now: ``None`` while there
    is a seat (within the limit per city), otherwise their place on the waiting list
    (the people waiting, plus one). ``counts`` ("confirmed", "waiting": the day's page
    has counted them already) saves asking them again."""
    confirmed = day.registrations.confirmed()
    confirmed_count = counts["confirmed"] if counts is not None else confirmed.count()
    full = confirmed_count >= day.capacity
    if not full and day.seats_per_city is not None and city_id is not None:
        full = confirmed.filter(person__city_id=city_id).count() >= day.seats_per_city
    if not full:
        return None
    if counts is not None:
        return counts["waiting"] + 1
    return day.registrations.filter(status=RegistrationStatus.WAITING).count() + 1


# --- the list of network days -------------------------------------------------------


def day_list_context(permissions: Permissions) -> dict:
    """This year's days in full; earlier years (ten years hold forty days) as links to
    their attendance pages, which list their days: the page does not grow with time.
    Drafts only for those who manage days; the viewer's own registrations; the coming
    digital meetings."""
    may_manage = permissions.may_manage_network_days
    person_id = permissions.person.pk if permissions.person is not None else None
    today = timezone.localdate()
    visible = NetworkDay.objects.all()
    if not may_manage:
        visible = visible.exclude(status=NetworkDayStatus.DRAFT)
    since = datetime.date(today.year, 1, 1)
    days = list(
        visible.filter(date__gte=since)
        .with_counts()
        .select_related("host_city")
        .order_by("date", "starts_at", "pk")
    )
    earlier_years = [d.year for d in visible.filter(date__lt=since).dates("date", "year", "DESC")]
    mine = {}
    if person_id is not None:
        mine = {
            r.network_day_id: r for r in Registration.objects.active().filter(person_id=person_id)
        }
    for day in days:
        day.my_registration = mine.get(day.pk)
    coming = [d for d in days if d.date >= today]
    past = [d for d in days if d.date < today]
    past_by_year = defaultdict(list)
    for day in reversed(past):
        past_by_year[day.date.year].append(day)
    years = sorted({today.year, *(d.date.year for d in coming)})
    meetings = list(
        DigitalMeeting.objects.filter(ends_at__gte=timezone.now()).select_related(
            "pillar", "theme_group"
        )
    )
    return {
        "coming": coming,
        "past_by_year": sorted(past_by_year.items(), reverse=True),
        "earlier_years": earlier_years,
        "summaries": year_summaries(years),
        "meetings": meetings,
        "may_manage": may_manage,
        "may_create_meetings": permissions.may_create_digital_meetings,
        "this_year": today.year,
    }
