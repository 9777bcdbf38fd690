"""infra.widgets.PlainSelect: the same select as Django's, written without a template
per option (issue 24)."""

import re

from django import forms

from infra.widgets import PlainSelect

CHOICES = [("", "Alle"), ("a", "Één & twee"), ("b", "<b>"), (3, "drie")]


def _compact(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


def test_it_renders_what_djangos_select_renders():
    for value in ("", "a", "b", 3, None):
        attrs = {"class": "form-select", "id": "id_x", "required": True}
        expected = forms.Select(choices=CHOICES).render("x", value, attrs)
        assert PlainSelect(choices=CHOICES).render("x", value, attrs) == _compact(expected)


def test_it_renders_no_template(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a template was rendered")

    monkeypatch.setattr(forms.Select, "_render", refuse)
    html = PlainSelect(choices=CHOICES).render("x", "b", {})
    assert '<option value="b" selected>&lt;b&gt;</option>' in html
