"""The attendee exports (CSV and Excel) of a network day: plain values streamed from
the database, no formulas or control characters from what people typed (also what was
stored before input was cleaned, ``infra.text.cell_text``), each export in the security
log."""

import csv
import datetime
import io

from django.utils import timezone
from django.utils.translation import gettext as _

from infra.text import cell_text
from members.constants import Function

from .constants import RegistrationStatus

# How Excel shows a moment (a real date-time, not text): day-month-year as in Dutch.
XLSX_MOMENT = "dd-mm-yyyy hh:mm"


def _export_rows(registrations):
    """The rows of an export from plain values, streamed from the database in chunks:
    no model objects, and each choice label translated once, not once per row
    (bench: 770 attendees). Moments are naive date-times in the local time zone
    (Europe/Amsterdam), as a spreadsheet shows them; a cancelled registration's needs
    are left out (nobody cooks for them)."""

    def local(value):
        return timezone.make_naive(value).replace(microsecond=0) if value else None

    functions = {value: str(label) for value, label in Function.choices}
    statuses = {value: str(label) for value, label in RegistrationStatus.choices}
    rows = registrations.values_list(
        "person__name",
        "person__city__name",
        "person__email",
        "person__function",
        "status",
        "queued_at",
        "dietary_needs",
        "accessibility_needs",
        "checked_in_at",
    ).iterator(chunk_size=1000)
    for name, city, email, function, status, queued_at, dietary, accessibility, present in rows:
        if status == RegistrationStatus.CANCELLED:
            dietary = accessibility = ""
        yield [
            name,
            city,
            email,
            functions.get(function, function),
            statuses.get(status, status),
            local(queued_at),
            dietary,
            accessibility,
            local(present),
        ]


def _export_header():
    return [
        _("name"),
        _("city"),
        _("e-mail address"),
        _("function"),
        _("status"),
        _("registered at"),
        _("dietary needs"),
        _("accessibility needs"),
        _("present since"),
    ]


def log_export(request, day, file_format: str) -> None:
    """Exports hold personal data (names, needs): the security log records each one."""
    from accounts.constants import SecurityEventKind
    from accounts.services import security_event_record

    security_event_record(
        kind=SecurityEventKind.EXPORT,
        request=request,
        detail={"what": "attendees", "network_day": day.pk, "format": file_format},
    )


def write_csv(registrations) -> bytes:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # so that Excel reads UTF-8
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(_export_header())
    for row in _export_rows(registrations):
        writer.writerow([_csv_cell(cell) for cell in row])
    return buffer.getvalue().encode()


def _csv_cell(value):
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return "" if value is None else cell_text(value)


def write_xlsx(registrations) -> bytes:
    """A sheet as a treasurer expects: a bold header row that stays in view, moments
    as real Excel date-times (sortable, filterable), text that is never a formula."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    # Write-only: rows go straight to the file instead of a grid of cell objects.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Attendees")[:31])
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for title in _export_header():
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in _export_rows(registrations):
        cells = []
        for value in row:
            if isinstance(value, datetime.datetime):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = XLSX_MOMENT
                cells.append(cell)
            else:
                cells.append(cell_text(value))
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
