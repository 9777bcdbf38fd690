"""Texts fixed at import time stay in one language: everything translated outside a
function must be lazy, and interpolated lazily."""

import ast
from pathlib import Path

from django.utils import translation

from themegroups.forms import ApproveForm, DecideForm

PROJECT = Path(__file__).resolve().parents[1]
NON_LAZY = {"gettext", "ngettext", "pgettext", "npgettext"}


def test_a_help_text_with_a_number_follows_the_viewers_language():
    with translation.override("en"):
        assert str(ApproveForm().fields["review_due_on"].help_text) == ("At most 24 months ahead.")
        assert str(DecideForm().fields["new_review_due_on"].help_text).startswith("When extending.")
    with translation.override("nl"):
        assert str(ApproveForm().fields["review_due_on"].help_text) == (
            "Hoogstens 24 maanden vooruit."
        )
        assert str(DecideForm().fields["new_review_due_on"].help_text).startswith("Bij verlengen.")


def _import_time_translations(path: Path) -> list[str]:
    """Translations done at import time: a non-lazy gettext call, or `%` applied to a
    (lazy) translation, outside any function."""
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text)
    non_lazy = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation"
        for alias in node.names
        if alias.name in NON_LAZY
    }
    found = []

    def is_translation(node) -> bool:
        return (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and (node.func.id in non_lazy or node.func.id in {"_", "gettext_lazy"})
        )

    def visit(node):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                continue  # runs per request, in the request's language
            eager_call = (
                isinstance(child, ast.Call)
                and isinstance(child.func, ast.Name)
                and child.func.id in non_lazy
            )
            eager_format = (
                isinstance(child, ast.BinOp)
                and isinstance(child.op, ast.Mod)
                and is_translation(child.left)
            )
            if eager_call or eager_format:
                found.append(f"{path.relative_to(PROJECT)}:{child.lineno}")
            visit(child)

    visit(tree)
    return found


def test_nothing_is_translated_at_import_time():
    found = []
    for path in sorted(PROJECT.rglob("*.py")):
        parts = path.relative_to(PROJECT).parts
        if parts[0].startswith(".") or parts[0] == "tests" or "migrations" in parts:
            continue
        found += _import_time_translations(path)
    assert not found, "translate lazily (interpolate_lazy / format_lazy):\n" + "\n".join(found)


def test_no_text_is_marked_for_translation_inside_an_f_string():
    # makemessages (xgettext) does not read the expressions of an f-string: a text
    # marked there never reaches the catalogue and stays English (issue 22, item 8).
    from tests.catalogues import marked_in_code

    found = [f"{m.path}:{m.line}: {m.msgid}" for m in marked_in_code() if m.in_fstring]
    assert not found, "translate outside the f-string:\n" + "\n".join(found)


def test_every_text_the_code_marks_has_a_dutch_translation():
    from tests.catalogues import marked_in_code

    with translation.override("nl"):
        catalogue = translation.trans_real.translation("nl")._catalog
    missing = []
    for marked in marked_in_code():
        key = marked.msgid if marked.context is None else f"{marked.context}\x04{marked.msgid}"
        translated = catalogue.get((key, 0) if marked.plural else key)
        if not translated:
            missing.append(f"{marked.path}:{marked.line}: {marked.msgid!r}")
    assert not missing, "no Dutch for:\n" + "\n".join(missing)


def test_the_english_sentences_are_found_in_a_text():
    from tests.catalogues import english_sentences

    sentences = english_sentences()
    found = sentences.find("<p>Geachte leden, Dear members of the council and the college,</p>")
    assert "Dear members of the council and the college" in found
    assert not sentences.find("Geachte leden van de raad en het college,")
