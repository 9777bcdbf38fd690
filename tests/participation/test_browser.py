"""The DB's journey in a real browser, with axe-core on each page: the dashboard's link,
the participation page with its charts, the onzichtbaar rule and a note; a city's own
page; and an invitee answering a digital meeting by the link in the mail."""

import datetime
import re

import pytest
from django.utils import timezone

from networkdays.models import MeetingInvitation
from networkdays.rsvp import rsvp_token_make
from participation.models import CityNote, InvisibilityRule
from tests.networkdays.factories import (
    DigitalMeetingFactory,
    NetworkDayFactory,
    RegistrationFactory,
)

from ..browser import assert_accessible, log_in
from ..factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_db_reads_participation_sets_the_rule_and_writes_a_note(page, world):
    day = NetworkDayFactory(date=timezone.localdate() - datetime.timedelta(days=1))
    RegistrationFactory(
        network_day=day, person=world.person("official_a"), checked_in_at=timezone.now()
    )
    log_in(page, "db-member", PASSWORD)
    page.get_by_role("link", name="De deelname van elke lidgemeente").click()
    page.get_by_role("heading", name="Deelname van de lidgemeenten", level=1).wait_for()
    # One chart at a time (issue 24): the measure is chosen above it.
    page.get_by_role("link", name="Netwerkdagen: aanwezig", exact=True).click()
    chart = page.get_by_role("img", name="Netwerkdagen: aanwezig in")
    chart.wait_for()
    assert page.get_by_role("table", name="Elke maatstaf per lidgemeente in").count() == 1
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 800})
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 800})

    page.get_by_role("link", name="Gemeenten die onzichtbaar blijven").first.click()
    page.get_by_role("heading", name="Gemeenten die onzichtbaar blijven", level=1).wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Regel vaststellen").click()
    page.get_by_label("“Netwerkdagen: aanwezig” gebruiken").check()
    page.get_by_label("“Netwerkdagen: aanwezig” ten hoogste").fill("0")
    assert_accessible(page)
    page.get_by_role("button", name="Regel opslaan").click()
    page.get_by_role("heading", name=re.compile("voldo")).wait_for()
    matches = page.get_by_role("table").first.inner_text()
    assert "Almere" in matches and "Zwolle" not in matches  # Zwolle was present
    assert InvisibilityRule.objects.get().set_by == world.person("db_member")
    assert_accessible(page)

    page.get_by_role("link", name="Notitie over Almere").click()
    page.get_by_label("Wat het DB heeft gehoord").fill("De raad vergadert op netwerkdagen.")
    page.get_by_role("button", name="Notitie opslaan").click()
    page.get_by_role("heading", name="Deelname van Almere", level=1).wait_for()
    assert_accessible(page)
    assert CityNote.objects.get().text == "De raad vergadert op netwerkdagen."


def test_a_city_sees_its_own_figures_on_its_page(page, world):
    log_in(page, "official-a", PASSWORD)
    page.goto(world.city_a.get_absolute_url())
    page.get_by_role("heading", name="Deelname van Zwolle").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Zwolle door de jaren heen").click()
    page.get_by_role("heading", name="Deelname van Zwolle", level=1).wait_for()
    assert_accessible(page)


def test_an_invitee_answers_by_the_link_without_logging_in(page, world):
    meeting = DigitalMeetingFactory(pillar=world.pillar, title="Pijleroverleg Sociaal")
    person = world.person("pillar_secretary")
    MeetingInvitation.objects.create(meeting=meeting, person=person)
    token = rsvp_token_make(meeting_id=meeting.pk, person_id=person.pk)
    page.goto(f"/network-days/meetings/{meeting.pk}/rsvp/{token}/")
    page.get_by_role("heading", name="Uw antwoord op een digitaal overleg").wait_for()
    assert_accessible(page)
    page.get_by_label("ja, ik kom").check()
    page.get_by_role("button", name="Mijn antwoord versturen").click()
    page.get_by_text("Dank u.").wait_for()
    assert_accessible(page)
    assert MeetingInvitation.objects.get().answer == "yes"


def test_the_bars_of_a_chart_have_their_width_in_a_dutch_browser(page, world):
    # Issue 22, item 9: each bar was <rect width="104,0">, no width at all in Dutch.
    day = NetworkDayFactory(date=timezone.localdate() - datetime.timedelta(days=1))
    for persona in ("official_a", "contact_a"):
        RegistrationFactory(
            network_day=day, person=world.person(persona), checked_in_at=timezone.now()
        )
    RegistrationFactory(
        network_day=day, person=world.person("official_b"), checked_in_at=timezone.now()
    )
    log_in(page, "db-member", PASSWORD)
    page.goto("/participation/?measure=network_days_present")
    chart = page.get_by_role("img", name="Netwerkdagen: aanwezig in")
    chart.wait_for()
    widths = chart.locator("rect").evaluate_all(
        "bars => bars.map(bar => [bar.width.baseVal.value, bar.getBoundingClientRect().width])"
    )
    drawn = sorted(widths, reverse=True)
    # Zwolle (two present) has the longest bar, Almere (one) half of it, the rest none.
    assert drawn[0][0] == 260 and drawn[0][1] > 50, drawn
    assert drawn[1][0] == 130 and drawn[1][1] > 25, drawn
    assert all(width == [0, 0] for width in drawn[2:]), drawn
