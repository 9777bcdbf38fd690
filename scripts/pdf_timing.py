"""How long the worst allowed input takes to render as PDF (issue 22, item 3).

Not a test (no timing asserts in the suite): run it on the machine that serves, and
write the figures in docs/development.md, "Dates and free text":

    .venv/bin/python scripts/pdf_timing.py

It renders, with WeasyPrint and the app's own page CSS, what the length limits let a
person store: an application's motivation of only line breaks (the worst shape: one
line box per character pair) at the model's ``max_length``, and a letter body of only
``<br>`` at its ``max_length``, then the same at a tenth, so the growth shows.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "g40.settings")


def main() -> None:
    import django

    django.setup()
    from django.template.defaultfilters import linebreaksbr
    from weasyprint import HTML

    from admissions.models import Application
    from letters.models import Letter

    css = (
        "<style>@page { size: A4; margin: 18mm 16mm; } body { font-family: 'DejaVu Sans', "
        "sans-serif; font-size: 10.5pt; line-height: 1.45; }</style>"
    )
    cases = {
        "motivation of only line breaks (the issue's; refused now: max_lines)": (
            Application._meta.get_field("motivation").max_length,
            lambda n: f"<p>{linebreaksbr(('a' + chr(10)) * (n // 2))}</p>",
        ),
        "letter body, only <br>": (
            Letter._meta.get_field("body_html").max_length,
            lambda n: "<p>" + "<br>" * ((n - 7) // 4) + "</p>",
        ),
    }
    from infra.text import max_lines

    motivation = Application._meta.get_field("motivation").max_length
    lines = max_lines(motivation)
    cases["application motivation at its line limit, lines of equal length"] = (
        motivation,
        lambda n: "<p>" + linebreaksbr("\n".join(["a" * (n // lines - 1)] * lines)) + "</p>",
    )
    for name, (limit, make) in cases.items():
        for size in (limit // 10, limit):
            html = f"<html><head>{css}</head><body>{make(size)}</body></html>"
            started = time.monotonic()
            pages = len(HTML(string=html).render().pages)
            seconds = time.monotonic() - started
            print(f"{name}: {size:>7} characters, {pages:>4} pages, {seconds:6.1f} s")


if __name__ == "__main__":
    main()
