"""The demo data: twelve groups across the pillars, twice loaded is once loaded, and
every page renders with it."""

import pytest
from django.test import Client
from django.urls import reverse

from members import demo as members_demo
from themegroups import demo
from themegroups.constants import ThemeGroupStatus
from themegroups.models import Membership, SupportAssignment, ThemeGroup


@pytest.mark.django_db
def test_demo_loads_twice_as_once():
    members_demo.load()
    assert demo.load() == []
    counts = (
        ThemeGroup.objects.count(),
        Membership.objects.count(),
        SupportAssignment.objects.count(),
    )
    demo.load()
    assert (
        ThemeGroup.objects.count(),
        Membership.objects.count(),
        SupportAssignment.objects.count(),
    ) == counts
    assert counts[0] == 12
    assert ThemeGroup.objects.overdue().exists()
    assert ThemeGroup.objects.due().exists()
    assert ThemeGroup.objects.open().without_support().exists()
    assert ThemeGroup.objects.filter(status=ThemeGroupStatus.ENDED).count() == 1
    assert ThemeGroup.objects.filter(status=ThemeGroupStatus.PROPOSED).count() == 1
    assert set(ThemeGroup.objects.values_list("lead_pillar__slug", flat=True)) == {
        "sociaal",
        "economie-en-werk",
        "fysiek",
    }

    client = Client()
    client.force_login(members_demo.Person.objects.get(user__username="secretariaat").user)
    urls = [
        reverse("themegroups:list") + "?status=all",
        reverse("themegroups:review_queue"),
        reverse("themegroups:support_overview"),
        reverse("dashboard"),
    ] + [group.get_absolute_url() for group in ThemeGroup.objects.all()]
    for url in urls:
        assert client.get(url).status_code == 200, url
