"""Issue 11, items 1, 2 and 19 for network days: a date in year 1 is refused with a
message instead of taking the pages down; a control character typed or already stored
never breaks an export; the XLSX is one a treasurer can work with."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from infra.bounds import CODE
from networkdays.constants import RegistrationStatus
from networkdays.models import DigitalMeeting, NetworkDay, Registration
from tests.helpers import field_codes
from tests.themegroups.factories import ThemeGroupFactory

from .factories import NetworkDayFactory, RegistrationFactory
from .matrix import _day_data, _meeting_data

YEAR_ONE = "0001-01-01T00:00"


@pytest.mark.django_db
def test_registration_opening_in_year_one_is_refused_and_the_list_still_answers(world):
    day = NetworkDayFactory(host_city=world.city_a)
    client = world.client("secretariat")
    data = _day_data(world) | {"registration_opens_at": YEAR_ONE}
    response = client.post(reverse("networkdays:edit", kwargs={"pk": day.pk}), data)
    assert response.status_code == 200
    assert field_codes(response.context["form"])["registration_opens_at"] == {CODE}
    assert "Kies een datum tussen 01-01-2000 en 31-12-2100." in response.content.decode()
    assert client.get(reverse("networkdays:list")).status_code == 200
    assert client.get(reverse("networkdays:edit", kwargs={"pk": day.pk})).status_code == 200
    assert not NetworkDay.objects.filter(registration_opens_at__year__lt=2000).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["date", "registration_closes_at"])
def test_a_new_day_out_of_range_is_refused(world, field):
    data = _day_data(world) | {field: "2101-01-01" if field == "date" else "2101-01-01T10:00"}
    response = world.client("secretariat").post(reverse("networkdays:create"), data)
    assert response.status_code == 200
    assert CODE in field_codes(response.context["form"])[field]
    assert not NetworkDay.objects.exists()


@pytest.mark.django_db
def test_a_meeting_of_a_group_without_members_in_year_one_is_refused(world):
    group = ThemeGroupFactory(lead_pillar=world.pillar)
    data = _meeting_data(world) | {"starts_at": YEAR_ONE}
    data.pop("pillar")
    data["theme_group"] = group.pk
    client = world.client("pillar_secretary")
    response = client.post(reverse("networkdays:meeting_create"), data)
    assert response.status_code == 200
    assert field_codes(response.context["form"])["starts_at"] == {CODE}
    assert not DigitalMeeting.objects.exists()
    assert client.get(reverse("networkdays:my_calendar")).status_code == 200


@pytest.fixture
def day(world):
    return NetworkDayFactory(host_city=world.city_a, capacity=10)


@pytest.mark.django_db
def test_a_control_character_already_stored_does_not_break_the_exports(world, day):
    registration = RegistrationFactory(network_day=day, person=world.person("official_a"))
    # Stored before input was cleaned: update() passes no form and no save().
    Registration.objects.filter(pk=registration.pk).update(dietary_needs="veg\x01an")
    client = world.client("secretariat")
    response = client.get(reverse("networkdays:attendees_xlsx", kwargs={"pk": day.pk}))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=2, column=7).value == "vegan"
    response = client.get(reverse("networkdays:attendees_csv", kwargs={"pk": day.pk}))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][6] == "vegan"
    assert client.get(reverse("networkdays:attendees", kwargs={"pk": day.pk})).status_code == 200


@pytest.mark.django_db
def test_needs_typed_with_a_control_character_are_stored_clean_and_can_be_cleared(world, day):
    client = world.client("official_a")
    me = world.person("official_a")
    register = reverse("networkdays:register", kwargs={"pk": day.pk})
    data = {"person": me.pk, "dietary_needs": "veg\x01an", "accessibility_needs": "\x02"}
    assert client.post(register, data).status_code == 302
    registration = Registration.objects.get(person=me)
    assert (registration.dietary_needs, registration.accessibility_needs) == ("vegan", "")
    # Cleared through the pages: cancel, then register again without needs.
    Registration.objects.filter(pk=registration.pk).update(dietary_needs="veg\x01an")
    cancel = reverse("networkdays:registration_cancel", kwargs={"pk": registration.pk})
    assert client.post(cancel, {"confirm": "yes"}).status_code == 302
    assert client.post(register, {"person": me.pk, "dietary_needs": ""}).status_code == 302
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.dietary_needs == ""


@pytest.mark.django_db
def test_full_width_formulas_are_no_formulas_in_either_export(world, day):
    person = world.person("official_a")
    RegistrationFactory(network_day=day, person=person)
    world.people["official_a"].__class__.objects.filter(pk=person.pk).update(
        name='＝HYPERLINK("http://evil.example","klik")'
    )
    client = world.client("secretariat")
    response = client.get(reverse("networkdays:attendees_xlsx", kwargs={"pk": day.pk}))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=2, column=1).value.startswith("'＝")
    assert sheet.cell(row=2, column=1).data_type == "s"
    response = client.get(reverse("networkdays:attendees_csv", kwargs={"pk": day.pk}))
    assert "'＝HYPERLINK" in response.content.decode("utf-8-sig")


@pytest.mark.django_db
def test_the_xlsx_is_what_a_treasurer_expects(world, day):
    queued = datetime.datetime(2026, 7, 1, 8, 30, 15, tzinfo=datetime.UTC)  # 10:30 in summer
    RegistrationFactory(
        network_day=day,
        person=world.person("official_a"),
        dietary_needs="vegan",
        queued_at=queued,
    )
    RegistrationFactory(
        network_day=day,
        person=world.person("official_b"),
        status=RegistrationStatus.CANCELLED,
        confirmed_at=None,
        cancelled_at=timezone.now(),
        dietary_needs="halal",
        accessibility_needs="rolstoel",
        queued_at=queued + datetime.timedelta(hours=1),
    )
    response = world.client("secretariat").get(
        reverse("networkdays:attendees_xlsx", kwargs={"pk": day.pk})
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1])
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    mine = rows[world.person("official_a").name]
    assert mine[5].is_date
    assert mine[5].value == datetime.datetime(2026, 7, 1, 10, 30, 15)  # Amsterdam, naive
    assert mine[6].value == "vegan"
    cancelled = rows[world.person("official_b").name]
    assert cancelled[4].value == str(RegistrationStatus.CANCELLED.label)
    assert (cancelled[6].value, cancelled[7].value) == (None, None)  # needs not exported


@pytest.mark.django_db
def test_the_calendar_file_carries_no_stored_control_character(world, day):
    NetworkDay.objects.filter(pk=day.pk).update(
        title="Netwerk\x01dag", description="Eerste regel\nTweede\x02 regel"
    )
    response = world.client("official_a").get(reverse("networkdays:ics", kwargs={"pk": day.pk}))
    assert response.status_code == 200
    text = response.content.decode()
    assert "SUMMARY:G40 Netwerkdag" in text
    assert "Eerste regel\\nTweede regel" in text
    assert not any(ord(ch) < 32 and ch not in "\r\n" for ch in text)


@pytest.mark.django_db
def test_the_admin_refuses_a_meeting_in_year_one_with_a_message(world):
    data = _meeting_data(world)
    data["starts_at_0"], data["starts_at_1"] = "0001-01-01", "00:00"
    data["ends_at_0"], data["ends_at_1"] = data.pop("ends_at").split("T")
    data.pop("starts_at")
    data["title"] = "Pijler\x01overleg"
    response = world.client("secretariat").post(
        reverse("admin:networkdays_digitalmeeting_add"), data
    )
    assert response.status_code == 200
    assert field_codes(response.context["adminform"].form)["starts_at"] == {CODE}
    assert not DigitalMeeting.objects.exists()
    data["starts_at_0"] = data["ends_at_0"]
    data["starts_at_1"] = "10:00"
    world.client("secretariat").post(reverse("admin:networkdays_digitalmeeting_add"), data)
    assert DigitalMeeting.objects.get().title == "Pijleroverleg"  # cleaned before saving
