"""The project's English texts: every msgid of its Dutch catalogues (``*/locale/nl``) and
every literal the Python code marks for translation — also one the catalogues miss,
such as a ``_()`` inside an f-string, which ``makemessages`` cannot see (issue 22,
item 8: the letters' "Dear members of the council and the college,").

``english_sentences()`` gives the pieces of those texts that are English sentences (three
words or more between placeholders, not also written in a Dutch translation), so that a
test can say "this Dutch text holds an English sentence of ours" for any text, now and
for the next string that slips through.
"""

from __future__ import annotations

import ast
import functools
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATION_CALLS = {
    "_": 0,
    "gettext": 0,
    "gettext_lazy": 0,
    "ngettext": 0,
    "ngettext_lazy": 0,
    "pgettext": 1,
    "pgettext_lazy": 1,
    "npgettext": 1,
    "npgettext_lazy": 1,
}
PLURAL_CALLS = {"ngettext", "ngettext_lazy", "npgettext", "npgettext_lazy"}
CONTEXT_CALLS = {"pgettext", "pgettext_lazy", "npgettext", "npgettext_lazy"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{.*?\}\}|\{\w*\}|<[^>]+>")
WORD = re.compile(r"[A-Za-z][a-z'’]+")


def catalogue_paths() -> list[Path]:
    return sorted(
        path
        for path in [
            *ROOT.glob("locale/nl/LC_MESSAGES/django.po"),
            *ROOT.glob("*/locale/nl/LC_MESSAGES/django.po"),
        ]
        if ".venv" not in path.parts
    )


def python_sources() -> list[Path]:
    return sorted(
        path
        for path in ROOT.rglob("*.py")
        if not path.relative_to(ROOT).parts[0].startswith(".")
        and path.relative_to(ROOT).parts[0] not in {"tests", "bench", "scripts"}
        and "migrations" not in path.parts
    )


@dataclass(frozen=True)
class Marked:
    """A literal marked for translation in the code."""

    path: str
    line: int
    msgid: str
    plural: str | None = None
    context: str | None = None
    in_fstring: bool = False


def _literal(node) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def marked_in(path: Path) -> list[Marked]:
    """The literals ``path`` marks for translation (with the translation functions
    imported under these names, or ``_``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            for alias in node.names:
                if alias.name in TRANSLATION_CALLS:
                    names[alias.asname or alias.name] = alias.name
    in_fstring: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            in_fstring.update(id(inner) for inner in ast.walk(node))
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        function = names.get(node.func.id)
        if function is None:
            continue
        first = TRANSLATION_CALLS[function]
        arguments = [_literal(argument) for argument in node.args]
        if len(arguments) <= first or arguments[first] is None:
            continue
        found.append(
            Marked(
                path=str(path.relative_to(ROOT)),
                line=node.lineno,
                msgid=arguments[first],
                plural=arguments[first + 1]
                if function in PLURAL_CALLS and len(arguments) > first + 1
                else None,
                context=arguments[0] if function in CONTEXT_CALLS else None,
                in_fstring=id(node) in in_fstring,
            )
        )
    return found


@functools.cache
def marked_in_code() -> tuple[Marked, ...]:
    return tuple(marked for path in python_sources() for marked in marked_in(path))


@functools.cache
def catalogue_entries() -> tuple[tuple[str, str], ...]:
    """``(English, Dutch)`` of every translated entry of the project's catalogues
    (plural forms each on their own)."""
    import polib

    pairs = []
    for path in catalogue_paths():
        for entry in polib.pofile(str(path)):
            if entry.obsolete or "fuzzy" in entry.flags:
                continue
            if entry.msgid_plural:
                dutch = list(entry.msgstr_plural.values())
                pairs += [
                    (entry.msgid, dutch[0] if dutch else ""),
                    (entry.msgid_plural, dutch[-1] if dutch else ""),
                ]
            else:
                pairs.append((entry.msgid, entry.msgstr))
    return tuple(pairs)


def _pieces(text: str) -> list[str]:
    """The runs of plain words between placeholders and tags."""
    return [" ".join(piece.split()) for piece in PLACEHOLDER.split(text) if piece.strip()]


class Sentences:
    """English pieces of three or more words, found in a text by their first three
    words (an index), then confirmed whole."""

    def __init__(self, pieces: set[str]):
        self.pieces = pieces
        self.index: dict[tuple[str, str, str], list[str]] = {}
        for piece in pieces:
            words = WORD.findall(piece)
            self.index.setdefault(tuple(words[:3]), []).append(piece)

    def find(self, text: str) -> list[str]:
        text = " ".join(text.split())
        words = WORD.findall(text)
        found = []
        for start in range(len(words) - 2):
            for piece in self.index.get(tuple(words[start : start + 3]), ()):
                if piece in text and piece not in found:
                    found.append(piece)
        return found


@functools.cache
def english_sentences() -> Sentences:
    entries = catalogue_entries()
    dutch = "\n".join(" ".join(nl.split()) for _en, nl in entries)
    english = {en for en, nl in entries if nl and nl != en}
    english |= {marked.msgid for marked in marked_in_code()}
    english |= {marked.plural for marked in marked_in_code() if marked.plural}
    pieces = set()
    for text in english:
        for piece in _pieces(text):
            # A piece that a Dutch translation writes too is a name, not English.
            if len(WORD.findall(piece)) >= 3 and piece not in dutch:
                pieces.add(piece.rstrip(" ,:;"))
    return Sentences(pieces)
