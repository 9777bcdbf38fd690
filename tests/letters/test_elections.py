"""After elections: who is not yet confirmed, confirming, and the introduction letter
(its own kind, numbered in the same archive, sent once to those not confirmed)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from letters import services
from letters.constants import LetterKind, LetterStatus
from letters.models import Election, Letter
from letters.selectors import unconfirmed_roles
from letters.tasks import send_letter
from members.constants import CityStatus, RoleKind
from tests.factories import CityFactory

from .factories import make_addressee, make_letter, make_subscriber

ELECTION_DAY = datetime.date(2026, 3, 18)


@pytest.fixture
def election(db):
    return Election.objects.create(held_on=ELECTION_DAY, name="Gemeenteraadsverkiezingen 2026")


@pytest.fixture
def people(world, election):
    before = ELECTION_DAY - datetime.timedelta(days=300)
    return {
        "old_clerk": make_addressee(city=world.city_a, starts_on=before, email="g1@x.example"),
        "old_college": make_addressee(
            city=world.city_b,
            kind=RoleKind.COLLEGE_CONTACT,
            starts_on=before,
            email="c1@x.example",
        ),
        "new_clerk": make_addressee(
            city=world.city_b,
            starts_on=ELECTION_DAY + datetime.timedelta(days=10),
            email="g2@x.example",
        ),
        "on_the_day": make_addressee(
            city=world.city_a,
            kind=RoleKind.COLLEGE_CONTACT,
            starts_on=ELECTION_DAY,
            email="c2@x.example",
        ),
        "former_city": make_addressee(
            city=CityFactory(status=CityStatus.FORMER), starts_on=before, email="g3@x.example"
        ),
        "official": make_addressee(
            city=world.city_a, kind=RoleKind.CITY_OFFICIAL, starts_on=before, email="o@x.example"
        ),
    }


def test_not_confirmed_means_a_role_from_before_the_election_without_a_confirmation(
    world, election, people
):
    assert set(unconfirmed_roles(election)) == {people["old_clerk"], people["old_college"]}
    services.role_confirm(
        by=world.person("secretariat").user,
        election=election,
        role=people["old_clerk"],
    )
    assert set(unconfirmed_roles(election)) == {people["old_college"]}


def test_confirming_twice_or_by_another_role_is_refused(world, election, people):
    by = world.person("secretariat").user
    services.role_confirm(by=by, election=election, role=people["old_clerk"])
    with pytest.raises(ValidationError) as excinfo:
        services.role_confirm(by=by, election=election, role=people["old_clerk"])
    assert excinfo.value.code == "already_confirmed"
    with pytest.raises(ValidationError) as excinfo:
        services.role_confirm(
            by=world.person("db_member").user,
            election=election,
            role=people["old_college"],
        )
    assert excinfo.value.code == "forbidden"


def test_the_election_page_lists_the_unconfirmed_per_city(world, election, people):
    response = world.client("db_member").get(reverse("letters:election_detail", args=[election.pk]))
    groups = {group.city.name: group.roles for group in response.context["cities"]}
    assert groups == {"Almere": [people["old_college"]], "Zwolle": [people["old_clerk"]]}


def test_the_election_page_runs_a_fixed_number_of_queries(
    world, election, django_assert_max_num_queries
):
    client = world.client("secretariat")
    url = reverse("letters:election_detail", args=[election.pk])
    client.get(url)
    before = ELECTION_DAY - datetime.timedelta(days=300)
    make_addressee(city=world.city_a, starts_on=before)
    with django_assert_max_num_queries(12) as small:
        client.get(url)
    for _ in range(15):
        make_addressee(city=CityFactory(), starts_on=before)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_the_introduction_letter_is_numbered_in_the_same_archive_and_made_once(world, election):
    by = world.person("secretariat").user
    letter = make_letter()
    intro = services.letter_draft(by=by, kind=LetterKind.INTRODUCTION, election=election)
    assert intro.number == letter.number + 1 and intro.election == election
    with pytest.raises(ValidationError) as excinfo:
        services.letter_draft(by=by, kind=LetterKind.INTRODUCTION, election=election)
    assert excinfo.value.code == "introduction_exists"
    with pytest.raises(IntegrityError), transaction.atomic():
        Letter.objects.create(
            kind=LetterKind.INTRODUCTION,
            election=election,
            year=2026,
            number=99,
            subject="x",
            body_html="<p>x</p>",
        )


def test_the_introduction_goes_once_to_the_unconfirmed_only(
    world, election, people, django_capture_on_commit_callbacks, mailoutbox
):
    make_subscriber("lezer@example.org")
    intro = services.letter_draft(
        by=world.person("secretariat").user, kind=LetterKind.INTRODUCTION, election=election
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.letter_approve(by=world.person("db_member").user, letter=intro)
    with django_capture_on_commit_callbacks(execute=True):
        send_letter(intro.pk)
    assert sorted(m.to[0] for m in mailoutbox) == ["c1@x.example", "g1@x.example"]
    intro.refresh_from_db()
    assert intro.status == LetterStatus.SENT
    # In the public archive, as its own kind.
    assert world.client("anonymous").get(intro.get_absolute_url()).status_code == 200
