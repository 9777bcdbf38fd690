"""The contributions part of the former ``membership`` app (issue 24 split it in two). Its
tables keep their names (``Meta.db_table = "membership_<model>"``), so this migration
*replaces* membership's migrations 0001–0007: on a database where those were applied
it is marked applied and does nothing (no table is touched; the content types move in
0002); on a new database it makes the tables, the CBS CPI figures 2018–2025 and the
trigger that refuses to change an issued statement (as membership 0002 did: see its
text, kept below).
The CBS CPI year-on-year figures 2018–2025 as data, and the database's refusal to
change an issued contribution statement.

CBS StatLine table 83131NED (Consumentenprijzen; prijsindex 2015=100), the yearly
change of the CPI ("jaarmutatie CPI"); 2023–2025 as CBS announced them (the secretariat
may correct a figure later: a rate already decided keeps the index it used).

An UPDATE of a statement row is refused by a trigger (PostgreSQL and SQLite) — but
for setting the issuer's login to NULL, which erasing that login does; on PostgreSQL a
DELETE of a row too (TRUNCATE, which tests use to empty tables, is not a
row delete). SQLite gets no DELETE trigger: its test runner empties tables with DELETE.
"""

import datetime
import django.core.validators
import django.db.models.deletion
import django.db.models.expressions
import infra.bounds
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


from decimal import Decimal as _Decimal

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
    figure = apps.get_model("contributions", "PriceIndexFigure")
    for year, percentage in CPI.items():
        figure.objects.update_or_create(
            source="cbs_cpi",
            year=year,
            defaults={
                "percentage": _Decimal(percentage),
                "reference": SOURCE,
                "note": "zoals aangekondigd door CBS" if year in ANNOUNCED else "",
            },
        )


def remove_figures(apps, schema_editor):
    apps.get_model("contributions", "PriceIndexFigure").objects.filter(
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

    initial = True

    replaces = [
        ("membership", "0001_initial"),
        ("membership", "0002_cbs_cpi_figures_and_statement_lock"),
        ("membership", "0003_criteria_and_applications"),
        ("membership", "0004_criteria_2018"),
        ("membership", "0005_step_corrections_and_rate_corrections"),
        ("membership", "0006_alter_advice_reasons_alter_application_motivation_and_more"),
        ("membership", "0006_pending_letter"),
        ("membership", "0007_merge_20261207_2050"),
    ]

    dependencies = [
        ('members', '0004_membership_periods'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='StatementCounter',
            fields=[
                ('year', models.PositiveSmallIntegerField(primary_key=True, serialize=False)),
                ('last_number', models.PositiveIntegerField(default=0)),
            ],
            options={
                'verbose_name': 'statement counter',
                'verbose_name_plural': 'statement counters',
                'db_table': 'membership_statementcounter',
            },
        ),
        migrations.CreateModel(
            name='BudgetYear',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(unique=True, validators=[django.core.validators.MinValueValidator(2000), django.core.validators.MaxValueValidator(2100)], verbose_name='year')),
                ('knowledge_exchange', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='knowledge exchange (EUR)')),
                ('advocacy', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='advocacy (EUR)')),
                ('total', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='total (EUR)')),
                ('is_demo', models.BooleanField(default=False, verbose_name='demo data')),
            ],
            options={
                'verbose_name': 'budget year',
                'verbose_name_plural': 'budget years',
                'db_table': 'membership_budgetyear',
                'ordering': ['year'],
                'constraints': [models.CheckConstraint(condition=models.Q(('total', django.db.models.expressions.CombinedExpression(models.F('knowledge_exchange'), '+', models.F('advocacy')))), name='budget_year_total_is_sum', violation_error_code='total_not_sum', violation_error_message='The total is knowledge exchange plus advocacy.'), models.CheckConstraint(condition=models.Q(('advocacy__gte', 0), ('knowledge_exchange__gte', 0), ('total__gt', 0)), name='budget_year_amounts_positive', violation_error_code='amount_negative', violation_error_message='Budget amounts cannot be negative.'), models.CheckConstraint(condition=models.Q(('year__gte', 2000), ('year__lte', 2100)), name='budget_year_year_in_range', violation_error_code='year_out_of_range', violation_error_message='The year must lie between 2000 and 2100.')],
            },
        ),
        migrations.CreateModel(
            name='ContributionRate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(2000), django.core.validators.MaxValueValidator(2100)], verbose_name='year')),
                ('amount_per_inhabitant', models.DecimalField(decimal_places=2, max_digits=8, verbose_name='rate per inhabitant (EUR)')),
                ('is_current', models.BooleanField(default=True, verbose_name='in force')),
                ('correction_reason', models.TextField(blank=True, max_length=4000, verbose_name='reason for the correction')),
                ('decided_on', models.DateField(validators=[infra.bounds.DateBounds()], verbose_name='decided on')),
                ('decision_reference', models.CharField(help_text="Where the DB decided this, e.g. 'DB 12 March 2024, item 5'.", max_length=200, verbose_name='decision reference')),
                ('previous_amount', models.DecimalField(blank=True, decimal_places=2, max_digits=8, null=True, verbose_name='previous rate (EUR)')),
                ('index_source', models.CharField(blank=True, choices=[('cbs_cpi', 'CBS consumer price index, year-on-year change'), ('cpb_government', 'CPB price index of government consumption')], max_length=20, verbose_name='index')),
                ('index_year', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(2000), django.core.validators.MaxValueValidator(2100)], verbose_name='index year')),
                ('index_percentage', models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True, validators=[django.core.validators.MinValueValidator(Decimal('-5.00')), django.core.validators.MaxValueValidator(Decimal('25.00'))], verbose_name='index (%)')),
                ('negative_index_allowed', models.BooleanField(default=False, verbose_name='the decision allows a negative index')),
                ('is_demo', models.BooleanField(default=False, verbose_name='demo data')),
                ('decided_at', models.DateTimeField(auto_now_add=True, verbose_name='recorded at')),
                ('corrects', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='corrected_by', to='contributions.contributionrate', verbose_name='corrects the decision')),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
            ],
            options={
                'verbose_name': 'contribution rate',
                'verbose_name_plural': 'contribution rates',
                'db_table': 'membership_contributionrate',
                'ordering': ['year', 'decided_at'],
            },
        ),
        migrations.CreateModel(
            name='ContributionStatement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(2000), django.core.validators.MaxValueValidator(2100)], verbose_name='year')),
                ('number', models.PositiveIntegerField(verbose_name='number')),
                ('kind', models.CharField(choices=[('statement', 'statement'), ('credit', 'credit statement')], default='statement', max_length=20, verbose_name='kind')),
                ('revision', models.PositiveSmallIntegerField(default=1, verbose_name='revision')),
                ('city_name', models.CharField(max_length=100, verbose_name='city name')),
                ('cbs_code', models.CharField(max_length=6, verbose_name='CBS code')),
                ('population', models.PositiveIntegerField(verbose_name='population')),
                ('population_reference_date', models.DateField(validators=[infra.bounds.DateBounds(earliest=datetime.date(1900, 1, 1))], verbose_name='population reference date')),
                ('population_counted_on', models.DateField(help_text="The date of the city's population figure that was used.", validators=[infra.bounds.DateBounds(earliest=datetime.date(1900, 1, 1))], verbose_name='population counted on')),
                ('amount_per_inhabitant', models.DecimalField(decimal_places=2, max_digits=8, verbose_name='rate per inhabitant (EUR)')),
                ('period_start', models.DateField(validators=[infra.bounds.DateBounds()], verbose_name='member from')),
                ('period_end', models.DateField(validators=[infra.bounds.DateBounds()], verbose_name='member until')),
                ('days_member', models.PositiveSmallIntegerField(verbose_name='days of membership')),
                ('days_in_year', models.PositiveSmallIntegerField(verbose_name='days in the year')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='amount (EUR)')),
                ('reason', models.TextField(blank=True, max_length=4000, verbose_name='reason')),
                ('issued_at', models.DateTimeField(auto_now_add=True, verbose_name='issued at')),
                ('city', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='contribution_statements', to='members.city', verbose_name='city')),
                ('corrects', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='credit', to='contributions.contributionstatement', verbose_name='credits statement')),
                ('issued_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='issued by')),
                ('rate', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='statements', to='contributions.contributionrate', verbose_name='rate')),
            ],
            options={
                'verbose_name': 'contribution statement',
                'verbose_name_plural': 'contribution statements',
                'db_table': 'membership_contributionstatement',
                'ordering': ['year', 'number'],
            },
        ),
        migrations.CreateModel(
            name='MunicipalMerger',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('predecessor_cbs_code', models.CharField(max_length=6, verbose_name="predecessor's CBS code")),
                ('predecessor_name', models.CharField(max_length=100, verbose_name="predecessor's name")),
                ('effective_on', models.DateField(validators=[infra.bounds.DateBounds()], verbose_name='effective on')),
                ('successor', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='predecessors', to='members.city', verbose_name='successor')),
            ],
            options={
                'verbose_name': 'municipal merger',
                'verbose_name_plural': 'municipal mergers',
                'db_table': 'membership_municipalmerger',
                'ordering': ['effective_on'],
            },
        ),
        migrations.CreateModel(
            name='PriceIndexFigure',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('source', models.CharField(choices=[('cbs_cpi', 'CBS consumer price index, year-on-year change'), ('cpb_government', 'CPB price index of government consumption')], max_length=20, verbose_name='index')),
                ('year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(2000), django.core.validators.MaxValueValidator(2100)], verbose_name='year')),
                ('percentage', models.DecimalField(decimal_places=2, help_text='E.g. 3.30 for 3.3 %.', max_digits=5, verbose_name='change (%)')),
                ('reference', models.CharField(help_text='Where the figure comes from (table, date).', max_length=200, verbose_name='source')),
                ('note', models.CharField(blank=True, max_length=200, verbose_name='note')),
            ],
            options={
                'verbose_name': 'price index figure',
                'verbose_name_plural': 'price index figures',
                'db_table': 'membership_priceindexfigure',
                'ordering': ['source', 'year'],
                'constraints': [models.UniqueConstraint(fields=('source', 'year'), name='price_index_figure_one_per_year', violation_error_code='figure_exists', violation_error_message='This index already has a figure for this year.'), models.CheckConstraint(condition=models.Q(('year__gte', 2000), ('year__lte', 2100)), name='price_index_figure_year_in_range', violation_error_code='year_out_of_range', violation_error_message='The year must lie between 2000 and 2100.'), models.CheckConstraint(condition=models.Q(('reference', ''), _negated=True), name='price_index_figure_has_source', violation_error_code='source_required', violation_error_message='A price index figure needs its source.')],
            },
        ),
        migrations.CreateModel(
            name='BudgetChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('knowledge_exchange_before', models.DecimalField(decimal_places=2, max_digits=12, null=True)),
                ('advocacy_before', models.DecimalField(decimal_places=2, max_digits=12, null=True)),
                ('knowledge_exchange_after', models.DecimalField(decimal_places=2, max_digits=12)),
                ('advocacy_after', models.DecimalField(decimal_places=2, max_digits=12)),
                ('decision_reference', models.CharField(blank=True, max_length=200, verbose_name='decision reference')),
                ('decided_on', models.DateField(blank=True, null=True, validators=[infra.bounds.DateBounds()], verbose_name='decided on')),
                ('reason', models.TextField(max_length=4000, verbose_name='reason')),
                ('changed_at', models.DateTimeField(auto_now_add=True, verbose_name='changed at')),
                ('changed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='changed by')),
                ('budget_year', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='changes', to='contributions.budgetyear', verbose_name='budget')),
            ],
            options={
                'verbose_name': 'budget change',
                'verbose_name_plural': 'budget changes',
                'db_table': 'membership_budgetchange',
                'ordering': ['changed_at', 'pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('decided_on__isnull', True), ('decision_reference', '')), models.Q(models.Q(('decision_reference', ''), _negated=True), ('decided_on__isnull', False)), _connector='OR'), name='budget_change_decision_complete', violation_error_code='decision_incomplete', violation_error_message='A DB decision needs both its date and reference.'), models.CheckConstraint(condition=models.Q(('reason', ''), _negated=True), name='budget_change_has_reason', violation_error_code='reason_required', violation_error_message='A budget change needs a reason.'), models.CheckConstraint(condition=models.Q(('decided_on__isnull', True), models.Q(('decided_on__gte', datetime.date(2000, 1, 1)), ('decided_on__lte', datetime.date(2100, 12, 31))), _connector='OR'), name='budget_change_decided_on_in_range', violation_error_code='date_out_of_range', violation_error_message='A date lies outside the range this application accepts.')],
            },
        ),
        migrations.AddConstraint(
            model_name='contributionrate',
            constraint=models.UniqueConstraint(condition=models.Q(('is_current', True)), fields=('year',), name='contribution_rate_one_in_force_per_year', violation_error_code='rate_exists', violation_error_message='This year already has a rate in force.'),
        ),
        migrations.AddConstraint(
            model_name='contributionrate',
            constraint=models.CheckConstraint(condition=models.Q(('corrects__isnull', True), models.Q(('correction_reason', ''), _negated=True), _connector='OR'), name='contribution_rate_correction_has_reason', violation_error_code='reason_required', violation_error_message='A corrected rate needs the reason.'),
        ),
        migrations.AddConstraint(
            model_name='contributionrate',
            constraint=models.CheckConstraint(condition=models.Q(('amount_per_inhabitant__gt', 0)), name='contribution_rate_positive', violation_error_code='rate_not_positive', violation_error_message='A rate per inhabitant must be more than zero.'),
        ),
        migrations.AddConstraint(
            model_name='contributionrate',
            constraint=models.CheckConstraint(condition=models.Q(('index_percentage__isnull', True), models.Q(('index_percentage__gte', Decimal('-5.00')), ('index_percentage__lte', Decimal('25.00'))), _connector='OR'), name='contribution_rate_index_bounded', violation_error_code='index_out_of_range', violation_error_message='An index must lie between −5 % and +25 %.'),
        ),
        migrations.AddConstraint(
            model_name='contributionrate',
            constraint=models.CheckConstraint(condition=models.Q(('index_percentage__isnull', True), ('index_percentage__gte', 0), ('negative_index_allowed', True), _connector='OR'), name='contribution_rate_negative_index_allowed', violation_error_code='negative_index_not_allowed', violation_error_message='A negative index is only allowed when the decision says so.'),
        ),
        migrations.AddConstraint(
            model_name='contributionrate',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('index_percentage__isnull', True), ('index_source', ''), ('index_year__isnull', True), ('previous_amount__isnull', True)), models.Q(('index_percentage__isnull', False), ('index_year__isnull', False), ('previous_amount__isnull', False), models.Q(('index_source', ''), _negated=True)), _connector='OR'), name='contribution_rate_index_complete', violation_error_code='index_incomplete', violation_error_message='An indexed rate needs the previous rate, the index, its source and year.'),
        ),
        migrations.AddConstraint(
            model_name='contributionrate',
            constraint=models.CheckConstraint(condition=models.Q(('decision_reference', ''), _negated=True), name='contribution_rate_has_decision', violation_error_code='decision_required', violation_error_message='A rate needs the DB decision that set it.'),
        ),
        migrations.AddConstraint(
            model_name='contributionrate',
            constraint=models.CheckConstraint(condition=models.Q(('year__gte', 2000), ('year__lte', 2100)), name='contribution_rate_year_in_range', violation_error_code='year_out_of_range', violation_error_message='The year must lie between 2000 and 2100.'),
        ),
        migrations.AddConstraint(
            model_name='contributionrate',
            constraint=models.CheckConstraint(condition=models.Q(('decided_on__gte', datetime.date(2000, 1, 1)), ('decided_on__lte', datetime.date(2100, 12, 31))), name='contribution_rate_decided_on_in_range', violation_error_code='date_out_of_range', violation_error_message='A date lies outside the range this application accepts.'),
        ),
        migrations.AddIndex(
            model_name='contributionstatement',
            index=models.Index(fields=['cbs_code', 'year'], name='statement_code_year'),
        ),
        migrations.AddIndex(
            model_name='contributionstatement',
            index=models.Index(fields=['city', 'year'], name='statement_city_year'),
        ),
        migrations.AddConstraint(
            model_name='contributionstatement',
            constraint=models.UniqueConstraint(fields=('year', 'number'), name='contribution_statement_number_unique', violation_error_code='number_taken', violation_error_message='This statement number is already taken.'),
        ),
        migrations.AddConstraint(
            model_name='contributionstatement',
            constraint=models.UniqueConstraint(condition=models.Q(('kind', 'statement')), fields=('city', 'year', 'revision'), name='contribution_statement_once_per_city_year', violation_error_code='already_issued', violation_error_message='This city already has a statement for this year.'),
        ),
        migrations.AddConstraint(
            model_name='contributionstatement',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'credit'), ('corrects__isnull', False)), models.Q(('kind', 'statement'), ('corrects__isnull', True)), _connector='OR'), name='contribution_statement_credit_refers', violation_error_code='credit_needs_original', violation_error_message='A credit statement refers to the statement it corrects; a statement refers to none.'),
        ),
        migrations.AddConstraint(
            model_name='contributionstatement',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'credit'), ('amount__lte', 0), models.Q(('reason', ''), _negated=True)), models.Q(('kind', 'statement'), ('amount__gte', 0)), _connector='OR'), name='contribution_statement_amount_sign', violation_error_code='amount_sign', violation_error_message='A credit statement has a negative amount and a reason; a statement has none below zero.'),
        ),
        migrations.AddConstraint(
            model_name='contributionstatement',
            constraint=models.CheckConstraint(condition=models.Q(('period_end__gte', models.F('period_start')), ('days_member__gte', 1), ('days_member__lte', models.F('days_in_year'))), name='contribution_statement_period_ordered', violation_error_code='period_invalid', violation_error_message='The membership period of a statement is invalid.'),
        ),
        migrations.AddConstraint(
            model_name='contributionstatement',
            constraint=models.CheckConstraint(condition=models.Q(('number__gte', 1)), name='contribution_statement_number_positive', violation_error_code='number_invalid', violation_error_message='A statement number starts at 1.'),
        ),
        migrations.AddConstraint(
            model_name='contributionstatement',
            constraint=models.CheckConstraint(condition=models.Q(('population_reference_date__gte', datetime.date(1900, 1, 1)), ('population_reference_date__lte', datetime.date(2100, 12, 31))), name='contribution_statement_population_reference_date_in_range', violation_error_code='date_out_of_range', violation_error_message='A date lies outside the range this application accepts.'),
        ),
        migrations.AddConstraint(
            model_name='contributionstatement',
            constraint=models.CheckConstraint(condition=models.Q(('population_counted_on__gte', datetime.date(1900, 1, 1)), ('population_counted_on__lte', datetime.date(2100, 12, 31))), name='contribution_statement_population_counted_on_in_range', violation_error_code='date_out_of_range', violation_error_message='A date lies outside the range this application accepts.'),
        ),
        migrations.AddConstraint(
            model_name='contributionstatement',
            constraint=models.CheckConstraint(condition=models.Q(('period_start__gte', datetime.date(2000, 1, 1)), ('period_start__lte', datetime.date(2100, 12, 31))), name='contribution_statement_period_start_in_range', violation_error_code='date_out_of_range', violation_error_message='A date lies outside the range this application accepts.'),
        ),
        migrations.AddConstraint(
            model_name='contributionstatement',
            constraint=models.CheckConstraint(condition=models.Q(('period_end__gte', datetime.date(2000, 1, 1)), ('period_end__lte', datetime.date(2100, 12, 31))), name='contribution_statement_period_end_in_range', violation_error_code='date_out_of_range', violation_error_message='A date lies outside the range this application accepts.'),
        ),
        migrations.AddConstraint(
            model_name='municipalmerger',
            constraint=models.UniqueConstraint(fields=('predecessor_cbs_code',), name='municipal_merger_predecessor_once', violation_error_code='merger_exists', violation_error_message='This CBS code has already merged.'),
        ),
        migrations.AddConstraint(
            model_name='municipalmerger',
            constraint=models.CheckConstraint(condition=models.Q(('predecessor_cbs_code__regex', '^GM[0-9]{4}$')), name='municipal_merger_code_format', violation_error_code='cbs_code_invalid', violation_error_message='A CBS code is GM followed by four digits.'),
        ),
        migrations.AddConstraint(
            model_name='municipalmerger',
            constraint=models.CheckConstraint(condition=models.Q(('effective_on__gte', datetime.date(2000, 1, 1)), ('effective_on__lte', datetime.date(2100, 12, 31))), name='municipal_merger_effective_on_in_range', violation_error_code='date_out_of_range', violation_error_message='A date lies outside the range this application accepts.'),
        ),
        # Last: on SQLite a later table rebuild in this migration would drop it.
        migrations.RunPython(add_figures, remove_figures),
        migrations.RunPython(lock_statements, unlock_statements),
    ]
