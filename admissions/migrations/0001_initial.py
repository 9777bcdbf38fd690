"""The admissions part of the former ``membership`` app (issue 24 split it in two). Its
tables keep their names (``Meta.db_table = "membership_<model>"``), so this migration
*replaces* membership's migrations 0001–0007: on a database where those were applied
it is marked applied and does nothing (no table is touched; the content types move in
0002); on a new database it makes the tables, the 2018 admission criteria (version 1)
with their indicators and the CBS figures already on each city (as membership 0004
did).
"""

import datetime
import django.db.models.deletion
import django.utils.timezone
import infra.bounds
from django.conf import settings
from django.db import migrations, models


import datetime as _datetime
from decimal import Decimal as _Decimal


def forwards(apps, schema_editor):
    from admissions import criteria_2018

    CriteriaSet = apps.get_model("admissions", "CriteriaSet")
    CriterionNote = apps.get_model("admissions", "CriterionNote")
    Indicator = apps.get_model("admissions", "Indicator")
    IndicatorValue = apps.get_model("admissions", "IndicatorValue")
    City = apps.get_model("members", "City")
    criteria_2018.ensure(CriteriaSet, CriterionNote, Indicator)
    indicators = {i.key: i for i in Indicator.objects.filter(key__in=criteria_2018.CITY_FIGURES)}
    values = []
    for city in City.objects.all():
        figure_date = _datetime.date(city.urbanity_reference_year, 1, 1)
        for key, value, day in (
            ("population", city.population, city.population_reference_date),
            ("urbanity_class", city.urbanity_class, figure_date),
            ("address_density", city.address_density, figure_date),
        ):
            # Values hold dates of 2000-2100 (a constraint); an older figure (a city's
            # data not yet repaired) is not copied: `load_city_figures` copies it later.
            if not 2000 <= day.year <= 2100:
                continue
            values.append(
                IndicatorValue(
                    indicator=indicators[key],
                    city=city,
                    year=day.year,
                    value=_Decimal(value),
                    source=indicators[key].source,
                    reference_date=day,
                )
            )
    IndicatorValue.objects.bulk_create(values, ignore_conflicts=True)


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
            name='CriteriaSet',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveSmallIntegerField(unique=True, verbose_name='version')),
                ('name', models.CharField(max_length=150, verbose_name='name')),
                ('in_force_from', models.DateField(unique=True, validators=[infra.bounds.DateBounds()], verbose_name='in force from')),
                ('text', models.TextField(max_length=10000, verbose_name='text')),
                ('source', models.CharField(max_length=300, verbose_name='source')),
            ],
            options={
                'verbose_name': 'criteria set',
                'verbose_name_plural': 'criteria sets',
                'db_table': 'membership_criteriaset',
                'ordering': ['version'],
            },
        ),
        migrations.CreateModel(
            name='Application',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('cbs_code', models.CharField(max_length=6, verbose_name='CBS code at application')),
                ('received_on', models.DateField(validators=[infra.bounds.DateBounds()], verbose_name='received on')),
                ('contact_name', models.CharField(max_length=150, verbose_name='contact')),
                ('contact_email', models.EmailField(max_length=254, verbose_name="contact's e-mail address")),
                ('motivation', models.TextField(max_length=20000, verbose_name='motivation')),
                ('status', models.CharField(choices=[('received', 'received'), ('advised', 'DB advice given'), ('admitted', 'admitted'), ('declined', 'declined'), ('deferred', 'deferred')], default='received', max_length=20, verbose_name='status')),
                ('recorded_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='recorded at')),
                ('city', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='applications', to='members.city', verbose_name='municipality')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('criteria_set', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='applications', to='admissions.criteriaset', verbose_name='criteria version')),
            ],
            options={
                'verbose_name': 'application',
                'verbose_name_plural': 'applications',
                'db_table': 'membership_application',
                'ordering': ['-received_on', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='ApplicationLetter',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file_name', models.CharField(max_length=200, verbose_name='file name')),
                ('content', models.BinaryField(verbose_name='content')),
                ('application', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='letter', to='admissions.application')),
            ],
            options={
                'verbose_name': 'letter',
                'verbose_name_plural': 'letters',
                'db_table': 'membership_applicationletter',
            },
        ),
        migrations.CreateModel(
            name='CriterionNote',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('criterion', models.CharField(choices=[('urbanisation', 'urbanisation'), ('social_problems', 'social problems'), ('economic_position', 'economic position'), ('centre_function', 'centre function'), ('population', 'population')], max_length=30, verbose_name='criterion')),
                ('defining', models.BooleanField(default=False, verbose_name='defining criterion')),
                ('note', models.TextField(max_length=5000, verbose_name='how to read it')),
                ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                ('criteria_set', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='criterion_notes', to='admissions.criteriaset')),
            ],
            options={
                'verbose_name': 'criterion',
                'verbose_name_plural': 'criteria',
                'db_table': 'membership_criterionnote',
                'ordering': ['criteria_set', 'order'],
            },
        ),
        migrations.CreateModel(
            name='Decision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('outcome', models.CharField(choices=[('admit', 'admit'), ('decline', 'decline'), ('defer', 'defer')], max_length=10, verbose_name='outcome')),
                ('reasons', models.TextField(max_length=10000, verbose_name='reasons')),
                ('recorded_by_name', models.CharField(blank=True, max_length=200, verbose_name='recorded by')),
                ('recorded_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='recorded at')),
                ('decided_on', models.DateField(validators=[infra.bounds.DateBounds()], verbose_name='decided on')),
                ('admitted_from', models.DateField(blank=True, null=True, validators=[infra.bounds.DateBounds()], verbose_name='member from')),
                ('application', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='decision', to='admissions.application', verbose_name='application')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('recorded_by_person', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='members.person')),
            ],
            options={
                'verbose_name': 'AB decision',
                'verbose_name_plural': 'AB decisions',
                'db_table': 'membership_decision',
            },
        ),
        migrations.CreateModel(
            name='Indicator',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.SlugField(unique=True, verbose_name='key')),
                ('name', models.CharField(max_length=150, verbose_name='name')),
                ('unit', models.CharField(max_length=60, verbose_name='unit')),
                ('source', models.CharField(help_text='E.g. the CBS StatLine table and year.', max_length=300, verbose_name='source')),
                ('direction', models.CharField(choices=[('higher', 'higher = more urban'), ('lower', 'lower = more urban')], max_length=10, verbose_name='direction')),
                ('criterion', models.CharField(choices=[('urbanisation', 'urbanisation'), ('social_problems', 'social problems'), ('economic_position', 'economic position'), ('centre_function', 'centre function'), ('population', 'population')], max_length=30, verbose_name='criterion')),
                ('minimum', models.DecimalField(decimal_places=4, max_digits=14, verbose_name='lowest possible value')),
                ('maximum', models.DecimalField(decimal_places=4, max_digits=14, verbose_name='highest possible value')),
                ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
            ],
            options={
                'verbose_name': 'indicator',
                'verbose_name_plural': 'indicators',
                'db_table': 'membership_indicator',
                'ordering': ['order', 'name'],
                'constraints': [models.CheckConstraint(condition=models.Q(('minimum__lt', models.F('maximum'))), name='indicator_range_ordered', violation_error_code='range_not_ordered', violation_error_message='The lowest value must lie below the highest.'), models.CheckConstraint(condition=models.Q(('source', ''), _negated=True), name='indicator_has_source', violation_error_code='source_required', violation_error_message='An indicator needs a source.')],
            },
        ),
        migrations.AddField(
            model_name='criteriaset',
            name='indicators',
            field=models.ManyToManyField(related_name='criteria_sets', to='admissions.indicator', verbose_name='indicators'),
        ),
        migrations.CreateModel(
            name='IndicatorValue',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                ('value', models.DecimalField(decimal_places=4, max_digits=14, verbose_name='value')),
                ('source', models.CharField(max_length=300, verbose_name='source')),
                ('reference_date', models.DateField(validators=[infra.bounds.DateBounds()], verbose_name='reference date')),
                ('is_demo', models.BooleanField(default=False, verbose_name='demo data')),
                ('recorded_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='recorded at')),
                ('city', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='indicator_values', to='members.city', verbose_name='municipality')),
                ('indicator', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='values', to='admissions.indicator', verbose_name='indicator')),
            ],
            options={
                'verbose_name': 'indicator value',
                'verbose_name_plural': 'indicator values',
                'db_table': 'membership_indicatorvalue',
                'ordering': ['indicator', 'city', '-year'],
            },
        ),
        migrations.CreateModel(
            name='PendingLetter',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file_name', models.CharField(max_length=200, verbose_name='file name')),
                ('content', models.BinaryField(verbose_name='content')),
                ('uploaded_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='uploaded at')),
                ('uploaded_by', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'letter awaiting its application',
                'verbose_name_plural': 'letters awaiting their application',
                'db_table': 'membership_pendingletter',
            },
        ),
        migrations.CreateModel(
            name='StepCorrection',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('step', models.CharField(choices=[('advice', 'DB advice'), ('decision', 'AB decision')], max_length=10, verbose_name='step')),
                ('outcome', models.CharField(choices=[('admit', 'admit'), ('decline', 'decline'), ('defer', 'defer')], max_length=10, verbose_name='outcome')),
                ('reasons', models.TextField(max_length=10000, verbose_name='reasons')),
                ('step_date', models.DateField(validators=[infra.bounds.DateBounds()], verbose_name='date of the step')),
                ('admitted_from', models.DateField(blank=True, null=True, validators=[infra.bounds.DateBounds()], verbose_name='member from')),
                ('step_recorded_by_name', models.CharField(blank=True, max_length=200, verbose_name='step recorded by')),
                ('reason', models.TextField(max_length=4000, verbose_name='reason for the correction')),
                ('corrected_by_name', models.CharField(blank=True, max_length=200, verbose_name='corrected by')),
                ('corrected_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='corrected at')),
                ('application', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='corrections', to='admissions.application', verbose_name='application')),
                ('corrected_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'correction of a step',
                'verbose_name_plural': 'corrections of steps',
                'db_table': 'membership_stepcorrection',
                'ordering': ['corrected_at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Advice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('outcome', models.CharField(choices=[('admit', 'admit'), ('decline', 'decline'), ('defer', 'defer')], max_length=10, verbose_name='outcome')),
                ('reasons', models.TextField(max_length=10000, verbose_name='reasons')),
                ('recorded_by_name', models.CharField(blank=True, max_length=200, verbose_name='recorded by')),
                ('recorded_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='recorded at')),
                ('advised_on', models.DateField(validators=[infra.bounds.DateBounds()], verbose_name='advised on')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('recorded_by_person', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='members.person')),
                ('application', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='advice', to='admissions.application', verbose_name='application')),
            ],
            options={
                'verbose_name': 'DB advice',
                'verbose_name_plural': 'DB advice',
                'db_table': 'membership_advice',
                'constraints': [models.CheckConstraint(condition=models.Q(('reasons', ''), _negated=True), name='advice_has_reasons', violation_error_code='reasons_required', violation_error_message='Give the reasons for the advice.'), models.CheckConstraint(condition=models.Q(('outcome__in', ['admit', 'decline', 'defer'])), name='advice_outcome_known', violation_error_code='invalid_outcome', violation_error_message='Unknown outcome.'), models.CheckConstraint(condition=models.Q(('advised_on__gte', datetime.date(2000, 1, 1)), ('advised_on__lte', datetime.date(2100, 12, 31))), name='advice_advised_on_in_range', violation_error_code='date_out_of_range', violation_error_message='A date lies outside the range this application accepts.')],
            },
        ),
        migrations.CreateModel(
            name='ApplicationNote',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('criterion', models.CharField(choices=[('urbanisation', 'urbanisation'), ('social_problems', 'social problems'), ('economic_position', 'economic position'), ('centre_function', 'centre function'), ('population', 'population')], max_length=30, verbose_name='criterion')),
                ('text', models.TextField(max_length=10000, verbose_name='note')),
                ('application', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notes', to='admissions.application')),
            ],
            options={
                'verbose_name': 'note per criterion',
                'verbose_name_plural': 'notes per criterion',
                'db_table': 'membership_applicationnote',
                'constraints': [models.UniqueConstraint(fields=('application', 'criterion'), name='applicationnote_once_per_criterion', violation_error_code='note_exists', violation_error_message='This criterion already has a note.')],
            },
        ),
        migrations.AddConstraint(
            model_name='application',
            constraint=models.UniqueConstraint(condition=models.Q(('status__in', ('received', 'advised'))), fields=('city',), name='application_one_open_per_city', violation_error_code='application_open', violation_error_message='This municipality already has an open application.'),
        ),
        migrations.AddConstraint(
            model_name='application',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['received', 'advised', 'admitted', 'declined', 'deferred'])), name='application_status_known', violation_error_code='invalid_status', violation_error_message='Unknown status.'),
        ),
        migrations.AddConstraint(
            model_name='application',
            constraint=models.CheckConstraint(condition=models.Q(('motivation', ''), _negated=True), name='application_has_motivation', violation_error_code='motivation_required', violation_error_message='An application needs its motivation.'),
        ),
        migrations.AddConstraint(
            model_name='application',
            constraint=models.CheckConstraint(condition=models.Q(('received_on__gte', datetime.date(2000, 1, 1)), ('received_on__lte', datetime.date(2100, 12, 31))), name='application_received_on_in_range', violation_error_code='date_out_of_range', violation_error_message='A date lies outside the range this application accepts.'),
        ),
        migrations.AddConstraint(
            model_name='criterionnote',
            constraint=models.UniqueConstraint(fields=('criteria_set', 'criterion'), name='criterionnote_once_per_set', violation_error_code='criterion_twice', violation_error_message='This criterion is already in this set.'),
        ),
        migrations.AddConstraint(
            model_name='criterionnote',
            constraint=models.UniqueConstraint(condition=models.Q(('defining', True)), fields=('criteria_set',), name='criterionnote_one_defining_per_set', violation_error_code='two_defining', violation_error_message='A criteria set has one defining criterion.'),
        ),
        migrations.AddConstraint(
            model_name='decision',
            constraint=models.CheckConstraint(condition=models.Q(('reasons', ''), _negated=True), name='decision_has_reasons', violation_error_code='reasons_required', violation_error_message='Give the reasons for the decision.'),
        ),
        migrations.AddConstraint(
            model_name='decision',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('outcome', 'admit'), ('admitted_from__isnull', False)), models.Q(('outcome__in', ['decline', 'defer']), ('admitted_from__isnull', True)), _connector='OR'), name='decision_admission_has_date', violation_error_code='admission_date_required', violation_error_message='An admission has the date from which the municipality is a member; a decline or deferral has none.'),
        ),
        migrations.AddConstraint(
            model_name='decision',
            constraint=models.CheckConstraint(condition=models.Q(('decided_on__gte', datetime.date(2000, 1, 1)), ('decided_on__lte', datetime.date(2100, 12, 31))), name='decision_decided_on_in_range', violation_error_code='date_out_of_range', violation_error_message='A date lies outside the range this application accepts.'),
        ),
        migrations.AddConstraint(
            model_name='decision',
            constraint=models.CheckConstraint(condition=models.Q(('admitted_from__isnull', True), models.Q(('admitted_from__gte', datetime.date(2000, 1, 1)), ('admitted_from__lte', datetime.date(2100, 12, 31))), _connector='OR'), name='decision_admitted_from_in_range', violation_error_code='date_out_of_range', violation_error_message='A date lies outside the range this application accepts.'),
        ),
        migrations.AddConstraint(
            model_name='criteriaset',
            constraint=models.CheckConstraint(condition=models.Q(('version__gte', 1)), name='criteriaset_version_positive', violation_error_code='invalid_version', violation_error_message='A version is a number from 1.'),
        ),
        migrations.AddConstraint(
            model_name='criteriaset',
            constraint=models.CheckConstraint(condition=models.Q(('in_force_from__gte', datetime.date(2000, 1, 1)), ('in_force_from__lte', datetime.date(2100, 12, 31))), name='criteriaset_in_force_from_in_range', violation_error_code='date_out_of_range', violation_error_message='A date lies outside the range this application accepts.'),
        ),
        migrations.AddConstraint(
            model_name='indicatorvalue',
            constraint=models.UniqueConstraint(fields=('indicator', 'city', 'year'), name='indicatorvalue_once_per_year', violation_error_code='value_exists', violation_error_message='This municipality already has a value for this indicator and year.'),
        ),
        migrations.AddConstraint(
            model_name='indicatorvalue',
            constraint=models.CheckConstraint(condition=models.Q(('source', ''), _negated=True), name='indicatorvalue_has_source', violation_error_code='source_required', violation_error_message='A value needs its source.'),
        ),
        migrations.AddConstraint(
            model_name='indicatorvalue',
            constraint=models.CheckConstraint(condition=models.Q(('year__gte', 2000), ('year__lte', 2100)), name='indicatorvalue_year_in_range', violation_error_code='year_out_of_range', violation_error_message='The year lies outside 2000–2100.'),
        ),
        migrations.AddConstraint(
            model_name='indicatorvalue',
            constraint=models.CheckConstraint(condition=models.Q(('reference_date__gte', datetime.date(2000, 1, 1)), ('reference_date__lte', datetime.date(2100, 12, 31))), name='indicatorvalue_reference_date_in_range', violation_error_code='date_out_of_range', violation_error_message='A date lies outside the range this application accepts.'),
        ),
        migrations.AddConstraint(
            model_name='stepcorrection',
            constraint=models.CheckConstraint(condition=models.Q(('reason', ''), _negated=True), name='step_correction_has_reason', violation_error_code='reason_required', violation_error_message='Give the reason for the correction.'),
        ),
        migrations.AddConstraint(
            model_name='stepcorrection',
            constraint=models.CheckConstraint(condition=models.Q(('step_date__gte', datetime.date(2000, 1, 1)), ('step_date__lte', datetime.date(2100, 12, 31))), name='step_correction_step_date_in_range', violation_error_code='date_out_of_range', violation_error_message='A date lies outside the range this application accepts.'),
        ),
        migrations.AddConstraint(
            model_name='stepcorrection',
            constraint=models.CheckConstraint(condition=models.Q(('admitted_from__isnull', True), models.Q(('admitted_from__gte', datetime.date(2000, 1, 1)), ('admitted_from__lte', datetime.date(2100, 12, 31))), _connector='OR'), name='step_correction_admitted_from_in_range', violation_error_code='date_out_of_range', violation_error_message='A date lies outside the range this application accepts.'),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
