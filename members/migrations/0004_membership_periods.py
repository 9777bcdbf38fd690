"""Membership becomes a dated fact (issue 22, items 10, 17, 18): a city's periods of
membership (from, until) replace ``City.status``/``member_since``/``member_until``.

The data step turns each city's old fields into periods:

- a member: from ``member_since`` (or, unknown, from 2000-01-01: "before the records
  began") until ``member_until`` (usually empty);
- a former member or an applicant with a recorded ``member_until`` (a former member that
  applied again): from ``member_since`` (or 2000-01-01) until ``member_until``;
- a former member without a recorded end, or an applicant without one: no period (the
  old app billed such cities for whole years; the secretariat records the period
  in the admin if the city was a member).

Periods of one city never overlap: a trigger refuses an INSERT or UPDATE that would
(a constraint cannot compare rows; PostgreSQL's exclusion constraint needs btree_gist).
"""

import datetime
import django.db.models.deletion
import infra.bounds
from django.db import migrations, models

RECORDS_BEGIN = datetime.date(2000, 1, 1)
TABLE = "members_membershipperiod"
MESSAGE = "membership_period_overlap: the periods of one city never overlap"
_OVERLAP = (
    "SELECT 1 FROM {table} p WHERE p.city_id = NEW.city_id AND p.id <> NEW.id"
    " AND p.starts_on <= COALESCE(NEW.ends_on, '9999-12-31')"
    " AND COALESCE(p.ends_on, '9999-12-31') >= NEW.starts_on"
).format(table=TABLE)
POSTGRES_UP = f"""
CREATE OR REPLACE FUNCTION members_membership_period_no_overlap() RETURNS trigger AS $$
BEGIN
    IF EXISTS ({_OVERLAP.replace("'9999-12-31'", "DATE '9999-12-31'")}) THEN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER members_membership_period_no_overlap BEFORE INSERT OR UPDATE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION members_membership_period_no_overlap();
"""
POSTGRES_DOWN = f"""
DROP TRIGGER IF EXISTS members_membership_period_no_overlap ON {TABLE};
DROP FUNCTION IF EXISTS members_membership_period_no_overlap();
"""
# SQLite assigns NEW.id on INSERT only after BEFORE triggers: -1 then compares unequal.
SQLITE_UP = [
    f"""
CREATE TRIGGER members_membership_period_no_overlap_insert BEFORE INSERT ON {TABLE}
WHEN EXISTS ({_OVERLAP.replace("p.id <> NEW.id", "p.id <> COALESCE(NEW.id, -1)")})
BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
""",
    f"""
CREATE TRIGGER members_membership_period_no_overlap_update BEFORE UPDATE ON {TABLE}
WHEN EXISTS ({_OVERLAP})
BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS members_membership_period_no_overlap_insert;",
    "DROP TRIGGER IF EXISTS members_membership_period_no_overlap_update;",
]


def overlap_trigger_add(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP)
    elif vendor == "sqlite":
        for statement in SQLITE_UP:
            schema_editor.execute(statement)


def overlap_trigger_drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN)
    elif vendor == "sqlite":
        for statement in SQLITE_DOWN:
            schema_editor.execute(statement)


def periods_from_fields(apps, schema_editor):
    city_model = apps.get_model("members", "City")
    period_model = apps.get_model("members", "MembershipPeriod")
    for city in city_model.objects.all():
        if city.status == "member":
            start, end = city.member_since or RECORDS_BEGIN, city.member_until
        elif city.member_until is not None:
            start, end = city.member_since or RECORDS_BEGIN, city.member_until
        else:
            continue
        if end is not None and end < start:
            continue
        period_model.objects.create(
            city=city, starts_on=start, ends_on=end, source="migrated from the city's record"
        )


def fields_from_periods(apps, schema_editor):
    city_model = apps.get_model("members", "City")
    period_model = apps.get_model("members", "MembershipPeriod")
    for city in city_model.objects.all():
        last = period_model.objects.filter(city=city).order_by("-starts_on").first()
        if last is None:
            city.status, city.member_since, city.member_until = "applicant", None, None
        else:
            city.member_since, city.member_until = last.starts_on, last.ends_on
            city.status = "member" if last.ends_on is None else "former"
        city.save()


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0003_role_kinds_griffier_college_contact"),
    ]

    operations = [
        migrations.CreateModel(
            name="MembershipPeriod",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "starts_on",
                    models.DateField(
                        validators=[infra.bounds.DateBounds(earliest=datetime.date(1900, 1, 1))],
                        verbose_name="member from",
                    ),
                ),
                (
                    "ends_on",
                    models.DateField(
                        blank=True,
                        help_text="The last day of membership; empty while it lasts.",
                        null=True,
                        validators=[infra.bounds.DateBounds(earliest=datetime.date(1900, 1, 1))],
                        verbose_name="member until",
                    ),
                ),
                (
                    "source",
                    models.CharField(
                        blank=True,
                        help_text="The decision this period rests on, e.g. 'AB 12 March 2026'.",
                        max_length=200,
                        verbose_name="source",
                    ),
                ),
            ],
            options={
                "verbose_name": "membership period",
                "verbose_name_plural": "membership periods",
                "ordering": ["city", "starts_on"],
            },
        ),
        migrations.AddField(
            model_name="membershipperiod",
            name="city",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="membership_periods",
                to="members.city",
                verbose_name="city",
            ),
        ),
        migrations.AddIndex(
            model_name="membershipperiod",
            index=models.Index(fields=["city", "starts_on"], name="membership_city_start"),
        ),
        migrations.AddConstraint(
            model_name="membershipperiod",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("ends_on__isnull", True),
                    ("ends_on__gte", models.F("starts_on")),
                    _connector="OR",
                ),
                name="membership_period_ordered",
                violation_error_code="period_ordered",
                violation_error_message="Member until cannot be before member from.",
            ),
        ),
        migrations.AddConstraint(
            model_name="membershipperiod",
            constraint=models.UniqueConstraint(
                condition=models.Q(("ends_on__isnull", True)),
                fields=("city",),
                name="membership_period_one_open",
                violation_error_code="period_overlap",
                violation_error_message="A city has at most one open membership period.",
            ),
        ),
        migrations.AddConstraint(
            model_name="membershipperiod",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("starts_on__gte", datetime.date(1900, 1, 1)),
                    ("starts_on__lte", datetime.date(2100, 12, 31)),
                ),
                name="membership_period_starts_on_in_range",
                violation_error_code="date_out_of_range",
                violation_error_message="A date lies outside the range this application accepts.",
            ),
        ),
        migrations.AddConstraint(
            model_name="membershipperiod",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("ends_on__isnull", True),
                    models.Q(
                        ("ends_on__gte", datetime.date(1900, 1, 1)),
                        ("ends_on__lte", datetime.date(2100, 12, 31)),
                    ),
                    _connector="OR",
                ),
                name="membership_period_ends_on_in_range",
                violation_error_code="date_out_of_range",
                violation_error_message="A date lies outside the range this application accepts.",
            ),
        ),
        migrations.RunPython(periods_from_fields, fields_from_periods),
        migrations.RunPython(overlap_trigger_add, overlap_trigger_drop),
        migrations.RemoveConstraint(
            model_name="city",
            name="city_membership_period_ordered",
        ),
        migrations.RemoveConstraint(
            model_name="city",
            name="city_member_since_in_range",
        ),
        migrations.RemoveConstraint(
            model_name="city",
            name="city_member_until_in_range",
        ),
        migrations.RemoveField(
            model_name="city",
            name="member_since",
        ),
        migrations.RemoveField(
            model_name="city",
            name="member_until",
        ),
        migrations.RemoveField(
            model_name="city",
            name="status",
        ),
    ]
