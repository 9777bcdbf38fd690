"""Migration members.0004 turns the old status / member_since / member_until into
membership periods (issue 22, items 10, 17, 18): the rules of the data step."""

import datetime
import importlib
from types import SimpleNamespace

migration = importlib.import_module("members.migrations.0004_membership_periods")
D = datetime.date


class _Model:
    def __init__(self, rows=()):
        self.rows = list(rows)
        self.made = []
        self.objects = self

    def all(self):
        return self.rows

    def create(self, **fields):
        self.made.append(fields)


def _run(*cities):
    city_model = _Model(SimpleNamespace(**c) for c in cities)
    period_model = _Model()
    apps = SimpleNamespace(
        get_model=lambda app, name: city_model if name == "City" else period_model
    )
    migration.periods_from_fields(apps, None)
    return [(p["city"].name, p["starts_on"], p["ends_on"]) for p in period_model.made]


def test_each_old_record_becomes_the_periods_it_meant():
    made = _run(
        {"name": "lid", "status": "member", "member_since": None, "member_until": None},
        {"name": "nieuw", "status": "member", "member_since": D(2027, 1, 1), "member_until": None},
        {
            "name": "oud",
            "status": "former",
            "member_since": D(2010, 1, 1),
            "member_until": D(2018, 12, 31),
        },
        # a former member that applied again (item 18): its past is kept
        {
            "name": "terug",
            "status": "applicant",
            "member_since": D(2010, 1, 1),
            "member_until": D(2024, 6, 30),
        },
        # never a member (item 17), and a former member without a known end: no period
        {"name": "aanvrager", "status": "applicant", "member_since": None, "member_until": None},
        {
            "name": "zonder-einde",
            "status": "former",
            "member_since": D(2012, 1, 1),
            "member_until": None,
        },
    )
    assert made == [
        ("lid", D(2000, 1, 1), None),
        ("nieuw", D(2027, 1, 1), None),
        ("oud", D(2010, 1, 1), D(2018, 12, 31)),
        ("terug", D(2010, 1, 1), D(2024, 6, 30)),
    ]
