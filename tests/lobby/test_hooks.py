"""The lobby's hooks for other apps (found by name): the participation measure, the
member letter's section, personal data, the demo."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from infra.registry import app_hooks
from lobby import demo, member_letter, participation, personal_data
from lobby.constants import StanceKind, UnexpectedReason, VersionStatus, VngAlignment
from lobby.models import CityAction, DeviationNotice, Dossier, PositionVersion, Stance
from members import demo as members_demo

from ..factories import CityFactory
from .factories import AgreedVersionFactory, DossierFactory, NoticeFactory, StanceFactory

pytestmark = pytest.mark.django_db


def _at(year: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, 6, 1, 12))


def test_stances_answered_per_city_and_year_in_one_query(lobby_world):
    (measure,) = participation.measures()
    assert measure.key == "lobby_stances_answered"
    dossier = DossierFactory(pillar=lobby_world.pillar)
    for number, year in enumerate([2024, 2025, 2025], start=1):
        version = AgreedVersionFactory(dossier=dossier, number=number, status="superseded")
        StanceFactory(version=version, city=lobby_world.city_a, recorded_at=_at(year))
    StanceFactory(version=version, city=lobby_world.city_b, recorded_at=_at(2025))
    extra = CityFactory(name="Stad X")
    StanceFactory(version=version, city=extra, recorded_at=_at(2023))
    with CaptureQueriesContext(connection) as context:
        counts = measure.counts([2024, 2025])
    assert len(context.captured_queries) == 1
    assert counts == {
        (lobby_world.city_a.pk, 2024): 1,
        (lobby_world.city_a.pk, 2025): 2,
        (lobby_world.city_b.pk, 2025): 1,
    }


def test_the_measure_is_found_by_name():
    assert "lobby" in [app for app, _hook in app_hooks("participation", "measures")]


def test_member_letter_lists_positions_agreed_in_the_period_and_nothing_private(lobby_world):
    dossier = DossierFactory(subject="Woningbouw", pillar=lobby_world.pillar)
    AgreedVersionFactory(
        dossier=dossier,
        number=1,
        title="Bouwen",
        summary="Meer middelen.",
        agreed_at=_at(2025),
        status=VersionStatus.SUPERSEDED,
    )
    AgreedVersionFactory(dossier=dossier, number=2, title="Later", agreed_at=_at(2026))
    NoticeFactory(
        stance__version__dossier=dossier,
        stance__city=lobby_world.city_a,
        explanation="Geheim voor buiten",
    )
    with CaptureQueriesContext(connection) as context:
        sections = member_letter.sections(datetime.date(2025, 1, 1), datetime.date(2026, 1, 1))
    assert len(context.captured_queries) == 1
    (section,) = sections
    assert section.items == ["Woningbouw: Bouwen. Meer middelen."]
    assert "Geheim" not in str(sections)
    assert member_letter.sections(datetime.date(2020, 1, 1), datetime.date(2021, 1, 1)) == []


def test_personal_data_is_collected_and_erased(lobby_world):
    person = lobby_world.person("contact_a")
    dossier = DossierFactory(pillar=lobby_world.pillar, coordinator=person)
    dossier.carriers.add(person)
    notice = NoticeFactory(
        stance__version__dossier=dossier,
        stance__city=lobby_world.city_a,
        filed_by=person,
        stance__recorded_by=person,
    )
    data = personal_data.collect(person)
    assert data["dossiers_carried"] == [dossier.subject]
    assert len(data["notices_filed"]) == 1 and len(data["stances_recorded"]) == 1
    personal_data.erase(person)
    notice.refresh_from_db()
    dossier.refresh_from_db()
    assert notice.filed_by is None and dossier.coordinator is None
    assert not dossier.carriers.exists()
    assert Stance.objects.get().recorded_by is None


def test_demo_loads_twice_as_once():
    members_demo.load()
    accounts = demo.load()
    assert [username for username, _ in accounts] == ["lobbycoordinator"]
    counts = (Dossier.objects.count(), Stance.objects.count(), DeviationNotice.objects.count())
    demo.load()
    assert (Dossier.objects.count(), Stance.objects.count(), DeviationNotice.objects.count()) == (
        counts
    )
    assert counts[0] == 3
    assert set(Dossier.objects.values_list("pillar__slug", flat=True)) == {
        "sociaal",
        "economie-en-werk",
        "fysiek",
    }
    assert Dossier.objects.filter(vng_alignment=VngAlignment.COVERED).count() == 1
    agreed = PositionVersion.objects.get(status=VersionStatus.AGREED)
    support = agreed.stances.filter(kind=StanceKind.SUPPORT).count()
    assert support > agreed.stances.exclude(kind=StanceKind.SUPPORT).count() + 3
    notice = DeviationNotice.objects.get(unexpected="")
    assert notice.acknowledged_at is not None and notice.response
    # Issue 23: a late notice, "onverwacht", waits for the DB.
    late = DeviationNotice.objects.get(unexpected=UnexpectedReason.LATE_NOTICE)
    assert late.acknowledged_at is None
    assert CityAction.objects.filter(unexpected=UnexpectedReason.NO_NOTICE).count() == 1
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="lobbycoordinator")
    from members.permissions import permissions_for

    assert permissions_for(user).is_lobby_coordinator
