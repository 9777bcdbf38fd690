"""Members (chair, member) managed by the lead pillar's secretary or the secretariat;
every change is in the group's history and shown on its page."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from themegroups.constants import EventKind, MembershipRole, ReviewOutcome
from themegroups.models import Membership
from themegroups.services import theme_group_decide
from themegroups.services_members import membership_add, membership_remove, membership_set_role

from ..audit.helpers import as_request, history_changes, history_kinds
from ..helpers import field_codes
from .factories import SupportFactory, ThemeGroupFactory, days, today


@pytest.fixture
def group(world):
    return ThemeGroupFactory(lead_pillar=world.pillar, name="Cultuur", slug="cultuur")


def test_add_change_role_remove_with_history(world, group):
    user = world.person("pillar_secretary").user
    with as_request(user):
        membership = membership_add(
            by=user,
            group=group,
            person=world.person("official_a"),
            role=MembershipRole.MEMBER,
        )
    with as_request(user):
        membership_set_role(by=user, membership=membership, role=MembershipRole.CHAIR)
    assert Membership.objects.get().role == MembershipRole.CHAIR
    with as_request(user):
        membership_remove(by=user, membership=membership)
    assert not Membership.objects.exists()
    assert history_kinds(group) == [
        EventKind.PROPOSED,
        EventKind.MEMBER_ADDED,
        EventKind.MEMBER_ROLE_CHANGED,
        EventKind.MEMBER_REMOVED,
    ]
    assert history_changes(group, EventKind.MEMBER_ROLE_CHANGED) == {"role": ("member", "chair")}
    name = world.person("official_a").name
    assert history_changes(group, EventKind.MEMBER_ADDED)["member"] == (None, name)
    assert history_changes(group, EventKind.MEMBER_REMOVED)["member"] == (name, None)


def test_a_person_joins_once(world, group):
    user = world.person("secretariat").user
    membership_add(by=user, group=group, person=world.person("official_a"), role="member")
    with pytest.raises(ValidationError) as info:
        membership_add(by=user, group=group, person=world.person("official_a"), role="chair")
    assert field_codes(info.value) == {"person": {"already_member"}}


@pytest.mark.parametrize("persona", ["other_pillar_secretary", "db_member", "official_a"])
def test_others_do_not_manage_members(world, group, persona):
    with pytest.raises(ValidationError) as info:
        membership_add(
            by=world.person(persona).user,
            group=group,
            person=world.person("official_b"),
            role="member",
        )
    assert info.value.code == "forbidden"
    assert not Membership.objects.exists()


def test_the_cities_follow_from_the_members(world, group):
    user = world.person("secretariat").user
    membership_add(by=user, group=group, person=world.person("official_a"), role="chair")
    membership_add(by=user, group=group, person=world.person("official_b"), role="member")
    membership_add(by=user, group=group, person=world.person("contact_a"), role="member")
    page = world.client("official_b").get(group.get_absolute_url())
    assert [city.name for city in page.context["group"].cities] == ["Almere", "Zwolle"]


def test_the_group_page_shows_its_whole_history_even_after_it_ended(world, group):
    SupportFactory(theme_group=group, person=world.person("official_b"))
    membership_add(
        by=world.person("pillar_secretary").user,
        group=group,
        person=world.person("official_a"),
        role="member",
    )
    with as_request(world.person("db_member").user):
        theme_group_decide(
            by=world.person("db_member").user,
            group=group,
            review_due_on=group.review_due_on,
            outcome=ReviewOutcome.END,
            ends_on=today(),
            reason="Het doel is bereikt.",
        )
    response = world.client("official_a").get(group.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert "Het doel is bereikt." in content
    assert "Lid toegevoegd" in content
    assert escape(world.person("db_member").name) in content
    # Read-only: no actions for anyone, and the services refuse.
    secretary_page = world.client("pillar_secretary").get(group.get_absolute_url())
    assert not secretary_page.context["may_manage"]
    assert not secretary_page.context["may_assign_support"]
    assert reverse("themegroups:member_add", kwargs={"slug": group.slug}) not in (
        secretary_page.content.decode()
    )
    with pytest.raises(ValidationError) as info:
        membership_add(
            by=world.person("pillar_secretary").user,
            group=group,
            person=world.person("official_b"),
            role="member",
        )
    assert info.value.code == "read_only"
    membership = Membership.objects.get()
    with pytest.raises(ValidationError) as info:
        membership_remove(
            by=world.person("pillar_secretary").user,
            membership=membership,
        )
    assert info.value.code == "read_only"
    response = world.client("pillar_secretary").post(
        reverse("themegroups:member_remove", kwargs={"slug": group.slug, "pk": membership.pk})
    )
    assert response.status_code == 302
    assert Membership.objects.exists()


def test_member_forms_through_the_pages(world, group):
    client = world.client("pillar_secretary")
    response = client.post(
        reverse("themegroups:member_add", kwargs={"slug": group.slug}),
        {"person": world.person("official_a").pk, "role": "chair"},
    )
    assert response.status_code == 302
    membership = Membership.objects.get()
    assert membership.role == "chair"
    client.post(
        reverse("themegroups:member_role", kwargs={"slug": group.slug, "pk": membership.pk}),
        {"role": "member"},
    )
    membership.refresh_from_db()
    assert membership.role == "member"
    client.post(
        reverse("themegroups:member_remove", kwargs={"slug": group.slug, "pk": membership.pk})
    )
    assert not Membership.objects.exists()
    assert days(0) == today()
