"""Issue 13, items 1 and 2: criteria as versioned data; indicator values with source,
reference date and range; the CSV import (whole file or nothing); the CBS figures of
members.City as values."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from admissions.constants import Criterion
from admissions.models import CriteriaSet, CriterionNote, Indicator, IndicatorValue
from admissions.services import (
    city_figures_copy,
    criteria_set_in_force,
    indicator_value_record,
    indicator_values_import,
)
from members.actors import SYSTEM
from members.services import ImportRejected

from .factories import applicant, application, criteria_2018

pytestmark = pytest.mark.django_db


def test_the_2018_set_is_version_1_with_its_text_and_urbanisation_defining():
    criteria = criteria_2018()
    assert criteria.version == 1
    assert "stedelijke problematiek, centrumfunctie en inwonertal" in criteria.text
    assert "Het zit hem niet in de criteria" in criteria.text
    defining = CriterionNote.objects.get(criteria_set=criteria, defining=True)
    assert defining.criterion == Criterion.URBANISATION
    criteria_of_indicators = set(criteria.indicators.values_list("criterion", flat=True))
    assert criteria_of_indicators == set(Criterion.values)
    urbanity = Indicator.objects.get(key="urbanity_class")
    assert (urbanity.direction, urbanity.criterion) == ("lower", "urbanisation")
    assert "CBS" in urbanity.source and urbanity.unit


def test_a_set_has_one_defining_criterion():
    criteria = criteria_2018()
    note = CriterionNote.objects.get(criteria_set=criteria, criterion=Criterion.POPULATION)
    note.defining = True
    with pytest.raises(IntegrityError), transaction.atomic():
        note.save()


def test_the_version_in_force_follows_the_date_and_a_new_one_never_changes_an_earlier_application():
    first = criteria_2018()
    earlier = application(received_on=datetime.date(2024, 3, 1))
    second = CriteriaSet.objects.create(
        version=2,
        name="Criteria 2025",
        in_force_from=datetime.date(2025, 1, 1),
        text="t",
        source="s",
    )
    assert criteria_set_in_force(datetime.date(2024, 12, 31)) == first
    assert criteria_set_in_force(datetime.date(2025, 1, 1)) == second
    earlier.refresh_from_db()
    assert earlier.criteria_set == first


def test_an_indicators_range_is_ordered_in_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        Indicator.objects.create(
            key="x",
            name="x",
            unit="u",
            source="s",
            direction="higher",
            criterion="population",
            minimum=Decimal(5),
            maximum=Decimal(1),
        )


# --- a value entered by the secretariat ----------------------------------------------------


def _record(world, persona="secretariat", **kwargs):
    criteria_2018()
    data = dict(
        indicator=Indicator.objects.get(key="unemployment"),
        city=world.city_a,
        year=2023,
        value=Decimal("4.5"),
        source="CBS StatLine 80590ned",
        reference_date=datetime.date(2023, 1, 1),
    )
    data.update(kwargs)
    return indicator_value_record(by=world.person(persona).user, **data)


def test_the_secretariat_enters_a_value_and_corrects_it(world):
    _record(world)
    _record(world, value=Decimal("4.7"))
    stored = IndicatorValue.objects.get(city=world.city_a, indicator__key="unemployment")
    assert stored.value == Decimal("4.7")


@pytest.mark.parametrize(
    ("kwargs", "field", "code"),
    [
        ({"source": " "}, "source", "source_required"),
        ({"reference_date": None}, "reference_date", "reference_date_required"),
        ({"value": Decimal("100.5")}, "value", "value_out_of_range"),
        ({"value": Decimal("-1")}, "value", "value_out_of_range"),
        ({"year": 1999}, "year", "year_out_of_range"),
    ],
)
def test_a_bad_value_is_refused_with_its_code(world, kwargs, field, code):
    with pytest.raises(ValidationError) as excinfo:
        _record(world, **kwargs)
    assert excinfo.value.error_dict[field][0].code == code
    assert not IndicatorValue.objects.filter(indicator__key="unemployment").exists()


def test_a_reference_date_out_of_bounds_is_refused(world):
    with pytest.raises(ValidationError) as excinfo:
        _record(world, reference_date=datetime.date(1, 1, 1))
    assert excinfo.value.code == "date_out_of_range"


def test_only_the_secretariat_enters_values(world):
    with pytest.raises(ValidationError) as excinfo:
        _record(world, persona="db_member")
    assert excinfo.value.code == "forbidden"


def test_the_database_wants_a_source_and_one_value_per_year(world):
    criteria_2018()
    indicator = Indicator.objects.get(key="unemployment")
    common = dict(
        indicator=indicator,
        city=world.city_a,
        year=2023,
        value=1,
        reference_date=datetime.date(2023, 1, 1),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValue.objects.create(source="", **common)
    IndicatorValue.objects.create(source="s", **common)
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValue.objects.create(source="t", **common)


# --- the CSV import ----------------------------------------------------------------------

HEADER = "cbs_code,indicator,year,value,source,reference_date\n"


def test_a_good_file_is_imported_whole(world):
    criteria_2018()
    text = (
        HEADER
        + 'GM0193,unemployment,2023,"4,1",CBS 80590ned,2023-01-01\n'
        + "GM0034,jobs_per_100,2023,88.5,CBS 83582NED,2023-01-01\n"
    )
    assert indicator_values_import(by=SYSTEM, text=text) == 2
    assert IndicatorValue.objects.get(city=world.city_a, indicator__key="unemployment").value == (
        Decimal("4.1")
    )


@pytest.mark.parametrize(
    ("bad_row", "row", "column"),
    [
        ("GM0999,unemployment,2023,4,CBS,2023-01-01", 3, "cbs_code"),
        ("GM0034,unknown,2023,4,CBS,2023-01-01", 3, "indicator"),
        ("GM0034,unemployment,2023,4,,2023-01-01", 3, "source"),
        ("GM0034,unemployment,2023,4,CBS,", 3, "reference_date"),
        ("GM0034,unemployment,2023,4,CBS,1-1-2023", 3, "reference_date"),
        ("GM0034,unemployment,2023,140,CBS,2023-01-01", 3, "value"),
        ("GM0034,unemployment,2023,veel,CBS,2023-01-01", 3, "value"),
        ("GM0034,unemployment,twintig,4,CBS,2023-01-01", 3, "year"),
    ],
)
def test_the_first_bad_row_rejects_the_whole_file_naming_row_and_column(
    world, bad_row, row, column
):
    criteria_2018()
    text = HEADER + "GM0193,unemployment,2023,4.1,CBS,2023-01-01\n" + bad_row + "\n"
    with pytest.raises(ImportRejected) as excinfo:
        indicator_values_import(by=SYSTEM, text=text)
    assert excinfo.value.code == "import_rejected"
    message = str(excinfo.value)
    assert f"{row}" in message and column in message
    assert not IndicatorValue.objects.filter(indicator__key="unemployment").exists()


def test_the_command_says_rejected_and_imports_nothing(world, tmp_path):
    criteria_2018()
    path = tmp_path / "values.csv"
    path.write_text(HEADER + "GM0193,unemployment,2023,4.1,CBS,2023-01-01\nGM0999,x,1,1,s,\n")
    with pytest.raises(CommandError, match="rejected, nothing imported"):
        call_command("import_indicator_values", str(path))
    assert not IndicatorValue.objects.filter(indicator__key="unemployment").exists()
    path.write_text(HEADER + "GM0193,unemployment,2023,4.1,CBS,2023-01-01\n")
    out = StringIO()
    call_command("import_indicator_values", str(path), stdout=out)
    assert "Imported 1" in out.getvalue()


def test_the_cbs_figures_of_cities_become_values_once(world):
    criteria_2018()
    IndicatorValue.objects.all().delete()
    city = applicant(population=92883, urbanity_class=2, address_density=1721)
    made = city_figures_copy()
    assert made == 3 * 3  # Zwolle, Almere and the applicant
    population = IndicatorValue.objects.get(city=city, indicator__key="population")
    assert (population.value, population.year, population.reference_date) == (
        Decimal(92883),
        2023,
        datetime.date(2023, 1, 1),
    )
    assert "CBS" in population.source
    assert city_figures_copy() == 0
    call_command("load_city_figures", stdout=StringIO())
    assert IndicatorValue.objects.count() == 9


# --- Dutch Excel (issue 22, items 5 and 15) ------------------------------------------


def test_a_semicolon_file_with_dutch_numbers_is_imported(world):
    """What Dutch Excel writes (and the app's own exports use): ';' and decimal commas."""
    criteria_2018()
    text = (
        "\ufeffcbs_code;indicator;year;value;source;reference_date\n"
        "GM0193;unemployment;2023;4,1;CBS 80590ned;2023-01-01\n"
        "GM0034;population;2023;1.000.500;CBS;2023-01-01\n"
    )
    assert indicator_values_import(by=SYSTEM, text=text) == 2
    assert IndicatorValue.objects.get(city=world.city_a, indicator__key="unemployment").value == (
        Decimal("4.1")
    )
    assert IndicatorValue.objects.get(city=world.city_b, indicator__key="population").value == (
        Decimal("1000500")
    )


@pytest.mark.parametrize(
    ("bad_row", "column", "words"),
    [
        ("GM0034,unemployment,²⁰²⁴,4,CBS,2023-01-01", "year", "geen jaar"),
        ("GM0034,unemployment,2023,1.000,CBS,2023-01-01", "value", "twee manieren"),
        ("GM0034,unemployment,2023,4,CBS," + "x" * (129 * 1024), "reference_date", "128 KiB"),
        ("GM0034,unemployment,2023,4," + "x" * (129 * 1024) + ",2023-01-01", "source", "128 KiB"),
    ],
)
def test_odd_cells_are_refused_naming_row_and_column_never_a_server_error(
    world, bad_row, column, words
):
    criteria_2018()
    text = HEADER + bad_row + "\n"
    with translation.override("nl"), pytest.raises(ImportRejected) as excinfo:
        indicator_values_import(by=SYSTEM, text=text)
    message = str(excinfo.value)
    assert "Rij 2" in message and f"kolom {column}" in message and words in message


def test_a_range_error_prints_the_range_in_dutch(world):
    criteria_2018()
    text = HEADER + "GM0034,unemployment,2023,140,CBS,2023-01-01\n"
    with translation.override("nl"), pytest.raises(ImportRejected) as excinfo:
        indicator_values_import(by=SYSTEM, text=text)
    message = str(excinfo.value)
    assert "E+" not in message and "0–100" in message


def test_the_import_page_answers_a_superscript_year_with_the_row_not_a_500(world):
    criteria_2018()
    text = HEADER + "GM0034,unemployment,²⁰²⁴,4,CBS,2023-01-01\n"
    upload = SimpleUploadedFile("waarden.csv", text.encode(), content_type="text/csv")
    response = world.client("secretariat").post(
        reverse("admissions:indicator_values_import"), {"file": upload}
    )
    assert response.status_code == 200
    assert "Rij 2, kolom year" in response.content.decode()
