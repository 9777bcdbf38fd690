"""Personal data in criteria and applications: the steps a person recorded are in their
download and lose their name on erasure; the applicant's contact is blanked once the
retention period after the AB's decision has passed."""

import datetime

import pytest

from admissions import personal_data
from admissions.constants import ApplicationStatus
from admissions.models import Advice, Application
from admissions.services import (
    PURGED,
    advice_record,
    application_contacts_purge,
)
from admissions.tasks import purge_application_contacts

from .factories import application

pytestmark = pytest.mark.django_db


def test_a_db_members_advice_is_collected_and_their_name_erased(world):
    person = world.person("db_member")
    app = application()
    advice_record(
        by=person.user,
        application=app,
        outcome="admit",
        reasons="Voldoet.",
        advised_on=datetime.date(2024, 4, 1),
    )
    collected = personal_data.collect(person)
    assert collected["membership_advice"][0]["reasons"] == "Voldoet."
    assert personal_data.collect(world.person("official_a"))["membership_advice"] == []
    personal_data.erase(person)
    advice = Advice.objects.get(application=app)
    assert advice.recorded_by_name == personal_data.ERASED
    assert advice.reasons == "Voldoet."  # the record stays


def test_the_applicants_contact_is_purged_after_the_retention_period(world, settings):
    settings.RETENTION_DAYS = {**settings.RETENTION_DAYS, "application_contacts": 730}
    old = application(status=ApplicationStatus.DECLINED)  # decided 30 April 2024
    recent = application(status=ApplicationStatus.DEFERRED, received_on=datetime.date(2025, 9, 1))
    pending = application(received_on=datetime.date(2020, 1, 1))  # never decided
    decided_on = old.decision.decided_on
    assert application_contacts_purge(today=decided_on + datetime.timedelta(days=730)) == 0
    assert application_contacts_purge(today=decided_on + datetime.timedelta(days=731)) == 1
    old.refresh_from_db()
    assert (old.contact_name, old.contact_email) == (PURGED, "")
    assert old.motivation  # the application itself stays
    for other in (recent, pending):
        assert Application.objects.get(pk=other.pk).contact_email == "griffie@example.org"
    assert purge_application_contacts() >= 0  # the periodic task runs the same service
