"""The theme-group list, a group's page, the review queue and the support page are
rendered from their queries on every request (no page cache, issue 24) — never stale,
never another viewer's: a second view asks what the first asked; every kind of write (a
POST through the app, ``save()``, ``update()``, in this app or in the apps a page reads)
shows at once; what one role saw is never shown to another; forms carry the request's
own CSRF token; a digital meeting counts as held once the clock passes its start."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from members.constants import CityStatus, RoleKind
from members.models import City, Person
from networkdays.models import DigitalMeeting
from pillars.models import Pillar
from themegroups.constants import ReviewOutcome, ThemeGroupStatus
from themegroups.models import Membership, SupportAssignment, ThemeGroup

from ..factories import CityFactory, PersonFactory, PillarFactory, RoleFactory
from .factories import (
    MembershipFactory,
    ProposedThemeGroupFactory,
    SupportFactory,
    ThemeGroupFactory,
    days,
)

pytestmark = pytest.mark.django_db

LIST = reverse("themegroups:list")
QUEUE = reverse("themegroups:review_queue")
SUPPORT = reverse("themegroups:support_overview")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def get(client, url, data=None) -> tuple[list[str], str]:
    """The queries of a GET that read this app's tables or digital meetings (the
    viewer's session and permissions aside), and the page."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, data or {})
    assert response.status_code == 200
    page = response.content.decode()
    sql = [query["sql"] for query in captured.captured_queries]
    return [q for q in sql if "themegroups_" in q or "networkdays_" in q], page


def page_of(client, url, data=None) -> str:
    return get(client, url, data)[1]


def url(name: str, group) -> str:
    return reverse(name, kwargs={"slug": group.slug})


def meeting(group, title: str, starts_at: datetime.datetime) -> DigitalMeeting:
    return DigitalMeeting.objects.create(
        title=title,
        theme_group=group,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=1),
        online_link="https://meet.example.org/x",
    )


@pytest.fixture
def jeugd(world):
    """An active group of the pillar secretary's pillar, due for review, with a member
    from Zwolle and current support."""
    group = ThemeGroupFactory(
        name="Jeugd", slug="jeugd", lead_pillar=world.pillar, review_due_on=days(14)
    )
    MembershipFactory(theme_group=group, person=world.person("official_a"))
    SupportFactory(theme_group=group, person=world.person("official_b"))
    return group


@pytest.fixture
def fysiek(world):
    """An open group of the other pillar, without support."""
    return ThemeGroupFactory(name="Woningmarkt", slug="woningmarkt", lead_pillar=world.other_pillar)


# --- the list ----------------------------------------------------------------------


def test_list_second_view_asks_the_same(world, jeugd):
    client = world.client("official_a")
    cold, _ = get(client, LIST)
    warm, page = get(client, LIST)
    assert cold and len(warm) == len(cold)
    assert "Jeugd" in page


def test_list_shows_writes_at_once(world, jeugd):
    client = world.client("official_a")
    page_of(client, LIST)
    # save() in this app
    jeugd.name = "Jeugdzorg"
    jeugd.save()
    assert "Jeugdzorg" in page_of(client, LIST)
    # update() in this app: the support ran out, so the group is flagged
    assert "Geen ondersteuning</span>" not in page_of(client, LIST)
    SupportAssignment.objects.filter(theme_group=jeugd).update(
        starts_on=days(-30), ends_on=days(-1)
    )
    assert "Geen ondersteuning</span>" in page_of(client, LIST)
    # update() in the apps it reads: pillars, and people's cities (members)
    Pillar.objects.filter(pk=world.pillar.pk).update(short_name="Sociaal Domein")
    assert "Sociaal Domein" in page_of(client, LIST)
    City.objects.filter(pk=world.city_a.pk).update(name="Zwolle-Stad")
    assert "Zwolle-Stad" in page_of(client, LIST)
    # ended through update(): no longer an open group
    ThemeGroup.objects.filter(pk=jeugd.pk).update(
        status=ThemeGroupStatus.ENDED, ended_on=days(0), end_reason="Klaar."
    )
    assert "Jeugdzorg" not in page_of(client, LIST)


def test_list_follows_the_filter(world, jeugd, fysiek):
    client = world.client("official_a")
    assert "Woningmarkt" in page_of(client, LIST)
    page = page_of(client, LIST, {"pillar": "sociaal"})
    assert "Jeugd" in page and "Woningmarkt" not in page
    assert '<option value="sociaal" selected>' in page  # the form shows the filter
    page = page_of(client, LIST, {"status": "no_support"})
    assert "Woningmarkt" in page and "Jeugd" not in page
    page = page_of(client, LIST, {"city": world.city_a.cbs_code})
    assert "Jeugd" in page and "Woningmarkt" not in page
    # An empty filter (a submitted form) is the default list, bound.
    page = page_of(client, LIST, {"pillar": "", "status": "", "city": ""})
    assert "Jeugd" in page and "Woningmarkt" in page


def test_list_filter_form_shows_new_pillars_and_member_cities(world, jeugd):
    client = world.client("official_a")
    page_of(client, LIST)
    PillarFactory(slug="bestuur", name="Bestuurlijke Pijler", short_name="Bestuur")
    assert 'value="bestuur"' in page_of(client, LIST)
    Pillar.objects.filter(slug="bestuur").update(name="Pijler Bestuur")
    assert "Pijler Bestuur" in page_of(client, LIST)
    CityFactory(name="Deventer", cbs_code="GM0150", status=CityStatus.MEMBER)
    assert 'value="GM0150"' in page_of(client, LIST)
    City.objects.filter(cbs_code="GM0150").update(name="Daventria")
    assert "Daventria" in page_of(client, LIST)


def test_list_buttons_follow_the_viewer(world, jeugd):
    propose = reverse("themegroups:propose")
    # The secretariat first; an official sees no button of theirs.
    page = page_of(world.client("secretariat"), LIST)
    assert propose in page and QUEUE in page and SUPPORT in page
    page = page_of(world.client("official_a"), LIST)
    assert "Jeugd" in page
    assert propose not in page and QUEUE not in page and SUPPORT not in page
    # And the other way round.
    assert propose in page_of(world.client("pillar_secretary"), LIST)


# --- a group's page ----------------------------------------------------------------


def test_group_page_second_view_asks_the_same(world, jeugd):
    client = world.client("pillar_secretary")
    cold, _ = get(client, jeugd.get_absolute_url())
    warm, page = get(client, jeugd.get_absolute_url())
    assert len(cold) > 1 and len(warm) == len(cold)
    assert escape(world.person("official_a").name) in page


def test_group_page_shows_a_member_added_through_the_app(world, jeugd):
    client = world.client("pillar_secretary")
    newcomer = PersonFactory(city=world.city_b, name="Nieuw Lid")
    assert "Nieuw Lid" not in page_of(client, jeugd.get_absolute_url())
    response = client.post(
        url("themegroups:member_add", jeugd), {"person": newcomer.pk, "role": "member"}
    )
    assert response.status_code == 302
    assert "Nieuw Lid" in page_of(client, jeugd.get_absolute_url())


def test_group_page_shows_updates_in_every_app_it_reads(world, jeugd):
    client = world.client("official_b")
    address = jeugd.get_absolute_url()
    page_of(client, address)
    ThemeGroup.objects.filter(pk=jeugd.pk).update(goal="Een nieuw doel.")
    assert "Een nieuw doel." in page_of(client, address)
    SupportAssignment.objects.filter(theme_group=jeugd).update(hours_per_month=Decimal("12.5"))
    assert "12,5" in page_of(client, address)
    Person.objects.filter(pk=world.person("official_a").pk).update(name="Hernoemd Lid")
    assert "Hernoemd Lid" in page_of(client, address)
    Pillar.objects.filter(pk=world.pillar.pk).update(name="Pijler Sociaal Domein")
    assert "Pijler Sociaal Domein" in page_of(client, address)
    meeting(jeugd, "Kick-off overleg", timezone.now() - datetime.timedelta(days=1))
    page = page_of(client, address)
    assert "Kick-off overleg" in page
    assert "1 overleg gehouden tot nu toe." in page
    DigitalMeeting.objects.filter(theme_group=jeugd).update(title="Startoverleg")
    assert "Startoverleg" in page_of(client, address)


def test_group_page_buttons_and_forms_never_reach_another_role(world, jeugd):
    address = jeugd.get_absolute_url()
    manage = url("themegroups:member_add", jeugd)
    assign = url("themegroups:support_assign", jeugd)
    decide = url("themegroups:decide", jeugd)
    membership = Membership.objects.get(theme_group=jeugd)
    remove = reverse("themegroups:member_remove", kwargs={"slug": jeugd.slug, "pk": membership.pk})
    role = reverse("themegroups:member_role", kwargs={"slug": jeugd.slug, "pk": membership.pk})
    # The lead pillar's secretary first sees the manager's version ...
    page = page_of(world.client("pillar_secretary"), address)
    assert manage in page and assign in page and remove in page and role in page
    assert decide not in page
    # ... an official, the other pillar's secretary and the DB do not get it.
    for persona in ("official_a", "official_b", "other_pillar_secretary", "db_member"):
        page = page_of(world.client(persona), address)
        assert escape(world.person("official_a").name) in page
        assert manage not in page and assign not in page and remove not in page
        assert role not in page
    assert decide in page_of(world.client("db_member"), address)
    assert decide not in page_of(world.client("secretariat"), address)
    # And the other way round: a reader's version does not hide the manager's.
    assert remove in page_of(world.client("secretariat"), address)


def test_group_page_buttons_follow_the_group_as_it_is_now(world, jeugd):
    client = world.client("pillar_secretary")
    address = jeugd.get_absolute_url()
    assert url("themegroups:member_add", jeugd) in page_of(client, address)
    ThemeGroup.objects.filter(pk=jeugd.pk).update(
        status=ThemeGroupStatus.ENDED, ended_on=days(0), end_reason="Doel bereikt."
    )
    page = page_of(client, address)
    assert "Doel bereikt." in page
    assert url("themegroups:member_add", jeugd) not in page


def test_group_page_shows_no_contact_details_to_anyone(world, jeugd):
    member = world.person("official_a")
    for persona in ("secretariat", "official_b", "contact_a"):
        page = page_of(world.client(persona), jeugd.get_absolute_url())
        assert member.email not in page


def _csrf_client(world, persona) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.person(persona).user)
    return client


def test_group_page_forms_carry_the_requests_own_csrf_token(world, jeugd):
    address = jeugd.get_absolute_url()
    membership = Membership.objects.get(theme_group=jeugd)
    role_url = reverse("themegroups:member_role", kwargs={"slug": jeugd.slug, "pk": membership.pk})
    secretary = _csrf_client(world, "pillar_secretary")
    secretariat = _csrf_client(world, "secretariat")  # same buttons
    _, first = get(secretary, address)
    _, second = get(secretariat, address)
    first_tokens, second_tokens = set(TOKEN.findall(first)), set(TOKEN.findall(second))
    assert first_tokens and second_tokens and not first_tokens & second_tokens
    # Another client's token is refused ...
    stolen = secretariat.post(
        role_url, {"role": "chair", "csrfmiddlewaretoken": first_tokens.pop()}
    )
    assert stolen.status_code == 403
    # ... the request's own is accepted.
    own = secretariat.post(role_url, {"role": "chair", "csrfmiddlewaretoken": second_tokens.pop()})
    assert own.status_code == 302
    membership.refresh_from_db()
    assert membership.role == "chair"


def test_group_page_counts_a_meeting_held_once_the_clock_passes_its_start(
    world, jeugd, monkeypatch
):
    now = timezone.now()
    meeting(jeugd, "Eerste overleg", now + datetime.timedelta(minutes=10))
    meeting(jeugd, "Tweede overleg", now + datetime.timedelta(minutes=30))
    client = world.client("pillar_secretary")
    address = jeugd.get_absolute_url()
    assert "0 overleggen gehouden tot nu toe." in page_of(client, address)
    monkeypatch.setattr(timezone, "now", lambda: now + datetime.timedelta(minutes=20))
    assert "1 overleg gehouden tot nu toe." in page_of(client, address)
    monkeypatch.setattr(timezone, "now", lambda: now + datetime.timedelta(minutes=40))
    assert "2 overleggen gehouden tot nu toe." in page_of(client, address)


def test_group_page_query_count_is_fixed(world):
    """The page costs the same number of queries, at most 18 (one for the group's
    knowledge products, issue 25), however many members, meetings, support periods and
    events a group has."""
    client = world.client("pillar_secretary")
    client.get(reverse("dashboard"))  # the session, once
    counts = []
    for size in (1, 20):
        group = ThemeGroupFactory(lead_pillar=world.pillar)
        for index in range(size):
            MembershipFactory(theme_group=group, person=PersonFactory(city=world.city_b))
            meeting(group, f"Overleg {index}", timezone.now() - datetime.timedelta(days=index + 1))
            SupportFactory(theme_group=group, person=world.person("official_b"))
            group.goal = f"Doel {index}"  # one more line of history per round
            group.save(update_fields=["goal"])
        with CaptureQueriesContext(connection) as captured:
            assert client.get(group.get_absolute_url()).status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1] <= 18


# --- the review queue --------------------------------------------------------------


def _held(page: str) -> list[str]:
    return re.findall(r"Gehouden digitale overleggen</h4>\s*<p class=\"mb-1\">(\d+)</p>", page)


def test_queue_second_view_asks_the_same(world, jeugd):
    client = world.client("db_member")
    cold, _ = get(client, QUEUE)
    warm, page = get(client, QUEUE)
    assert cold and len(warm) == len(cold)
    assert "Jeugd" in page


def test_queue_shows_writes_at_once(world, jeugd, fysiek):
    client = world.client("db_member")
    assert "Woningmarkt" not in page_of(client, QUEUE)
    # update(): now overdue
    ThemeGroup.objects.filter(pk=fysiek.pk).update(review_due_on=days(-3))
    assert "Woningmarkt" in page_of(client, QUEUE)
    # a decision through the app takes it out of the queue
    decide = url("themegroups:decide", fysiek)
    response = client.post(
        decide,
        {
            "review_due_on": days(-3).isoformat(),
            "outcome": ReviewOutcome.EXTEND,
            "new_review_due_on": days(200).isoformat(),
            "reason": "Nog een jaar.",
        },
    )
    assert response.status_code == 302
    assert decide not in page_of(client, QUEUE)
    # a proposal (save())
    proposal = ProposedThemeGroupFactory(name="Klimaat", lead_pillar=world.pillar)
    assert url("themegroups:approve", proposal) in page_of(client, QUEUE)
    # a meeting held (networkdays) and a member renamed (members)
    meeting(jeugd, "Overleg", timezone.now() - datetime.timedelta(days=1))
    assert _held(page_of(client, QUEUE)) == ["1"]
    Person.objects.filter(pk=world.person("official_a").pk).update(name="Hernoemd Lid")
    assert "Hernoemd Lid" in page_of(client, QUEUE)


def test_queue_buttons_are_the_dbs_only(world, jeugd):
    proposal = ProposedThemeGroupFactory(name="Klimaat", lead_pillar=world.pillar)
    decide, approve = url("themegroups:decide", jeugd), url("themegroups:approve", proposal)
    page = page_of(world.client("db_member"), QUEUE)
    assert decide in page and approve in page
    page = page_of(world.client("secretariat"), QUEUE)
    assert "Jeugd" in page and "Klimaat" in page
    assert decide not in page and approve not in page
    # seen the other way round
    ThemeGroup.objects.filter(pk=jeugd.pk).update(goal="Vernieuwd doel.")
    assert decide not in page_of(world.client("secretariat"), QUEUE)
    assert decide in page_of(world.client("db_member"), QUEUE)


def test_queue_counts_a_meeting_held_once_the_clock_passes_its_start(world, jeugd, monkeypatch):
    now = timezone.now()
    meeting(jeugd, "Overleg", now + datetime.timedelta(minutes=10))
    client = world.client("db_member")
    assert _held(page_of(client, QUEUE)) == ["0"]
    monkeypatch.setattr(timezone, "now", lambda: now + datetime.timedelta(minutes=20))
    assert _held(page_of(client, QUEUE)) == ["1"]


# --- the support page --------------------------------------------------------------


def test_support_page_second_view_asks_the_same(world, jeugd):
    client = world.client("pillar_secretary")
    cold, _ = get(client, SUPPORT)
    warm, page = get(client, SUPPORT)
    assert cold and len(warm) == len(cold)
    assert "Jeugd" in page


def test_support_page_shows_support_assigned_through_the_app(world, jeugd, fysiek):
    client = world.client("other_pillar_secretary")
    page = page_of(client, SUPPORT)
    assert "Zonder ondersteuning" in page and "Woningmarkt" in page
    lacking = page.split('id="lacking-heading"')[1].split("</section>")[0]
    assert "Woningmarkt" in lacking
    response = client.post(
        url("themegroups:support_assign", fysiek),
        {
            "person": world.person("official_a").pk,
            "hours_per_month": "6",
            "starts_on": days(0).isoformat(),
            "ends_on": days(200).isoformat(),
        },
    )
    assert response.status_code == 302
    page = page_of(client, SUPPORT)
    lacking = page.split('id="lacking-heading"')[1].split("</section>")[0]
    assert "Woningmarkt" not in lacking
    assert escape(world.person("official_a").name) in page


def test_support_page_shows_updates_at_once(world, jeugd):
    client = world.client("pillar_secretary")
    page_of(client, SUPPORT)
    SupportAssignment.objects.filter(theme_group=jeugd).update(ends_on=days(7))
    ending = page_of(client, SUPPORT).split('id="ending-heading"')[1].split("</section>")[0]
    assert "Jeugd" in ending
    City.objects.filter(pk=world.city_b.pk).update(name="Almere-Haven")
    assert "Almere-Haven" in page_of(client, SUPPORT)  # hours per city


def test_support_page_shows_each_secretary_their_own_pillar(world, jeugd, fysiek):
    assign_jeugd = url("themegroups:support_assign", jeugd)
    assign_fysiek = url("themegroups:support_assign", fysiek)
    page = page_of(world.client("pillar_secretary"), SUPPORT)
    assert "Jeugd" in page and "Woningmarkt" not in page
    assert assign_jeugd in page
    page = page_of(world.client("other_pillar_secretary"), SUPPORT)
    assert "Woningmarkt" in page and "Jeugd" not in page
    assert assign_fysiek in page and assign_jeugd not in page
    # The secretariat sees every pillar, with every button; the DB every pillar, none.
    page = page_of(world.client("secretariat"), SUPPORT)
    assert assign_jeugd in page and assign_fysiek in page
    page = page_of(world.client("db_member"), SUPPORT)
    assert "Jeugd" in page and "Woningmarkt" in page
    assert assign_jeugd not in page and assign_fysiek not in page
    # And a secretary after them still sees only their own.
    page = page_of(world.client("pillar_secretary"), SUPPORT)
    assert "Woningmarkt" not in page and assign_jeugd in page


def test_support_page_of_a_db_member_who_is_also_a_secretary(world, jeugd, fysiek):
    """The DB sees every pillar; being a pillar's secretary too adds that pillar's
    buttons — never the narrower page of a secretary alone (nor the other way)."""
    page = page_of(world.client("pillar_secretary"), SUPPORT)
    assert "Woningmarkt" not in page
    RoleFactory(
        person=world.person("db_member"), kind=RoleKind.PILLAR_SECRETARY, pillar=world.pillar
    )
    page = page_of(world.client("db_member"), SUPPORT)
    assert "Jeugd" in page and "Woningmarkt" in page
    assert url("themegroups:support_assign", jeugd) in page
    assert url("themegroups:support_assign", fysiek) not in page
    assert "Woningmarkt" not in page_of(world.client("pillar_secretary"), SUPPORT)


def test_support_page_follows_the_pillar_chosen(world, jeugd, fysiek):
    client = world.client("secretariat")
    assert "Woningmarkt" in page_of(client, SUPPORT)
    page = page_of(client, SUPPORT, {"pillar": "sociaal"})
    assert "Jeugd" in page and "Woningmarkt" not in page
    # A secretary asking for another pillar still gets only their own.
    page = page_of(world.client("pillar_secretary"), SUPPORT, {"pillar": "fysiek"})
    assert "Jeugd" in page and "Woningmarkt" not in page


def test_list_is_paginated_with_a_fixed_number_of_queries(world, settings):
    """Ten years bring hundreds of groups: a page at a time, the same queries for one
    group or a full page (issue 24: bounded tables)."""
    from themegroups import views

    settings.DEBUG = False
    client = world.client("official_a")
    client.get(reverse("dashboard"))  # the session, once
    ThemeGroupFactory(name="Groep 000", lead_pillar=world.pillar)
    with CaptureQueriesContext(connection) as one:
        assert client.get(LIST, {"status": "all"}).status_code == 200
    for index in range(1, views.THEME_GROUPS_PER_PAGE + 1):
        ThemeGroupFactory(name=f"Groep {index:03d}", lead_pillar=world.pillar)
    with CaptureQueriesContext(connection) as full:
        first = client.get(LIST, {"status": "all"})
    assert len(full.captured_queries) == len(one.captured_queries)
    assert len(first.context["groups"]) == views.THEME_GROUPS_PER_PAGE
    assert "Groep 000" in first.content.decode() and "Groep 050" not in first.content.decode()
    second = client.get(LIST, {"status": "all", "page": "2"}).content.decode()
    assert "Groep 050" in second and "status=all&amp;page=1" in second
