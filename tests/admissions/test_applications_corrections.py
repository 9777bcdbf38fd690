"""Issue 22, item 12: the secretariat corrects a recorded step (reason, who, when),
before anything depends on it; the history keeps the step as it was."""

import contextlib
import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from admissions import services
from admissions.constants import ApplicationStatus, Outcome
from admissions.models import Advice, Decision, StepCorrection
from contributions.models import ContributionRate
from members.actors import SYSTEM

from ..contributions.helpers import base_rate
from .factories import applicant, application, criteria_2018

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2024, 6, 1)  # the day of the correction (``today=``)


def _secretariat(world):
    return world.person("secretariat").user


def test_a_mistaken_decline_is_corrected_and_the_admission_recorded(world):
    criteria_2018()
    app = application(applicant(), status=ApplicationStatus.ADVISED)
    with contextlib.nullcontext():  # (the steps of one moment)
        services.decision_record(
            by=_secretariat(world),
            application=app,
            outcome=Outcome.DECLINE,
            reasons="Verkeerd aangeklikt.",
            decided_on=datetime.date(2024, 5, 15),
        )
        correction = services.application_step_correct(
            by=_secretariat(world),
            application=app,
            step="decision",
            reason="Het AB besloot tot toelating; afwijzen was een vergissing.",
            today=TODAY,
        )
        assert (correction.outcome, correction.step_date) == (
            Outcome.DECLINE,
            datetime.date(2024, 5, 15),
        )
        assert correction.corrected_by == _secretariat(world)
        assert correction.corrected_by_name
        app.refresh_from_db()
        assert app.status == ApplicationStatus.ADVISED
        assert not Decision.objects.filter(application=app).exists()
        services.decision_record(
            by=_secretariat(world),
            application=app,
            outcome=Outcome.ADMIT,
            reasons="Het AB volgt het advies.",
            decided_on=datetime.date(2024, 5, 15),
            admitted_from=datetime.date(2025, 1, 1),
        )
    assert app.city.membership_periods.get().starts_on == datetime.date(2025, 1, 1)
    assert LogEntry.objects.get_for_model(StepCorrection).exists()
    assert LogEntry.objects.get_for_model(Decision).filter(action=LogEntry.Action.DELETE).exists()


def test_a_decline_never_drops_a_membership_date_silently(world):
    criteria_2018()
    app = application(applicant(), status=ApplicationStatus.ADVISED)
    with pytest.raises(ValidationError) as excinfo:
        services.decision_record(
            by=_secretariat(world),
            application=app,
            outcome=Outcome.DECLINE,
            reasons="x",
            decided_on=datetime.date(2024, 5, 15),
            admitted_from=datetime.date(2025, 1, 1),
        )
    assert excinfo.value.error_dict["admitted_from"][0].code == "admission_date_without_admission"


def test_an_admission_is_taken_back_with_its_period_only_before_it_begins(world):
    criteria_2018()
    app = application(applicant(), status=ApplicationStatus.ADVISED)
    with contextlib.nullcontext():  # (the steps of one moment)
        services.decision_record(
            by=_secretariat(world),
            application=app,
            outcome=Outcome.ADMIT,
            reasons="Toegelaten.",
            decided_on=datetime.date(2024, 5, 15),
            admitted_from=datetime.date(2024, 7, 1),
        )
    # once the membership began: refused, with a code, nothing changed
    with pytest.raises(ValidationError) as excinfo:
        services.application_step_correct(
            by=_secretariat(world),
            application=app,
            step="decision",
            reason="x",
            today=datetime.date(2024, 7, 2),
        )
    assert excinfo.value.code == "correction_too_late"
    assert Decision.objects.filter(application=app).exists()
    # before it began: taken back with its period
    services.application_step_correct(
        by=_secretariat(world),
        application=app,
        step="decision",
        reason="Datum fout.",
        today=TODAY,
    )
    assert not app.city.membership_periods.exists()


def test_an_admission_that_was_billed_is_not_taken_back(world):
    criteria_2018()
    app = application(applicant(), status=ApplicationStatus.ADVISED)
    with contextlib.nullcontext():  # (the steps of one moment)
        services.decision_record(
            by=_secretariat(world),
            application=app,
            outcome=Outcome.ADMIT,
            reasons="Toegelaten.",
            decided_on=datetime.date(2024, 5, 15),
            admitted_from=datetime.date(2024, 7, 1),
        )
    base_rate(2024)
    from contributions.services import statement_issue

    statement_issue(city=app.city, year=2024, by=SYSTEM)
    assert ContributionRate.objects.exists()
    with pytest.raises(ValidationError) as excinfo:
        services.application_step_correct(
            by=_secretariat(world), application=app, step="decision", reason="x", today=TODAY
        )
    assert excinfo.value.code == "correction_too_late"


def test_the_advice_comes_after_the_decision_and_only_the_secretariat_corrects(world):
    criteria_2018()
    app = application(applicant(), status=ApplicationStatus.DECLINED)
    with pytest.raises(ValidationError) as excinfo:
        services.application_step_correct(
            by=_secretariat(world), application=app, step="advice", reason="x"
        )
    assert excinfo.value.code == "decision_first"
    with pytest.raises(ValidationError) as excinfo:
        services.application_step_correct(
            by=world.person("db_member").user, application=app, step="decision", reason="x"
        )
    assert excinfo.value.code == "forbidden"
    with pytest.raises(ValidationError) as excinfo:
        services.application_step_correct(
            by=_secretariat(world), application=app, step="decision", reason=" "
        )
    assert excinfo.value.error_dict["reason"][0].code == "reason_required"
    assert not StepCorrection.objects.exists()


def test_the_page_corrects_and_shows_the_history(world):
    criteria_2018()
    app = application(applicant(), status=ApplicationStatus.ADVISED)
    client = world.client("secretariat")
    url = reverse("admissions:application_step_correct", kwargs={"pk": app.pk})
    response = client.post(url, {"step": "advice", "reason": "Advies van een ander dossier."})
    assert response.status_code == 302
    assert not Advice.objects.filter(application=app).exists()
    page = client.get(app.get_absolute_url()).content.decode()
    assert "Advies van een ander dossier." in page
    assert "Correcties" in page
