"""Where a product is made, it is shown: a theme group's page (an ended group's too),
a network day's page after the day, the review queue and the decide page (what the
group produced since its last review)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from knowledge.constants import MakerKind, ProductKind
from themegroups.constants import ReviewOutcome, ThemeGroupStatus
from themegroups.models import ReviewDecision

from ..networkdays.factories import NetworkDayFactory, ProgrammeSessionFactory
from ..themegroups.factories import ThemeGroupFactory
from .factories import make_product

# Relative to the real date: the world's roles start from it (a pinned clock before
# them would leave the personas without a role).


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def _group(**fields):
    return ThemeGroupFactory(started_on=_days(-500), review_due_on=_days(5), **fields)


def test_a_groups_page_lists_its_products_also_when_ended(world):
    group = _group(lead_pillar=world.pillar)
    make_product(title="Handreiking schulden", maker_kind=MakerKind.THEME_GROUP, theme_group=group)
    client = world.client("official_a")
    assert "Handreiking schulden" in client.get(group.get_absolute_url()).content.decode()
    group.status = ThemeGroupStatus.ENDED
    group.ended_on = _days(0)
    group.end_reason = "Klaar"
    group.save()
    page = client.get(group.get_absolute_url()).content.decode()
    assert "Handreiking schulden" in page and "Producten van deze groep" in page
    found = client.get(reverse("knowledge:list"), {"group": group.pk}).content.decode()
    assert "Handreiking schulden" in found


def test_a_network_days_presentations_show_after_the_day(world):
    past = NetworkDayFactory(date=_days(-30), title="Tilburg")
    coming = NetworkDayFactory(date=_days(60))
    for day, title in ((past, "Sheets wonen"), (coming, "Vooraf gedeeld")):
        session = ProgrammeSessionFactory(network_day=day, pillar=world.pillar)
        make_product(
            title=title,
            kind=ProductKind.PRESENTATION,
            maker_kind=MakerKind.SESSION,
            session=session,
        )
    client = world.client("official_a")
    page = client.get(reverse("networkdays:detail", args=[past.pk])).content.decode()
    assert "Presentaties van deze dag" in page and "Sheets wonen" in page
    page = client.get(reverse("networkdays:detail", args=[coming.pk])).content.decode()
    assert "Vooraf gedeeld" not in page


def test_the_review_queue_shows_what_was_produced_since_the_last_review(world):
    group = _group(lead_pillar=world.pillar)
    ReviewDecision.objects.create(
        theme_group=group,
        review_due_on=_days(-200),
        outcome=ReviewOutcome.EXTEND,
        new_review_due_on=_days(5),
        reason="Goed bezig",
        decided_by_name="Voorzitter",
        decided_on=_days(-200),
    )
    make_product(
        title="Oude factsheet",
        maker_kind=MakerKind.THEME_GROUP,
        theme_group=group,
        published_on=_days(-300),
    )
    make_product(
        title="Nieuwe handreiking",
        maker_kind=MakerKind.THEME_GROUP,
        theme_group=group,
        published_on=_days(-100),
    )
    client = world.client("db_member")
    page = client.get(reverse("themegroups:review_queue")).content.decode()
    since = date_format(_days(-200), "j N Y")
    assert f"Opgeleverd sinds de vorige toetsing ({since})" in page
    assert "Nieuwe handreiking" in page and "Oude factsheet" not in page
    page = client.get(reverse("themegroups:decide", args=[group.slug])).content.decode()
    assert "Nieuwe handreiking" in page and "Oude factsheet" not in page


@pytest.mark.django_db
def test_the_letters_public_archive_leads_to_the_public_products(client):
    """Public products appear in the public archive beside the letters (issue 25, 7),
    through letters' hook: letters imports nothing of knowledge."""
    page = client.get(reverse("ledenbrieven:list")).content.decode()
    assert f'href="{reverse("kennisproducten:list")}"' in page
    assert f'href="{reverse("kennisproducten:feed")}"' in page


def test_the_review_sections_reuse_the_groups_decisions_and_skip_older_products(
    world, django_assert_num_queries
):
    """Issue 24: with the decisions read with the groups (the queue, the decide page) the
    last review dates cost no query, and the same as asked; products older than every
    group's last review are not read."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from knowledge.selectors import last_review_dates, products_of_groups
    from themegroups.selectors import groups_with_details

    reviewed, new = _group(lead_pillar=world.pillar), _group(lead_pillar=world.pillar)
    for decided_on in (_days(-400), _days(-200)):
        ReviewDecision.objects.create(
            theme_group=reviewed,
            review_due_on=decided_on,
            outcome=ReviewOutcome.EXTEND,
            new_review_due_on=_days(5),
            reason="Goed bezig",
            decided_by_name="Voorzitter",
            decided_on=decided_on,
        )
    new.started_on = _days(-100)
    new.save()
    for group, title, day in ((reviewed, "Oud", -300), (reviewed, "Nieuw", -150)):
        make_product(
            title=title,
            maker_kind=MakerKind.THEME_GROUP,
            theme_group=group,
            published_on=_days(day),
        )
    plain = list(type(reviewed).objects.filter(pk__in=[reviewed.pk, new.pk]))
    asked = last_review_dates(plain)
    groups = list(groups_with_details(decisions=True).filter(pk__in=[reviewed.pk, new.pk]))
    with django_assert_num_queries(0):
        dates = last_review_dates(groups)
    assert dates == asked == {reviewed.pk: _days(-200), new.pk: _days(-100)}
    with CaptureQueriesContext(connection) as captured:
        found = products_of_groups([reviewed.pk, new.pk], dates)
    assert [p.title for p in found[reviewed.pk]] == ["Nieuw"] and new.pk not in found
    assert str(_days(-200)) in captured.captured_queries[0]["sql"]
