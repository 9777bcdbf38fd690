"""What every form of the project shares (``CleanFormMixin``): free text without
control characters, dates within sane bounds. See ``infra.text`` and ``infra.bounds``."""

from __future__ import annotations

from django import forms
from django.core.exceptions import FieldDoesNotExist

from .bounds import NETWORK, DateBounds
from .numbers import as_decimal_input
from .text import clean_text


class CleanFormMixin:
    """Put first in a form's bases: ``class ThingForm(CleanFormMixin, forms.Form)``.

    - Every text field (``CharField`` and its kin, but not a password) drops control
      characters before it validates; a ``Textarea`` keeps its line breaks.
    - Every ``DateField`` and ``DateTimeField`` refuses a date outside ``date_bounds``
      (code ``date_out_of_range``) and tells the browser's date picker the same
      (``min``/``max``). A model field with its own ``DateBounds`` keeps those.
    - Every ``DecimalField`` reads Dutch input from a text input with
      ``inputmode="decimal"`` ("1,61" is 1.61; ``infra.numbers``)."""

    date_bounds: DateBounds = NETWORK

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, (forms.DateField, forms.DateTimeField)):
                self._bound_dates(field, self._model_bounds(name))
            elif isinstance(field, forms.DecimalField):
                as_decimal_input(field)
            elif isinstance(field, forms.CharField) and not isinstance(
                field.widget, forms.PasswordInput
            ):
                self._clean_text(field)

    def _model_bounds(self, name: str) -> DateBounds | None:
        meta = getattr(self, "_meta", None)
        model = getattr(meta, "model", None)
        if model is None:
            return None
        try:
            validators = model._meta.get_field(name).validators
        except FieldDoesNotExist:  # a form field that is no model field
            return None
        return next((v for v in validators if isinstance(v, DateBounds)), None)

    def _bound_dates(self, field, bounds: DateBounds | None) -> None:
        if bounds is None:
            bounds = self.date_bounds
        if bounds not in field.validators:
            field.validators.append(bounds)
        if isinstance(field, forms.DateTimeField):
            low, high = f"{bounds.earliest:%Y-%m-%d}T00:00", f"{bounds.latest:%Y-%m-%d}T23:59"
        else:
            low, high = f"{bounds.earliest:%Y-%m-%d}", f"{bounds.latest:%Y-%m-%d}"
        if not isinstance(field.widget, forms.HiddenInput):
            field.widget.attrs.setdefault("min", low)
            field.widget.attrs.setdefault("max", high)

    @staticmethod
    def _clean_text(field) -> None:
        multiline = isinstance(field.widget, forms.Textarea)
        to_python = field.to_python

        def cleaned(value):
            return to_python(clean_text(value, multiline=multiline))

        field.to_python = cleaned


def add_service_error(form: forms.BaseForm, error) -> None:
    """Put a service's refusal (a ``ValidationError``) on the form: each message on its
    field when the form has that field, else on the form as a whole."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)
