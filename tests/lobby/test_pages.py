"""The lobby's pages: what they show to whom, the timeline, the dashboard panel, and a
fixed number of queries whatever the rows (measured at two data sizes)."""

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lobby import services_stances
from lobby.constants import MomentStatus, StanceKind, UnexpectedReason, VersionStatus
from lobby.models import CityAction

from ..factories import CityFactory
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


_serial = itertools.count()


def build(world, size: int) -> list:
    """``size`` dossiers, each with an agreed version and a proposal, stances of
    ``size`` + 2 member cities, a notice, a moment and an unexpected action."""
    cities = [world.city_a, world.city_b] + [
        CityFactory(name=f"Stad {next(_serial)}") for _ in range(size)
    ]
    dossiers = []
    for _ in range(size):
        dossier = DossierFactory(subject=f"Dossier {next(_serial)}", pillar=world.pillar)
        agreed = AgreedVersionFactory(dossier=dossier, number=1)
        proposal = VersionFactory(dossier=dossier, number=2)
        for city in cities:
            kind = StanceKind.DEVIATE if city == world.city_a else StanceKind.SUPPORT
            stance = StanceFactory(version=agreed, city=city, kind=kind)
            if kind == StanceKind.DEVIATE:
                NoticeFactory(stance=stance, unexpected=UnexpectedReason.LATE_NOTICE)
            StanceFactory(version=proposal, city=city, kind=StanceKind.ABSTAIN, note="Later")
        MomentFactory(dossier=dossier, status=MomentStatus.SCHEDULED, takes_place_on=days(5))
        CityAction.objects.create(
            dossier=dossier,
            city=world.city_b,
            description="Eigen brief",
            took_place_on=days(-1),
            unexpected=UnexpectedReason.NO_NOTICE,
        )
        dossiers.append(dossier)
    return dossiers


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


PAGES = {
    "list": lambda w, d: reverse("lobby:list"),
    "detail": lambda w, d: reverse("lobby:detail", kwargs={"pk": d[0].pk}),
    "city": lambda w, d: reverse("lobby:city_stances", kwargs={"cbs_code": w.city_a.cbs_code}),
    "notices": lambda w, d: reverse("lobby:notices"),
    "notice": lambda w, d: reverse("lobby:notice_detail", kwargs={"pk": d[0].notices.get().pk}),
    "dashboard": lambda w, d: reverse("dashboard"),
}
# The most queries each page may make (session, user, permissions, the page's reads).
# Each page +1 since issue 24: the permissions are computed once per request, no longer
# read from the cache. The dashboard: 8, and for the DB 5 more, one per kind of what waits
# for it (issue 23), and 4 more since the merge of issue 23's flow and money (the waiting
# list and the lobby's confirmations); the same at both sizes.
MAX_QUERIES = {"list": 6, "detail": 15, "city": 8, "notices": 7, "notice": 6, "dashboard": 17}


# The overview of all notices is not for a city contact (403).
QUERY_CASES = [
    (page, persona)
    for page in PAGES
    for persona in ("db_member", "contact_a", "lobby_coordinator")
    if (page, persona) != ("notices", "contact_a")
]


@pytest.mark.parametrize(("page", "persona"), QUERY_CASES)
def test_query_count_is_fixed_at_two_sizes(lobby_world, page, persona):
    small = build(lobby_world, 1)
    client = lobby_world.client(persona)
    url = PAGES[page](lobby_world, small)
    client.get(url)  # warm the permissions cache, as every later request finds it
    first = count_queries(client, url)
    assert build(lobby_world, 6)
    client.get(url)  # the new cities renewed the permissions' cache: warm it again
    second = count_queries(client, url)
    assert first == second, f"{page}: {first} queries at size 1, {second} at size 7"
    assert second <= MAX_QUERIES[page]
    print(f"QUERIES {page} {persona}: {first} / {second}")


def test_list_groups_by_status_and_shows_open_notices_to_who_may_see(lobby_world):
    subject = build(lobby_world, 2)[0].subject
    html = lobby_world.client("db_member").get(reverse("lobby:list")).content.decode()
    assert subject in html and "Openstaande afwijkingsmeldingen" in html
    html = lobby_world.client("official_b").get(reverse("lobby:list")).content.decode()
    assert subject in html and "Openstaande afwijkingsmeldingen" not in html


def test_detail_shows_signals_and_hides_another_citys_notice(lobby_world):
    dossier = build(lobby_world, 1)[0]
    url = reverse("lobby:detail", kwargs={"pk": dossier.pk})
    html = lobby_world.client("db_member").get(url).content.decode()
    assert "Afwijkingen" in html and lobby_world.city_a.name in html
    assert "Onthouden: 3" in html or "onthouden: 3" in html
    notice_url = dossier.notices.get().get_absolute_url()
    assert notice_url in html
    html = lobby_world.client("official_b").get(url).content.decode()
    assert notice_url not in html
    assert lobby_world.client("official_b").get(notice_url).status_code == 404


def test_the_timeline_reads_the_audit_trail_and_keeps_notices_private(lobby_world):
    dossier = DossierFactory(subject="Woningbouw", pillar=lobby_world.pillar)
    version = AgreedVersionFactory(dossier=dossier)
    services_stances.stance_record(
        by=lobby_world.person("contact_a").user,
        version=version,
        city=lobby_world.city_a,
        kind=StanceKind.DEVIATE,
        what="Eigen brief",
        why="Regio",
        acts_from=days(10),
        explanation="Uitlegbaar voor buiten",
    )
    url = reverse("lobby:detail", kwargs={"pk": dossier.pk})
    html = lobby_world.client("db_member").get(url).content.decode()
    timeline = html.split('id="timeline-heading"')[1]
    assert "Afwijkingsmelding" in timeline and "Uitlegbaar voor buiten" in timeline
    html = lobby_world.client("official_b").get(url).content.decode()
    timeline = html.split('id="timeline-heading"')[1]
    assert "Standpunt" in timeline  # the version's entry
    assert "Uitlegbaar voor buiten" not in timeline
    html = lobby_world.client("official_a").get(url).content.decode()
    assert "Uitlegbaar voor buiten" in html.split('id="timeline-heading"')[1]


def test_the_timeline_speaks_dutch_with_dutch_dates(lobby_world):
    # Issue 22, item 16: "(create)", "(update)" and "2026-12-28" reached the page.
    from auditlog.models import LogEntry

    dossier = DossierFactory(subject="Woningbouw", pillar=lobby_world.pillar)
    version = AgreedVersionFactory(dossier=dossier, stances_due_on=datetime.date(2026, 10, 8))
    services_stances.stance_record(
        by=lobby_world.person("contact_a").user,
        version=version,
        city=lobby_world.city_a,
        kind=StanceKind.DEVIATE,
        what="Eigen brief",
        why="Regio",
        acts_from=datetime.date(2026, 12, 28),
        explanation="Uitlegbaar voor buiten",
    )
    version.title = "Eén stem, herzien"
    version.save()
    assert LogEntry.objects.filter(action=LogEntry.Action.UPDATE).exists()
    url = reverse("lobby:detail", kwargs={"pk": dossier.pk})
    html = lobby_world.client("db_member").get(url, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    timeline = html.split('id="timeline-heading"')[1]
    assert "Afwijkingsmelding</strong> aangemaakt" in timeline
    assert "Standpunt</strong> gewijzigd" in timeline
    assert "28 dec. 2026" in timeline and "8 okt. 2026" in timeline
    for raw in ("(create)", "(update)", "create", "update", "2026-12-28", "2026-10-08"):
        assert raw not in timeline, raw


def test_the_db_sees_open_and_unexpected_notices_on_its_dashboard(lobby_world):
    dossier = DossierFactory(subject="Woningbouw", pillar=lobby_world.pillar)
    notice = NoticeFactory(
        stance__version__dossier=dossier,
        stance__city=lobby_world.city_a,
        unexpected=UnexpectedReason.LATE_NOTICE,
    )
    acknowledge = reverse("lobby:notice_acknowledge", kwargs={"pk": notice.pk})
    html = lobby_world.client("db_member").get(reverse("dashboard")).content.decode()
    assert acknowledge in html and "Onverwacht" in html
    html = lobby_world.client("lobby_coordinator").get(reverse("dashboard")).content.decode()
    assert "Onverwacht" in html and acknowledge not in html
    html = lobby_world.client("official_b").get(reverse("dashboard")).content.decode()
    assert "Onverwacht" not in html and acknowledge not in html
    notice.acknowledged_at, notice.response = timezone.now(), "Gezien"
    notice.save()
    html = lobby_world.client("db_member").get(reverse("dashboard")).content.decode()
    assert acknowledge not in html


def test_a_contact_sees_what_waits_for_an_answer(lobby_world):
    VersionFactory(dossier=DossierFactory(pillar=lobby_world.pillar))
    html = lobby_world.client("contact_a").get(reverse("dashboard")).content.decode()
    assert "1 standpunt wacht op een antwoord" in html


def test_recording_a_deviation_through_the_page(lobby_world):
    version = AgreedVersionFactory(dossier=DossierFactory(pillar=lobby_world.pillar))
    url = reverse(
        "lobby:stance_record",
        kwargs={"version_pk": version.pk, "cbs_code": lobby_world.city_a.cbs_code},
    )
    client = lobby_world.client("contact_a")
    response = client.post(url, {"kind": "deviate", "what": "Eigen brief"})
    assert response.status_code == 200
    assert "Geef een korte uitleg voor de buitenwereld." in response.content.decode()
    response = client.post(
        url,
        {
            "kind": "deviate",
            "what": "Eigen brief",
            "why": "Regio",
            "acts_from": (timezone.localdate() + datetime.timedelta(days=9)).isoformat(),
            "explanation": "Uitlegbaar",
        },
    )
    assert response.status_code == 302
    assert version.stances.get().notice.why == "Regio"


def test_superseded_versions_are_not_on_the_city_page(lobby_world):
    dossier = DossierFactory(pillar=lobby_world.pillar)
    VersionFactory(
        dossier=dossier,
        number=1,
        status=VersionStatus.SUPERSEDED,
        title="Oud",
        agreed_at=timezone.now(),
        agreed_by="DB",
    )
    AgreedVersionFactory(dossier=dossier, number=2, title="Nieuw")
    url = reverse("lobby:city_stances", kwargs={"cbs_code": lobby_world.city_a.cbs_code})
    html = lobby_world.client("contact_a").get(url).content.decode()
    assert "versie 2" in html and "versie 1" not in html
