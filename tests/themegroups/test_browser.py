"""Browser journeys with axe-core on each page: the DB decides from its queue, the
pillar secretary assigns support."""

import re

import pytest

from themegroups.constants import ThemeGroupStatus
from themegroups.models import ReviewDecision, SupportAssignment

from ..browser import assert_accessible, log_in
from ..factories import PASSWORD
from .factories import MembershipFactory, SupportFactory, ThemeGroupFactory, days


def _label(text: str) -> re.Pattern:
    """A field's label, with or without crispy's asterisk for required fields."""
    return re.compile(rf"^\s*{re.escape(text)}\s*\*?\s*$")


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def groups(world):
    overdue = ThemeGroupFactory(
        name="Woningmarkt",
        slug="woningmarkt",
        lead_pillar=world.other_pillar,
        review_due_on=days(-10),
    )
    MembershipFactory(theme_group=overdue, person=world.person("official_a"), role="chair")
    SupportFactory(theme_group=overdue, person=world.person("official_b"))
    due = ThemeGroupFactory(
        name="Jeugd", slug="jeugd", lead_pillar=world.pillar, review_due_on=days(20)
    )
    MembershipFactory(theme_group=due, person=world.person("official_b"))
    lacking = ThemeGroupFactory(
        name="Armoede en Schuldhulpverlening",
        slug="armoede",
        lead_pillar=world.pillar,
        review_due_on=days(300),
    )
    ThemeGroupFactory(
        name="Cultuur",
        slug="cultuur",
        lead_pillar=world.pillar,
        status=ThemeGroupStatus.ENDED,
        ended_on=days(-3),
        end_reason="Doel bereikt.",
        review_due_on=days(-10),
    )
    return overdue, due, lacking


def test_db_member_extends_an_overdue_group_from_the_queue(page, world, groups):
    overdue = groups[0]
    log_in(page, "db-member", PASSWORD)
    page.goto("/theme-groups/")
    page.get_by_role("heading", name="Themagroepen", level=1).wait_for()
    assert_accessible(page)

    page.goto("/theme-groups/review/")
    page.get_by_role("heading", name="Evaluatielijst").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Besluiten over Woningmarkt").click()

    page.wait_for_url("**/theme-groups/woningmarkt/decide/")
    assert_accessible(page)
    page.get_by_label("Verlengen tot een nieuwe evaluatiedatum").check()
    page.get_by_label(_label("Nieuwe evaluatiedatum")).fill(days(365).isoformat())
    page.get_by_label(_label("Reden")).fill("De woningbouwafspraken lopen nog een jaar.")
    page.get_by_role("button", name="Besluit vastleggen").click()

    page.wait_for_url("**/theme-groups/review/")
    assert "Woningmarkt is verlengd" in page.get_by_role("status").first.inner_text()
    assert_accessible(page)

    overdue.refresh_from_db()
    assert overdue.review_due_on == days(365)
    decision = ReviewDecision.objects.get()
    assert decision.reason == "De woningbouwafspraken lopen nog een jaar."

    page.goto(overdue.get_absolute_url())
    assert "De woningbouwafspraken lopen nog een jaar." in page.content()
    assert_accessible(page)


def test_db_member_without_reason_gets_a_message(page, world, groups):
    log_in(page, "db-member", PASSWORD)
    page.goto("/theme-groups/woningmarkt/decide/")
    page.get_by_label("De themagroep beëindigen").check()
    page.get_by_role("button", name="Besluit vastleggen").click()
    page.get_by_text("Dit veld is verplicht.").wait_for()
    assert_accessible(page)
    assert not ReviewDecision.objects.exists()


def test_pillar_secretary_assigns_support(page, world, groups):
    lacking = groups[2]
    log_in(page, "pillar-secretary", PASSWORD)
    page.goto("/theme-groups/support/")
    page.get_by_role("heading", name="Secretariële ondersteuning", level=1).wait_for()
    assert_accessible(page)
    page.get_by_role(
        "link", name="Ondersteuning toewijzen aan Armoede en Schuldhulpverlening"
    ).first.click()

    page.wait_for_url("**/theme-groups/armoede/support/")
    assert_accessible(page)
    official = world.person("official_a")
    page.get_by_label("Ondersteund door").select_option(label=f"{official.name} (Zwolle)")
    page.get_by_label("Uren per maand").fill("12")
    page.get_by_label(_label("Vanaf")).fill(days(0).isoformat())
    page.get_by_label(_label("Tot en met")).fill(days(180).isoformat())
    page.get_by_role("button", name="Ondersteuning toewijzen").click()

    page.wait_for_url("**/theme-groups/armoede/")
    assert "toegewezen aan" in page.get_by_role("status").first.inner_text()
    assert_accessible(page)
    support = SupportAssignment.objects.get(theme_group=lacking)
    assert support.person == official
    assert str(support.hours_per_month) == "12.0"

    page.goto("/theme-groups/support/")
    assert_accessible(page)


def test_pillar_secretary_sees_the_bad_period(page, world, groups):
    log_in(page, "pillar-secretary", PASSWORD)
    page.goto("/theme-groups/armoede/support/")
    official = world.person("official_a")
    page.get_by_label("Ondersteund door").select_option(label=f"{official.name} (Zwolle)")
    page.get_by_label("Uren per maand").fill("4")
    page.get_by_label(_label("Vanaf")).fill(days(10).isoformat())
    page.get_by_label(_label("Tot en met")).fill(days(5).isoformat())
    page.get_by_role("button", name="Ondersteuning toewijzen").click()
    page.get_by_text("De ondersteuning kan niet eindigen voordat ze begint.").wait_for()
    assert_accessible(page)
    assert not SupportAssignment.objects.filter(theme_group=groups[2]).exists()


def test_an_official_reads_an_ended_group(page, world, groups):
    log_in(page, "official-a", PASSWORD)
    page.goto("/theme-groups/?status=ended")
    assert_accessible(page)
    page.get_by_role("link", name="Cultuur").click()
    page.wait_for_url("**/theme-groups/cultuur/")
    assert "Doel bereikt." in page.content()
    assert_accessible(page)
