"""The CBS CPI year-on-year figures 2018–2025 as data, and the database's refusal to
change an issued contribution statement.

CBS StatLine table 83131NED (Consumentenprijzen; prijsindex 2015=100), the yearly
change of the CPI ("jaarmutatie CPI"); 2023–2025 as CBS announced them (the secretariat
may correct a figure later: a rate already decided keeps the index it used).

An UPDATE of a statement row is refused by a trigger (PostgreSQL and SQLite) — but
for setting the issuer's login to NULL, which erasing that login does; on PostgreSQL a
DELETE of a row too (TRUNCATE, which tests use to empty tables, is not a
row delete). SQLite gets no DELETE trigger: its test runner empties tables with DELETE.
"""

from decimal import Decimal

from django.db import migrations

SOURCE = "CBS StatLine 83131NED, jaarmutatie CPI"
CPI = {
    2018: "1.7",
    2019: "2.6",
    2020: "1.3",
    2021: "2.7",
    2022: "10.0",
    2023: "3.8",
    2024: "3.3",
    2025: "3.3",
}
ANNOUNCED = {2023, 2024, 2025}

TABLE = "membership_contributionstatement"
MESSAGE = "an issued contribution statement cannot be changed"
# Every column but the issuer's login: erasing a login (AVG) sets ``issued_by`` to NULL,
# which is the one change a statement accepts.
KEPT_COLUMNS = [
    "id",
    "year",
    "number",
    "kind",
    "revision",
    "corrects_id",
    "city_id",
    "city_name",
    "cbs_code",
    "population",
    "population_reference_date",
    "population_counted_on",
    "rate_id",
    "amount_per_inhabitant",
    "period_start",
    "period_end",
    "days_member",
    "days_in_year",
    "amount",
    "reason",
    "issued_at",
]

POSTGRES_UP = f"""
CREATE OR REPLACE FUNCTION membership_statement_immutable() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.issued_by_id IS NULL
       AND (to_jsonb(NEW) - 'issued_by_id') = (to_jsonb(OLD) - 'issued_by_id') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER membership_statement_no_update BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION membership_statement_immutable();
"""
POSTGRES_DOWN = f"""
DROP TRIGGER IF EXISTS membership_statement_no_update ON {TABLE};
DROP FUNCTION IF EXISTS membership_statement_immutable();
"""
_UNCHANGED = " AND ".join(f"NEW.{column} IS OLD.{column}" for column in KEPT_COLUMNS)
SQLITE_UP = f"""
CREATE TRIGGER membership_statement_no_update BEFORE UPDATE ON {TABLE}
WHEN NOT (NEW.issued_by_id IS NULL AND {_UNCHANGED})
BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS membership_statement_no_update;"


def add_figures(apps, schema_editor):
    figure = apps.get_model("membership", "PriceIndexFigure")
    for year, percentage in CPI.items():
        figure.objects.update_or_create(
            source="cbs_cpi",
            year=year,
            defaults={
                "percentage": Decimal(percentage),
                "reference": SOURCE,
                "note": "zoals aangekondigd door CBS" if year in ANNOUNCED else "",
            },
        )


def remove_figures(apps, schema_editor):
    apps.get_model("membership", "PriceIndexFigure").objects.filter(
        source="cbs_cpi", year__in=CPI
    ).delete()


def lock_statements(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_UP)


def unlock_statements(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_DOWN)


class Migration(migrations.Migration):
    dependencies = [("membership", "0001_initial")]

    operations = [
        migrations.RunPython(add_figures, remove_figures),
        migrations.RunPython(lock_statements, unlock_statements),
    ]
