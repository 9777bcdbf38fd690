"""The pages: registering through the form, bad input with a clear message and no
change, who sees what, exports, check-in, attendance, and fixed query counts."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from members.actors import SYSTEM
from networkdays.constants import NetworkDayStatus, RegistrationStatus
from networkdays.models import NetworkDay, Registration

from .factories import (
    CityFactory,
    NetworkDayFactory,
    PersonFactory,
    ProgrammeSessionFactory,
    RegistrationFactory,
)


def _register_url(day):
    return reverse("networkdays:register", kwargs={"pk": day.pk})


@pytest.fixture
def day(world):
    return NetworkDayFactory(host_city=world.city_a, capacity=10, title="Netwerkdag Zwolle")


@pytest.mark.django_db
def test_an_official_registers_herself_in_one_step(world, day):
    client = world.client("official_a")
    page = client.get(day.get_absolute_url())
    assert "Meld mij aan" in page.content.decode()
    response = client.post(
        _register_url(day),
        {"person": world.person("official_a").pk, "dietary_needs": "vegetarisch"},
        follow=True,
    )
    # Said to her, not of her (issue 22, item 16).
    assert "U bent aangemeld. Een bevestiging komt per e-mail." in response.content.decode()
    assert f"{world.person('official_a').name} is aangemeld" not in response.content.decode()
    registration = Registration.objects.get(person=world.person("official_a"))
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.dietary_needs == "vegetarisch"
    assert "U bent aangemeld voor deze dag." in response.content.decode()


@pytest.mark.django_db
def test_registering_twice_through_the_page_says_so(world, day):
    client = world.client("official_a")
    data = {"person": world.person("official_a").pk}
    client.post(_register_url(day), data)
    response = client.post(_register_url(day), data)
    assert response.status_code == 200
    assert "is al aangemeld voor deze netwerkdag" in response.content.decode()
    assert Registration.objects.count() == 1


@pytest.mark.django_db
def test_a_contact_registers_a_colleague_but_not_someone_of_another_city(world, day):
    client = world.client("contact_a")
    colleague = world.person("official_a")
    response = client.post(_register_url(day), {"person": colleague.pk}, follow=True)
    assert f"{colleague.name} is aangemeld." in response.content.decode()  # by name
    assert Registration.objects.filter(person=colleague, registered_by=world.person("contact_a"))
    response = client.post(_register_url(day), {"person": world.person("official_b").pk})
    assert response.status_code == 200
    assert "van uw eigen gemeente; deze persoon niet" in response.content.decode()
    assert not Registration.objects.filter(person=world.person("official_b")).exists()


@pytest.mark.django_db
def test_an_official_cannot_register_a_colleague(world, day):
    client = world.client("official_a")
    response = client.post(_register_url(day), {"person": world.person("contact_a").pk})
    assert response.status_code == 200
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"status": NetworkDayStatus.CANCELLED}, "afgelast"),
        ({"registration_closes_at": timezone.now() - datetime.timedelta(minutes=1)}, "gesloten"),
    ],
)
@pytest.mark.django_db
def test_registering_for_a_closed_or_cancelled_day_says_why(world, fields, message):
    day = NetworkDayFactory(**fields)
    response = world.client("official_a").post(
        _register_url(day), {"person": world.person("official_a").pk}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_a_draft_day_is_not_found_for_officials(world):
    day = NetworkDayFactory(status=NetworkDayStatus.DRAFT)
    response = world.client("official_a").post(
        _register_url(day), {"person": world.person("official_a").pk}
    )
    assert response.status_code == 404
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_a_contact_cancels_a_colleague_but_another_citys_registration_is_not_found(world, day):
    mine = RegistrationFactory(network_day=day, person=world.person("official_a"))
    theirs = RegistrationFactory(network_day=day, person=world.person("official_b"))
    client = world.client("contact_a")
    url = "networkdays:registration_cancel"
    yes = {"confirm": "yes"}
    assert client.post(reverse(url, kwargs={"pk": theirs.pk}), yes).status_code == 404
    assert client.post(reverse(url, kwargs={"pk": mine.pk}), yes).status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.status == RegistrationStatus.CANCELLED
    assert theirs.status == RegistrationStatus.CONFIRMED


@pytest.mark.django_db
def test_the_day_page_never_shows_another_citys_registrations_or_needs(world, day):
    RegistrationFactory(
        network_day=day, person=world.person("official_b"), dietary_needs="notenallergie"
    )
    RegistrationFactory(network_day=day, person=world.person("official_a"))
    for persona in ("official_a", "contact_a"):
        content = world.client(persona).get(day.get_absolute_url()).content.decode()
        assert world.person("official_b").name not in content
        assert "notenallergie" not in content


@pytest.mark.django_db
def test_the_form_refuses_a_fifth_day_with_the_reason(world):
    year = timezone.localdate().year + 1
    for month in (2, 4, 6, 9):
        NetworkDayFactory(date=datetime.date(year, month, 1))
    from .matrix import _day_data

    data = _day_data(world)
    data["date"] = f"{year}-11-01"
    data["registration_opens_at"] = f"{year}-09-01T09:00"
    data["registration_closes_at"] = f"{year}-10-25T17:00"
    response = world.client("secretariat").post(reverse("networkdays:create"), data)
    assert response.status_code == 200
    assert f"Er staan al vier netwerkdagen gepland in {year}" in response.content.decode()
    assert NetworkDay.objects.filter(date__year=year).count() == 4


@pytest.mark.django_db
def test_the_form_refuses_a_capacity_below_the_confirmed_count(world, day):
    RegistrationFactory.create_batch(3, network_day=day)
    from .matrix import _day_data

    data = _day_data(world)
    data.update(
        date=day.date.isoformat(),
        registration_closes_at=(day.date - datetime.timedelta(days=1)).isoformat() + "T12:00",
        capacity="2",
    )
    response = world.client("secretariat").post(
        reverse("networkdays:edit", kwargs={"pk": day.pk}), data
    )
    assert response.status_code == 200
    assert "al 3 mensen bevestigd" in response.content.decode()
    day.refresh_from_db()
    assert day.capacity == 10


@pytest.mark.django_db
def test_the_list_shows_the_cap_for_the_year(world):
    year = timezone.localdate().year + 1
    for month in (3, 6, 9):
        NetworkDayFactory(date=datetime.date(year, month, 1))
    NetworkDayFactory(date=datetime.date(year, 10, 1), status=NetworkDayStatus.CANCELLED)
    content = world.client("official_a").get(reverse("networkdays:list")).content.decode()
    assert f"3 van 4 netwerkdagen gepland in {year}" in content


@pytest.mark.django_db
def test_drafts_are_hidden_from_the_list_for_officials(world):
    NetworkDayFactory(title="Geheim concept", status=NetworkDayStatus.DRAFT)
    assert (
        "Geheim concept"
        not in world.client("official_a").get(reverse("networkdays:list")).content.decode()
    )
    assert (
        "Geheim concept"
        in world.client("secretariat").get(reverse("networkdays:list")).content.decode()
    )


@pytest.mark.django_db
def test_a_contact_passes_a_place_on_to_a_colleague(world, day):
    registration = RegistrationFactory(network_day=day, person=world.person("official_a"))
    client = world.client("contact_a")
    url = reverse("networkdays:registration_substitute", kwargs={"pk": registration.pk})
    response = client.post(url, {"substitute": world.person("official_b").pk})
    assert response.status_code == 200  # not a colleague: refused
    assert client.post(url, {"substitute": world.person("contact_a").pk}).status_code == 302
    registration.refresh_from_db()
    assert registration.person == world.person("contact_a")


@pytest.mark.django_db
def test_attendee_list_filters_and_exports_with_needs(world, day):
    RegistrationFactory(
        network_day=day, person=world.person("official_a"), dietary_needs="=HYPERLINK()"
    )
    RegistrationFactory(
        network_day=day,
        person=world.person("official_b"),
        status="waiting",
        confirmed_at=None,
        accessibility_needs="rolstoel",
    )
    client = world.client("event_bureau")
    url = reverse("networkdays:attendees", kwargs={"pk": day.pk})
    content = client.get(url, {"city": world.city_b.pk}).content.decode()
    assert world.person("official_b").name in content
    assert world.person("official_a").name not in content
    assert "rolstoel" in content
    content = client.get(url, {"status": "confirmed"}).content.decode()
    assert world.person("official_b").name not in content

    response = client.get(reverse("networkdays:attendees_csv", kwargs={"pk": day.pk}))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "naam"
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name[world.person("official_b").name][7] == "rolstoel"
    # A formula typed in as a need is not a formula in the spreadsheet.
    assert by_name[world.person("official_a").name][6] == "'=HYPERLINK()"

    response = client.get(reverse("networkdays:attendees_xlsx", kwargs={"pk": day.pk}))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert len(values) == 3
    assert "rolstoel" in values[1] + values[2]


@pytest.mark.django_db
def test_check_in_search_mark_present_and_undo(world):
    # Check-in is open on the day itself (from two hours before the start).
    day = NetworkDayFactory(
        host_city=world.city_a, date=timezone.localdate(), starts_at=datetime.time(0, 0)
    )
    registration = RegistrationFactory(network_day=day, person=world.person("official_a"))
    RegistrationFactory(network_day=day, person=world.person("official_b"))
    client = world.client("event_bureau")
    url = reverse("networkdays:check_in", kwargs={"pk": day.pk})
    name = world.person("official_a").name
    content = client.get(url, {"q": name[:4]}).content.decode()
    assert name in content
    response = client.post(
        reverse("networkdays:registration_check_in", kwargs={"pk": registration.pk}),
        {"q": name[:4]},
    )
    assert response.status_code == 302 and "?q=" in response["Location"]
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    assert registration.checked_in_by == world.person("event_bureau")
    assert "1 van 2 aanwezig" in client.get(url).content.decode()
    client.post(reverse("networkdays:registration_undo_check_in", kwargs={"pk": registration.pk}))
    registration.refresh_from_db()
    assert registration.checked_in_at is None


@pytest.mark.django_db
def test_a_waiting_registration_cannot_be_marked_present(world, day):
    registration = RegistrationFactory(network_day=day, status="waiting", confirmed_at=None)
    world.client("secretariat").post(
        reverse("networkdays:registration_check_in", kwargs={"pk": registration.pk})
    )
    registration.refresh_from_db()
    assert registration.checked_in_at is None


@pytest.mark.django_db
def test_attendance_per_day_and_per_year_shows_absent_member_cities(world):
    year = timezone.localdate().year - 1
    day_one = NetworkDayFactory(date=datetime.date(year, 3, 1))
    day_two = NetworkDayFactory(date=datetime.date(year, 9, 1))
    absent_city = CityFactory(name="Afwezigstad")
    RegistrationFactory(
        network_day=day_one, person=world.person("official_a"), checked_in_at=timezone.now()
    )
    RegistrationFactory(network_day=day_one, person=world.person("official_b"))  # no-show
    RegistrationFactory(network_day=day_two, person=PersonFactory(city=absent_city))  # no-show
    content = (
        world.client("official_a")
        .get(reverse("networkdays:day_attendance", kwargs={"pk": day_one.pk}))
        .content.decode()
    )
    assert "Zwolle" in content and "Almere" in content
    response = world.client("db_member").get(
        reverse("networkdays:year_attendance", kwargs={"year": year})
    )
    absent = [city.name for city in response.context["absent"]]
    assert "Afwezigstad" in absent and "Almere" in absent
    assert "Zwolle" not in absent
    rows = {row["city"].name: row for row in response.context["rows"]}
    assert rows["Zwolle"]["present"] == 1
    assert rows["Almere"]["no_show"] == 1


@pytest.mark.django_db
def test_dashboard_shows_my_registrations(world, day):
    RegistrationFactory(network_day=day, person=world.person("official_a"))
    content = world.client("official_a").get(reverse("dashboard")).content.decode()
    assert "Mijn aanmeldingen voor netwerkdagen" in content
    assert "Netwerkdag Zwolle" in content


def _fill(day, count):
    for _ in range(count):
        RegistrationFactory(network_day=day, person=PersonFactory(city=CityFactory()))


@pytest.mark.parametrize("rows", [2, 40])
@pytest.mark.django_db
def test_query_counts_do_not_grow_with_registrations(world, rows, django_assert_max_num_queries):
    days = [NetworkDayFactory(host_city=world.city_a) for _ in range(3)]
    for day in days:
        _fill(day, rows)
        ProgrammeSessionFactory.create_batch(3, network_day=day, pillar=world.pillar)
    RegistrationFactory(network_day=days[0], person=world.person("contact_a"))
    contact = world.client("contact_a")
    bureau = world.client("event_bureau")
    # Warm up the session; the permissions are computed on every request (two queries).
    contact.get(reverse("networkdays:list"))
    with django_assert_max_num_queries(10):
        assert contact.get(reverse("networkdays:list")).status_code == 200
    # 10: the day's counts read with the day (the waiting list's place reuses them).
    with django_assert_max_num_queries(10):
        assert contact.get(days[0].get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(9):
        assert (
            bureau.get(reverse("networkdays:attendees", kwargs={"pk": days[0].pk})).status_code
            == 200
        )
    with django_assert_max_num_queries(9):
        assert (
            bureau.get(reverse("networkdays:check_in", kwargs={"pk": days[0].pk})).status_code
            == 200
        )
    year = days[0].date.year
    # 10: the year's member cities from their dated membership periods (issue 22) and the
    # viewer's permissions, read on every request (issue 24).
    with django_assert_max_num_queries(10):
        assert (
            contact.get(reverse("networkdays:year_attendance", kwargs={"year": year})).status_code
            == 200
        )


@pytest.mark.django_db
def test_the_secretariat_cancels_from_the_attendee_list_the_event_bureau_only_reads(world, day):
    registration = RegistrationFactory(network_day=day, person=world.person("official_b"))
    url = reverse("networkdays:attendees", kwargs={"pk": day.pk})
    cancel = reverse("networkdays:registration_cancel", kwargs={"pk": registration.pk})
    assert cancel in world.client("secretariat").get(url).content.decode()
    assert cancel not in world.client("event_bureau").get(url).content.decode()
    assert world.client("event_bureau").post(cancel).status_code == 404
    assert world.client("secretariat").post(cancel, {"confirm": "yes"}).status_code == 302


@pytest.mark.django_db
def test_personal_data_is_collected_and_erased_but_counts_stay(world, day):
    from networkdays import personal_data
    from networkdays.models import CalendarFeed

    person = world.person("official_a")
    RegistrationFactory(network_day=day, person=person, dietary_needs="halal")
    CalendarFeed.objects.create(person=person)
    data = personal_data.collect(person)
    assert data["registrations"][0]["dietary_needs"] == "halal"
    assert data["calendar_feed"] is True
    personal_data.erase(person)
    assert personal_data.collect(person)["registrations"][0]["dietary_needs"] == ""
    assert not CalendarFeed.objects.exists()
    assert day.registrations.confirmed().count() == 1


@pytest.mark.django_db
def test_a_contact_cannot_pass_on_another_citys_place(world, day):
    theirs = RegistrationFactory(network_day=day, person=world.person("official_b"))
    url = reverse("networkdays:registration_substitute", kwargs={"pk": theirs.pk})
    client = world.client("contact_a")
    assert client.get(url).status_code == 404
    assert client.post(url, {"substitute": world.person("official_a").pk}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.person == world.person("official_b")


@pytest.mark.django_db
def test_restoring_a_cancelled_day_from_its_page_checks_the_cap(world):
    from networkdays.services import network_day_cancel

    year = timezone.localdate().year + 1
    days = [NetworkDayFactory(date=datetime.date(year, month, 1)) for month in (2, 4, 6)]
    network_day_cancel(day=days[0], by=SYSTEM)
    NetworkDayFactory(date=datetime.date(year, 8, 1))
    NetworkDayFactory(date=datetime.date(year, 10, 1))
    response = world.client("secretariat").post(
        reverse("networkdays:restore", kwargs={"pk": days[0].pk}), follow=True
    )
    assert f"Er staan al vier netwerkdagen gepland in {year}" in response.content.decode()
    days[0].refresh_from_db()
    assert days[0].status == NetworkDayStatus.CANCELLED


@pytest.mark.django_db
def test_messages_follow_the_users_language(world, day):
    from django.conf import settings

    client = world.client("official_a")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    data = {"person": world.person("official_a").pk}
    client.post(_register_url(day), data)
    response = client.post(_register_url(day), data)
    assert "is already registered for this network day" in response.content.decode()


@pytest.mark.django_db
def test_day_page_counts_once_and_asks_nothing_to_offer_only_oneself(
    world, django_assert_max_num_queries
):
    """Issue 24: the day's confirmed seats are counted once (the waiting list's place
    reuses the page's counts), and an official, who registers only themselves, costs no
    query to learn that the form offers nobody else."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    day = NetworkDayFactory(host_city=world.city_a, capacity=2)
    _fill(day, 2)
    RegistrationFactory(
        network_day=day, person=PersonFactory(city=CityFactory()), status=RegistrationStatus.WAITING
    )
    official = world.client("official_a")
    official.get(day.get_absolute_url())
    with django_assert_max_num_queries(9), CaptureQueriesContext(connection) as captured:
        response = official.get(day.get_absolute_url())
    assert response.status_code == 200
    sqls = [q["sql"] for q in captured.captured_queries]
    assert not [sql for sql in sqls if sql.startswith("SELECT 1 AS") and "members_person" in sql]
    assert not [sql for sql in sqls if "COUNT(*)" in sql and "networkdays_registration" in sql]
    # The waiting list's place, from the page's own counts: full, one waiting, so 2.
    assert response.context["waiting_list_place"] == 2
