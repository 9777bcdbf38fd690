"""A statement as a PDF (WeasyPrint, from an HTML template) and a year's statements as
an XLSX for the treasurer (openpyxl): amounts as numbers, dates as dates, text never
a formula (``infra.text.cell_text``)."""

from __future__ import annotations

import datetime
import io

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from infra.text import cell_text

XLSX_DATE = "dd-mm-yyyy"
XLSX_EURO = "#,##0.00"


def due_date(statement) -> datetime.date:
    """A statement is due ``CONTRIBUTION_PAYMENT_DAYS`` after the day it was issued."""
    issued_on = timezone.localdate(statement.issued_at)
    return issued_on + datetime.timedelta(days=settings.CONTRIBUTION_PAYMENT_DAYS)


def payment_reference(statement) -> str:
    """What the city writes with its payment: the statement's number and the city's
    code, so the network can match a payment to its statement."""
    return f"G40 {statement.display_number} {statement.cbs_code}"


def statement_pdf(statement, *, base_url: str = "") -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "contributions/statement_pdf.html",
        {
            "statement": statement,
            "due_on": due_date(statement),
            "iban": settings.CONTRIBUTION_IBAN,
            "account_name": settings.CONTRIBUTION_ACCOUNT_NAME,
            "payment_reference": payment_reference(statement),
        },
    )
    return HTML(string=html, base_url=base_url or None).write_pdf()


def _header() -> list[str]:
    return [
        _("number"),
        _("kind"),
        _("credits"),
        _("city"),
        _("CBS code"),
        _("population"),
        _("population reference date"),
        _("rate per inhabitant (EUR)"),
        _("member from"),
        _("member until"),
        _("days of membership"),
        _("days in the year"),
        _("amount (EUR)"),
        _("issued on"),
    ]


def year_xlsx(year: int, statements, total) -> bytes:
    from django.utils import timezone
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Contributions %(year)s") % {"year": year})
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)

    def cell(value, number_format=None, font=None):
        made = WriteOnlyCell(sheet, value=value)
        if number_format:
            made.number_format = number_format
        if font:
            made.font = font
        return made

    sheet.append([cell(title, font=bold) for title in _header()])
    for statement in statements:
        sheet.append(
            [
                statement.display_number,
                str(statement.get_kind_display()),
                statement.corrects.display_number if statement.corrects_id else "",
                cell_text(statement.city_name),
                statement.cbs_code,
                statement.population,
                cell(statement.population_reference_date, XLSX_DATE),
                cell(statement.amount_per_inhabitant, XLSX_EURO),
                cell(statement.period_start, XLSX_DATE),
                cell(statement.period_end, XLSX_DATE),
                statement.days_member,
                statement.days_in_year,
                cell(statement.amount, XLSX_EURO),
                cell(timezone.localtime(statement.issued_at).date(), XLSX_DATE),
            ]
        )
    sheet.append([cell(_("Total"), font=bold), *[""] * 11, cell(total, XLSX_EURO, bold)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
