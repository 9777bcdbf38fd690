"""One rule in one place: who may do what is asked of members.permissions (by the
access helpers and again by the services), every refusal carries a code, and a
signed-in account without a role reads no theme-group page."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import URLPattern, reverse

from members.actors import SYSTEM
from members.permissions import permissions_for
from themegroups.constants import ReviewOutcome, ThemeGroupStatus
from themegroups.models import Membership, ReviewDecision, SupportAssignment, ThemeGroup
from themegroups.services import (
    theme_group_approve,
    theme_group_decide,
    theme_group_propose,
    theme_group_refuse,
)
from themegroups.services_members import (
    membership_add,
    membership_remove,
    membership_set_role,
    support_assign,
)

from ..helpers import codes, field_codes
from .factories import (
    MembershipFactory,
    ProposedThemeGroupFactory,
    ThemeGroupFactory,
    days,
    today,
)

# --- the read policy --------------------------------------------------------------


def _patterns() -> list[URLPattern]:
    """The app's URL patterns, as the project includes them."""
    from django.urls import get_resolver

    for entry in get_resolver().url_patterns:
        if getattr(entry, "namespace", None) == "themegroups":
            return entry.url_patterns
    raise AssertionError("themegroups is not in the project's URLconf")


def _every_get_url(group: ThemeGroup, membership: Membership) -> list[str]:
    """Every page of the app, found from its URL patterns (a new page is included)."""
    kwargs = {"slug": group.slug, "pk": membership.pk}
    urls = []
    for pattern in _patterns():
        assert isinstance(pattern, URLPattern)
        wanted = {name: kwargs[name] for name in pattern.pattern.converters}
        urls.append(reverse(f"themegroups:{pattern.name}", kwargs=wanted))
    return urls


def test_an_account_without_a_role_reads_no_theme_group_page(world):
    group = ThemeGroupFactory(lead_pillar=world.pillar)
    membership = MembershipFactory(theme_group=group, person=world.person("official_a"))
    client = world.client("no_role")
    urls = _every_get_url(group, membership)
    assert len(urls) == len(_patterns()) == 14
    for url in urls:
        assert client.get(url).status_code in (403, 405), url
    # The pages that answer GET at all answer 403, not "method not allowed".
    for name in ("list", "review_queue", "support_overview", "propose"):
        assert client.get(reverse(f"themegroups:{name}")).status_code == 403
    for name in ("detail", "approve", "refuse", "decide", "support_assign", "member_add"):
        url = reverse(f"themegroups:{name}", kwargs={"slug": group.slug})
        assert client.get(url).status_code == 403, url


def test_the_dashboard_shows_no_theme_groups_without_a_role(world):
    ThemeGroupFactory(lead_pillar=world.pillar, name="Zichtbaar")
    page = world.client("no_role").get(reverse("dashboard"))
    assert page.status_code == 200
    assert "themegroups/dashboard_panel.html" not in [t.name for t in page.templates]


# --- the named questions -------------------------------------------------------------


def test_who_sees_the_review_queue(world):
    may = {
        persona: permissions_for(world.person(persona).user).may_see_review_queue
        for persona in ("db_member", "secretariat", "pillar_secretary", "official_a")
    }
    assert may == {
        "db_member": True,
        "secretariat": True,
        "pillar_secretary": False,
        "official_a": False,
    }
    assert world.client("secretariat").get(reverse("themegroups:list")).context["may_see_queue"]


def test_who_proposes_for_which_pillar(world):
    secretary = permissions_for(world.person("pillar_secretary").user)
    secretariat = permissions_for(world.person("secretariat").user)
    assert secretary.may_propose_theme_group_for(world.pillar.pk)
    assert not secretary.may_propose_theme_group_for(world.other_pillar.pk)
    assert secretariat.may_propose_theme_group_for(world.other_pillar.pk)
    form = world.client("pillar_secretary").get(reverse("themegroups:propose")).context["form"]
    assert list(form.fields["lead_pillar"].queryset) == [world.pillar]


def test_the_support_page_covers_own_pillars_for_a_pillar_secretary(world):
    ThemeGroupFactory(lead_pillar=world.other_pillar, name="Elders")
    ThemeGroupFactory(lead_pillar=world.pillar, name="Eigen")
    page = world.client("pillar_secretary").get(reverse("themegroups:support_overview"))
    assert [group.name for group in page.context["groups"]] == ["Eigen"]
    page = world.client("db_member").get(reverse("themegroups:support_overview"))
    assert [group.name for group in page.context["groups"]] == ["Eigen", "Elders"]


# --- services ask again: forbidden ----------------------------------------------------


def test_services_refuse_the_wrong_user_with_forbidden(world):
    proposal = ProposedThemeGroupFactory(lead_pillar=world.pillar)
    group = ThemeGroupFactory(lead_pillar=world.pillar)
    membership = MembershipFactory(theme_group=group, person=world.person("official_a"))
    official = world.person("official_b").user
    calls = [
        lambda: theme_group_refuse(by=official, group=proposal, reason="Nee."),
        lambda: theme_group_approve(by=official, group=proposal, review_due_on=days(90)),
        lambda: membership_remove(by=official, membership=membership),
        lambda: membership_set_role(by=official, membership=membership, role="chair"),
        lambda: support_assign(
            by=official,
            group=group,
            person=world.person("official_a"),
            hours_per_month=Decimal("-1"),  # the permission is asked before the input
            starts_on=days(0),
            ends_on=days(10),
        ),
        lambda: membership_add(
            by=official, group=group, person=world.person("official_b"), role="member"
        ),
    ]
    for call in calls:
        with pytest.raises(ValidationError) as info:
            call()
        assert info.value.code == "forbidden"
    assert Membership.objects.get().role == "member"
    assert not SupportAssignment.objects.exists()
    proposal.refresh_from_db()
    assert proposal.status == ThemeGroupStatus.PROPOSED


def test_the_system_acts_and_none_is_no_actor(world):
    """``SYSTEM`` (a task, a command) is asked nothing; ``None`` is a programming error,
    never a permission (issue 24)."""
    group = ThemeGroupFactory(lead_pillar=world.pillar)
    with pytest.raises(TypeError):
        membership_add(by=None, group=group, person=world.person("official_b"), role="member")
    assert not Membership.objects.exists()
    membership = membership_add(
        by=SYSTEM, group=group, person=world.person("official_b"), role="member"
    )
    membership_set_role(by=SYSTEM, membership=membership, role="chair")
    assert Membership.objects.get().role == "chair"
    with pytest.raises(TypeError):
        membership_remove(by=None, membership=membership)
    membership_remove(by=SYSTEM, membership=membership)
    assert not Membership.objects.exists()


# --- every refusal has a code ----------------------------------------------------------


def _propose(world, **kwargs):
    arguments = {
        "by": world.person("pillar_secretary").user,
        "name": "Energie",
        "goal": "Warmtenetten.",
        "expected_result": "Een handreiking.",
        "lead_pillar": world.pillar,
        "review_due_on": days(300),
    }
    arguments.update(kwargs)
    return theme_group_propose(**arguments)


def test_a_mandate_needs_goal_and_result_and_a_free_name(world):
    with pytest.raises(ValidationError) as info:
        _propose(world, goal=" ")
    assert info.value.code == "mandate_incomplete"
    _propose(world)
    with pytest.raises(ValidationError) as info:
        _propose(world, name="ENERGIE")
    assert field_codes(info.value) == {"name": {"name_taken"}}


def test_only_a_proposal_is_approved_or_refused(world):
    group = ThemeGroupFactory(lead_pillar=world.pillar)
    db = world.person("db_member").user
    with pytest.raises(ValidationError) as info:
        theme_group_approve(by=db, group=group, review_due_on=days(90))
    assert info.value.code == "not_a_proposal"
    with pytest.raises(ValidationError) as info:
        theme_group_refuse(by=db, group=group, reason="Nee.")
    assert info.value.code == "not_a_proposal"


def _decide(world, group, **kwargs):
    arguments = {
        "by": world.person("db_member").user,
        "group": group,
        "review_due_on": group.review_due_on,
        "outcome": ReviewOutcome.END,
        "reason": "Klaar.",
        "ends_on": today(),
    }
    arguments.update(kwargs)
    return theme_group_decide(**arguments)


def test_decision_refusals_have_codes(world):
    proposal = ProposedThemeGroupFactory(lead_pillar=world.pillar)
    with pytest.raises(ValidationError) as info:
        _decide(world, proposal)
    assert info.value.code == "not_active"
    group = ThemeGroupFactory(lead_pillar=world.pillar, review_due_on=days(-3))
    with pytest.raises(ValidationError) as info:
        _decide(world, group, review_due_on=days(-4))
    assert info.value.code == "review_date_changed"
    with pytest.raises(ValidationError) as info:
        _decide(world, group, ends_on=days(365 * 3))
    assert field_codes(info.value) == {"ends_on": {"end_date_too_far"}}
    assert not ReviewDecision.objects.exists()


def test_membership_refusals_have_codes(world):
    group = ThemeGroupFactory(lead_pillar=world.pillar)
    membership = MembershipFactory(theme_group=group, person=world.person("official_a"))
    secretary = world.person("pillar_secretary").user
    with pytest.raises(ValidationError) as info:
        membership_set_role(by=secretary, membership=membership, role="king")
    assert info.value.code == "invalid_role"
    membership_remove(by=secretary, membership=membership)
    with pytest.raises(ValidationError) as info:
        membership_remove(by=secretary, membership=membership)
    assert info.value.code == "not_a_member"


def test_model_validation_refuses_with_codes(world):
    group = ThemeGroupFactory(lead_pillar=world.pillar)
    person = world.person("official_a")
    support = SupportAssignment(
        theme_group=group, person=person, hours_per_month=-1, starts_on=days(5), ends_on=days(1)
    )
    with pytest.raises(ValidationError) as info:
        support.full_clean()
    assert codes(info.value) == {"negative_hours", "support_period_reversed"}
    ended = ThemeGroup(
        name="Half af",
        slug="half-af",
        goal="x",
        expected_result="y",
        lead_pillar=world.pillar,
        status=ThemeGroupStatus.ENDED,
        started_on=days(-10),
        review_due_on=days(-20),
    )
    with pytest.raises(ValidationError) as info:
        ended.full_clean()
    assert codes(info.value) == {"end_incomplete", "review_before_start"}
    MembershipFactory(theme_group=group, person=person)
    with pytest.raises(ValidationError) as info:
        Membership(theme_group=group, person=person, role="member").full_clean()
    assert codes(info.value) == {"already_member"}
    decision = ReviewDecision(
        theme_group=group,
        review_due_on=group.review_due_on,
        outcome=ReviewOutcome.EXTEND,
        new_review_due_on=days(-1),
        reason="",
        decided_by_name="Iemand",
        decided_on=today(),
    )
    with pytest.raises(ValidationError) as info:
        decision.validate_constraints()
    assert codes(info.value) == {"reason_required", "decision_dates_invalid"}


def test_support_for_an_ended_group_is_refused_by_the_model(world):
    group = ThemeGroupFactory(
        lead_pillar=world.pillar,
        status=ThemeGroupStatus.ENDED,
        ended_on=days(-1),
        end_reason="Klaar.",
    )
    support = SupportAssignment(
        theme_group=group,
        person=world.person("official_a"),
        hours_per_month=4,
        starts_on=days(0),
        ends_on=days(0) + datetime.timedelta(days=30),
    )
    with pytest.raises(ValidationError) as info:
        support.full_clean()
    assert "read_only" in codes(info.value)


def test_help_texts_are_translated_when_shown(world):
    from django.utils import translation

    from pillars.models import Pillar
    from themegroups.forms import DecideForm, ProposalForm

    for language, expected in (
        ("en", "At most 24 months ahead."),
        ("nl", "Hoogstens 24 maanden vooruit."),
    ):
        with translation.override(language):
            form = ProposalForm(lead_pillars=Pillar.objects.all())
            assert str(form.fields["review_due_on"].help_text) == expected
    with translation.override("en"):
        assert str(DecideForm().fields["new_review_due_on"].help_text) == (
            "When extending. At most 24 months ahead."
        )
