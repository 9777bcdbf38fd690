"""The network-day pages and the attendee exports are rendered from their queries on
every request (no page cache, issue 24): a second view asks what the first asked, every
write shows at once, no viewer ever gets another viewer's version, forms carry the
request's own CSRF token, and what changes by the clock (registration opening or
closing, a meeting ending) changes on time."""

import csv
import datetime
import io
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import SecurityEvent
from members.constants import RoleKind
from members.models import City, Person
from networkdays.constants import NetworkDayStatus, RegistrationStatus
from networkdays.models import NetworkDay, ProgrammeSession, Registration
from pillars.models import Pillar
from tests.factories import UserFactory, make_person_with_login

from .factories import (
    DigitalMeetingFactory,
    NetworkDayFactory,
    PersonFactory,
    ProgrammeSessionFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("networkdays:list")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def warm_up(client):
    """Another page first: the session is in place, so that what a test counts next is
    the page's own."""
    assert client.get(reverse("networkdays:my_calendar")).status_code == 200


def queries(client, url, data=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, data or {})
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


def page(client, url, data=None) -> str:
    response = client.get(url, data or {})
    assert response.status_code == 200
    return response.content.decode()


def attendees_url(day, name="attendees"):
    return reverse(f"networkdays:{name}", kwargs={"pk": day.pk})


def superuser_client() -> Client:
    """A superuser made with createsuperuser: the secretariat's rights, no person — like
    a user without any role, so the person alone cannot tell their pages apart."""
    client = Client()
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


def csrf_client(person) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(person.user)
    return client


@pytest.fixture
def day(world):
    return NetworkDayFactory(host_city=world.city_a, capacity=10, title="Netwerkdag Zwolle")


# --- the list ------------------------------------------------------------------------


def test_list_second_view_asks_the_same_and_every_write_shows(world, day):
    client = world.client("official_a")
    warm_up(client)
    cold, content = queries(client, LIST_URL)
    warm, _ = queries(client, LIST_URL)
    assert warm == cold
    assert "text-bg-success" not in content  # not registered
    # Registering through the app: the "You" column says so.
    client.post(
        reverse("networkdays:register", kwargs={"pk": day.pk}),
        {"person": world.person("official_a").pk},
    )
    assert "text-bg-success" in page(client, LIST_URL)
    # A queryset update (no signal, no save) is seen as well.
    Registration.objects.filter(network_day=day).update(status=RegistrationStatus.WAITING)
    content = page(client, LIST_URL)
    assert "text-bg-warning" in content and "text-bg-success" not in content
    NetworkDay.objects.filter(pk=day.pk).update(title="Netwerkdag Hernoemd")
    assert "Netwerkdag Hernoemd" in page(client, LIST_URL)
    # The host city lives in another app (members).
    City.objects.filter(pk=world.city_a.pk).update(name="Zwolle-Hernoemd")
    assert "Zwolle-Hernoemd" in page(client, LIST_URL)


def test_list_you_column_is_the_viewers_own(world, day):
    RegistrationFactory(network_day=day, person=world.person("official_a"))
    colleague = make_person_with_login(
        username="official-a2", city=world.city_a, roles=[(RoleKind.CITY_OFFICIAL, "", None)]
    )
    other = Client()
    other.force_login(colleague.user)
    # Same flags, same city, another person: the registered one first ...
    assert "text-bg-success" in page(world.client("official_a"), LIST_URL)
    assert "text-bg-success" not in page(other, LIST_URL)
    assert "text-bg-success" not in page(world.client("official_b"), LIST_URL)
    # ... and the other way round.
    assert "text-bg-success" not in page(world.client("official_b"), LIST_URL)
    assert "text-bg-success" in page(world.client("official_a"), LIST_URL)


def test_list_drafts_and_buttons_follow_the_role(world, day):
    draft = NetworkDayFactory(host_city=world.city_a, status=NetworkDayStatus.DRAFT)
    create = reverse("networkdays:create")
    meeting_create = reverse("networkdays:meeting_create")
    secretariat = page(world.client("secretariat"), LIST_URL)
    assert draft.title in secretariat and create in secretariat
    official = page(world.client("official_a"), LIST_URL)
    assert draft.title not in official and create not in official
    assert meeting_create not in official
    # A pillar secretary may plan meetings but not days.
    secretary = page(world.client("pillar_secretary"), LIST_URL)
    assert meeting_create in secretary and create not in secretary
    assert draft.title not in secretary
    # The less privileged version seen first does not hide the privileged one.
    NetworkDay.objects.filter(pk=day.pk).update(capacity=11)
    assert draft.title not in page(world.client("official_a"), LIST_URL)
    secretariat = page(world.client("secretariat"), LIST_URL)
    assert draft.title in secretariat and create in secretariat


def test_list_seen_by_the_superuser_is_refused_to_a_user_without_role(world, day):
    """Both have no person; the read policy refuses the one without a role."""
    draft = NetworkDayFactory(host_city=world.city_a, status=NetworkDayStatus.DRAFT)
    create = reverse("networkdays:create")
    root = page(superuser_client(), LIST_URL)
    assert draft.title in root and create in root
    assert world.client("no_role").get(LIST_URL).status_code == 403


def test_list_meeting_leaves_when_it_ends_and_follows_its_pillar(world, monkeypatch):
    now = timezone.now()
    meeting = DigitalMeetingFactory(
        pillar=world.pillar,
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=1),
    )
    client = world.client("official_a")
    assert meeting.title in page(client, LIST_URL)
    assert meeting.title in page(client, LIST_URL)  # seen again
    Pillar.objects.filter(pk=world.pillar.pk).update(short_name="Sociaal-Nieuw")
    assert "Sociaal-Nieuw" in page(client, LIST_URL)
    later = now + datetime.timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert meeting.title not in page(client, LIST_URL)


# --- a day's page --------------------------------------------------------------------


def test_day_second_view_asks_the_same_and_every_write_shows(world, day):
    client = world.client("official_a")
    url = day.get_absolute_url()
    warm_up(client)
    cold, content = queries(client, url)
    warm, _ = queries(client, url)
    assert warm == cold
    assert "U bent aangemeld voor deze dag." not in content
    response = client.post(
        reverse("networkdays:register", kwargs={"pk": day.pk}),
        {"person": world.person("official_a").pk, "dietary_needs": "vegan"},
    )
    assert response.status_code == 302
    assert "U bent aangemeld voor deze dag." in page(client, url)
    Registration.objects.filter(network_day=day).update(status=RegistrationStatus.CANCELLED)
    assert "U bent aangemeld voor deze dag." not in page(client, url)
    # The programme (an ORM save), its pillar (another app), the day itself.
    session = ProgrammeSessionFactory(network_day=day, title="Sessie Wonen", pillar=world.pillar)
    assert "Sessie Wonen" in page(client, url)
    Pillar.objects.filter(pk=world.pillar.pk).update(name="Pijler Hernoemd")
    assert "Pijler Hernoemd" in page(client, url)
    ProgrammeSession.objects.filter(pk=session.pk).delete()
    assert "Sessie Wonen" not in page(client, url)
    NetworkDay.objects.filter(pk=day.pk).update(venue="Nieuwe Zaal")
    assert "Nieuwe Zaal" in page(client, url)


def test_day_buttons_and_form_follow_the_role(world, day):
    url = day.get_absolute_url()
    edit = reverse("networkdays:edit", kwargs={"pk": day.pk})
    attendees = attendees_url(day)
    # The secretariat primes first: edit and attendee links, a form listing everyone.
    secretariat = page(world.client("secretariat"), url)
    assert edit in secretariat and attendees in secretariat
    assert world.person("official_b").name in secretariat
    official = page(world.client("official_a"), url)
    assert edit not in official and attendees not in official
    assert world.person("official_b").name not in official
    assert "Meld mij aan" in official
    bureau = page(world.client("event_bureau"), url)
    assert attendees in bureau and edit not in bureau
    # The other way round.
    NetworkDay.objects.filter(pk=day.pk).update(capacity=12)
    assert edit not in page(world.client("official_a"), url)
    assert edit in page(world.client("secretariat"), url)


def test_day_seen_by_the_superuser_is_refused_to_a_user_without_role(world, day):
    url = day.get_absolute_url()
    edit = reverse("networkdays:edit", kwargs={"pk": day.pk})
    assert edit in page(superuser_client(), url)
    assert world.client("no_role").get(url).status_code == 403
    NetworkDay.objects.filter(pk=day.pk).update(capacity=12)
    assert world.client("no_role").get(url).status_code == 403
    assert edit in page(superuser_client(), url)


def test_day_each_day_its_own_page(world, day):
    other = NetworkDayFactory(host_city=world.city_b, title="Netwerkdag Almere", venue="Hal 3")
    client = world.client("official_a")
    first = page(client, day.get_absolute_url())
    second = page(client, other.get_absolute_url())
    assert "Hal 3" in second and "Hal 3" not in first
    assert reverse("networkdays:register", kwargs={"pk": other.pk}) in second


def test_day_never_shows_another_citys_or_another_persons_registrations(world, day):
    url = day.get_absolute_url()
    registration = RegistrationFactory(
        network_day=day, person=world.person("official_a"), dietary_needs="notenallergie"
    )
    cancel = reverse("networkdays:registration_cancel", kwargs={"pk": registration.pk})
    name = world.person("official_a").name
    # The city contact sees the colleague's registration and may cancel it ...
    contact = page(world.client("contact_a"), url)
    assert name in contact and cancel in contact
    assert "U bent aangemeld voor deze dag." not in contact
    # ... an official of another city never does, nor a colleague without the role.
    official_b = page(world.client("official_b"), url)
    assert name not in official_b and cancel not in official_b
    colleague = make_person_with_login(
        username="official-a2", city=world.city_a, roles=[(RoleKind.CITY_OFFICIAL, "", None)]
    )
    other = Client()
    other.force_login(colleague.user)
    content = page(other, url)
    assert cancel not in content and "U bent aangemeld voor deze dag." not in content
    # The registered official sees her own, after all the others primed their versions.
    own = page(world.client("official_a"), url)
    assert cancel in own and "U bent aangemeld voor deze dag." in own
    assert "notenallergie" not in own + contact + official_b + content


def test_day_form_carries_each_requests_own_csrf_token(world, day):
    url = day.get_absolute_url()
    first = csrf_client(world.person("official_a"))
    second = csrf_client(world.person("official_b"))
    first_page = page(first, url)
    first_page_again = page(first, url)  # seen again
    second_page = page(second, url)
    for content in (first_page, first_page_again, second_page):
        assert "\x00" not in content
    first_token = TOKEN.search(first_page_again).group(1)
    second_token = TOKEN.search(second_page).group(1)
    assert first_token != second_token
    register = reverse("networkdays:register", kwargs={"pk": day.pk})
    # Another client's token is refused; the page's own is accepted.
    refused = first.post(
        register,
        {"person": world.person("official_a").pk, "csrfmiddlewaretoken": second_token},
    )
    assert refused.status_code == 403
    accepted = first.post(
        register,
        {"person": world.person("official_a").pk, "csrfmiddlewaretoken": first_token},
    )
    assert accepted.status_code == 302
    assert Registration.objects.filter(person=world.person("official_a")).exists()


def test_day_registration_opens_and_closes_by_the_clock(world, monkeypatch):
    now = timezone.now()
    day = NetworkDayFactory(
        host_city=world.city_a,
        registration_opens_at=now + datetime.timedelta(hours=1),
        registration_closes_at=now + datetime.timedelta(hours=3),
    )
    client = world.client("official_a")
    url = day.get_absolute_url()
    for _ in range(2):  # twice, the same
        content = page(client, url)
        assert "Aanmelden is op dit moment niet mogelijk." in content
        assert "Meld mij aan" not in content
    monkeypatch.setattr(timezone, "now", lambda: now + datetime.timedelta(hours=2))
    for _ in range(2):
        content = page(client, url)
        assert "Meld mij aan" in content
    monkeypatch.setattr(timezone, "now", lambda: now + datetime.timedelta(hours=4))
    content = page(client, url)
    assert "Meld mij aan" not in content
    assert "Aanmelden is op dit moment niet mogelijk." in content


# --- the attendee list ---------------------------------------------------------------


def test_attendees_second_view_asks_the_same_and_every_write_shows(world, day):
    registration = RegistrationFactory(network_day=day, person=world.person("official_b"))
    client = world.client("event_bureau")
    url = attendees_url(day)
    warm_up(client)
    cold, _ = queries(client, url)
    warm, _ = queries(client, url)
    assert warm == cold
    Registration.objects.filter(pk=registration.pk).update(dietary_needs="halal")
    assert "halal" in page(client, url)
    Person.objects.filter(pk=world.person("official_b").pk).update(name="Bea Hernoemd")
    assert "Bea Hernoemd" in page(client, url)
    # A cancellation through the app (by the secretariat).
    world.client("secretariat").post(
        reverse("networkdays:registration_cancel", kwargs={"pk": registration.pk}),
        {"confirm": "yes"},
    )
    content = page(client, url)
    assert "text-bg-secondary" in content and "text-bg-success" not in content
    RegistrationFactory(network_day=day, person=PersonFactory(name="Nieuwe Deelnemer"))
    assert "Nieuwe Deelnemer" in page(client, url)


def test_attendees_actions_only_for_the_secretariat_either_order(world, day):
    registration = RegistrationFactory(network_day=day, person=world.person("official_b"))
    cancel = reverse("networkdays:registration_cancel", kwargs={"pk": registration.pk})
    url = attendees_url(day)
    assert cancel in page(world.client("secretariat"), url)
    assert cancel not in page(world.client("event_bureau"), url)
    # Others are refused.
    assert world.client("official_a").get(url).status_code == 403
    assert world.client("contact_a").get(url).status_code == 403
    Registration.objects.filter(pk=registration.pk).update(dietary_needs="koosjer")
    assert cancel not in page(world.client("event_bureau"), url)
    assert cancel in page(world.client("secretariat"), url)


def test_attendees_follow_the_query_string(world, day):
    RegistrationFactory(network_day=day, person=world.person("official_a"))
    RegistrationFactory(
        network_day=day, person=world.person("official_b"), status=RegistrationStatus.WAITING
    )
    client = world.client("event_bureau")
    url = attendees_url(day)
    by_city = page(client, url, {"city": world.city_a.pk})
    assert world.person("official_a").name in by_city
    assert world.person("official_b").name not in by_city
    assert f"city={world.city_a.pk}" in by_city  # the export links keep the filter
    by_status = page(client, url, {"status": "waiting"})
    assert world.person("official_b").name in by_status
    assert world.person("official_a").name not in by_status
    assert "status=waiting" in by_status and f"city={world.city_a.pk}" not in by_status


def test_attendees_pages_follow_the_query_string(world, day, settings):
    for number in range(55):
        RegistrationFactory(network_day=day, person=PersonFactory(name=f"Deelnemer {number:02d}"))
    client = world.client("event_bureau")
    url = attendees_url(day)
    first = page(client, url)
    second = page(client, url, {"page": 2})
    assert first != second
    assert "page=2" in first and "page=1" in second


def test_attendees_cancel_form_carries_the_requests_own_token(world, day):
    registration = RegistrationFactory(network_day=day, person=world.person("official_b"))
    client = csrf_client(world.person("secretariat"))
    url = attendees_url(day)
    page(client, url)
    content = page(client, url)  # seen again
    assert "\x00" not in content
    token = TOKEN.search(content).group(1)
    response = client.post(
        reverse("networkdays:registration_cancel", kwargs={"pk": registration.pk}),
        {"csrfmiddlewaretoken": token, "confirm": "yes"},
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


# --- the exports ---------------------------------------------------------------------


def _xlsx_rows(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def _csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


@pytest.mark.parametrize(
    "name, read", [("attendees_xlsx", _xlsx_rows), ("attendees_csv", _csv_rows)]
)
def test_export_logged_every_time_and_never_stale(world, day, name, read):
    registration = RegistrationFactory(
        network_day=day, person=world.person("official_b"), dietary_needs="lactosevrij"
    )
    client = world.client("event_bureau")
    url = attendees_url(day, name)
    warm_up(client)
    with CaptureQueriesContext(connection) as cold:
        first = client.get(url)
    with CaptureQueriesContext(connection) as warm:
        second = client.get(url)
    assert len(warm.captured_queries) == len(cold.captured_queries)
    assert read(first) == read(second)
    assert "lactosevrij" in str(read(second))
    # Each download is in the security log.
    assert SecurityEvent.objects.filter(kind="export").count() == 2
    # Personal data changed or erased by a queryset update: the next file has it.
    Registration.objects.filter(pk=registration.pk).update(dietary_needs="")
    assert "lactosevrij" not in str(read(client.get(url)))
    Person.objects.filter(pk=world.person("official_b").pk).update(name="Bea Hernoemd")
    assert "Bea Hernoemd" in str(read(client.get(url)))
    RegistrationFactory(network_day=day, person=world.person("official_a"))
    assert len(read(client.get(url))) == 3
    assert SecurityEvent.objects.filter(kind="export").count() == 5


def test_export_follows_filter_and_language(world, day):
    RegistrationFactory(network_day=day, person=world.person("official_a"))
    RegistrationFactory(network_day=day, person=world.person("official_b"))
    client = world.client("secretariat")
    url = attendees_url(day, "attendees_csv")
    names = lambda response: {row[0] for row in _csv_rows(response)[1:]}  # noqa: E731
    assert names(client.get(url, {"city": world.city_a.pk})) == {world.person("official_a").name}
    assert names(client.get(url, {"city": world.city_b.pk})) == {world.person("official_b").name}
    assert len(names(client.get(url))) == 2
    assert _csv_rows(client.get(url))[0][0] == "naam"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert _csv_rows(client.get(url))[0][0] == "name"


def test_export_refused_before_anything_is_served_or_logged(world, day):
    RegistrationFactory(network_day=day, person=world.person("official_b"))
    url = attendees_url(day, "attendees_xlsx")
    assert world.client("secretariat").get(url).status_code == 200
    before = SecurityEvent.objects.filter(kind="export").count()
    for persona in ("official_a", "contact_a", "pillar_secretary"):
        assert world.client(persona).get(url).status_code == 403
    assert SecurityEvent.objects.filter(kind="export").count() == before


def test_query_counts_do_not_grow(world):
    """Query counts of a first and a second view are the same for 2 or 40 registrations
    a day."""
    counts = []
    for rows in (2, 40):
        day = NetworkDayFactory(host_city=world.city_a)
        for _ in range(rows):
            RegistrationFactory(network_day=day, person=PersonFactory())
        ProgrammeSessionFactory.create_batch(3, network_day=day, pillar=world.pillar)
        official = world.client("official_a")
        bureau = world.client("event_bureau")
        page(official, LIST_URL)  # the session and the permissions
        page(bureau, LIST_URL)
        measured = []
        for client, url in (
            (official, day.get_absolute_url()),
            (bureau, attendees_url(day)),
            (bureau, attendees_url(day, "attendees_xlsx")),
        ):
            for _ in range(2):  # a first view, then a second
                with CaptureQueriesContext(connection) as captured:
                    assert client.get(url).status_code == 200
                measured.append(len(captured.captured_queries))
        counts.append(measured)
    assert counts[0] == counts[1]
    assert max(counts[0]) <= 15
