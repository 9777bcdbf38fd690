"""What waits for the DB (issue 23, item 2): the DB's dashboard lists each kind with its
date, through the typed registry the feature apps fill (members.waiting); a daily digest
mail, at most one a day per DB member, switched by DB_DIGEST."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from letters.constants import LetterStatus
from lobby.constants import VersionStatus
from members import waiting
from members.permissions import permissions_for
from outbox.digest import db_digests_send
from outbox.models import OutgoingMail

from ..admissions.factories import application
from ..letters.factories import make_letter
from ..lobby.factories import DossierFactory, NoticeFactory, VersionFactory
from ..themegroups.factories import ThemeGroupFactory

pytestmark = pytest.mark.django_db


def _now():
    # The world's roles start today: the clock is pinned at the test's own moment.
    return timezone.now()


def _before_the_db(world, n: int = 1) -> None:
    for i in range(n):
        dossier = DossierFactory(pillar=world.pillar)
        VersionFactory(
            dossier=dossier, status=VersionStatus.AT_DB, routed_at=timezone.now(), title=f"V{i}"
        )
        NoticeFactory(stance__version__dossier=dossier, stance__city=world.city_a)
        make_letter(status=LetterStatus.DRAFT)
        ThemeGroupFactory(review_due_on=timezone.localdate() + datetime.timedelta(days=7))
    application()


def test_the_registry_is_filled_by_the_feature_apps():
    assert set(waiting.providers()) >= {
        "lobby.positions",
        "lobby.notices",
        "letters.drafts",
        "admissions.applications",
        "themegroups.reviews",
    }


def test_the_dbs_dashboard_lists_what_waits_with_its_date(world):
    now = _now()
    with time_machine.travel(now, tick=False):
        _before_the_db(world)
        page = world.client("db_member").get(reverse("dashboard")).content.decode()
    since = date_format(timezone.localdate(now), "j N Y")
    assert "Wacht op het DB" in page
    for kind in (
        "Standpunt vast te stellen",
        "Afwijkingsmelding te bevestigen",
        "Ledenbrief goed te keuren",
        "Aanvraag wacht op advies van het DB",
        "Themagroep toe aan evaluatie",
    ):
        assert kind in page, kind
    assert f"sinds {since}" in page


def test_others_do_not_see_the_dbs_list(world):
    _before_the_db(world)
    for persona in ("secretariat", "contact_a", "pillar_secretary"):
        page = world.client(persona).get(reverse("dashboard")).content.decode()
        assert "Wacht op het DB" not in page


@pytest.mark.parametrize("rows", [1, 20])
def test_the_list_runs_a_fixed_number_of_queries(world, rows, django_assert_max_num_queries):
    _before_the_db(world, rows)
    permissions = permissions_for(world.person("db_member").user)
    permissions.is_db_member  # noqa: B018  (the roles are read once, outside the count)
    with django_assert_max_num_queries(6):
        items = waiting.waiting_for_db(permissions)
    assert len(items) == 4 * rows + 1


def test_the_digest_is_one_mail_a_day_at_most_and_only_with_news(world, settings):
    now = _now()
    with time_machine.travel(now, tick=False):
        _before_the_db(world)
        assert db_digests_send() == 1
        assert db_digests_send() == 1  # the same key: still one mail
    mails = OutgoingMail.objects.filter(key__startswith="db-digest:")
    assert mails.count() == 1
    assert mails.get().to == [world.person("db_member").email]
    # Two days on, nothing new was put before the DB: no mail.
    with time_machine.travel(now + datetime.timedelta(days=2), tick=False):
        assert db_digests_send() == 0
    settings.DB_DIGEST = "off"
    with time_machine.travel(now, tick=False):
        make_letter(status=LetterStatus.DRAFT)
        assert db_digests_send() == 0


# 16 for the DB's chair at 1 and at 20 items of each kind (the dashboard's 10 for the
# other roles, the lobby's panel for the DB, and one query per kind waiting).
DB_DASHBOARD_QUERIES = 16


@pytest.mark.parametrize("rows", [1, 20])
def test_the_dbs_dashboard_runs_a_fixed_number_of_queries(
    world, rows, django_assert_max_num_queries
):
    _before_the_db(world, rows)
    client = world.client("db_member")
    client.get(reverse("dashboard"))  # the cached part and the permissions are warm
    with django_assert_max_num_queries(DB_DASHBOARD_QUERIES):
        response = client.get(reverse("dashboard"))
    assert response.content.decode().count("Ledenbrief goed te keuren") == rows


def test_the_demo_puts_a_position_and_a_late_notice_before_the_db(settings):
    """Issue 23: the demo shows each loop (a position before the DB, a late notice)."""
    from django.core.management import call_command

    from lobby.constants import UnexpectedReason
    from lobby.models import DeviationNotice
    from members.models import Person

    settings.DEBUG = True
    call_command("load_demo", stdout=None)
    chair = Person.objects.get(user__username="db-voorzitter")
    kinds = {item.kind for item in waiting.waiting_for_db(permissions_for(chair.user))}
    assert {"Standpunt vast te stellen", "Afwijkingsmelding te bevestigen"} <= kinds
    late = DeviationNotice.objects.get(unexpected=UnexpectedReason.LATE_NOTICE)
    assert late.acknowledged_at is None
