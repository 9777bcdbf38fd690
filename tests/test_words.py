"""The words of the app, as Dutch writes them (issue 11, item 16)."""

import datetime
import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = "locale/nl/LC_MESSAGES/django.po"


def test_month_abbreviations_are_written_as_in_dutch():
    template = Template('{{ d|date:"j N Y" }}')
    with translation.override("nl"):
        assert template.render(Context({"d": datetime.date(2026, 12, 3)})) == "3 dec. 2026"
        assert template.render(Context({"d": datetime.date(2026, 5, 1)})) == "1 mei 2026"
        assert template.render(Context({"d": datetime.date(2026, 3, 9)})) == "9 mrt. 2026"


def test_no_template_abbreviates_a_month_with_a_capital():
    # "M" is "Dec"/"Mei" in Dutch; short dates use "N".
    offenders = [
        f"{path.relative_to(ROOT)}: {match}"
        for path in [*ROOT.glob("templates/**/*"), *ROOT.glob("*/templates/**/*")]
        if path.is_file() and ".venv" not in path.parts
        for match in re.findall(r'\|date:"[^"]*M[^"]*"', path.read_text())
    ]
    assert not offenders, offenders


@pytest.mark.django_db
def test_a_personal_cancellation_is_afgemeld_and_a_cancelled_day_afgelast():
    from networkdays.constants import NetworkDayStatus, RegistrationStatus

    with translation.override("nl"):
        assert str(RegistrationStatus.CANCELLED.label) == "afgemeld"
        assert str(NetworkDayStatus.CANCELLED.label) == "afgelast"


@pytest.mark.parametrize("status", ["confirmed", "waiting", "cancelled"])
def test_the_badge_says_what_the_filter_says(status):
    from networkdays.constants import RegistrationStatus
    from networkdays.models import Registration

    badge = Template('{% include "networkdays/_status_badge.html" %}')
    with translation.override("nl"):
        shown = badge.render(Context({"registration": Registration(status=status)}))
        label = dict(RegistrationStatus.choices)[status]
        assert f">{str(label)[0].upper()}{str(label)[1:]}<" in shown


@pytest.mark.django_db
def test_the_login_error_says_u(world):
    response = world.client("anonymous").post(
        "/login/", {"username": "official-a", "password": "wrong"}, HTTP_ACCEPT_LANGUAGE="nl"
    )
    html = response.content.decode()
    assert "Uw gebruikersnaam" in html
    assert not re.search(r"\b(je|jouw|jij)\b", html, re.IGNORECASE)


def test_no_dutch_catalogue_says_je():
    import polib

    informal = re.compile(r"\b(je|jouw|jij|jullie)\b", re.IGNORECASE)
    offenders = [
        f"{po}: {entry.msgstr or entry.msgstr_plural}"
        for po in [
            ROOT / "locale/nl/LC_MESSAGES/django.po",
            *ROOT.glob("*/locale/nl/LC_MESSAGES/django.po"),
        ]
        for entry in polib.pofile(str(po))
        if not entry.obsolete
        and any(informal.search(text) for text in [entry.msgstr, *entry.msgstr_plural.values()])
    ]
    assert not offenders, offenders


@pytest.mark.parametrize(
    ("count", "words"), [(1, "1 voorstel wacht"), (2, "2 voorstellen wachten")]
)
def test_the_review_queue_counts_in_the_singular_and_plural(count, words):
    panel = Template('{% include "themegroups/dashboard_panel.html" %}')
    review = {"overdue": 0, "due": 0, "proposals": count}
    with translation.override("nl"):
        shown = panel.render(Context({"panel": {"review": review, "support": None}}))
    assert words in shown


@pytest.mark.django_db
def test_the_security_log_shows_readable_dutch(world):
    from accounts.constants import SecurityEventKind
    from accounts.models import SecurityEvent

    SecurityEvent.objects.create(
        kind=SecurityEventKind.ROLE_CHANGED,
        detail={"created": True, "role": "secretariat", "starts_on": "2026-12-01", "ends_on": None},
    )
    html = world.client("secretariat").get("/account/security-log/", HTTP_ACCEPT_LANGUAGE="nl")
    html = html.content.decode()
    assert "Rol: secretariaat" in html
    assert "Begint op: 1 december 2026" in html
    assert "Nieuw: ja" in html
    assert "{&#x27;" not in html and "{'" not in html


@pytest.mark.django_db
def test_a_refusal_names_its_moment_as_a_dutch_date(world):
    # Issue 22, item 16: "18-03-2026" is a raw value; a person reads "18 maart 2026".
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from networkdays.services_registrations import registration_create
    from tests.networkdays.factories import NetworkDayFactory

    opens = timezone.make_aware(datetime.datetime(2026, 3, 18, 9, 0))
    day = NetworkDayFactory(date=datetime.date(2026, 5, 1), registration_opens_at=opens)
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        registration_create(
            by=world.person("official_a").user,
            day=day,
            person=world.person("official_a"),
            now=opens - datetime.timedelta(days=1),
        )
    assert refused.value.code == "registration_not_open"
    assert "18 maart 2026 09:00" in refused.value.messages[0]
