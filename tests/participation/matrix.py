"""Every participation URL, every persona. The network's page and the invisible
cities: the DB and the secretariat; the rule: the DB; a city's page: its own people
too (another city's figures are a 404); notes: the DB and the secretariat."""

from participation.models import InvisibilityCondition, InvisibilityRule
from tests.matrix import Entry

READERS = {"secretariat": 200, "db_member": 200}


def _setup(world):
    if "rule" in world.extra:
        return
    rule = InvisibilityRule.objects.create(period_years=1, set_by_name="DB")
    InvisibilityCondition.objects.create(rule=rule, measure_key="network_days_present", at_most=0)
    world.extra["rule"] = rule


def _city_a(world):
    return {"cbs_code": world.city_a.cbs_code}


def _e(url_name, **kwargs):
    kwargs.setdefault("setup", _setup)
    kwargs["expect"] = {"no_role": 403, **kwargs.get("expect", {})}
    return Entry(url_name, **kwargs)


ENTRIES = [
    _e("participation:overview", default=403, expect=READERS),
    _e("participation:invisible", default=403, expect=READERS),
    _e("participation:rule_edit", default=403, expect={"db_member": 200}),
    _e(
        "participation:rule_edit",
        method="post",
        data=lambda w: {
            "period_years": "2",
            "use_network_days_present": "on",
            "max_network_days_present": "0",
            "use_theme_group_seats": "on",
            "max_theme_group_seats": "0",
        },
        default=403,
        expect={"db_member": 302},
    ),
    # City A (Zwolle): its own people, the secretariat and the DB; others: 404.
    _e(
        "participation:city",
        kwargs=_city_a,
        default=404,
        expect={**READERS, "contact_a": 200, "official_a": 200},
    ),
    _e(
        "participation:city",
        kwargs=lambda w: {"cbs_code": "GM9999"},
        default=404,
        label="unknown",
    ),
    _e("participation:note_edit", kwargs=_city_a, default=403, expect=READERS),
    _e(
        "participation:note_edit",
        method="post",
        kwargs=_city_a,
        data=lambda w: {"text": "Zwolle kwam niet: de netwerkdagen vielen op raadsavonden."},
        default=403,
        expect={"secretariat": 302, "db_member": 302},
    ),
]
