"""Ending a theme group ends its support on the decision's date (issue 11, item 12)."""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from themegroups.constants import ReviewOutcome
from themegroups.models import SupportAssignment
from themegroups.services import theme_group_decide

from ..audit.helpers import as_request
from .factories import SupportFactory, ThemeGroupFactory, days, today


def _end(world, group, ends_on):
    by = world.person("db_member").user
    with as_request(by):
        theme_group_decide(
            by=by,
            group=group,
            review_due_on=group.review_due_on,
            outcome=ReviewOutcome.END,
            ends_on=ends_on,
            reason="Doel bereikt.",
        )


def test_ending_a_group_ends_its_support_on_the_decisions_date(world):
    group = ThemeGroupFactory(lead_pillar=world.pillar, review_due_on=days(-7))
    current = SupportFactory(theme_group=group, starts_on=days(-30), ends_on=days(300))
    later = SupportFactory(theme_group=group, starts_on=days(30), ends_on=days(200))
    past = SupportFactory(theme_group=group, starts_on=days(-300), ends_on=days(-40))
    _end(world, group, ends_on=days(60))
    current.refresh_from_db()
    assert current.ends_on == today()  # the decision's date, not the group's end
    assert not SupportAssignment.objects.filter(pk=later.pk).exists()  # never starts
    past.refresh_from_db()
    assert past.ends_on == days(-40)
    # Recorded by the audit trail, with the actor.
    entry = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(SupportAssignment),
        object_pk=str(current.pk),
        action=LogEntry.Action.UPDATE,
    ).get()
    assert entry.actor == world.person("db_member").user
    assert entry.changes_dict["ends_on"] == [str(days(300)), str(today())]


def test_an_ended_groups_page_shows_no_support_as_current(world):
    group = ThemeGroupFactory(lead_pillar=world.pillar, review_due_on=days(-7))
    SupportFactory(theme_group=group, starts_on=days(-30), ends_on=days(300))
    client = world.client("secretariat")
    assert "(huidig)" in client.get(group.get_absolute_url()).content.decode()
    _end(world, group, ends_on=today())
    assert "(huidig)" not in client.get(group.get_absolute_url()).content.decode()
