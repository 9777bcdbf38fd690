"""Reads that several views share: the cap per year and attendance. Each is a fixed
number of queries, whatever the number of registrations."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from members.models import City

from .constants import NetworkDayStatus, RegistrationStatus
from .models import NetworkDay, Registration


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


def attendance_for_year(year: int) -> dict:
    """Per member city and per day of the year: registered and present; and the member
    cities that were absent from every day held so far."""
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
    city_ids_with_rows = {city_id for city_id, _day in cells}
    cities = City.objects.filter(Q(status="member") | Q(pk__in=city_ids_with_rows))
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
            }
        )
        if held_ids and city.status == "member" and present == 0:
            absent.append(city)
    return {
        "year": year,
        "days": days,
        "held_count": len(held_ids),
        "rows": rows,
        "absent": absent,
        "previous_year": year - 1,
        "next_year": year + 1,
    }
