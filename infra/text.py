"""Free text as people type it, without what breaks pages and files later.

A control character (``"veg\\x01an"``) is invisible on a page but makes an XLSX export
fail (XML 1.0 forbids it) and can hide text in a mail or a log. Every form of the
project cleans its text fields with ``infra.forms.CleanFormMixin``; every model of the
project's apps is cleaned once more before it is saved (``clean_text_fields``, a
``pre_save`` receiver connected in ``infra.apps``), so services, the admin and the demo
loader store clean text too. Exports clean what was stored before (``cell_text``).
"""

from __future__ import annotations

import re

# C0 and C1 control characters, DEL, the bidirectional overrides and isolates (they
# reorder what a reader sees), lone surrogates and the non-characters U+FFFE/U+FFFF.
_UNSAFE = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff"
_UNSAFE_MULTILINE = re.compile(f"[{_UNSAFE}]")
# On one line a tab or a line break is a space.
_LINE_BREAKS = re.compile(r"[\t\n\r\u2028\u2029]+")

# A spreadsheet reads a cell that starts with one of these as a formula (the full-width
# forms too: Excel and LibreOffice normalise ＝ ＋ － ＠ to their ASCII twins).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def clean_text(value, *, multiline: bool = False):
    """``value`` without control characters. Multi-line text keeps tabs and line
    breaks (``\\r\\n`` becomes ``\\n``); a single line turns them into one space.
    Anything but a string is returned as it is."""
    if not isinstance(value, str):
        return value
    if multiline:
        return _UNSAFE_MULTILINE.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return _UNSAFE_MULTILINE.sub("", _LINE_BREAKS.sub(" ", value))


def cell_text(value):
    """A value for a CSV or XLSX cell from stored text: no control characters (what
    was stored before they were cleaned on input) and never a formula (CSV injection)."""
    if not isinstance(value, str):
        return value
    value = clean_text(value, multiline=True)
    if value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def clean_text_fields(sender, instance, raw=False, **kwargs) -> None:
    """``pre_save``: clean every text field of a model of the project's apps."""
    if raw:  # loaddata: fixtures as they are
        return
    from django.conf import settings
    from django.db import models

    if sender._meta.app_label not in settings.G40_APPS:
        return
    too_long = {}
    for field in sender._meta.concrete_fields:
        if isinstance(field, (models.CharField, models.TextField)) and not field.choices:
            value = getattr(instance, field.attname)
            cleaned = clean_text(value, multiline=isinstance(field, models.TextField))
            if cleaned != value:
                setattr(instance, field.attname, cleaned)
            if (
                isinstance(cleaned, str)
                and field.max_length is not None
                and len(cleaned) > field.max_length
                and sender._meta.app_label not in UNBOUNDED_TEXT_APPS
                and field.editable
            ):
                too_long[field.name] = _too_long(field.max_length, len(cleaned))
            elif (
                isinstance(field, models.TextField)
                and isinstance(cleaned, str)
                and field.max_length is not None
                and sender._meta.app_label not in UNBOUNDED_TEXT_APPS
                and field.editable
                and cleaned.count("\n") + 1 > max_lines(field.max_length)
            ):
                too_long[field.name] = _too_many_lines(
                    max_lines(field.max_length), cleaned.count("\n") + 1
                )
    if too_long:
        # Every writer, also one that skips full_clean() (a TextField's max_length is
        # no database limit, and SQLite keeps no limit of a CharField either).
        from django.core.exceptions import ValidationError

        raise ValidationError(too_long)


# --- the length of free text (issue 22, item 3) -------------------------------------
# Every text field of the project's models has a ``max_length`` (a TextField too:
# ``tests/test_input_hygiene.py`` fails on one without). A TextField's ``max_length``
# is only a form's limit in Django; ``limit_text_fields`` (infra.apps) gives each one a
# ``MaxLengthValidator`` so that ``full_clean()`` refuses more (code ``max_length``),
# and ``clean_text_fields`` refuses it on every save. The outbox holds what the system
# wrote (a rendered mail, an error), never text a person typed.
# A field no person types (``editable=False``: the text extracted from a knowledge
# product's files) is bounded where the system writes it (knowledge.extract.MAX_CHARS).
UNBOUNDED_TEXT_APPS = frozenset({"outbox"})


def _too_long(limit: int, length: int):
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext

    return ValidationError(
        gettext("At most %(limit)s characters (this text has %(length)s).")
        % {"limit": f"{limit:,}".replace(",", "."), "length": f"{length:,}".replace(",", ".")},
        code="max_length",
    )


# Lines count too: a PDF's time grows with its line boxes, and 20,000 line breaks make
# 200 pages (issue 22, item 3). A multi-line field holds at most one line per
# ``CHARACTERS_PER_LINE`` characters of its ``max_length`` (a 20,000-character motivation:
# 200 lines, paragraphs rather). scripts/pdf_timing.py measures what that allows.
CHARACTERS_PER_LINE = 100


def max_lines(max_length: int) -> int:
    return max(20, max_length // CHARACTERS_PER_LINE)


def _too_many_lines(limit: int, lines: int):
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext

    return ValidationError(
        gettext("At most %(limit)s lines (this text has %(lines)s).")
        % {"limit": limit, "lines": lines},
        code="max_lines",
    )


class MaxLinesValidator:
    def __init__(self, limit: int):
        self.limit = limit

    def __call__(self, value) -> None:
        lines = str(value).count("\n") + 1
        if lines > self.limit:
            raise _too_many_lines(self.limit, lines)

    def __eq__(self, other) -> bool:
        return isinstance(other, MaxLinesValidator) and other.limit == self.limit


def limit_text_fields() -> None:
    """Give each TextField of the project's apps with a ``max_length`` its validators:
    its length, and its lines (``max_lines``)."""
    from django.apps import apps
    from django.conf import settings
    from django.core.validators import MaxLengthValidator
    from django.db import models

    for model in apps.get_models():
        if model._meta.app_label not in settings.G40_APPS:
            continue
        for field in model._meta.concrete_fields:
            if (
                isinstance(field, models.TextField)
                and field.max_length is not None
                and not any(isinstance(v, MaxLengthValidator) for v in field.validators)
            ):
                # Into the cached ``validators`` only, not ``_validators``: they are
                # derived from ``max_length`` and stay out of the migrations.
                field.__dict__["validators"] = [
                    *field.validators,
                    MaxLengthValidator(field.max_length),
                    MaxLinesValidator(max_lines(field.max_length)),
                ]


# A local part that needs no quotes (RFC 5322 dot-atom): quoted, it is the same mailbox.
_DOT_ATOM = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")


def normalise_email(address) -> str:
    """One spelling of an e-mail address, wherever addresses are stored or compared
    (people, logins, subscribers, applications, password resets): no surrounding
    space, lower case, and a quoted local part that needs no quotes without them —
    ``"x"@example.net`` is ``x@example.net`` (issue 22, item 4)."""
    address = str(address or "").strip()
    local, at, domain = address.rpartition("@")
    if not at:
        return address.lower()
    if len(local) >= 2 and local[0] == local[-1] == '"' and _DOT_ATOM.fullmatch(local[1:-1]):
        local = local[1:-1]
    return f"{local}@{domain}".lower()
