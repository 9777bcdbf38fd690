"""Every contributions and budget URL, every persona. ``_setup`` gives each case a rate
for 2024, a statement of Zwolle (city A) and one of Almere (city B), and a budget.

The year page, its spreadsheet and the budget: the secretariat and the DB. A statement's
PDF: its city's own people, the secretariat and the DB; another city's people get 404.
Writing: the secretariat (a DB member 403)."""

import datetime
from decimal import Decimal

from contributions import services
from contributions.constants import cbs_cpi_figures_load
from contributions.models import PriceIndexFigure
from members.actors import SYSTEM
from tests.matrix import Entry

YEAR = 2024
READERS = {"secretariat": 200, "db_member": 200}
CITY_A_PEOPLE = {"contact_a": 200, "official_a": 200, **READERS}
CITY_B_PEOPLE = {
    "official_b": 200,
    "pillar_secretary": 200,
    "other_pillar_secretary": 200,
    "event_bureau": 200,
    **READERS,
}


def _setup(world):
    if "statement_a" in world.extra:
        return
    cbs_cpi_figures_load(PriceIndexFigure)  # gone if a transactional test ran before
    services.rate_set_base(
        year=YEAR,
        amount_per_inhabitant=Decimal("1.20"),
        decided_on=datetime.date(2023, 11, 15),
        decision_reference="DB 15-11-2023",
        by=SYSTEM,
    )
    world.extra["statement_a"] = services.statement_issue(city=world.city_a, year=YEAR, by=SYSTEM)
    world.extra["statement_b"] = services.statement_issue(city=world.city_b, year=YEAR, by=SYSTEM)
    services.budget_set(
        year=YEAR,
        knowledge_exchange=Decimal("250000"),
        advocacy=Decimal("150000"),
        reason="Begroting",
        decision_reference="DB 1-11-2023",
        decided_on=datetime.date(2023, 11, 1),
        by=SYSTEM,
    )


def _year(world):
    return {"year": str(YEAR)}


def _statement_a(world):
    return {"pk": world.extra["statement_a"].pk}


def _statement_b(world):
    return {"pk": world.extra["statement_b"].pk}


def _figure(world):
    return {"pk": PriceIndexFigure.objects.get(source="cbs_cpi", year=2024).pk}


def _e(url_name, **kwargs):
    kwargs.setdefault("setup", _setup)
    kwargs.setdefault("default", 403)
    kwargs["expect"] = {"no_role": 403, **kwargs.get("expect", {})}
    return Entry(url_name, **kwargs)


ENTRIES = [
    _e("contributions:contributions_year", kwargs=_year, expect=READERS),
    _e(
        "contributions:contributions_year",
        kwargs=lambda w: {"year": "1999"},
        expect={"secretariat": 404, "db_member": 404},
        label="out of range",
    ),
    _e("contributions:contributions_xlsx", kwargs=_year, expect=READERS),
    _e("contributions:rate_decide", kwargs=lambda w: {"year": "2025"}, expect={"secretariat": 200}),
    _e(
        "contributions:rate_decide",
        method="post",
        kwargs=lambda w: {"year": "2025"},
        data=lambda w: {
            "kind": "indexed",
            "index_source": "cbs_cpi",
            "decided_on": "2024-11-15",
            "decision_reference": "DB 15-11-2024",
        },
        expect={"secretariat": 302},
    ),
    _e("contributions:statements_issue", kwargs=_year, expect={"secretariat": 200}),
    _e(
        "contributions:statements_issue",
        method="post",
        kwargs=_year,
        data=lambda w: {"confirm": "yes"},
        expect={"secretariat": 302},
    ),
    _e("contributions:statement_pdf", kwargs=_statement_a, default=404, expect=CITY_A_PEOPLE),
    _e(
        "contributions:statement_pdf",
        kwargs=_statement_b,
        default=404,
        expect=CITY_B_PEOPLE,
        label="city B",
    ),
    _e(
        "contributions:statement_pdf",
        kwargs=lambda w: {"pk": 999999},
        default=404,
        label="unknown",
    ),
    _e(
        "contributions:statement_credit",
        kwargs=_statement_a,
        default=404,
        expect={"secretariat": 200, "db_member": 403, "contact_a": 403, "official_a": 403},
    ),
    _e(
        "contributions:statement_credit",
        method="post",
        kwargs=_statement_a,
        data=lambda w: {"reason": "Verkeerd inwonertal"},
        default=404,
        expect={"secretariat": 302, "db_member": 403, "contact_a": 403, "official_a": 403},
    ),
    _e("contributions:price_index_correct", kwargs=_figure, expect={"secretariat": 200}),
    _e(
        "contributions:price_index_correct",
        method="post",
        kwargs=_figure,
        data=lambda w: {"percentage": "3.40", "reference": "CBS 83131NED", "note": ""},
        expect={"secretariat": 302},
    ),
    _e("contributions:price_index_add", expect={"secretariat": 200}),
    _e(
        "contributions:price_index_add",
        method="post",
        data=lambda w: {
            "source": "cpb_government",
            "year": "2024",
            "percentage": "3.10",
            "reference": "CPB cMEV 2025",
            "note": "",
        },
        expect={"secretariat": 302},
    ),
    _e("contributions:budget", expect=READERS),
    _e("contributions:budget_edit", kwargs=_year, expect={"secretariat": 200}),
    _e(
        "contributions:budget_edit",
        method="post",
        kwargs=_year,
        data=lambda w: {"knowledge_exchange": "240000", "advocacy": "160000", "reason": "Lobby"},
        expect={"secretariat": 302},
    ),
]
