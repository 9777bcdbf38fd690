"""The lobby in the permission matrix. The dossier belongs to the Sociale Pijler (whose
secretary is ``pillar_secretary``); the notice is city A's (Zwolle), so people of city B
(the pillar secretaries, official B, the event bureau, ``contact_b``) get 404 on it.
The project's matrix (tests/test_permission_matrix.py) runs every shared persona over
these entries; the lobby coordinator's and the pillar chair's statuses are stated for
each entry below (``DOMAIN``), from the rules of members/permissions.py. ``contact_b``
is the lobby's own persona (tests/lobby/conftest.py), checked by
tests/lobby/test_matrix.py."""

import dataclasses

from lobby.constants import MomentStatus, StanceKind, VersionStatus
from tests.matrix import Entry

from .factories import (
    AgreedVersionFactory,
    DossierFactory,
    MomentFactory,
    NoticeFactory,
    StanceFactory,
    TargetFactory,
    VersionFactory,
)


def _setup(world, *, version_status=VersionStatus.PROPOSED) -> None:
    dossier = DossierFactory(subject="Woningbouw", pillar=world.pillar)
    dossier.targets.add(TargetFactory(name="Kabinet"))
    agreed = AgreedVersionFactory(dossier=dossier, number=1)
    proposal = VersionFactory(dossier=dossier, number=2, status=version_status)
    stance = StanceFactory(version=agreed, city=world.city_a, kind=StanceKind.DEVIATE)
    notice = NoticeFactory(stance=stance)
    moment = MomentFactory(dossier=dossier)
    at_db = MomentFactory(dossier=dossier, title="Debat", status=MomentStatus.AT_DB)
    world.extra.update(
        dossier=dossier,
        agreed=agreed,
        proposal=proposal,
        notice=notice,
        moment=moment,
        moment_at_db=at_db,
    )


def _setup_at_db(world) -> None:
    _setup(world, version_status=VersionStatus.AT_DB)


def _dossier(world) -> dict:
    return {"pk": world.extra["dossier"].pk}


def _proposal(world) -> dict:
    return {"pk": world.extra["dossier"].pk, "version_pk": world.extra["proposal"].pk}


def _moment(world) -> dict:
    return {"pk": world.extra["dossier"].pk, "moment_pk": world.extra["moment"].pk}


def _moment_at_db(world) -> dict:
    return {"pk": world.extra["dossier"].pk, "moment_pk": world.extra["moment_at_db"].pk}


def _notice(world) -> dict:
    return {"pk": world.extra["notice"].pk}


def _city_a(world) -> dict:
    return {"cbs_code": world.city_a.cbs_code}


def _stance_a(world) -> dict:
    return {"version_pk": world.extra["proposal"].pk, "cbs_code": world.city_a.cbs_code}


NO_ROLE = {"no_role": 403}
# Who sees city A's notices: the DB, the coordinator, the secretariat, city A's people.
SEES_A = {"db_member", "lobby_coordinator", "secretariat", "contact_a", "official_a"}
OTHERS_404 = {
    persona: 404
    for persona in (
        "pillar_secretary",
        "other_pillar_secretary",
        "official_b",
        "event_bureau",
        "contact_b",
    )
}


def _only(ok: int, *personas: str) -> dict:
    return {**NO_ROLE, **{persona: ok for persona in personas}}


ENTRIES = [
    Entry("lobby:list", setup=_setup, expect=NO_ROLE),
    Entry("lobby:detail", setup=_setup, kwargs=_dossier, expect=NO_ROLE),
    Entry(
        "lobby:detail",
        kwargs=lambda w: {"pk": 999999},
        default=404,
        expect=NO_ROLE,
        label="unknown",
    ),
    Entry(
        "lobby:dossier_create",
        default=403,
        expect=_only(
            200, "secretariat", "pillar_secretary", "other_pillar_secretary", "lobby_coordinator"
        ),
    ),
    Entry(
        "lobby:dossier_edit",
        setup=_setup,
        kwargs=_dossier,
        default=403,
        expect=_only(200, "secretariat", "pillar_secretary", "lobby_coordinator"),
    ),
    Entry(
        "lobby:version_propose",
        setup=_setup,
        kwargs=_dossier,
        default=403,
        expect=_only(200, "pillar_secretary"),
    ),
    Entry(
        "lobby:version_edit",
        setup=_setup,
        kwargs=_proposal,
        default=403,
        expect=_only(200, "pillar_secretary"),
    ),
    Entry(
        "lobby:version_route",
        method="post",
        setup=_setup,
        kwargs=_proposal,
        default=403,
        expect=_only(302, "lobby_coordinator"),
    ),
    Entry(
        "lobby:version_agree",
        setup=_setup_at_db,
        kwargs=_proposal,
        default=403,
        expect=_only(200, "db_member"),
    ),
    Entry(
        "lobby:version_agree",
        method="post",
        setup=_setup_at_db,
        kwargs=_proposal,
        data=lambda world: {"confirm": "yes", "reason": "Het debat is volgende week."},
        default=403,
        expect=_only(302, "db_member"),
    ),
    Entry(
        "lobby:moment_propose",
        setup=_setup,
        kwargs=_dossier,
        default=403,
        expect=_only(200, "pillar_secretary"),
    ),
    Entry(
        "lobby:moment_edit",
        setup=_setup,
        kwargs=_moment,
        default=403,
        expect=_only(200, "pillar_secretary"),
    ),
    Entry(
        "lobby:moment_plan",
        setup=_setup,
        kwargs=_moment,
        default=403,
        expect=_only(200, "lobby_coordinator"),
    ),
    Entry(
        "lobby:moment_decide",
        setup=_setup,
        kwargs=_moment_at_db,
        default=403,
        expect=_only(200, "db_member"),
    ),
    Entry(
        "lobby:city_action_record",
        setup=_setup,
        kwargs=_dossier,
        default=403,
        expect=_only(200, "secretariat", "lobby_coordinator", "contact_a", "contact_b"),
    ),
    Entry(
        "lobby:notices",
        setup=_setup,
        default=403,
        expect=_only(200, "db_member", "secretariat", "lobby_coordinator"),
    ),
    Entry(
        "lobby:notice_detail",
        setup=_setup,
        kwargs=_notice,
        default=200,
        expect={**NO_ROLE, **OTHERS_404},
    ),
    Entry(
        "lobby:notice_acknowledge",
        setup=_setup,
        kwargs=_notice,
        default=403,
        expect={**NO_ROLE, **OTHERS_404, "db_member": 200},
    ),
    Entry(
        "lobby:notice_acknowledge",
        method="post",
        setup=_setup,
        kwargs=_notice,
        data=lambda w: {"response": "Gezien."},
        default=403,
        expect={**NO_ROLE, **OTHERS_404, "db_member": 302},
    ),
    Entry(
        "lobby:city_stances",
        setup=_setup,
        kwargs=_city_a,
        default=200,
        expect={**NO_ROLE, **OTHERS_404},
    ),
    Entry(
        "lobby:stance_record",
        setup=_setup,
        kwargs=_stance_a,
        default=403,
        expect={**NO_ROLE, **OTHERS_404, "contact_a": 200, "secretariat": 200},
    ),
    Entry(
        "lobby:stance_record",
        method="post",
        setup=_setup,
        kwargs=_stance_a,
        data=lambda w: {"kind": "support"},
        default=403,
        expect={**NO_ROLE, **OTHERS_404, "contact_a": 302, "secretariat": 302},
    ),
]


# The lobby is the coordinator's and the pillar chair's domain: what each gets on every
# entry, by the rules (members/permissions.py). The coordinator opens dossiers, edits
# their status, routes and plans, records a city's action and sees every notice, but
# never words the content (positions, moments) nor decides (the DB) nor records a
# city's stance (its contact). The chair of the dossier's pillar (a city B person) opens
# and edits dossiers and words its pillar's positions and moments; city A's notice and
# stances are not its city's (404). Keyed by (URL name, method, label).
OK, NO, GONE = 200, 403, 404
DOMAIN = {
    ("lobby:list", "get", ""): (OK, OK),
    ("lobby:detail", "get", ""): (OK, OK),
    ("lobby:detail", "get", "unknown"): (GONE, GONE),
    ("lobby:dossier_create", "get", ""): (OK, OK),
    ("lobby:dossier_edit", "get", ""): (OK, OK),
    ("lobby:version_propose", "get", ""): (NO, OK),
    ("lobby:version_edit", "get", ""): (NO, OK),
    ("lobby:version_route", "post", ""): (302, NO),
    ("lobby:version_agree", "get", ""): (NO, NO),
    ("lobby:version_agree", "post", ""): (NO, NO),
    ("lobby:moment_propose", "get", ""): (NO, OK),
    ("lobby:moment_edit", "get", ""): (NO, OK),
    ("lobby:moment_plan", "get", ""): (OK, NO),
    ("lobby:moment_decide", "get", ""): (NO, NO),
    ("lobby:city_action_record", "get", ""): (OK, NO),
    ("lobby:notices", "get", ""): (OK, NO),
    ("lobby:notice_detail", "get", ""): (OK, GONE),
    ("lobby:notice_acknowledge", "get", ""): (NO, GONE),
    ("lobby:notice_acknowledge", "post", ""): (NO, GONE),
    ("lobby:city_stances", "get", ""): (OK, GONE),
    ("lobby:stance_record", "get", ""): (NO, GONE),
    ("lobby:stance_record", "post", ""): (NO, GONE),
}


def _with_domain(entry: Entry) -> Entry:
    coordinator, chair = DOMAIN[(entry.url_name, entry.method, entry.label)]
    for persona, status in (("lobby_coordinator", coordinator), ("pillar_chair", chair)):
        stated = entry.expect.get(persona)
        assert stated in (None, status), (entry.id, persona, stated, status)
    expect = {**entry.expect, "lobby_coordinator": coordinator, "pillar_chair": chair}
    return dataclasses.replace(entry, expect=expect)


ENTRIES = [_with_domain(entry) for entry in ENTRIES]
