import pytest
from django.urls import reverse

from themegroups.constants import EventKind

from .factories import SupportFactory, ThemeGroupFactory


@pytest.fixture
def group(world):
    group = ThemeGroupFactory(lead_pillar=world.pillar, name="Jeugd", slug="jeugd")
    SupportFactory(theme_group=group)
    return group


def test_the_secretariat_reads_every_theme_group_admin_page(world, group):
    client = world.client("secretariat")
    for name in ["themegroup", "supportassignment", "reviewdecision", "themegroupevent"]:
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
    event = group.events.get()
    assert event.kind == EventKind.CHANGED
    assert event.changes["name"] == ["Jeugd", "Jeugd en Gezin"]
