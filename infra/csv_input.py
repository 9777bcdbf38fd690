"""CSV files people upload: as Dutch Excel writes them (``;``, and the app's own
exports) or as the rest of the world does (``,``) — the separator is the one the
header line uses; a byte-order mark is dropped. A field longer than
``FIELD_MAX_CHARS`` stops the read with ``FieldTooLong`` naming its row and column
(the csv module's own limit would be a server error)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

# The csv module's default limit: what a CSV import reads at most in one field.
FIELD_MAX_CHARS = 128 * 1024


class FieldTooLong(ValueError):
    def __init__(self, line: int, column: str):
        super().__init__(f"row {line}, column {column}: field too long")
        self.line = line
        self.column = column


def _column_of_long_field(text: str, delimiter: str, line: int, names: list[str]) -> str:
    lines = text.splitlines()
    pieces = lines[line - 1].split(delimiter) if 0 < line <= len(lines) else []
    index = next((i for i, p in enumerate(pieces) if len(p) > FIELD_MAX_CHARS), None)
    return names[index] if index is not None and index < len(names) else "?"


def read_csv(text: str) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """The header's column names (stripped) and the rows as ``(line, row)``, the
    header being line 1. Raises ``FieldTooLong``."""
    text = text.lstrip("\ufeff")
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    try:
        names = [name.strip() for name in (reader.fieldnames or [])]
    except csv.Error:
        raise FieldTooLong(1, _column_of_long_field(text, delimiter, 1, [])) from None
    reader.fieldnames = names

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        line = 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error:
                # The record after the last one read (the csv module's own line_num
                # has not counted the line it stopped in).
                line += 1
                raise FieldTooLong(
                    line, _column_of_long_field(text, delimiter, line, names)
                ) from None
            line += 1
            for column, value in row.items():
                if isinstance(value, str) and len(value) > FIELD_MAX_CHARS:
                    raise FieldTooLong(line, column or "?")
            yield line, row

    return names, rows()
