"""The lobby's rules, one test each, through the services: codes, nothing written."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from lobby import services, services_moments, services_stances
from lobby.constants import (
    DossierStatus,
    MomentStatus,
    StanceKind,
    UnexpectedReason,
    VersionStatus,
    VngAlignment,
)
from lobby.models import CityAction, DeviationNotice, Moment, PositionVersion, Stance
from members.actors import SYSTEM
from outbox.models import OutgoingMail
from tests.helpers import codes

from .factories import (
    AgreedVersionFactory,
    DossierFactory,
    MomentFactory,
    NoticeFactory,
    StanceFactory,
    VersionFactory,
    days,
)

pytestmark = pytest.mark.django_db


def user(world, persona):
    return world.person(persona).user


@pytest.fixture
def dossier(lobby_world):
    return DossierFactory(subject="Woningbouw", pillar=lobby_world.pillar)


def propose(world, dossier, **kwargs):
    fields = {"title": "T", "summary": "S", "text": "Tekst", "stances_due_on": days(14)}
    fields.update(kwargs)
    return services.version_propose(by=user(world, "pillar_secretary"), dossier=dossier, **fields)


# --- versions: proposed by the owning pillar, never rewritten --------------------------


def test_the_owning_pillar_proposes_and_each_version_is_new(lobby_world, dossier):
    first = propose(lobby_world, dossier, title="Eerste")
    PositionVersion.objects.filter(pk=first.pk).update(
        status=VersionStatus.AGREED, agreed_at=timezone.now(), agreed_by="DB"
    )
    second = propose(lobby_world, dossier, title="Tweede")
    first.refresh_from_db()
    assert (first.number, first.title, second.number) == (1, "Eerste", 2)


def test_another_pillar_cannot_propose(lobby_world, dossier):
    with pytest.raises(ValidationError) as excinfo:
        services.version_propose(
            by=user(lobby_world, "other_pillar_secretary"),
            dossier=dossier,
            title="T",
            summary="S",
            text="X",
            stances_due_on=days(5),
        )
    assert codes(excinfo) == {"text_owned_by_pillar"}
    assert not PositionVersion.objects.exists()


def test_the_coordinator_cannot_change_a_pillars_text(lobby_world, dossier):
    version = propose(lobby_world, dossier, title="Van de pijler")
    with pytest.raises(ValidationError) as excinfo:
        services.version_text_edit(
            by=user(lobby_world, "lobby_coordinator"),
            version=version,
            title="Van de coördinator",
            summary="S",
            text="X",
        )
    assert codes(excinfo) == {"text_owned_by_pillar"}
    version.refresh_from_db()
    assert version.title == "Van de pijler"


def test_the_coordinator_cannot_reword_a_moment(lobby_world, dossier):
    moment = MomentFactory(dossier=dossier, title="Brief")
    with pytest.raises(ValidationError) as excinfo:
        services_moments.moment_text_edit(
            by=user(lobby_world, "lobby_coordinator"), moment=moment, title="Anders", text="X"
        )
    assert codes(excinfo) == {"text_owned_by_pillar"}
    assert Moment.objects.get().title == "Brief"


def test_the_pillar_rewords_a_proposal_only_before_any_city_answered(lobby_world, dossier):
    version = propose(lobby_world, dossier)
    services.version_text_edit(
        by=user(lobby_world, "pillar_secretary"),
        version=version,
        title="Nieuw",
        summary="S",
        text="X",
    )
    StanceFactory(version=version, city=lobby_world.city_a)
    with pytest.raises(ValidationError) as excinfo:
        services.version_text_edit(
            by=user(lobby_world, "pillar_secretary"),
            version=version,
            title="Later",
            summary="S",
            text="X",
        )
    assert codes(excinfo) == {"version_fixed"}
    assert PositionVersion.objects.get().title == "Nieuw"


def test_one_open_proposal_at_a_time(lobby_world, dossier):
    propose(lobby_world, dossier)
    with pytest.raises(ValidationError) as excinfo:
        propose(lobby_world, dossier)
    assert codes(excinfo) == {"proposal_open"}


def test_the_coordinator_routes_and_only_the_db_agrees(lobby_world, dossier):
    old = AgreedVersionFactory(dossier=dossier, number=1)
    version = propose(lobby_world, dossier)
    with pytest.raises(ValidationError) as excinfo:
        services.version_agree(by=user(lobby_world, "db_member"), version=version)
    assert codes(excinfo) == {"not_at_db"}
    with pytest.raises(ValidationError) as excinfo:
        services.version_route(by=user(lobby_world, "pillar_secretary"), version=version)
    assert codes(excinfo) == {"forbidden"}
    services.version_route(by=user(lobby_world, "lobby_coordinator"), version=version)
    with pytest.raises(ValidationError) as excinfo:
        services.version_agree(by=user(lobby_world, "lobby_coordinator"), version=version)
    assert codes(excinfo) == {"forbidden"}
    services.version_agree(
        by=user(lobby_world, "db_member"), version=version, reason="Het debat is morgen."
    )
    old.refresh_from_db()
    version.refresh_from_db()
    assert (old.status, version.status) == (VersionStatus.SUPERSEDED, VersionStatus.AGREED)
    assert version.agreed_by.startswith(lobby_world.person("db_member").name)
    assert (old.title, old.text) == ("Eén stem", "De hele boodschap.")


def test_the_database_holds_one_agreed_version_per_dossier(dossier):
    AgreedVersionFactory(dossier=dossier, number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        AgreedVersionFactory(dossier=dossier, number=2)


# --- early signals -----------------------------------------------------------------------


def test_proposing_asks_every_member_citys_contact_once(
    lobby_world, dossier, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        version = propose(lobby_world, dossier)
    keys = set(OutgoingMail.objects.values_list("key", flat=True))
    assert keys == {
        f"lobby-stance-request:{version.pk}:{lobby_world.city_a.pk}",
        f"lobby-stance-request:{version.pk}:{lobby_world.city_b.pk}",
    }
    recipients = sorted(a for mail in mailoutbox for a in mail.to)
    assert recipients == sorted(
        [lobby_world.person("contact_a").email, lobby_world.person("contact_b").email]
    )
    from lobby.mails import stance_requests_queue

    with django_capture_on_commit_callbacks(execute=True):
        stance_requests_queue(version)
    assert len(mailoutbox) == 2


def test_a_deadline_in_the_past_is_refused(lobby_world, dossier):
    with pytest.raises(ValidationError) as excinfo:
        propose(lobby_world, dossier, stances_due_on=days(0))
    assert codes(excinfo) == {"deadline_past"}


# --- stances -----------------------------------------------------------------------------


def stance(world, version, persona="contact_a", city=None, **fields):
    return services_stances.stance_record(
        by=user(world, persona), version=version, city=city or world.city_a, **fields
    )


def test_a_contact_records_the_stance_of_the_own_city(lobby_world, dossier):
    version = VersionFactory(dossier=dossier)
    stance(lobby_world, version, kind=StanceKind.SUPPORT)
    stance(lobby_world, version, kind=StanceKind.ABSTAIN, note="Later")
    assert list(Stance.objects.values_list("kind", "version_id")) == [
        (StanceKind.ABSTAIN, version.pk)
    ]


def test_a_contact_cannot_answer_for_another_city(lobby_world, dossier):
    version = VersionFactory(dossier=dossier)
    with pytest.raises(ValidationError) as excinfo:
        stance(lobby_world, version, city=lobby_world.city_b, kind=StanceKind.SUPPORT)
    assert codes(excinfo) == {"other_city"}
    assert not Stance.objects.exists()


def test_no_stance_on_a_superseded_version(lobby_world, dossier):
    version = VersionFactory(
        dossier=dossier, status=VersionStatus.SUPERSEDED, agreed_by="DB", agreed_at=timezone.now()
    )
    with pytest.raises(ValidationError) as excinfo:
        stance(lobby_world, version, kind=StanceKind.SUPPORT)
    assert codes(excinfo) == {"version_superseded"}
    assert not Stance.objects.exists()


def test_no_stance_on_a_closed_dossier(lobby_world, dossier):
    dossier.status = DossierStatus.CLOSED
    dossier.save()
    version = AgreedVersionFactory(dossier=dossier)
    with pytest.raises(ValidationError) as excinfo:
        stance(lobby_world, version, kind=StanceKind.SUPPORT)
    assert codes(excinfo) == {"dossier_closed"}


NOTICE = {"what": "Eigen brief", "why": "Regio", "explanation": "Uitlegbaar"}


@pytest.mark.parametrize(
    ("missing", "code"),
    [
        ("what", "what_required"),
        ("why", "reason_required"),
        ("acts_from", "date_required"),
        ("explanation", "explanation_required"),
    ],
)
def test_a_deviation_needs_what_why_date_and_explanation(lobby_world, dossier, missing, code):
    version = AgreedVersionFactory(dossier=dossier)
    fields = {**NOTICE, "acts_from": days(10)}
    fields[missing] = None if missing == "acts_from" else " "
    with pytest.raises(ValidationError) as excinfo:
        stance(lobby_world, version, kind=StanceKind.DEVIATE, **fields)
    assert codes(excinfo) == {code}
    assert not Stance.objects.exists()
    assert not DeviationNotice.objects.exists()


def test_the_database_refuses_an_incomplete_notice(lobby_world, dossier):
    with pytest.raises(IntegrityError), transaction.atomic():
        NoticeFactory(stance__version__dossier=dossier, stance__city=lobby_world.city_a, why="")


def test_a_deviation_in_time_is_expected_and_stays(
    lobby_world, dossier, django_capture_on_commit_callbacks
):
    version = AgreedVersionFactory(dossier=dossier)
    with django_capture_on_commit_callbacks(execute=True):
        stance(lobby_world, version, kind=StanceKind.DEVIATE, acts_from=days(10), **NOTICE)
    notice = DeviationNotice.objects.get()
    assert (notice.city, notice.unexpected) == (lobby_world.city_a, "")
    assert not OutgoingMail.objects.filter(key__startswith="lobby-unexpected").exists()
    with pytest.raises(ValidationError) as excinfo:
        stance(lobby_world, version, kind=StanceKind.SUPPORT)
    assert codes(excinfo) == {"deviation_filed"}


def test_a_late_notice_is_unexpected_and_told_once(
    lobby_world, dossier, mailoutbox, django_capture_on_commit_callbacks
):
    dossier.coordinator = lobby_world.person("lobby_coordinator")
    dossier.save()
    version = AgreedVersionFactory(dossier=dossier)
    with django_capture_on_commit_callbacks(execute=True):
        stance(lobby_world, version, kind=StanceKind.DEVIATE, acts_from=days(0), **NOTICE)
    notice = DeviationNotice.objects.get()
    assert notice.unexpected == UnexpectedReason.LATE_NOTICE
    assert len(mailoutbox) == 1
    assert sorted(mailoutbox[0].to) == sorted(
        [lobby_world.person("db_member").email, lobby_world.person("lobby_coordinator").email]
    )


# --- acknowledging -----------------------------------------------------------------------


def test_the_db_acknowledges_once_with_a_response(lobby_world, dossier):
    notice = NoticeFactory(stance__version__dossier=dossier, stance__city=lobby_world.city_a)
    with pytest.raises(ValidationError) as excinfo:
        services_stances.notice_acknowledge(
            by=user(lobby_world, "db_member"), notice=notice, response=" "
        )
    assert codes(excinfo) == {"response_required"}
    with pytest.raises(ValidationError) as excinfo:
        services_stances.notice_acknowledge(
            by=user(lobby_world, "lobby_coordinator"), notice=notice, response="Ok"
        )
    assert codes(excinfo) == {"forbidden"}
    services_stances.notice_acknowledge(
        by=user(lobby_world, "db_member"), notice=notice, response="Gezien"
    )
    with pytest.raises(ValidationError) as excinfo:
        services_stances.notice_acknowledge(
            by=user(lobby_world, "db_member"), notice=notice, response="Nogmaals"
        )
    assert codes(excinfo) == {"already_acknowledged"}
    notice.refresh_from_db()
    assert notice.response == "Gezien"


def test_the_database_wants_a_response_with_an_acknowledgement(lobby_world, dossier):
    notice = NoticeFactory(stance__version__dossier=dossier, stance__city=lobby_world.city_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        DeviationNotice.objects.filter(pk=notice.pk).update(acknowledged_at=timezone.now())


# --- reminders ---------------------------------------------------------------------------


def test_reminders_go_once_each_when_the_task_runs_twice(
    lobby_world, dossier, mailoutbox, django_capture_on_commit_callbacks, settings
):
    from lobby.tasks import send_acknowledge_reminders

    settings.LOBBY_ACKNOWLEDGE_DAYS = 5
    old = NoticeFactory(
        stance__version__dossier=dossier,
        stance__city=lobby_world.city_a,
        filed_at=timezone.now() - datetime.timedelta(days=6),
    )
    NoticeFactory(
        stance__version__dossier=dossier,
        stance__city=lobby_world.city_b,
        filed_at=timezone.now() - datetime.timedelta(days=4),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert send_acknowledge_reminders() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert send_acknowledge_reminders() == 0
    assert list(OutgoingMail.objects.values_list("key", flat=True)) == [
        f"lobby-acknowledge-reminder:{old.pk}"
    ]
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [lobby_world.person("db_member").email]


def test_no_reminder_for_an_acknowledged_notice(lobby_world, dossier):
    NoticeFactory(
        stance__version__dossier=dossier,
        stance__city=lobby_world.city_a,
        filed_at=timezone.now() - datetime.timedelta(days=30),
        acknowledged_at=timezone.now(),
        response="Gezien",
    )
    assert services_stances.acknowledge_reminders_send() == 0


def test_the_beat_entry_names_the_registered_task(settings):
    from g40.celery import app

    app.loader.import_default_modules()
    entry = settings.CELERY_BEAT_SCHEDULE["lobby-send-acknowledge-reminders"]
    assert entry["task"] == "lobby.send_acknowledge_reminders"
    assert entry["task"] in app.tasks
    assert settings.LOBBY_ACKNOWLEDGE_DAYS == 5


# --- cities' own actions -------------------------------------------------------------------


def test_an_action_without_a_notice_is_unexpected_and_told_once(
    lobby_world, dossier, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        action = services_stances.city_action_record(
            by=user(lobby_world, "lobby_coordinator"),
            dossier=dossier,
            city=lobby_world.city_a,
            description="Eigen brief aan de Kamer",
            took_place_on=days(-1),
        )
    assert (action.notice, action.unexpected) == (None, UnexpectedReason.NO_NOTICE)
    assert OutgoingMail.objects.filter(key=f"lobby-unexpected:action:{action.pk}").exists()
    assert len(mailoutbox) == 1


def test_an_action_under_a_notice_filed_before_it_is_expected(lobby_world, dossier):
    notice = NoticeFactory(
        stance__version__dossier=dossier,
        stance__city=lobby_world.city_a,
        acts_from=days(-5),
        filed_at=timezone.now() - datetime.timedelta(days=10),
    )
    action = services_stances.city_action_record(
        by=user(lobby_world, "contact_a"),
        dossier=dossier,
        city=lobby_world.city_a,
        description="Eigen brief",
        took_place_on=days(-1),
    )
    assert (action.notice, action.unexpected) == (notice, "")
    assert not OutgoingMail.objects.exists()


def test_a_contact_records_no_action_for_another_city(lobby_world, dossier):
    with pytest.raises(ValidationError) as excinfo:
        services_stances.city_action_record(
            by=user(lobby_world, "contact_a"),
            dossier=dossier,
            city=lobby_world.city_b,
            description="Eigen brief",
            took_place_on=days(-1),
        )
    assert codes(excinfo) == {"other_city"}
    assert not CityAction.objects.exists()


def test_the_database_flags_an_action_without_a_notice(lobby_world, dossier):
    with pytest.raises(IntegrityError), transaction.atomic():
        CityAction.objects.create(
            dossier=dossier, city=lobby_world.city_a, description="X", took_place_on=days(-1)
        )


# --- the VNG covers it ----------------------------------------------------------------------


def test_no_own_moment_on_a_dossier_the_vng_covers(lobby_world, dossier):
    dossier.vng_alignment = VngAlignment.COVERED
    dossier.save()
    with pytest.raises(ValidationError) as excinfo:
        services_moments.moment_propose(
            by=user(lobby_world, "pillar_secretary"),
            dossier=dossier,
            kind="letter",
            title="Brief",
            text="X",
        )
    assert codes(excinfo) == {"vng_covers"}
    assert not Moment.objects.exists()


def test_a_dossier_with_moments_cannot_be_left_to_the_vng(lobby_world, dossier):
    MomentFactory(dossier=dossier)
    with pytest.raises(ValidationError) as excinfo:
        services.dossier_edit(
            by=user(lobby_world, "lobby_coordinator"),
            dossier=dossier,
            vng_alignment=VngAlignment.COVERED,
        )
    assert codes(excinfo) == {"vng_covers_has_moments"}
    dossier.refresh_from_db()
    assert dossier.vng_alignment == VngAlignment.COMPLEMENTARY


# --- moments: the coordinator schedules and routes ------------------------------------------


def test_the_coordinator_routes_a_moment_to_the_db_and_schedules_it(lobby_world, dossier):
    moment = MomentFactory(dossier=dossier)
    coordinator = user(lobby_world, "lobby_coordinator")
    services_moments.moment_plan(by=coordinator, moment=moment, route_to_db=True)
    with pytest.raises(ValidationError) as excinfo:
        services_moments.moment_plan(by=coordinator, moment=moment, takes_place_on=days(3))
    assert codes(excinfo) == {"at_db"}
    services_moments.moment_decide(
        by=user(lobby_world, "db_member"), moment=moment, approve=True, note="Goed"
    )
    services_moments.moment_plan(by=coordinator, moment=moment, takes_place_on=days(3))
    moment.refresh_from_db()
    assert (moment.status, moment.takes_place_on) == (MomentStatus.SCHEDULED, days(3))
    with pytest.raises(ValidationError) as excinfo:
        services_moments.moment_plan(by=coordinator, moment=moment, outcome="Aangenomen")
    assert codes(excinfo) == {"not_held_yet"}
    with pytest.raises(ValidationError) as excinfo:
        services_moments.moment_plan(
            by=user(lobby_world, "pillar_secretary"), moment=moment, takes_place_on=days(4)
        )
    assert codes(excinfo) == {"forbidden"}


def test_the_system_acts_and_none_is_no_actor(lobby_world, dossier):
    """``SYSTEM`` (a task, a command) is asked nothing and keeps no person; ``None`` is
    a programming error, never "skip the check" (issue 24)."""
    with pytest.raises(TypeError):
        services_moments.moment_propose(
            by=None, dossier=dossier, kind="letter", title="Brief", text="X"
        )
    assert not Moment.objects.exists()
    moment = services_moments.moment_propose(
        by=SYSTEM, dossier=dossier, kind="letter", title="Brief", text="X"
    )
    assert moment.proposed_by is None
    with pytest.raises(TypeError):
        services_moments.moment_plan(by=None, moment=moment, route_to_db=True)
    services_moments.moment_plan(by=SYSTEM, moment=moment, route_to_db=True)
    decided = services_moments.moment_decide(by=SYSTEM, moment=moment, approve=True, note="Goed")
    assert decided.status == MomentStatus.APPROVED and decided.db_note == "Goed — G40 Netwerk"


# --- who opens and words ---------------------------------------------------------------------


def test_the_owning_pillars_chair_proposes_too(lobby_world, dossier):
    from members.constants import RoleKind

    from ..factories import make_person_with_login

    chair = make_person_with_login(
        username="pillar-chair",
        city=lobby_world.city_a,
        roles=[(RoleKind.PILLAR_CHAIR, "", lobby_world.pillar)],
    )
    version = services.version_propose(
        by=chair.user,
        dossier=dossier,
        title="T",
        summary="S",
        text="X",
        stances_due_on=days(7),
    )
    assert version.proposed_by == chair


def test_a_pillar_secretary_opens_dossiers_for_the_own_pillar_only(lobby_world):
    with pytest.raises(ValidationError) as excinfo:
        services.dossier_open(
            by=user(lobby_world, "other_pillar_secretary"),
            subject="Jeugdzorg",
            pillar=lobby_world.pillar,
            vng_alignment=VngAlignment.COMPLEMENTARY,
        )
    assert codes(excinfo) == {"forbidden"}
    dossier = services.dossier_open(
        by=user(lobby_world, "lobby_coordinator"),
        subject="Jeugdzorg",
        pillar=lobby_world.pillar,
        vng_alignment=VngAlignment.COMPLEMENTARY,
    )
    assert dossier.status == DossierStatus.PREPARING


def test_the_secretariat_keeps_the_targets_in_the_admin(lobby_world):
    from django.urls import reverse

    url = reverse("admin:lobby_lobbytarget_add")
    response = lobby_world.client("secretariat").post(url, {"name": "Kabinet", "kind": "cabinet"})
    assert response.status_code == 302
    from lobby.models import LobbyTarget

    assert LobbyTarget.objects.filter(name="Kabinet").exists()
    assert lobby_world.client("lobby_coordinator").get(url).status_code == 302


# --- the dossier's words are the pillar's (issue 22, item 6) ------------------------------


@pytest.mark.parametrize("change", [{"subject": "Iets anders"}, {"vng_note": "Onze eigen notitie"}])
def test_the_coordinator_cannot_change_a_dossiers_subject_or_note(lobby_world, dossier, change):
    with pytest.raises(ValidationError) as excinfo:
        services.dossier_edit(by=user(lobby_world, "lobby_coordinator"), dossier=dossier, **change)
    assert codes(excinfo) == {"text_owned_by_pillar"}
    dossier.refresh_from_db()
    assert (dossier.subject, dossier.vng_note) == ("Woningbouw", "")


def test_the_coordinator_edits_the_rest_with_the_words_unchanged(lobby_world, dossier):
    services.dossier_edit(
        by=user(lobby_world, "lobby_coordinator"),
        dossier=dossier,
        subject="Woningbouw",
        vng_note="",
        status=DossierStatus.ACTIVE,
    )
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.ACTIVE
    services.dossier_edit(
        by=user(lobby_world, "pillar_secretary"), dossier=dossier, subject="Wonen"
    )
    dossier.refresh_from_db()
    assert dossier.subject == "Wonen"


def test_the_coordinators_edit_page_cannot_send_the_words(lobby_world, dossier):
    from django.urls import reverse

    client = lobby_world.client("lobby_coordinator")
    url = reverse("lobby:dossier_edit", kwargs={"pk": dossier.pk})
    response = client.post(
        url,
        {
            "subject": "Overgenomen",
            "vng_note": "Overgenomen",
            "status": DossierStatus.ACTIVE,
            "vng_alignment": dossier.vng_alignment,
        },
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert (dossier.subject, dossier.vng_note, dossier.status) == (
        "Woningbouw",
        "",
        DossierStatus.ACTIVE,
    )
