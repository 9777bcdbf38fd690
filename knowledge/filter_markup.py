"""The knowledge list's search and filter fields written in Python (issue 24): the same
markup crispy-forms writes for a field without errors (its wrapper, label and widget
classes), without the field templates and their dozens of tags per field on every view
of the list. A field with an error is left to crispy-forms, which writes the error."""

from __future__ import annotations

from html import escape as escape_text

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


def _options(bound) -> str:
    chosen = bound.value()
    chosen = "" if chosen is None else str(chosen)
    parts, selected = [], False
    for value, label in bound.field.choices:
        value = "" if value is None else str(value)
        mark = ""
        if not selected and value == chosen:
            mark, selected = " selected", True
        # The standard library's escape, as Django's does it, without a SafeString each.
        parts.append(
            f'<option value="{escape_text(value)}"{mark}>{escape_text(str(label))}</option>'
        )
    return "".join(parts)


def _widget(bound) -> SafeString:
    name, auto_id = bound.html_name, bound.auto_id
    if isinstance(bound.field.widget, forms.Select):
        return format_html(
            '<select name="{}" class="plainselect form-select" id="{}">{}</select>',
            name,
            auto_id,
            mark_safe(_options(bound)),
        )
    return bound.as_widget(attrs={"class": "textinput form-control"})


def field_markup(bound) -> SafeString:
    if bound.errors:
        return as_crispy_field(bound)
    return format_html(
        '<div id="div_{}" class="mb-3"><label for="{}" class="form-label">{}</label>{}</div>',
        bound.auto_id,
        bound.auto_id,
        bound.label,
        _widget(bound),
    )


def filter_fields(form) -> dict[str, SafeString]:
    return {name: field_markup(form[name]) for name in form.fields}
