"""Two DB members acknowledge one notice at the same moment, and two stances of one city
on one version arrive at once: one wins, the other gets a clear coded message. Needs
PostgreSQL's row locks."""

import pytest
from django.core.exceptions import ValidationError

from lobby.constants import StanceKind
from lobby.models import DeviationNotice, Stance
from lobby.services_stances import notice_acknowledge, stance_record
from members.constants import BoardPosition, RoleKind

from ..conftest import requires_postgres
from ..factories import make_person_with_login
from ..helpers import race
from .factories import AgreedVersionFactory, DossierFactory, NoticeFactory


@requires_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_db_members_acknowledge_one_notice_once(world):
    second = make_person_with_login(
        username="db-vice",
        city=world.city_a,
        roles=[(RoleKind.DB_MEMBER, BoardPosition.VICE_CHAIR, None)],
    )
    dossier = DossierFactory(pillar=world.pillar)
    notice = NoticeFactory(stance__version__dossier=dossier, stance__city=world.city_a)
    users = [world.person("db_member").user, second.user]
    results = race(
        [
            lambda i=i: notice_acknowledge(by=users[i], notice=notice, response=f"Reactie {i}")
            for i in range(2)
        ]
    )
    done = [r for r in results if isinstance(r, DeviationNotice)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(done) == 1 and len(refused) == 1, results
    assert refused[0].code == "already_acknowledged"
    notice.refresh_from_db()
    assert notice.response == done[0].response


@requires_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_stances_of_one_city_at_once_make_one(world):
    version = AgreedVersionFactory(dossier=DossierFactory(pillar=world.pillar))
    users = [world.person("contact_a").user, world.person("secretariat").user]
    kinds = [StanceKind.SUPPORT, StanceKind.ABSTAIN]
    results = race(
        [
            lambda i=i: stance_record(
                by=users[i], version=version, city=world.city_a, kind=kinds[i]
            )
            for i in range(2)
        ]
    )
    assert all(isinstance(r, Stance) for r in results), results
    assert Stance.objects.filter(version=version, city=world.city_a).count() == 1
