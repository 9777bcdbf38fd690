"""Published figures the contributions part ships (also in data migration 0002, which
keeps its own frozen copy, as migrations do)."""

from decimal import Decimal

# CBS StatLine table 83131NED (Consumentenprijzen; prijsindex 2015=100), the yearly
# change of the CPI; 2023–2025 as CBS announced them.
CBS_CPI_SOURCE = "CBS StatLine 83131NED, jaarmutatie CPI"
CBS_CPI_ANNOUNCED = frozenset({2023, 2024, 2025})
CBS_CPI = {
    2018: Decimal("1.7"),
    2019: Decimal("2.6"),
    2020: Decimal("1.3"),
    2021: Decimal("2.7"),
    2022: Decimal("10.0"),
    2023: Decimal("3.8"),
    2024: Decimal("3.3"),
    2025: Decimal("3.3"),
}


def cbs_cpi_figures_load(figure_model) -> None:
    """Put the shipped CPI figures in place where they are missing (a corrected figure
    is left as corrected)."""
    for year, percentage in CBS_CPI.items():
        figure_model.objects.get_or_create(
            source="cbs_cpi",
            year=year,
            defaults={
                "percentage": percentage,
                "reference": CBS_CPI_SOURCE,
                "note": "zoals aangekondigd door CBS" if year in CBS_CPI_ANNOUNCED else "",
            },
        )
