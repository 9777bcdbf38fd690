"""The secretariat's and the DB's forms: each shows the service's refusal on its field,
in Dutch, and writes nothing; a good form does what the service does."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from admissions.constants import ApplicationStatus
from admissions.models import Advice, Application, ApplicationNote, Indicator, IndicatorValue

from .factories import applicant, application, criteria_2018

pytestmark = pytest.mark.django_db


def test_the_secretariat_records_an_application_with_its_letter(world):
    criteria_2018()
    city = applicant()
    response = world.client("secretariat").post(
        reverse("admissions:application_create"),
        {
            "city": city.pk,
            "received_on": "2024-02-01",
            "contact_name": "Griffie",
            "contact_email": "griffie@purmerend.example.org",
            "motivation": "Wij willen toetreden.",
            "letter": SimpleUploadedFile("brief.pdf", b"%PDF-1.4 brief", "application/pdf"),
        },
    )
    app = Application.objects.get(city=city)
    assert response.status_code == 302 and response["Location"] == app.get_absolute_url()
    letter = world.client("db_member").get(
        reverse("admissions:application_letter", kwargs={"pk": app.pk})
    )
    assert letter.content == b"%PDF-1.4 brief"
    assert letter["Content-Type"] == "application/pdf"


def test_a_letter_that_is_no_pdf_is_refused_on_its_field(world):
    criteria_2018()
    city = applicant()
    response = world.client("secretariat").post(
        reverse("admissions:application_create"),
        {
            "city": city.pk,
            "received_on": "2024-02-01",
            "contact_name": "Griffie",
            "contact_email": "griffie@purmerend.example.org",
            "motivation": "Wij willen toetreden.",
            "letter": SimpleUploadedFile("brief.pdf", b"MZ not a pdf", "application/pdf"),
        },
    )
    assert response.status_code == 200
    assert "De brief moet een pdf-bestand zijn." in response.content.decode()
    assert not Application.objects.exists()


def test_member_cities_are_not_offered_as_applicants(world):
    criteria_2018()
    applicant()
    html = world.client("secretariat").get(reverse("admissions:application_create")).content
    assert b"Purmerend (GM0439)" in html
    assert b"Zwolle (GM0193)" not in html


def test_advice_without_reasons_shows_the_message_and_writes_nothing(world):
    app = application()
    response = world.client("db_member").post(
        reverse("admissions:application_advice", kwargs={"pk": app.pk}),
        {"outcome": "admit", "reasons": "", "advised_on": "2024-04-01"},
    )
    assert response.status_code == 200
    assert "Geef de motivering." in response.content.decode()
    assert not Advice.objects.exists()


def test_the_advice_asks_first_and_records_only_when_confirmed(world):
    app = application()
    url = reverse("admissions:application_advice", kwargs={"pk": app.pk})
    data = {"outcome": "decline", "reasons": "Te klein.", "advised_on": "2024-04-01"}
    client = world.client("db_member")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Advies van het DB over" in response.content.decode()
    assert "definitief" in response.content.decode()
    assert not Advice.objects.exists()
    assert client.post(url, {**data, "confirm": "yes"}).status_code == 302
    assert Advice.objects.get().outcome == "decline"


def test_a_decision_before_the_advice_shows_why(world):
    app = application()
    response = world.client("secretariat").post(
        reverse("admissions:application_decision", kwargs={"pk": app.pk}),
        {"outcome": "decline", "reasons": "Nee.", "decided_on": "2024-04-01"},
    )
    assert "leg eerst het advies vast" in response.content.decode()
    assert Application.objects.get(pk=app.pk).status == ApplicationStatus.RECEIVED


def test_an_admission_through_the_page_asks_first_then_makes_a_member(world):
    """Issue 23, item 1: the form's POST shows what becomes final (the city a member from
    the date) and records nothing; the confirmation's POST records it."""
    app = application(status=ApplicationStatus.ADVISED)
    url = reverse("admissions:application_decision", kwargs={"pk": app.pk})
    data = {
        "outcome": "admit",
        "reasons": "Het AB volgt het advies.",
        "decided_on": "2024-06-01",
        "admitted_from": "2024-07-01",
    }
    client = world.client("secretariat")
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert f"{app.city.name} wordt lid van het netwerk vanaf 1 juli 2024" in page
    assert 'name="confirm" value="yes"' in page
    assert Application.objects.get(pk=app.pk).status == ApplicationStatus.ADVISED
    assert not app.city.membership_periods.exists()
    response = client.post(url, {**data, "confirm": "yes"})
    assert response.status_code == 302
    assert list(app.city.membership_periods.values_list("starts_on", "ends_on")) == [
        (datetime.date(2024, 7, 1), None)
    ]


def test_notes_per_criterion_are_saved_and_removed(world):
    app = application()
    url = reverse("admissions:application_notes", kwargs={"pk": app.pk})
    client = world.client("secretariat")
    client.post(url, {"urbanisation": "Zeer sterk stedelijk.", "population": "Klein."})
    assert set(ApplicationNote.objects.values_list("criterion", flat=True)) == {
        "urbanisation",
        "population",
    }
    client.post(url, {"urbanisation": "Zeer sterk stedelijk.", "population": ""})
    assert list(ApplicationNote.objects.values_list("criterion", flat=True)) == ["urbanisation"]


def test_a_value_without_source_is_refused_on_its_field(world):
    criteria_2018()
    response = world.client("secretariat").post(
        reverse("admissions:indicator_value_create"),
        {
            "city": world.city_a.pk,
            "indicator": Indicator.objects.get(key="unemployment").pk,
            "year": 2023,
            "value": "4.5",
            "source": "",
            "reference_date": "2023-01-01",
        },
    )
    assert response.status_code == 200
    assert "Geef de bron van het cijfer." in response.content.decode()
    assert not IndicatorValue.objects.filter(indicator__key="unemployment").exists()


# --- many values at once: a CSV upload -------------------------------------------

IMPORT_HEADER = "cbs_code,indicator,year,value,source,reference_date\n"


def _upload(world, text: bytes, persona="secretariat"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return world.client(persona).post(
        reverse("admissions:indicator_values_import"),
        {"file": SimpleUploadedFile("waarden.csv", text, content_type="text/csv")},
        follow=True,
    )


def test_the_secretariat_imports_a_csv_of_values(world):
    criteria_2018()
    page = world.client("secretariat").get(reverse("admissions:indicator_values_import"))
    assert ">unemployment</code>" in page.content.decode()  # the keys to use
    text = IMPORT_HEADER + (
        f"{world.city_a.cbs_code},unemployment,2023,4.5,CBS,2023-01-01\n"
        f'{world.city_b.cbs_code},unemployment,2023,"5,5",CBS,2023-01-01\n'
    )
    response = _upload(world, ("\ufeff" + text).encode())  # as a spreadsheet saves it
    assert "2 indicatorwaarden zijn ingelezen." in response.content.decode()
    values = IndicatorValue.objects.filter(indicator__key="unemployment", year=2023)
    assert sorted(values.values_list("value", flat=True)) == [Decimal("4.5"), Decimal("5.5")]


def test_a_csv_with_one_bad_row_imports_nothing_and_names_the_row(world):
    criteria_2018()
    text = IMPORT_HEADER + (
        f"{world.city_a.cbs_code},unemployment,2023,4.5,CBS,2023-01-01\n"
        f"{world.city_b.cbs_code},unemployment,2023,4.5,,2023-01-01\n"
    )
    response = _upload(world, text.encode())
    assert response.status_code == 200
    content = response.content.decode()
    assert "Rij 3, kolom source" in content
    assert not IndicatorValue.objects.filter(indicator__key="unemployment", year=2023).exists()


def test_a_file_that_is_not_utf8_or_too_large_is_refused_on_its_field(world, monkeypatch):
    import admissions.forms

    criteria_2018()
    line = f"{world.city_a.cbs_code},unemployment,2023,4.5,Bron é,2023-01-01\n"
    response = _upload(world, (IMPORT_HEADER + line).encode("latin-1"))
    assert response.context["form"].errors.as_data()["file"][0].code == "not_utf8"
    monkeypatch.setattr(admissions.forms, "IMPORT_MAX_BYTES", 10)
    response = _upload(world, (IMPORT_HEADER + line).encode())
    assert response.context["form"].errors.as_data()["file"][0].code == "file_too_large"
    assert not IndicatorValue.objects.filter(indicator__key="unemployment", year=2023).exists()
