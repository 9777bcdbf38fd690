"""Bar charts drawn on the server as SVG (no script, nothing from elsewhere). A chart is
geometry for ``participation/_bar_chart.html``; the page puts a text table with the
same figures beside every chart, and the SVG carries ``role="img"`` with a title and a
description."""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

BAR = 14
GAP = 6
LABEL_WIDTH = 150
PLOT_WIDTH = 260
VALUE_WIDTH = 60


def _display(value) -> str:
    if isinstance(value, Decimal):
        return number_format(value, 1)
    return str(value)


def bar_chart(*, chart_id: str, title: str, description: str, rows) -> dict:
    """``rows``: ``(label, value)`` pairs, drawn top to bottom as horizontal bars."""
    rows = list(rows)
    maximum = max((value for _label, value in rows), default=0) or 1
    bars = []
    for index, (label, value) in enumerate(rows):
        y = GAP + index * (BAR + GAP)
        width = round(float(value) / float(maximum) * PLOT_WIDTH, 1)
        bars.append(
            {
                "label": label,
                "value": _display(value),
                "y": y,
                "text_y": y + BAR - 3,
                "width": width,
                "value_x": LABEL_WIDTH + width + 4,
            }
        )
    label_x = LABEL_WIDTH - 6
    # The bars written in one pass (issue 24): three SVG elements per city were template
    # lookups and a filter each. Geometry is never localised ("104.0", not "104,0").
    markup = mark_safe(
        "".join(
            f'\n  <text x="{label_x}" y="{bar["text_y"]}" text-anchor="end" font-size="11"'
            f' fill="#212529">{escape(Truncator(bar["label"]).chars(24))}</text>'
            f'\n  <rect x="{LABEL_WIDTH}" y="{bar["y"]}" width="{bar["width"]!r}"'
            f' height="{BAR}" fill="#1b4f8a"/>'
            f'\n  <text x="{bar["value_x"]!r}" y="{bar["text_y"]}" font-size="11"'
            f' fill="#212529">{escape(bar["value"])}</text>\n  '
            for bar in bars
        )
    )
    return {
        "id": chart_id,
        "title": title,
        "description": description,
        "bars": bars,
        "bars_markup": markup,
        "bar_height": BAR,
        "label_width": LABEL_WIDTH,
        "label_x": label_x,
        "width": LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH,
        "height": GAP + len(rows) * (BAR + GAP),
    }
