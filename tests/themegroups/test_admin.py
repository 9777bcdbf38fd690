import pytest
from django.urls import reverse

from themegroups.constants import EventKind

from ..audit.helpers import history_changes, history_kinds
from .factories import SupportFactory, ThemeGroupFactory


@pytest.fixture
def group(world):
    group = ThemeGroupFactory(lead_pillar=world.pillar, name="Jeugd", slug="jeugd")
    SupportFactory(theme_group=group)
    return group


def test_the_secretariat_reads_every_theme_group_admin_page(world, group):
    client = world.client("secretariat")
    for name in ["themegroup", "supportassignment", "reviewdecision"]:
        assert client.get(reverse(f"admin:themegroups_{name}_changelist")).status_code == 200
    assert (
        client.get(reverse("admin:themegroups_themegroup_change", args=[group.pk])).status_code
        == 200
    )


def test_others_do_not_enter(world, group):
    response = world.client("db_member").get(reverse("admin:themegroups_themegroup_changelist"))
    assert response.status_code in (302, 403)


def test_an_admin_edit_enters_the_history(world, group):
    client = world.client("secretariat")
    url = reverse("admin:themegroups_themegroup_change", args=[group.pk])
    data = {
        "name": "Jeugd en Gezin",
        "slug": "jeugd",
        "goal": group.goal,
        "expected_result": group.expected_result,
        "lead_pillar": world.pillar.pk,
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        "decisions-TOTAL_FORMS": "0",
        "decisions-INITIAL_FORMS": "0",
        "decisions-MIN_NUM_FORMS": "0",
        "decisions-MAX_NUM_FORMS": "1000",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert history_kinds(group)[-1] == EventKind.CHANGED
    assert history_changes(group, EventKind.CHANGED)["name"] == ("Jeugd", "Jeugd en Gezin")


def test_an_ended_group_is_read_only_in_the_admin(world):
    from themegroups.constants import ThemeGroupStatus

    from .factories import days

    ended = ThemeGroupFactory(
        lead_pillar=world.pillar,
        status=ThemeGroupStatus.ENDED,
        ended_on=days(-1),
        end_reason="Klaar.",
    )
    client = world.client("secretariat")
    url = reverse("admin:themegroups_themegroup_change", args=[ended.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    assert client.post(url, {"name": "Anders"}).status_code == 403
    response = client.post(
        reverse("admin:themegroups_supportassignment_add"),
        {
            "theme_group": ended.pk,
            "person": world.person("official_a").pk,
            "hours_per_month": "4",
            "starts_on": days(0).isoformat(),
            "ends_on": days(10).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "kan niet meer worden gewijzigd" in response.content.decode()
    assert not ended.supports.exists()
