"""Every API URL and the token page, every persona, and another city's objects.

The API's entries use the persona's personal token (``factories.api_client_for``): no
token for ``anonymous`` (401 behind a token), a token of a login without a role for
``no_role`` (403: a token is worth what its owner may). ``_setup`` gives each case a
published day open for registration (of Zwolle, city A) with registrations of official A
and official B (Almere, city B), a draft day, a colleague of Zwolle without a login, an
active theme group and a proposal, a sent and a draft member letter, an applicant
city, contribution statements of Zwolle and Almere, and a token of official A."""

import datetime

from django.utils import timezone

from letters.constants import LetterStatus
from members.constants import CityStatus
from networkdays.constants import NetworkDayStatus
from tests.contributions.matrix import _setup as _contributions_setup
from tests.factories import CityFactory, PersonFactory
from tests.letters.factories import make_letter
from tests.matrix import Entry
from tests.networkdays.factories import NetworkDayFactory, RegistrationFactory
from tests.themegroups.factories import ProposedThemeGroupFactory, ThemeGroupFactory

from .factories import api_client_for, make_token

ROLES = (
    "secretariat",
    "db_member",
    "pillar_secretary",
    "other_pillar_secretary",
    "contact_a",
    "official_a",
    "official_b",
    "event_bureau",
)
# Behind a token: no token 401; a login without a role 403.
NO_ACCESS = {"anonymous": 401, "no_role": 403}


def _setup(world):
    if "api_day" in world.extra:
        return
    day = NetworkDayFactory(host_city=world.city_a, capacity=50)
    world.extra["api_day"] = day
    world.extra["api_draft"] = NetworkDayFactory(
        host_city=world.city_a, status=NetworkDayStatus.DRAFT
    )
    world.extra["api_registration_a"] = RegistrationFactory(
        network_day=day, person=world.person("official_a")
    )
    world.extra["api_registration_b"] = RegistrationFactory(
        network_day=day, person=world.person("official_b")
    )
    world.extra["api_colleague_a"] = PersonFactory(city=world.city_a)
    world.extra["api_group"] = ThemeGroupFactory(lead_pillar=world.pillar)
    world.extra["api_proposal"] = ProposedThemeGroupFactory(lead_pillar=world.pillar)
    world.extra["api_letter"] = make_letter(status=LetterStatus.SENT)
    world.extra["api_draft_letter"] = make_letter()
    world.extra["api_applicant"] = CityFactory(
        name="Aanvraagstad", cbs_code="GM7997", status=CityStatus.APPLICANT
    )
    world.extra["api_token_a"], _secret = make_token(world.person("official_a").user)


def _setup_with_statements(world):
    _setup(world)
    _contributions_setup(world)


def _api(url_name, **kwargs):
    kwargs.setdefault("setup", _setup)
    kwargs.setdefault("client", api_client_for)
    return Entry(url_name, **kwargs)


def _private(url_name, *, expect=None, **kwargs):
    return _api(url_name, expect={**NO_ACCESS, **(expect or {})}, **kwargs)


def _open(url_name, **kwargs):
    return _api(url_name, **kwargs)


def _pk(name):
    return lambda world: {"pk": world.extra[name].pk}


def _everyone(status):
    return {persona: status for persona in ("anonymous", "no_role", *ROLES)}


OPEN_ENTRIES = [
    _open("api:index"),
    _open("api:openapi"),
    # A page for people: opened with the persona's session, as the site's pages.
    _open("api:docs", client=None),
    _open("api:city_list"),
    _open("api:city_detail", kwargs=lambda w: {"code": w.city_a.cbs_code}),
    _open(
        "api:city_detail",
        kwargs=lambda w: {"code": w.extra["api_applicant"].cbs_code},
        default=404,
        expect=_everyone(404),
        label="applicant",
    ),
    _open(
        "api:city_detail",
        kwargs=lambda w: {"code": "gm0193"},
        default=404,
        expect=_everyone(404),
        label="lower case",
    ),
    _open("api:network_day_list"),
    _open("api:network_day_detail", kwargs=_pk("api_day")),
    _open(
        "api:network_day_detail",
        kwargs=_pk("api_draft"),
        default=404,
        expect=_everyone(404),
        label="draft",
    ),
    _open("api:theme_group_list"),
    _open("api:theme_group_detail", kwargs=lambda w: {"slug": w.extra["api_group"].slug}),
    _open(
        "api:theme_group_detail",
        kwargs=lambda w: {"slug": w.extra["api_proposal"].slug},
        default=404,
        expect=_everyone(404),
        label="proposal",
    ),
    _open("api:letter_list"),
    _open("api:letter_detail", kwargs=lambda w: {"number": w.extra["api_letter"].slug}),
    _open(
        "api:letter_detail",
        kwargs=lambda w: {"number": w.extra["api_draft_letter"].slug},
        default=404,
        expect=_everyone(404),
        label="draft",
    ),
    _open(
        "api:not_found",
        kwargs=lambda w: {"rest": "v2/cities"},
        default=404,
        expect=_everyone(404),
    ),
]

CITY_A_REGISTRATION = {
    "official_a": 200,
    "contact_a": 200,
    "secretariat": 200,
    "event_bureau": 200,
}
CITY_B_REGISTRATION = {"official_b": 200, "secretariat": 200, "event_bureau": 200}
STATEMENT_READERS = {"secretariat": 200, "db_member": 200}
CITY_A_PEOPLE = {"contact_a": 200, "official_a": 200, **STATEMENT_READERS}
CITY_B_PEOPLE = {
    "official_b": 200,
    "pillar_secretary": 200,
    "other_pillar_secretary": 200,
    "event_bureau": 200,
    **STATEMENT_READERS,
}


def _register(person_key=None):
    def data(world):
        body = {"network_day": world.extra["api_day"].pk}
        if person_key is not None:
            body["person"] = world.extra[person_key].pk
        return body

    return data


PRIVATE_ENTRIES = [
    _private("api:me"),
    _private("api:people"),
    _private("api:registration_list"),
    _private(
        "api:registration_detail",
        kwargs=_pk("api_registration_a"),
        default=404,
        owners=("official_a",),
        expect=CITY_A_REGISTRATION,
    ),
    _private(
        "api:registration_detail",
        kwargs=_pk("api_registration_b"),
        default=404,
        owners=("official_b",),
        expect=CITY_B_REGISTRATION,
        label="city B",
    ),
    # A colleague of Zwolle: their contact and the secretariat may; anyone else may not
    # name them (400, as the register form's choice).
    _private(
        "api:registration_list",
        method="post",
        data=_register("api_colleague_a"),
        default=400,
        expect={"contact_a": 201, "secretariat": 201},
        label="a colleague",
    ),
    # Oneself: officials A and B are registered already (409, already_registered).
    _private(
        "api:registration_list",
        method="post",
        data=_register(),
        default=201,
        expect={"official_a": 409, "official_b": 409},
        owners=("official_a", "official_b"),
        label="oneself",
    ),
    _private(
        "api:registration_cancel",
        method="post",
        kwargs=_pk("api_registration_a"),
        default=404,
        owners=("official_a",),
        expect={"official_a": 200, "contact_a": 200, "secretariat": 200, "event_bureau": 403},
    ),
    _private(
        "api:registration_cancel",
        method="post",
        kwargs=_pk("api_registration_b"),
        default=404,
        owners=("official_b",),
        expect={"official_b": 200, "secretariat": 200, "event_bureau": 403},
        label="city B",
    ),
    _private("api:review_queue", default=403, expect={"db_member": 200, "secretariat": 200}),
    _private(
        "api:support_overview",
        default=403,
        expect={
            "db_member": 200,
            "secretariat": 200,
            "pillar_secretary": 200,
            "other_pillar_secretary": 200,
        },
    ),
    _private("api:statement_list", setup=_setup_with_statements),
    _private(
        "api:statement_detail",
        kwargs=_pk("statement_a"),
        setup=_setup_with_statements,
        default=404,
        expect=CITY_A_PEOPLE,
    ),
    _private(
        "api:statement_detail",
        kwargs=_pk("statement_b"),
        setup=_setup_with_statements,
        default=404,
        expect=CITY_B_PEOPLE,
        label="city B",
    ),
]


def _token_data(world):
    return {
        "name": "Intranet-agenda",
        "expires_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        "may_register": "on",
    }


TOKEN_PAGE_ENTRIES = [
    Entry("api_tokens:list", setup=_setup),
    Entry(
        "api_tokens:list",
        method="post",
        data=_token_data,
        setup=_setup,
        expect={"no_role": 403},
    ),
    Entry(
        "api_tokens:revoke",
        kwargs=_pk("api_token_a"),
        setup=_setup,
        default=404,
        owners=("official_a",),
        expect={"official_a": 200},
    ),
    Entry(
        "api_tokens:revoke",
        method="post",
        kwargs=_pk("api_token_a"),
        data=lambda w: {"confirm": "yes"},
        setup=_setup,
        default=404,
        owners=("official_a",),
        expect={"official_a": 302},
    ),
]

ENTRIES = OPEN_ENTRIES + PRIVATE_ENTRIES + TOKEN_PAGE_ENTRIES
