"""Reading a page as a machine and as a person does (issue 22, items 9 and 16).

A machine reads the numbers in SVG geometry, ``style=`` and ``<style>``, ``data-*``
attributes, the ``value``/``min``/``max``/``step`` of inputs that are not for people
(number, range, hidden, …), ``<meter>``/``<progress>``, CSV and JSON. None of those may
be localised: a Dutch ``104,0`` is no width at all. A person reads the text: no ISO
dates, no raw audit actions ("(create)"), no English sentence of the project's own
catalogues on a Dutch page, no large number without Dutch grouping.

The helpers take a text and return what is wrong, one line each; the tests
(``tests/test_page_values.py``) feed them every page a demo persona reaches.
"""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser

# A decimal comma between digits ("104,0"), or a Dutch thousands dot ("1.234,5").
LOCALISED_NUMBER = re.compile(r"\d,\d|\d\.\d{3},\d")
# Attributes of SVG (and of HTML elements drawn like it) that hold numbers.
SVG_NUMBER_ATTRIBUTES = {
    "x",
    "y",
    "x1",
    "x2",
    "y1",
    "y2",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "dx",
    "dy",
    "width",
    "height",
    "viewbox",
    "points",
    "d",
    "transform",
    "stroke-width",
    "font-size",
    "opacity",
    "fill-opacity",
    "stroke-opacity",
    "offset",
}
SVG_NUMBER = re.compile(r"^-?(\d+(\.\d+)?|\.\d+)(e-?\d+)?(%|px|em)?$")
# Inputs whose value a program reads back, not a person.
MACHINE_INPUT_TYPES = {"number", "range", "hidden", "date", "datetime-local", "time", "month"}
NUMERIC_INPUT_ATTRIBUTES = {"min", "max", "step"}

# What a person should never read.
ISO_DATE = re.compile(r"\b(19|20)\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])\b")
RAW_AUDIT_ACTION = re.compile(r"\((create|update|delete|access)\)")
# Five digits or more in a row, not part of a code (GM0796), a reference (2026-042) or
# an address: a count or an amount a Dutch reader expects as "92.883".
UNGROUPED_NUMBER = re.compile(r"(?<![\w.,/:#-])\d{5,}(?![\w/-])")
TEXT_SKIPPED_IN = {"script", "style", "code", "pre", "textarea", "kbd", "samp", "template"}
PEOPLE_READ_ATTRIBUTES = {"title", "alt", "aria-label", "placeholder"}


class _PageReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.machine: list[str] = []
        self.text: list[str] = []
        self._stack: list[str] = []
        self._skipped = 0
        self._svg = 0

    def handle_starttag(self, tag, attrs):
        self._inspect(tag, attrs)
        if tag in {"br", "hr", "img", "input", "meta", "link", "source", "wbr"}:
            return
        self._stack.append(tag)
        if tag in TEXT_SKIPPED_IN:
            self._skipped += 1
        if tag == "svg":
            self._svg += 1

    def handle_startendtag(self, tag, attrs):
        self._inspect(tag, attrs)

    def handle_endtag(self, tag):
        if tag not in self._stack:
            return
        while self._stack:
            open_tag = self._stack.pop()
            if open_tag in TEXT_SKIPPED_IN:
                self._skipped -= 1
            if open_tag == "svg":
                self._svg -= 1
            if open_tag == tag:
                break

    def handle_data(self, data):
        if self._stack and self._stack[-1] == "style":
            for match in re.finditer(r"[^;{}]*\d,\d[^;{}]*", data):
                self.machine.append(f"<style>: {match.group().strip()}")
        if not self._skipped and data.strip():
            self.text.append(" ".join(data.split()))

    def _inspect(self, tag, attrs):
        values = {name: value or "" for name, value in attrs}
        in_svg = self._svg or tag == "svg"
        for name, value in values.items():
            where = f'<{tag} {name}="{value[:60]}">'
            if (name == "style" or name.startswith("data-")) and LOCALISED_NUMBER.search(value):
                self.machine.append(where)
            elif in_svg and name in SVG_NUMBER_ATTRIBUTES:
                parts = [part for part in re.split(r"[\s]+", value.strip()) if part]
                if name in {"points", "d", "transform"}:
                    bad = LOCALISED_NUMBER.search(value)
                elif tag == "svg" and name in {"width", "height"} and value.endswith("%"):
                    bad = not SVG_NUMBER.match(value)
                else:
                    bad = not parts or not all(SVG_NUMBER.match(part) for part in parts)
                if bad:
                    self.machine.append(where)
            elif name in PEOPLE_READ_ATTRIBUTES and value.strip():
                self.text.append(" ".join(value.split()))
        if tag == "input":
            kind = values.get("type", "text").lower()
            machine_value = kind in MACHINE_INPUT_TYPES and values.get("inputmode") != "decimal"
            for name in ("value", *NUMERIC_INPUT_ATTRIBUTES):
                value = values.get(name, "")
                if (machine_value or name != "value") and LOCALISED_NUMBER.search(value):
                    self.machine.append(f'<input type="{kind}" {name}="{value[:60]}">')
        if tag in {"meter", "progress"}:
            for name in ("value", "min", "max", "low", "high", "optimum"):
                if LOCALISED_NUMBER.search(values.get(name, "")):
                    self.machine.append(f'<{tag} {name}="{values[name]}">')


def read_page(html: str) -> tuple[list[str], list[str]]:
    """``(machine problems, texts a person reads)`` of an HTML page."""
    reader = _PageReader()
    reader.feed(html)
    reader.close()
    return reader.machine, reader.text


def machine_number_problems(html: str) -> list[str]:
    return read_page(html)[0]


def csv_problems(content: str) -> list[str]:
    """Cells of a CSV export that hold a localised number."""
    dialect = csv.Sniffer().sniff(content[:4096], delimiters=",;\t")
    return [
        f"row {row_number}: {cell}"
        for row_number, row in enumerate(csv.reader(io.StringIO(content), dialect), start=1)
        for cell in row
        if re.fullmatch(r"-?\d{1,3}(\.\d{3})*,\d+|-?\d+,\d+", cell.strip())
    ]


def json_problems(content: str) -> list[str]:
    """Strings of a JSON document that are a localised number (a number belongs in JSON
    as a number, or at least as ``"1.5"``)."""
    found: list[str] = []

    def walk(value, path):
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{path}.{key}")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, f"{path}[{index}]")
        elif isinstance(value, str) and re.fullmatch(r"-?\d{1,3}(\.\d{3})*,\d+|-?\d+,\d+", value):
            found.append(f"{path}: {value}")

    walk(json.loads(content), "$")
    return found


def raw_value_problems(texts: list[str]) -> list[str]:
    """ISO dates, raw audit actions and numbers without grouping in what a person reads."""
    found = []
    for text in texts:
        for pattern, what in (
            (ISO_DATE, "ISO date"),
            (RAW_AUDIT_ACTION, "raw audit action"),
            (UNGROUPED_NUMBER, "number without grouping"),
        ):
            match = pattern.search(text)
            if match:
                found.append(f"{what} {match.group()!r} in {text[:100]!r}")
    return found


def english_problems(texts: list[str], sentences) -> list[str]:
    """Texts that hold one of the project's English catalogue sentences (see
    ``tests/catalogues.py``)."""
    found = []
    for text in texts:
        for sentence in sentences.find(text):
            found.append(f"{sentence!r} in {text[:120]!r}")
    return found


# --- landmarks ------------------------------------------------------------------------

LANDMARK_TAGS = {"nav": "navigation", "aside": "complementary", "main": "main"}
LANDMARK_ROLES = {"navigation", "complementary", "main", "region", "search", "form"}


class _Landmarks(HTMLParser):
    """Landmarks with their role and accessible name (``aria-label``, or the text of the
    elements ``aria-labelledby`` names), as axe's ``landmark-unique`` reads them: a
    ``section`` or ``form`` is a landmark only with a name."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []  # (role, label, labelledby ids)
        self.texts: dict[str, list[str]] = {}
        self._open_ids: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        values = {name: value or "" for name, value in attrs}
        role = values.get("role") or LANDMARK_TAGS.get(tag)
        if role is None and tag in {"section", "form"}:
            named = values.get("aria-label") or values.get("aria-labelledby")
            role = ("region" if tag == "section" else "form") if named else None
        if role in LANDMARK_ROLES:
            self.found.append(
                (role, values.get("aria-label", ""), values.get("aria-labelledby", ""))
            )
        if values.get("id") and tag not in {"br", "hr", "img", "input", "meta", "link"}:
            self._open_ids.append((tag, values["id"]))
            self.texts[values["id"]] = []

    def handle_endtag(self, tag):
        for index in range(len(self._open_ids) - 1, -1, -1):
            if self._open_ids[index][0] == tag:
                del self._open_ids[index]
                break

    def handle_data(self, data):
        for _tag, element_id in self._open_ids:
            self.texts[element_id].append(data)


def landmark_problems(html: str) -> list[str]:
    """Landmarks of one role that share a name (or have none): a screen reader's list of
    landmarks cannot tell them apart (axe ``landmark-unique``)."""
    reader = _Landmarks()
    reader.feed(html)
    reader.close()
    seen: dict[tuple[str, str], int] = {}
    for role, label, labelledby in reader.found:
        name = label or " ".join(
            " ".join("".join(reader.texts.get(i, [])).split()) for i in labelledby.split()
        )
        key = (role, name.strip().lower())
        seen[key] = seen.get(key, 0) + 1
    return [
        f"{count} landmarks '{role}' named {name!r}"
        for (role, name), count in seen.items()
        if count > 1
    ]
