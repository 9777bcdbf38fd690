"""Criteria and applications in the permission matrix: everyone with a role reads the
membership page; an application (its evidence, PDF and letter) is for the DB and the
secretariat; the DB advises; the secretariat records applications, the AB's decisions,
notes and indicator values. Others get 403; an unknown application 404."""

import datetime

from admissions.constants import ApplicationStatus
from admissions.models import ApplicationLetter
from tests.matrix import Entry

from .factories import applicant, application, criteria_2018


def _setup(world) -> None:
    criteria_2018()
    pending = application(applicant())
    advised = application(
        applicant(name="Velsen", cbs_code="GM0453"), status=ApplicationStatus.ADVISED
    )
    ApplicationLetter.objects.create(
        application=pending, file_name="brief.pdf", content=b"%PDF-1.4 test"
    )
    world.extra["pending"] = pending
    world.extra["advised"] = advised
    world.extra["new_city"] = applicant(name="Den Helder", cbs_code="GM0400")


def _pending(world) -> dict:
    return {"pk": world.extra["pending"].pk}


def _advised(world) -> dict:
    return {"pk": world.extra["advised"].pk}


READERS = {"no_role": 403}
VIEWERS = {"secretariat": 200, "db_member": 200}
SECRETARIAT = {"secretariat": 200}
SECRETARIAT_POST = {"secretariat": 302}


def _advice(world) -> dict:
    return {
        "outcome": "admit",
        "reasons": "Voldoet aan verstedelijking.",
        "advised_on": "2024-04-01",
        "confirm": "yes",
    }


def _decision(world) -> dict:
    return {
        "outcome": "admit",
        "reasons": "Het AB volgt het advies.",
        "decided_on": "2024-05-15",
        "admitted_from": "2024-07-01",
        "confirm": "yes",
    }


def _new_application(world) -> dict:
    return {
        "city": world.extra["new_city"].pk,
        "received_on": "2024-02-01",
        "contact_name": "Griffie",
        "contact_email": "griffie@denhelder.example.org",
        "motivation": "Wij willen toetreden.",
    }


def _csv_file(world) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = (
        "cbs_code,indicator,year,value,source,reference_date\n"
        f"{world.city_a.cbs_code},unemployment,2023,4.5,CBS,2023-01-01\n"
    )
    return {"file": SimpleUploadedFile("values.csv", text.encode(), content_type="text/csv")}


def _value(world) -> dict:
    from admissions.models import Indicator

    return {
        "city": world.city_a.pk,
        "indicator": Indicator.objects.get(key="unemployment").pk,
        "year": 2023,
        "value": "4.5",
        "source": "CBS StatLine 80590ned",
        "reference_date": datetime.date(2023, 1, 1).isoformat(),
    }


ENTRIES = [
    Entry("admissions:index", setup=_setup, expect=READERS),
    Entry(
        "admissions:application_detail", setup=_setup, kwargs=_pending, default=403, expect=VIEWERS
    ),
    Entry(
        "admissions:application_detail",
        kwargs=lambda w: {"pk": 999999},
        default=403,
        expect={"secretariat": 404, "db_member": 404},
        label="unknown",
    ),
    Entry("admissions:application_pdf", setup=_setup, kwargs=_pending, default=403, expect=VIEWERS),
    Entry(
        "admissions:application_letter", setup=_setup, kwargs=_pending, default=403, expect=VIEWERS
    ),
    Entry(
        "admissions:application_advice",
        setup=_setup,
        kwargs=_pending,
        default=403,
        expect={"db_member": 200},
    ),
    Entry(
        "admissions:application_advice",
        method="post",
        setup=_setup,
        kwargs=_pending,
        data=_advice,
        default=403,
        expect={"db_member": 302},
    ),
    Entry(
        "admissions:application_decision",
        setup=_setup,
        kwargs=_advised,
        default=403,
        expect=SECRETARIAT,
    ),
    Entry(
        "admissions:application_decision",
        method="post",
        setup=_setup,
        kwargs=_advised,
        data=_decision,
        default=403,
        expect=SECRETARIAT_POST,
    ),
    Entry(
        "admissions:application_notes",
        setup=_setup,
        kwargs=_pending,
        default=403,
        expect=SECRETARIAT,
    ),
    Entry(
        "admissions:application_notes",
        method="post",
        setup=_setup,
        kwargs=_pending,
        data=lambda w: {"urbanisation": "Zeer sterk stedelijk."},
        default=403,
        expect=SECRETARIAT_POST,
    ),
    Entry(
        "admissions:application_step_correct",
        setup=_setup,
        kwargs=_advised,
        default=403,
        expect=SECRETARIAT,
    ),
    Entry(
        "admissions:application_step_correct",
        method="post",
        setup=_setup,
        kwargs=_advised,
        data=lambda w: {"step": "advice", "reason": "Verkeerd advies vastgelegd."},
        default=403,
        expect=SECRETARIAT_POST,
    ),
    Entry("admissions:application_create", setup=_setup, default=403, expect=SECRETARIAT),
    Entry(
        "admissions:application_create",
        method="post",
        setup=_setup,
        data=_new_application,
        default=403,
        expect=SECRETARIAT_POST,
    ),
    Entry("admissions:indicator_value_create", setup=_setup, default=403, expect=SECRETARIAT),
    Entry("admissions:indicator_values_import", setup=_setup, default=403, expect=SECRETARIAT),
    Entry(
        "admissions:indicator_values_import",
        method="post",
        setup=_setup,
        data=_csv_file,
        default=403,
        expect=SECRETARIAT_POST,
    ),
    Entry(
        "admissions:indicator_value_create",
        method="post",
        setup=_setup,
        data=_value,
        default=403,
        expect=SECRETARIAT_POST,
    ),
]
