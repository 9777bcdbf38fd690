"""Agreeing a position asks first (issue 23, items 1 and 3): the page says what becomes
final and which member cities have not answered; before the cities' deadline or with
cities unanswered the DB gives a reason, recorded with the version and in the trail."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from lobby import services
from lobby.constants import StanceKind, VersionStatus
from lobby.models import PositionVersion
from members.models import City

from .factories import DossierFactory, StanceFactory, VersionFactory, days

pytestmark = pytest.mark.django_db


@pytest.fixture
def at_db(lobby_world):
    dossier = DossierFactory(pillar=lobby_world.pillar)
    version = VersionFactory(dossier=dossier, status=VersionStatus.AT_DB, stances_due_on=days(7))
    StanceFactory(version=version, city=lobby_world.city_a, kind=StanceKind.SUPPORT)
    return version


def _url(version):
    return reverse(
        "lobby:version_agree", kwargs={"pk": version.dossier_id, "version_pk": version.pk}
    )


def test_the_old_one_click_post_agrees_nothing(lobby_world, at_db):
    response = lobby_world.client("db_member").post(_url(at_db))
    assert response.status_code == 200
    assert PositionVersion.objects.get(pk=at_db.pk).status == VersionStatus.AT_DB


def test_the_page_names_who_has_not_answered_and_the_deadline(lobby_world, at_db):
    page = lobby_world.client("db_member").get(_url(at_db)).content.decode()
    members = City.objects.members().count()
    verb = "heeft" if members == 2 else "hebben"
    assert f"{members - 1} van de {members} lidsteden {verb} niet geantwoord" in page
    assert lobby_world.city_b.name in page
    assert "Reden om nu vast te stellen" in page  # the reason is asked
    assert "die termijn is nog niet verstreken" in page


def test_agreeing_early_without_a_reason_is_refused_and_the_reason_recorded(lobby_world, at_db):
    client = lobby_world.client("db_member")
    response = client.post(_url(at_db), {"confirm": "yes", "reason": " "})
    assert response.status_code == 200
    assert "Geef de reden van het DB" in response.content.decode()
    assert PositionVersion.objects.get(pk=at_db.pk).status == VersionStatus.AT_DB

    response = client.post(_url(at_db), {"confirm": "yes", "reason": "Het debat is morgen."})
    assert response.status_code == 302
    version = PositionVersion.objects.get(pk=at_db.pk)
    assert version.status == VersionStatus.AGREED
    assert version.agreed_reason == "Het debat is morgen."
    assert version.agreed_unanswered == City.objects.members().count() - 1
    entry = LogEntry.objects.get_for_object(version).order_by("-timestamp").first()
    assert entry.changes_dict["agreed_reason"][1] == "Het debat is morgen."


def test_after_the_deadline_with_every_city_answered_no_reason_is_asked(lobby_world, at_db):
    at_db.stances_due_on = days(-1)
    at_db.save()
    for city in City.objects.members().exclude(pk=lobby_world.city_a.pk):
        StanceFactory(version=at_db, city=city, kind=StanceKind.SUPPORT)
    page = lobby_world.client("db_member").get(_url(at_db)).content.decode()
    assert "Reden om nu vast te stellen" not in page
    version = services.version_agree(by=lobby_world.person("db_member").user, version=at_db)
    assert (version.status, version.agreed_reason, version.agreed_unanswered) == (
        VersionStatus.AGREED,
        "",
        0,
    )


def test_the_service_refuses_an_early_agreement_without_a_reason(lobby_world, at_db):
    with pytest.raises(ValidationError) as excinfo:
        services.version_agree(by=lobby_world.person("db_member").user, version=at_db)
    assert excinfo.value.error_dict["reason"][0].code == "reason_required"
