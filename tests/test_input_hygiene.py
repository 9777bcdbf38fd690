"""Issue 11, items 1 and 2, for every app: dates within sane bounds (a validator with a
Dutch message and a named database constraint), free text without control characters
(every form, and every model of the project before it is saved)."""

import datetime
import importlib
import inspect

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from infra.bounds import CODE, DateBounds, bounded
from infra.forms import CleanFormMixin
from infra.text import cell_text, clean_text
from members.models import MembershipPeriod, Person, Role
from tests.factories import RoleFactory

# Moments the system sets itself (never typed): no bounds needed.
SYSTEM_SET = {
    "accounts.securityevent.at",
    "accounts.providerlink.created_at",
    "accounts.loginrequest.created_at",
    "accounts.loginrequest.closed_at",
    "accounts.emailchange.created_at",
    "accounts.emailchange.expires_at",
    "accounts.emailchange.confirmed_at",
    "letters.letterpdf.rendered_at",
    # Knowledge (issue 25): set by the app when a product, file or version is saved.
    "knowledge.knowledgeproduct.created_at",
    "knowledge.knowledgeproduct.updated_at",
    "knowledge.knowledgefile.created_at",
    "knowledge.fileversion.extracted_at",
    "knowledge.fileversion.uploaded_at",
    # A follow: when it began and up to when its follower was told (the weekly task).
    "knowledge.follow.created_at",
    "knowledge.follow.notified_until",
    "networkdays.networkday.created_at",
    "networkdays.networkday.updated_at",
    "networkdays.registration.needs_purged_at",
    "networkdays.registration.queued_at",
    "networkdays.registration.confirmed_at",
    "networkdays.registration.cancelled_at",
    "networkdays.registration.checked_in_at",
    "networkdays.calendarfeed.created_at",
    "networkdays.meetinginvitation.invited_at",
    "networkdays.meetinginvitation.answered_at",
    "networkdays.meetinginvitation.attendance_recorded_at",
    "networkdays.rsvptokenuse.used_at",
    "participation.invisibilityrule.set_at",
    "participation.citynote.updated_at",
    "outbox.outgoingmail.created_at",
    "outbox.outgoingmail.sent_at",
    "outbox.outgoingmail.last_attempt_at",
    "themegroups.themegroup.proposed_at",
    "themegroups.reviewdecision.decided_at",
    "themegroups.supportassignment.assigned_at",
    "letters.election.created_at",
    "letters.letter.drafted_at",
    "letters.letter.approved_at",
    "letters.letter.sent_at",
    "letters.subscriber.requested_at",
    "letters.subscriber.confirmed_at",
    "contributions.contributionrate.decided_at",
    "contributions.contributionstatement.issued_at",
    "contributions.budgetchange.changed_at",
    "admissions.indicatorvalue.recorded_at",
    "admissions.application.recorded_at",
    "admissions.advice.recorded_at",
    "admissions.decision.recorded_at",
    "admissions.stepcorrection.corrected_at",
    "admissions.pendingletter.uploaded_at",
    "api.apitoken.created_at",
    "api.apitoken.last_used_at",
    "api.apitoken.revoked_at",
    "lobby.dossier.created_at",
    "lobby.dossier.vng_covered_at",
    "lobby.positionversion.proposed_at",
    "lobby.positionversion.routed_at",
    "lobby.positionversion.agreed_at",
    "lobby.stance.recorded_at",
    "lobby.deviationnotice.filed_at",
    "lobby.deviationnotice.acknowledged_at",
    "lobby.moment.proposed_at",
    "lobby.cityaction.recorded_at",
}
# Forms that are not the project's own text input.
FORMS_WITHOUT_MIXIN: set[str] = set()


def _date_fields():
    for app in settings.G40_APPS:
        for model in apps.get_app_config(app).get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, (models.DateField, models.DateTimeField)):
                    yield f"{model._meta.label_lower}.{field.name}", model, field


@pytest.mark.parametrize(
    ("label", "model", "field"),
    [f for f in _date_fields() if f[0] not in SYSTEM_SET],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_every_entered_date_has_bounds_in_the_form_and_in_the_database(label, model, field):
    assert any(isinstance(v, DateBounds) for v in field.validators), label
    moment = isinstance(field, models.DateTimeField)
    names = {c.name: c for c in model._meta.constraints}
    constraint = next(
        (c for name, c in names.items() if name.endswith(f"_{field.name}_in_range")), None
    )
    assert constraint is not None, label
    assert constraint.violation_error_code == CODE
    bounds = next(v for v in field.validators if isinstance(v, DateBounds))
    expected = bounded(
        "x",
        field.name,
        moment=moment,
        null=field.null,
        earliest=bounds.earliest,
        latest=bounds.latest,
    )
    assert constraint.condition == expected.condition, label


def test_the_list_of_system_set_moments_names_real_fields():
    labels = {label for label, _model, _field in _date_fields()}
    assert {label for label in SYSTEM_SET if "." in label} <= labels


def _form_classes():
    for app in settings.G40_APPS:
        try:
            module = importlib.import_module(f"{app}.forms")
        except ModuleNotFoundError:
            continue
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and issubclass(cls, forms.BaseForm):
                yield name, cls


@pytest.mark.parametrize(("name", "cls"), list(_form_classes()), ids=lambda v: str(v))
def test_every_form_of_the_project_cleans_its_input(name, cls):
    if name in FORMS_WITHOUT_MIXIN:
        return
    assert issubclass(cls, CleanFormMixin), name


def test_clean_text_drops_control_characters_and_keeps_lines_where_they_belong():
    assert clean_text("veg\x01an") == "vegan"
    assert clean_text("a\tb\r\nc\x7f\x85") == "a b c"
    assert clean_text("a\tb\r\nc\x00", multiline=True) == "a\tb\nc"
    assert clean_text("Jan\u202eeoD") == "JaneoD"  # no reordering of what one sees
    assert clean_text("Zoë 👩‍💻") == "Zoë 👩‍💻"  # letters and joiners stay
    assert clean_text(None) is None


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠"])
def test_a_cell_never_starts_a_formula_ascii_or_full_width(prefix):
    assert cell_text(prefix + 'HYPERLINK("http://x")').startswith("'")
    assert cell_text("veg\x01an") == "vegan"
    assert cell_text(3) == 3


def test_a_form_refuses_control_characters_and_dates_out_of_range():
    class ThingForm(CleanFormMixin, forms.Form):
        name = forms.CharField()
        notes = forms.CharField(widget=forms.Textarea)
        on = forms.DateField()
        at = forms.DateTimeField()

    data = {"name": "veg\x01an\t", "notes": "a\r\nb\x02", "on": "2026-01-01"}
    form = ThingForm(data=data | {"at": "2026-01-01 10:00"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["name"] == "vegan"
    assert form.cleaned_data["notes"] == "a\nb"
    assert form.fields["on"].widget.attrs["min"] == "2000-01-01"

    data = {"name": "\x01", "notes": "", "on": "0001-01-01"}
    form = ThingForm(data=data | {"at": "0001-01-01 00:00"})
    errors = form.errors.as_data()
    assert [e.code for e in errors["name"]] == ["required"]  # nothing but a control character
    assert [e.code for e in errors["on"]] == [CODE]
    assert [e.code for e in errors["at"]] == [CODE]
    assert "01-01-2000" in form.errors["on"][0]


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        (datetime.date(1999, 12, 31), False),
        (datetime.date(2000, 1, 1), True),
        (datetime.date(2100, 12, 31), True),
        (datetime.date(2101, 1, 1), False),
        (datetime.datetime(1, 1, 1), False),
        (datetime.datetime(1, 1, 1, tzinfo=datetime.UTC), False),
        (datetime.datetime(9999, 12, 31, 23, 59), False),
        (datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC), True),
    ],
)
def test_date_bounds(value, ok):
    if ok:
        DateBounds()(value)
    else:
        with pytest.raises(ValidationError) as excinfo:
            DateBounds()(value)
        assert excinfo.value.code == CODE


@pytest.mark.django_db
def test_a_role_from_year_one_is_refused_by_full_clean_and_by_the_database(world):
    role = RoleFactory.build(person=world.person("official_a"), starts_on=datetime.date(1, 1, 1))
    with pytest.raises(ValidationError) as excinfo:
        role.full_clean()
    assert [e.code for e in excinfo.value.error_dict["starts_on"]] == [CODE]
    with pytest.raises(IntegrityError), transaction.atomic():
        role.save()
    assert not Role.objects.filter(starts_on__year=1).exists()


@pytest.mark.django_db
def test_a_city_may_have_joined_before_2000_but_not_in_year_one(world):
    period = world.city_a.membership_periods.get()
    period.starts_on = datetime.date(1995, 3, 1)
    period.full_clean()
    period.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipPeriod.objects.filter(pk=period.pk).update(starts_on=datetime.date(1, 1, 1))


@pytest.mark.django_db
def test_every_model_of_the_project_stores_clean_text(world):
    person = world.person("official_a")
    person.name = "Jan\x01 de\x1b Vries"
    person.save()
    person.refresh_from_db()
    assert person.name == "Jan de Vries"
    assert Person.objects.filter(name__contains="\x01").count() == 0
