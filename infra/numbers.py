"""Numbers people type, and numbers people read, in Dutch.

``parse_decimal`` reads what a Dutch user types (and what Dutch Excel writes): "1,61"
is 1.61; "1.61" is 1.61 too where that cannot be misread; "1.000,50" is 1000.50;
"1.000.000" is a million; "€ 1,61" and spaces are allowed. "1.000" and "1,000" are
ambiguous (a thousand, or one?) and refused, as is anything but ASCII digits
("²⁰²⁴", "١٢"). ``DecimalInputField`` is the form field every decimal input uses: a
text input with ``inputmode="decimal"`` (never ``type=number``, which a browser in
another locale reads its own way), shown in Dutch, read by ``parse_decimal``.
``display`` writes a Decimal for people: Dutch, without exponent ("100", not "1E+2").
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

_DIGITS = re.compile(r"[0-9]+", re.ASCII)
_DUTCH_GROUPED = re.compile(r"[0-9]{1,3}(\.[0-9]{3})+(,[0-9]+)?", re.ASCII)
_ENGLISH_GROUPED = re.compile(r"[0-9]{1,3}(,[0-9]{3})+\.[0-9]+", re.ASCII)
_PLAIN = re.compile(r"[0-9]*([.,][0-9]+)?", re.ASCII)
_AMBIGUOUS = re.compile(r"[0-9]{1,3}[.,][0-9]{3}", re.ASCII)


class NumberUnreadable(ValueError):
    """What a person typed is no number we can read without guessing; ``code`` says
    why (``invalid`` or ``ambiguous``)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def parse_decimal(text: str) -> Decimal:
    raw = (text or "").strip().replace("\u00a0", "").replace(" ", "").replace("€", "")
    sign = ""
    if raw and raw[0] in "+-−":
        sign, raw = ("-" if raw[0] in "-−" else ""), raw[1:]
    if not raw or not _DIGITS.search(raw):
        raise NumberUnreadable("invalid")
    if (
        _DUTCH_GROUPED.fullmatch(raw)
        and "," in raw
        or re.fullmatch(r"[0-9]{1,3}(\.[0-9]{3}){2,}", raw, re.ASCII)
    ):
        normal = raw.replace(".", "").replace(",", ".")
    elif _ENGLISH_GROUPED.fullmatch(raw):
        normal = raw.replace(",", "")
    elif _AMBIGUOUS.fullmatch(raw):
        raise NumberUnreadable("ambiguous")
    elif _PLAIN.fullmatch(raw):
        normal = raw.replace(",", ".")
    else:
        raise NumberUnreadable("invalid")
    try:
        value = Decimal(sign + normal)
    except InvalidOperation:  # pragma: no cover - the patterns above are numbers
        raise NumberUnreadable("invalid") from None
    return value


def display(value: Decimal | int | None, places: int | None = None) -> str:
    """A number for people, in the active language: "1.000,5" in Dutch, never "1E+2"."""
    if value is None:
        return ""
    value = Decimal(value)
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places))
    elif value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    else:
        value = value.normalize()
    return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def money(value: Decimal | None) -> str:
    """An amount in euros for people: "€ 10.000,00"."""
    return "" if value is None else f"€ {display(value, 2)}"


class DecimalInputField(forms.DecimalField):
    """A decimal typed by a person: a text input with ``inputmode="decimal"``, shown
    and read in Dutch (``parse_decimal``)."""

    default_error_messages = {
        "invalid": _("Enter a number, e.g. 1,61."),
        "ambiguous": _(
            "“%(value)s” can be read two ways: write 1000 or 1000,00 for a thousand, 1,000 for one."
        ),
    }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("localize", True)
        super().__init__(*args, **kwargs)
        self.widget = forms.TextInput(attrs={**self.widget.attrs, "inputmode": "decimal"})
        for attribute in ("step", "min", "max"):
            self.widget.attrs.pop(attribute, None)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        for attribute in ("step", "min", "max"):
            attrs.pop(attribute, None)
        return attrs

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return parse_decimal(str(value))
        except NumberUnreadable as error:
            raise ValidationError(
                self.error_messages[error.code], code=error.code, params={"value": value}
            ) from None


def as_decimal_input(field: forms.DecimalField) -> forms.DecimalField:
    """Make a form's ``DecimalField`` behave as a ``DecimalInputField`` (in place):
    ``infra.forms.CleanFormMixin`` does this for every form of the project."""
    if isinstance(field, DecimalInputField):
        return field
    field.localize = True
    attrs = {k: v for k, v in field.widget.attrs.items() if k not in ("step", "min", "max")}
    field.widget = forms.TextInput(attrs={**attrs, "inputmode": "decimal"})
    field.widget.is_localized = True
    field.error_messages = {**field.error_messages, **DecimalInputField.default_error_messages}
    field.to_python = DecimalInputField.to_python.__get__(field)
    return field
