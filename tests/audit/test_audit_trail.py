"""The audit trail: every change a user makes to cities, people, roles, days,
registrations and theme groups is a LogEntry with who, when, what and which request."""

import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone

from members.constants import RoleKind
from members.models import City, Role
from members.services import cbs_figures_import
from networkdays.constants import RegistrationStatus
from networkdays.models import NetworkDay, Registration
from networkdays.services import network_day_save
from networkdays.services_registrations import (
    registration_cancel,
    registration_create,
    registration_substitute,
)
from themegroups.constants import ReviewOutcome
from themegroups.models import Membership, ReviewDecision, SupportAssignment
from themegroups.services import theme_group_decide
from themegroups.services_members import membership_add, support_assign

from ..networkdays.factories import NetworkDayFactory
from ..themegroups.factories import ThemeGroupFactory, days
from .helpers import as_request


def _entries(instance):
    return LogEntry.objects.get_for_object(instance).order_by("timestamp", "pk")


def _admin_data(instance) -> dict:
    return {
        key: ("" if value is None else value)
        for key, value in model_to_dict(instance).items()
        if key != "id"
    }


# --- members: through the pages and the admin, as the users do it -------------------


def test_a_city_edited_in_the_admin_is_recorded_with_actor_address_and_request(world):
    city = world.city_a
    data = _admin_data(city)
    data["population"] = city.population + 1000
    # The city's membership periods are an inline of the city's admin page.
    period = city.membership_periods.get()
    data.update(
        {
            "membership_periods-TOTAL_FORMS": "1",
            "membership_periods-INITIAL_FORMS": "1",
            "membership_periods-0-id": period.pk,
            "membership_periods-0-city": city.pk,
            "membership_periods-0-starts_on": period.starts_on.isoformat(),
            "membership_periods-0-ends_on": "",
            "membership_periods-0-source": period.source,
        }
    )
    response = world.client("secretariat").post(
        reverse("admin:members_city_change", args=[city.pk]), data, REMOTE_ADDR="192.0.2.7"
    )
    assert response.status_code == 302
    entry = _entries(city).last()
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.actor == world.person("secretariat").user
    assert entry.changes["population"] == [str(city.population), str(city.population + 1000)]
    assert entry.remote_addr == "192.0.2.7"
    assert entry.cid and len(entry.cid) == 32


def test_cbs_import_is_recorded_per_city(world):
    """The import saved with bulk_update(), which no signal sees; now one save per city."""
    text = (
        "cbs_code,population,population_date,urbanity_class,urbanity_year,address_density\n"
        f"{world.city_a.cbs_code},123456,2024-01-01,2,2023,1500\n"
    )
    assert cbs_figures_import(text=text) == 1
    entry = _entries(world.city_a).last()
    assert entry.changes["population"][1] == "123456"


def test_a_person_edited_by_the_city_contact_is_recorded(world):
    person = world.person("official_a")
    client = world.client("contact_a")
    response = client.post(
        reverse("people:person_edit", kwargs={"pk": person.pk}),
        {"name": "Hernoemd", "email": person.email, "function": person.function},
    )
    assert response.status_code == 302
    entry = _entries(person).last()
    assert entry.actor == world.person("contact_a").user
    assert entry.changes["name"] == [person.name, "Hernoemd"]
    # The response names the request, so a report can be matched to its entries.
    assert response["X-Request-ID"] == entry.cid


def test_a_role_started_and_ended_in_the_admin_is_recorded(world):
    client = world.client("secretariat")
    person = world.person("official_a")
    response = client.post(
        reverse("admin:members_role_add"),
        {
            "person": person.pk,
            "kind": RoleKind.CITY_CONTACT,
            "board_position": "",
            "pillar": "",
            "starts_on": timezone.localdate().isoformat(),
            "ends_on": "",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    role = Role.objects.get(person=person, kind=RoleKind.CITY_CONTACT)
    data = _admin_data(role)
    data["ends_on"] = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    assert (
        client.post(reverse("admin:members_role_change", args=[role.pk]), data).status_code == 302
    )
    created, ended = _entries(role)
    assert created.action == LogEntry.Action.CREATE
    assert created.actor == ended.actor == world.person("secretariat").user
    assert ended.changes["ends_on"] == ["None", data["ends_on"]]


# --- network days: through the services, as a request runs them ---------------------


def test_a_day_saved_is_recorded(world):
    day = NetworkDayFactory(capacity=10)
    user = world.person("secretariat").user
    day.capacity = 20
    with as_request(user):
        network_day_save(day=day, by=user)
    entry = _entries(day).last()
    assert entry.actor == user
    assert entry.changes["capacity"] == ["10", "20"]
    assert "sequence" not in entry.changes and "updated_at" not in entry.changes


def test_registration_create_cancel_substitute_are_recorded_without_needs(world):
    day = NetworkDayFactory(capacity=10)
    official = world.person("official_a")
    user = official.user
    with as_request(user):
        registration = registration_create(
            day=day, person=official, by=user, dietary_needs="glutenvrij"
        )
    contact = world.person("contact_a").user  # the city's contact passes the seat on
    with as_request(contact):
        registration_substitute(
            registration=registration, substitute=world.person("contact_a"), by=contact
        )
    substitute = Registration.objects.get(network_day=day, person=world.person("contact_a"))
    with as_request(world.person("contact_a").user):
        registration_cancel(registration=substitute, by=world.person("contact_a").user)
    created = _entries(registration).first()
    assert created.action == LogEntry.Action.CREATE
    assert created.actor == user
    assert created.changes["status"][1] == RegistrationStatus.CONFIRMED
    # Needs are purged after 30 days; the audit trail, kept two years, never holds them.
    assert "dietary_needs" not in created.changes
    assert not LogEntry.objects.filter(changes__icontains="glutenvrij").exists()
    assert _entries(registration).count() >= 2  # the substitution changed it
    cancelled = _entries(substitute).last()
    assert cancelled.actor == world.person("contact_a").user
    assert cancelled.changes["status"][1] == RegistrationStatus.CANCELLED


def test_calendar_feed_tokens_are_not_recorded(world):
    from networkdays.services import calendar_feed_regenerate

    official = world.person("official_a")
    feed = calendar_feed_regenerate(person=official, by=official.user)
    assert not LogEntry.objects.filter(changes__icontains=feed.token).exists()


# --- theme groups ------------------------------------------------------------------------


def test_decision_support_and_membership_are_recorded(world):
    group = ThemeGroupFactory(lead_pillar=world.pillar, review_due_on=days(-1))
    secretary = world.person("pillar_secretary").user
    db_member = world.person("db_member").user
    with as_request(secretary):
        membership_add(by=secretary, group=group, person=world.person("official_a"), role="member")
        support_assign(
            by=secretary,
            group=group,
            person=world.person("official_b"),
            hours_per_month=Decimal("6"),
            starts_on=days(0),
            ends_on=days(60),
        )
    with as_request(db_member):
        theme_group_decide(
            by=db_member,
            group=group,
            review_due_on=days(-1),
            outcome=ReviewOutcome.END,
            ends_on=days(0),
            reason="Klaar.",
        )
    membership = _entries(Membership.objects.get()).get()
    assert membership.actor == secretary
    assert membership.changes["person"] == ["None", str(world.person("official_a").pk)]
    assert membership.additional_data == {"theme_group": group.pk}
    support, support_ended = _entries(SupportAssignment.objects.get())
    assert support.actor == secretary and support.changes["hours_per_month"][1] == "6"
    decision = _entries(ReviewDecision.objects.get()).get()
    # Ending the group ended its support on the decision's date, in the same request.
    assert support_ended.actor == db_member
    assert support_ended.changes["ends_on"] == [str(days(60)), str(days(0))]
    assert support_ended.cid == decision.cid
    assert decision.actor == db_member and decision.changes["reason"] == ["None", "Klaar."]
    ended = _entries(group).last()
    assert ended.actor == db_member and ended.changes["status"] == ["active", "ended"]
    assert ended.cid == decision.cid  # one request


# --- request context: the client address as the login throttle sees it --------------


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [(0, "203.0.113.9", "10.0.0.1"), (1, "198.51.100.1, 203.0.113.9", "203.0.113.9")],
    ids=["no proxy: the header is ignored", "one proxy: the address it saw"],
)
def test_the_address_is_the_projects_client_address(world, settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    person = world.person("official_a")
    world.client("contact_a").post(
        reverse("people:person_edit", kwargs={"pk": person.pk}),
        {"name": "Hernoemd", "email": person.email, "function": person.function},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR=forwarded,
    )
    assert _entries(person).last().remote_addr == expected


def test_a_client_cannot_choose_the_correlation_id(world):
    person = world.person("official_a")
    response = world.client("contact_a").post(
        reverse("people:person_edit", kwargs={"pk": person.pk}),
        {"name": "Hernoemd", "email": person.email, "function": person.function},
        HTTP_X_CORRELATION_ID="chosen-by-client",
    )
    assert _entries(person).last().cid == response["X-Request-ID"] != "chosen-by-client"


def test_nothing_is_recorded_for_a_network_day_left_unchanged(world):
    day = NetworkDayFactory()
    before = LogEntry.objects.count()
    NetworkDay.objects.get(pk=day.pk).save()
    assert LogEntry.objects.count() == before


def test_city_model_is_registered():
    from auditlog.registry import auditlog

    assert auditlog.contains(City)
