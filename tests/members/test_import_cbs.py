from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from members.models import City
from members.services import ImportRejected, cbs_figures_import, cities_load

HEADER = "cbs_code,population,population_date,urbanity_class,urbanity_year,address_density\n"


@pytest.fixture
def cities(db):
    cities_load()


def _figures() -> list:
    return list(
        City.objects.order_by("cbs_code").values_list(
            "cbs_code",
            "population",
            "population_reference_date",
            "urbanity_class",
            "urbanity_reference_year",
            "address_density",
        )
    )


def test_import_updates_the_figures(cities):
    updated = cbs_figures_import(
        text=HEADER + "GM0193,133000,2024-01-01,1,2023,2600\nGM0034,226000,2024-01-01,2,2023,1650\n"
    )
    assert updated == 2
    zwolle = City.objects.get(cbs_code="GM0193")
    assert (zwolle.population, zwolle.urbanity_class, zwolle.address_density) == (133000, 1, 2600)
    assert zwolle.population_reference_date.isoformat() == "2024-01-01"
    assert zwolle.urbanity_reference_year == 2023


@pytest.mark.parametrize(
    ("body", "where"),
    [
        (
            "GM0193,133000,2024-01-01,1,2023,2600\nGM9999,1,2024-01-01,1,2023,1\n",
            "Row 3, column cbs_code",
        ),
        ("GM0193,13x000,2024-01-01,1,2023,2600\n", "Row 2, column population"),
        ("GM0193,133000,2024-01-01,6,2023,2600\n", "Row 2, column urbanity_class"),
        ("GM0193,133000,2024-01-01,0,2023,2600\n", "Row 2, column urbanity_class"),
        ("GM0193,133000,1-1-2024,1,2023,2600\n", "Row 2, column population_date"),
        ("GM0193,133000,0001-01-01,1,2023,2600\n", "Row 2, column population_date"),
        ("GM0193,133000,2024-01-01,1,2023,\n", "Row 2, column address_density"),
        (
            "GM0193,133000,2024-01-01,1,2023,2600\nGM0193,1,2024-01-01,1,2023,1\n",
            "Row 3, column cbs_code",
        ),
    ],
)
def test_a_bad_row_rejects_the_whole_file_and_names_row_and_column(cities, body, where, settings):
    settings.LANGUAGE_CODE = "en"
    before = _figures()
    with pytest.raises(ImportRejected) as excinfo:
        cbs_figures_import(text=HEADER + body)
    assert excinfo.value.code == "import_rejected"
    assert where in str(excinfo.value)
    assert _figures() == before


def test_a_missing_column_is_rejected(cities):
    before = _figures()
    with pytest.raises(ImportRejected) as excinfo:
        cbs_figures_import(text="cbs_code,population\nGM0193,1\n")
    assert excinfo.value.code == "import_rejected"
    assert "population_date" in str(excinfo.value)
    assert _figures() == before


def test_an_empty_file_is_rejected(cities):
    with pytest.raises(ImportRejected) as excinfo:
        cbs_figures_import(text=HEADER)
    assert excinfo.value.code == "import_rejected"


def test_command_imports_and_reports(cities, tmp_path):
    path = tmp_path / "cbs.csv"
    path.write_text(HEADER + "GM0193,133000,2024-01-01,1,2023,2600\n", encoding="utf-8")
    out = StringIO()
    call_command("import_cbs", str(path), stdout=out)
    assert "1" in out.getvalue()
    assert City.objects.get(cbs_code="GM0193").population == 133000


def test_command_rejects_a_bad_file_with_a_message_and_changes_nothing(cities, tmp_path):
    path = tmp_path / "cbs.csv"
    path.write_text(HEADER + "GM0193,133000,2024-01-01,1,2023,2600\nGM0034,x,2024-01-01,1,2023,1\n")
    before = _figures()
    with pytest.raises(CommandError) as excinfo:
        call_command("import_cbs", str(path))
    assert "population" in str(excinfo.value)
    assert _figures() == before


def test_command_reports_an_unreadable_file(cities, tmp_path):
    with pytest.raises(CommandError):
        call_command("import_cbs", str(tmp_path / "missing.csv"))


def test_dutch_excel_with_semicolons_and_grouped_numbers_is_imported(cities):
    """Issue 22, item 15, the same class in import_cbs."""
    text = (
        "cbs_code;population;population_date;urbanity_class;urbanity_year;address_density\n"
        "GM0193;131.835;2024-01-01;2;2022;2.100\n"
    )
    assert cbs_figures_import(text=text) == 1
    zwolle = City.objects.get(cbs_code="GM0193")
    assert (zwolle.population, zwolle.address_density) == (131_835, 2_100)


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("GM0193,131835,2024-01-01,2,²⁰²²,2100", "urbanity_year"),
        ("GM0193,131835,2024-01-01,2,2022," + "9" * (129 * 1024), "address_density"),
    ],
)
def test_odd_cells_are_refused_with_row_and_column(cities, row, column, settings):
    settings.LANGUAGE_CODE = "en"
    with pytest.raises(ImportRejected) as excinfo:
        cbs_figures_import(text=HEADER + row + "\n")
    assert "Row 2" in str(excinfo.value) and column in str(excinfo.value)
