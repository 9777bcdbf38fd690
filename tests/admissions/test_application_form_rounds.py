"""The application form keeps all errors in one round and keeps the chosen PDF (issue
23, item 12): a form sent back names every problem (the form's and the service's) and
the letter is kept on the server, named by a signed token, until the form is sent again."""

import datetime

import pytest
import time_machine
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from admissions.constants import PENDING_LETTER_SALT
from admissions.models import Application, ApplicationLetter, PendingLetter
from admissions.services import application_record, pending_letters_purge

from .factories import applicant, criteria_2018

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 de brief van Purmerend"


def _post(client, **changes):
    data = {
        "received_on": "2024-02-01",
        "contact_name": "Griffie",
        "contact_email": "griffie@purmerend.example.org",
        "motivation": "Wij willen toetreden.",
    }
    data.update(changes)
    return client.post(reverse("admissions:application_create"), data)


def test_every_problem_is_named_in_one_round(world):
    """A bad e-mail address (the form's), a date in the future and an empty motivation
    (the service's) and a letter that is no PDF: all four at once."""
    criteria_2018()
    city = applicant()
    response = _post(
        world.client("secretariat"),
        city=city.pk,
        contact_email="geen adres",
        received_on=(timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
        motivation="",
        letter=SimpleUploadedFile("brief.pdf", b"MZ not a pdf", "application/pdf"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Een aanvraag kan niet in de toekomst ontvangen zijn." in html
    assert "De brief moet een pdf-bestand zijn." in html
    assert html.count("invalid-feedback") >= 4
    assert not Application.objects.exists()


def test_the_service_reports_every_problem_at_once(world):
    criteria_2018()
    with pytest.raises(Exception) as caught:
        application_record(
            by=world.person("secretariat").user,
            city=applicant(),
            received_on=timezone.localdate() + datetime.timedelta(days=1),
            contact_name="x",
            contact_email="x@example.org",
            motivation=" ",
            letter_content=b"MZ",
        )
    codes = {e.code for errors in caught.value.error_dict.values() for e in errors}
    assert codes == {"future", "motivation_required", "letter_not_pdf"}


def test_the_chosen_letter_is_kept_for_the_next_round(world):
    criteria_2018()
    city = applicant()
    client = world.client("secretariat")
    first = _post(
        client,
        city=city.pk,
        motivation="",
        letter=SimpleUploadedFile("brief.pdf", PDF, "application/pdf"),
    )
    assert first.status_code == 200
    html = first.content.decode()
    assert "Bewaard: brief.pdf" in html
    token = first.context["form"].data["letter_token"]
    assert PendingLetter.objects.count() == 1
    # The second round names no file: the kept one is the application's letter.
    second = _post(client, city=city.pk, letter_token=token)
    app = Application.objects.get(city=city)
    assert second.status_code == 302
    assert bytes(ApplicationLetter.objects.get(application=app).content) == PDF
    assert not PendingLetter.objects.exists()


def test_a_token_of_another_user_or_forged_names_no_letter(world):
    criteria_2018()
    city = applicant()
    pending = PendingLetter.objects.create(
        uploaded_by=world.person("db_member").user, file_name="x.pdf", content=PDF
    )
    token = signing.dumps(pending.pk, salt=PENDING_LETTER_SALT)
    _post(world.client("secretariat"), city=city.pk, letter_token=token)
    _post(world.client("secretariat"), city=city.pk, letter_token="1:forged")
    app = Application.objects.get(city=city)
    assert not ApplicationLetter.objects.filter(application=app).exists()


def test_kept_letters_are_purged_after_a_day(world):
    with time_machine.travel(datetime.datetime(2026, 3, 1, 9, tzinfo=datetime.UTC), tick=False):
        PendingLetter.objects.create(
            uploaded_by=world.person("secretariat").user, file_name="x.pdf", content=PDF
        )
    now = datetime.datetime(2026, 3, 1, 20, tzinfo=datetime.UTC)
    assert pending_letters_purge(now=now) == 0
    assert pending_letters_purge(now=now + datetime.timedelta(days=1)) == 1
