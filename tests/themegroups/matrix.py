"""Theme groups in the permission matrix: officials read; only the DB decides and
approves; only the lead pillar's secretary (Sociaal here) or the secretariat assigns
support and manages members; pillar secretaries and the secretariat propose."""

from tests.matrix import Entry

from .factories import (
    MembershipFactory,
    ProposedThemeGroupFactory,
    SupportFactory,
    ThemeGroupFactory,
    days,
)


def _setup(world) -> None:
    group = ThemeGroupFactory(
        name="Armoede en Schuldhulpverlening",
        slug="armoede",
        lead_pillar=world.pillar,
        review_due_on=days(-3),
    )
    group.other_pillars.add(world.third_pillar)
    world.extra["group"] = group
    world.extra["membership"] = MembershipFactory(
        theme_group=group, person=world.person("official_a")
    )
    world.extra["support"] = SupportFactory(theme_group=group, person=world.person("official_b"))
    world.extra["proposal"] = ProposedThemeGroupFactory(
        name="Woningmarkt", slug="woningmarkt", lead_pillar=world.pillar
    )


def _group(world) -> dict:
    return {"slug": "armoede"}


def _proposal(world) -> dict:
    return {"slug": "woningmarkt"}


def _support(world) -> dict:
    return {"slug": "armoede", "pk": world.extra["support"].pk}


def _membership(world) -> dict:
    return {"slug": "armoede", "pk": world.extra["membership"].pk}


READERS_403 = {"no_role": 403}
ONLY_DB = {"db_member": 200, "no_role": 403}
ONLY_DB_POST = {"db_member": 302, "no_role": 403}
LEAD_SECRETARY = {"secretariat": 200, "pillar_secretary": 200}
LEAD_SECRETARY_POST = {"secretariat": 302, "pillar_secretary": 302}

ENTRIES = [
    Entry("themegroups:list", setup=_setup, expect=READERS_403),
    Entry("themegroups:detail", setup=_setup, kwargs=_group, expect=READERS_403),
    Entry(
        "themegroups:detail",
        kwargs=lambda w: {"slug": "does-not-exist"},
        default=404,
        expect=READERS_403,
        label="unknown",
    ),
    Entry(
        "themegroups:review_queue",
        setup=_setup,
        default=403,
        expect={"db_member": 200, "secretariat": 200},
    ),
    Entry(
        "themegroups:support_overview",
        setup=_setup,
        default=403,
        expect={
            "db_member": 200,
            "secretariat": 200,
            "pillar_secretary": 200,
            "other_pillar_secretary": 200,
        },
    ),
    Entry(
        "themegroups:propose",
        default=403,
        expect={"secretariat": 200, "pillar_secretary": 200, "other_pillar_secretary": 200},
    ),
    Entry(
        "themegroups:propose",
        method="post",
        data=lambda w: {
            "name": "Vitale binnensteden",
            "goal": "Binnensteden levendig houden.",
            "expected_result": "Een agenda voor binnensteden.",
            "lead_pillar": w.pillar.pk,
            "review_due_on": days(300).isoformat(),
        },
        default=403,
        # The other pillar's secretary may propose, but not for the Sociale Pijler:
        # the form answers with an error (200).
        expect={"secretariat": 302, "pillar_secretary": 302, "other_pillar_secretary": 200},
    ),
    Entry("themegroups:decide", setup=_setup, kwargs=_group, default=403, expect=ONLY_DB),
    Entry(
        "themegroups:decide",
        method="post",
        setup=_setup,
        kwargs=_group,
        data=lambda w: {
            "review_due_on": w.extra["group"].review_due_on.isoformat(),
            "outcome": "extend",
            "new_review_due_on": days(365).isoformat(),
            "reason": "Het werk loopt goed.",
        },
        default=403,
        expect=ONLY_DB_POST,
    ),
    Entry("themegroups:approve", setup=_setup, kwargs=_proposal, default=403, expect=ONLY_DB),
    Entry(
        "themegroups:approve",
        method="post",
        setup=_setup,
        kwargs=_proposal,
        data=lambda w: {"review_due_on": days(400).isoformat()},
        default=403,
        expect=ONLY_DB_POST,
    ),
    Entry("themegroups:refuse", setup=_setup, kwargs=_proposal, default=403, expect=ONLY_DB),
    Entry(
        "themegroups:refuse",
        method="post",
        setup=_setup,
        kwargs=_proposal,
        data=lambda w: {"reason": "Past beter bij de VNG."},
        default=403,
        expect=ONLY_DB_POST,
    ),
    Entry(
        "themegroups:support_assign",
        setup=_setup,
        kwargs=_group,
        default=403,
        expect=LEAD_SECRETARY,
    ),
    Entry(
        "themegroups:support_assign",
        method="post",
        setup=_setup,
        kwargs=_group,
        data=lambda w: {
            "person": w.person("contact_a").pk,
            "hours_per_month": "6",
            "starts_on": days(0).isoformat(),
            "ends_on": days(200).isoformat(),
        },
        default=403,
        expect=LEAD_SECRETARY_POST,
    ),
    Entry(
        "themegroups:member_add",
        setup=_setup,
        kwargs=_group,
        default=403,
        expect=LEAD_SECRETARY,
    ),
    Entry(
        "themegroups:member_add",
        method="post",
        setup=_setup,
        kwargs=_group,
        data=lambda w: {"person": w.person("contact_a").pk, "role": "member"},
        default=403,
        expect=LEAD_SECRETARY_POST,
    ),
    Entry(
        "themegroups:member_remove",
        method="post",
        setup=_setup,
        kwargs=_membership,
        default=403,
        expect=LEAD_SECRETARY_POST,
    ),
    Entry(
        "themegroups:member_role",
        method="post",
        setup=_setup,
        kwargs=_membership,
        data=lambda w: {"role": "chair"},
        default=403,
        expect=LEAD_SECRETARY_POST,
    ),
    Entry("themegroups:edit", setup=_setup, kwargs=_group, default=403, expect=LEAD_SECRETARY),
    Entry(
        "themegroups:edit",
        method="post",
        setup=_setup,
        kwargs=_group,
        data=lambda w: {
            "goal": "Armoede terugdringen.",
            "expected_result": "Een aanpak voor schulden.",
            "lead_pillar": w.pillar.pk,
            "other_pillars": [w.other_pillar.pk],
        },
        default=403,
        expect=LEAD_SECRETARY_POST,
    ),
    Entry(
        "themegroups:support_end",
        setup=_setup,
        kwargs=_support,
        default=403,
        expect=LEAD_SECRETARY,
    ),
    Entry(
        "themegroups:support_end",
        method="post",
        setup=_setup,
        kwargs=_support,
        data=lambda w: {"ends_on": days(10).isoformat()},
        default=403,
        expect=LEAD_SECRETARY_POST,
    ),
]
