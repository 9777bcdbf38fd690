"""Issue 13, item 4: the steps cannot be skipped. received → DB advice (with reasons)
→ AB decision (admit from a date / decline / defer, with reasons) → on admission the
municipality is a member from that date. Each refusal has its code and changes nothing;
the database holds the same (one advice, one decision per application, reasons never
empty, an admission has its date)."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from admissions.constants import ApplicationStatus, Outcome
from admissions.models import Advice, Application, CriteriaSet, Decision
from admissions.services import (
    advice_record,
    application_record,
    decision_record,
)
from members.models import City

from .factories import RECEIVED, applicant, application, criteria_2018

pytestmark = pytest.mark.django_db

ADVISED_ON = datetime.date(2024, 4, 1)
DECIDED_ON = datetime.date(2024, 5, 15)
MEMBER_FROM = datetime.date(2024, 7, 1)


def _user(world, persona):
    return world.person(persona).user


def _snapshot(app_id):
    app = Application.objects.get(pk=app_id)
    city = City.objects.get(pk=app.city_id)
    return (
        app.status,
        Advice.objects.filter(application_id=app_id).count(),
        Decision.objects.filter(application_id=app_id).count(),
        list(city.membership_periods.values_list("starts_on", "ends_on")),
    )


def _advise(world, app, **kwargs):
    return advice_record(
        by=_user(world, "db_member"),
        application=app,
        outcome=kwargs.get("outcome", Outcome.ADMIT),
        reasons=kwargs.pop("reasons", "Zeer sterk stedelijk; duidelijke centrumfunctie."),
        advised_on=kwargs.pop("advised_on", ADVISED_ON),
    )


def _decide(world, app, **kwargs):
    outcome = kwargs.pop("outcome", Outcome.ADMIT)
    # A decline or deferral has no membership date (one given would be refused).
    default_from = MEMBER_FROM if outcome == Outcome.ADMIT else None
    return decision_record(
        by=_user(world, kwargs.pop("persona", "secretariat")),
        application=app,
        outcome=outcome,
        reasons=kwargs.pop("reasons", "Het AB volgt het advies van het DB."),
        decided_on=kwargs.pop("decided_on", DECIDED_ON),
        admitted_from=kwargs.pop("admitted_from", default_from),
    )


# --- recording an application ---------------------------------------------------------


def test_the_secretariat_records_an_application_with_the_version_in_force(world):
    criteria_2018()
    city = applicant()
    app = application_record(
        by=_user(world, "secretariat"),
        city=city,
        received_on=RECEIVED,
        contact_name="Griffie Purmerend",
        contact_email="Griffie@Purmerend.example.org",
        motivation="Wij willen toetreden.",
        letter_name="brief.pdf",
        letter_content=b"%PDF-1.4 brief",
    )
    assert app.status == ApplicationStatus.RECEIVED
    assert app.criteria_set.version == 1
    assert app.cbs_code == "GM0439"
    assert app.letter.content == b"%PDF-1.4 brief"
    assert LogEntry.objects.get_for_model(Application).filter(object_pk=str(app.pk)).exists()


@pytest.mark.parametrize(
    ("persona", "code"),
    [("db_member", "forbidden"), ("official_a", "forbidden"), ("contact_a", "forbidden")],
)
def test_only_the_secretariat_records_an_application(world, persona, code):
    criteria_2018()
    with pytest.raises(ValidationError) as excinfo:
        application_record(
            by=_user(world, persona),
            city=applicant(),
            received_on=RECEIVED,
            contact_name="x",
            contact_email="x@example.org",
            motivation="m",
        )
    assert excinfo.value.code == code
    assert not Application.objects.exists()


def _record_codes(world, **kwargs):
    defaults = dict(
        city=applicant(),
        received_on=RECEIVED,
        contact_name="x",
        contact_email="x@example.org",
        motivation="Wij willen toetreden.",
    )
    defaults.update(kwargs)
    before = Application.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        application_record(by=_user(world, "secretariat"), **defaults)
    assert Application.objects.count() == before  # nothing written
    return [e.code for errors in excinfo.value.error_dict.values() for e in errors]


def test_a_member_city_cannot_apply(world):
    criteria_2018()
    assert _record_codes(world, city=world.city_a) == ["already_member"]


def test_a_second_open_application_is_refused(world):
    criteria_2018()
    city = applicant()
    application(city)
    assert _record_codes(world, city=city) == ["application_open"]


def test_an_application_received_before_any_criteria_is_refused(world):
    criteria_2018()
    assert _record_codes(world, received_on=datetime.date(2017, 6, 1)) == ["no_criteria_in_force"]


def test_an_application_needs_a_motivation_and_a_pdf_letter(world):
    criteria_2018()
    assert _record_codes(world, motivation="  ") == ["motivation_required"]
    assert _record_codes(world, letter_name="a.exe", letter_content=b"MZ\x90") == ["letter_not_pdf"]


# --- the DB's advice -------------------------------------------------------------------


def test_the_db_advises_once_with_reasons(world):
    app = application()
    advice = _advise(world, app)
    app.refresh_from_db()
    assert app.status == ApplicationStatus.ADVISED
    assert advice.recorded_by_name.startswith(world.person("db_member").name)


def test_advice_without_reasons_is_refused_and_nothing_changes(world):
    app = application()
    before = _snapshot(app.pk)
    with pytest.raises(ValidationError) as excinfo:
        _advise(world, app, reasons="   ")
    assert excinfo.value.error_dict["reasons"][0].code == "reasons_required"
    assert _snapshot(app.pk) == before


def test_a_second_advice_is_refused_and_nothing_changes(world):
    app = application()
    _advise(world, app)
    before = _snapshot(app.pk)
    with pytest.raises(ValidationError) as excinfo:
        _advise(world, app, outcome=Outcome.DECLINE, reasons="Toch niet.")
    assert excinfo.value.code == "already_advised"
    assert _snapshot(app.pk) == before
    assert Advice.objects.get(application=app).outcome == Outcome.ADMIT


@pytest.mark.parametrize("persona", ["secretariat", "official_a", "pillar_secretary"])
def test_only_the_db_advises(world, persona):
    app = application()
    with pytest.raises(ValidationError) as excinfo:
        advice_record(by=_user(world, persona), application=app, outcome="admit", reasons="r")
    assert excinfo.value.code == "forbidden"
    assert not Advice.objects.exists()


def test_advice_cannot_be_dated_before_the_application(world):
    app = application()
    with pytest.raises(ValidationError) as excinfo:
        _advise(world, app, advised_on=RECEIVED - datetime.timedelta(days=1))
    assert excinfo.value.error_dict["advised_on"][0].code == "date_before_previous_step"


# --- the AB's decision -----------------------------------------------------------------


def test_a_decision_before_the_advice_is_out_of_order_and_changes_nothing(world):
    app = application()
    before = _snapshot(app.pk)
    with pytest.raises(ValidationError) as excinfo:
        _decide(world, app)
    assert excinfo.value.code == "step_out_of_order"
    assert _snapshot(app.pk) == before


def test_admission_makes_the_municipality_a_member_from_that_date(world, client):
    app = application()
    _advise(world, app)
    decision = _decide(world, app)
    app.refresh_from_db()
    city = City.objects.get(pk=app.city_id)
    assert app.status == ApplicationStatus.ADMITTED
    assert decision.admitted_from == MEMBER_FROM
    assert list(city.membership_periods.values_list("starts_on", "ends_on")) == [
        (MEMBER_FROM, None)
    ]
    # It is in the network's list and total now.
    assert City.objects.members().filter(pk=city.pk).exists()
    page = world.client("official_a").get("/cities/")
    assert city.name in page.content.decode()


@pytest.mark.parametrize(
    ("outcome", "status"),
    [(Outcome.DECLINE, ApplicationStatus.DECLINED), (Outcome.DEFER, ApplicationStatus.DEFERRED)],
)
def test_decline_or_defer_keeps_the_municipality_out(world, outcome, status):
    app = application()
    _advise(world, app)
    decision = _decide(world, app, outcome=outcome, admitted_from=None)
    app.refresh_from_db()
    assert app.status == status
    assert decision.admitted_from is None
    assert not City.objects.get(pk=app.city_id).membership_periods.exists()


def test_a_decision_without_reasons_is_refused_and_nothing_changes(world):
    app = application()
    _advise(world, app)
    before = _snapshot(app.pk)
    with pytest.raises(ValidationError) as excinfo:
        _decide(world, app, reasons="")
    assert excinfo.value.error_dict["reasons"][0].code == "reasons_required"
    assert _snapshot(app.pk) == before


def test_an_admission_without_a_date_is_refused_and_nothing_changes(world):
    app = application()
    _advise(world, app)
    before = _snapshot(app.pk)
    with pytest.raises(ValidationError) as excinfo:
        _decide(world, app, admitted_from=None)
    assert excinfo.value.error_dict["admitted_from"][0].code == "admission_date_required"
    assert _snapshot(app.pk) == before


def test_membership_cannot_start_before_the_decision(world):
    app = application()
    _advise(world, app)
    with pytest.raises(ValidationError) as excinfo:
        _decide(world, app, admitted_from=DECIDED_ON - datetime.timedelta(days=1))
    assert excinfo.value.error_dict["admitted_from"][0].code == "admission_before_decision"


def test_a_second_decision_is_refused_and_nothing_changes(world):
    app = application()
    _advise(world, app)
    _decide(world, app, outcome=Outcome.DEFER)
    before = _snapshot(app.pk)
    with pytest.raises(ValidationError) as excinfo:
        _decide(world, app, outcome=Outcome.ADMIT)
    assert excinfo.value.code == "already_decided"
    assert _snapshot(app.pk) == before


def test_advice_after_the_decision_is_refused(world):
    app = application()
    _advise(world, app)
    _decide(world, app)
    with pytest.raises(ValidationError) as excinfo:
        _advise(world, app)
    assert excinfo.value.code == "already_advised"


@pytest.mark.parametrize("persona", ["db_member", "official_a", "contact_a"])
def test_only_the_secretariat_records_the_abs_decision(world, persona):
    app = application()
    _advise(world, app)
    with pytest.raises(ValidationError) as excinfo:
        _decide(world, app, persona=persona)
    assert excinfo.value.code == "forbidden"
    assert not Decision.objects.exists()


# --- the database holds the same -------------------------------------------------------


def test_the_database_allows_one_advice_per_application(world):
    app = application(status=ApplicationStatus.ADVISED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Advice.objects.create(
            application=app, outcome=Outcome.DECLINE, reasons="r", advised_on=ADVISED_ON
        )


def test_the_database_allows_one_decision_per_application(world):
    app = application(status=ApplicationStatus.DEFERRED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(
            application=app, outcome=Outcome.DEFER, reasons="r", decided_on=DECIDED_ON
        )


def test_the_database_refuses_steps_without_reasons(world):
    app = application()
    with pytest.raises(IntegrityError), transaction.atomic():
        Advice.objects.create(
            application=app, outcome=Outcome.ADMIT, reasons="", advised_on=ADVISED_ON
        )


@pytest.mark.parametrize(
    ("outcome", "admitted_from"),
    [(Outcome.ADMIT, None), (Outcome.DECLINE, MEMBER_FROM)],
)
def test_the_database_ties_the_admission_date_to_admission(world, outcome, admitted_from):
    app = application(status=ApplicationStatus.ADVISED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(
            application=app,
            outcome=outcome,
            reasons="r",
            decided_on=DECIDED_ON,
            admitted_from=admitted_from,
        )


def test_the_database_allows_one_open_application_per_municipality(world):
    app = application()
    with pytest.raises(IntegrityError), transaction.atomic():
        application(app.city)


def test_an_application_keeps_its_criteria_version(world):
    app = application()
    newer = CriteriaSet.objects.create(
        version=2,
        name="Criteria 2030",
        in_force_from=datetime.date(2030, 1, 1),
        text="t",
        source="s",
    )
    app.criteria_set = newer
    with pytest.raises(ValidationError) as excinfo:
        app.save()
    assert excinfo.value.code == "criteria_fixed"
    assert Application.objects.get(pk=app.pk).criteria_set.version == 1
