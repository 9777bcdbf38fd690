"""A letter's HTML: what may be in it, the proposal built from the apps' sections, and
the plain text of the mail.

The secretariat edits HTML in a plain textarea. Only a few tags are allowed
(``constants.ALLOWED_TAGS``: paragraphs, two heading levels, lists, bold, italic, links,
quotes). The form REFUSES text with anything else — a script, a style, an image (a
tracking pixel), an event attribute, a ``javascript:`` link, foreign markup (SVG, MathML)
— and names what it found; the service stores the text through nh3 in any case, so
nothing else reaches the database even by another path.
"""

from __future__ import annotations

import datetime
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3
from django.utils.html import escape
from django.utils.translation import gettext as _

from infra.registry import MEMBER_LETTER_SECTIONS, LetterSection, offered

from .constants import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, ALLOWED_URL_SCHEMES


def sanitise(text: str) -> str:
    return nh3.clean(
        text,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


class _Inspector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.refused: list[str] = []

    def _refuse(self, what: str) -> None:
        if what not in self.refused:
            self.refused.append(what)

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self._refuse(f"<{tag}>")
            return
        allowed = ALLOWED_ATTRIBUTES.get(tag, set())
        if tag == "a":
            # What ``sanitise`` writes itself (rel="noopener noreferrer", replacing any
            # given): the check on approval must accept a text the editor stored, or a
            # letter with a link could never be approved (found by the letters' state
            # machine, issue 22).
            allowed = allowed | {"rel"}
        for name, value in attrs:
            if name not in allowed:
                self._refuse(f'{name}="…"')
            elif name == "href":
                scheme = urlsplit((value or "").strip()).scheme.lower()
                if scheme and scheme not in ALLOWED_URL_SCHEMES:
                    self._refuse(f"{scheme}:")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag not in ALLOWED_TAGS:
            self._refuse(f"<{tag}>")

    def handle_decl(self, decl):
        self._refuse(f"<!{decl}>")

    def handle_pi(self, data):
        self._refuse(f"<?{data}>")


def refused_markup(text: str) -> list[str]:
    """What in ``text`` a letter may not hold (tags, attributes, link schemes), in the
    order found; empty when all is allowed."""
    inspector = _Inspector()
    inspector.feed(text)
    inspector.close()
    return inspector.refused


def proposal(since: datetime.date, until: datetime.date) -> tuple[list[LetterSection], str]:
    """The sections every app offers for ``[since, until)`` (``<app>/member_letter.py``
    ``sections(since, until)``, plain text), and the HTML built from them (escaped)."""
    found = offered(MEMBER_LETTER_SECTIONS, since, until)
    sections = [section for section in found if section.items]
    # Marked outside the f-strings: makemessages does not read an f-string's
    # expressions, and a text it does not see stays English (issue 22, item 8).
    salutation = _("Dear members of the council and the college,")
    nothing = _("Nothing to report since the last letter.")
    closing = _("With kind regards, the G40 city network")
    parts = [f"<p>{escape(salutation)}</p>"]
    if not sections:
        parts.append(f"<p>{escape(nothing)}</p>")
    for section in sections:
        parts.append(f"<h2>{escape(section.heading)}</h2>")
        items = "".join(f"<li>{escape(item)}</li>" for item in section.items)
        parts.append(f"<ul>{items}</ul>")
    parts.append(f"<p>{escape(closing)}</p>")
    return sections, "\n".join(parts)


class _Text(HTMLParser):
    """Plain text for the mail: paragraphs and headings on lines of their own, list
    items with a dash, links with their address in brackets."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.href: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        if tag in {"p", "h2", "h3", "ul", "ol", "blockquote"}:
            self.out.append("\n\n")
        elif tag == "li":
            self.out.append("\n- ")
        elif tag == "br":
            self.out.append("\n")
        elif tag == "a":
            self.href.append(dict(attrs).get("href"))

    def handle_endtag(self, tag):
        if tag == "a" and self.href:
            href = self.href.pop()
            if href:
                self.out.append(f" ({href})")
        elif tag in {"h2", "h3"}:
            self.out.append("\n")

    def handle_data(self, data):
        words = " ".join(data.split())
        if not words:
            self.out.append(" " if data else "")
            return
        lead = " " if data[:1].isspace() else ""
        trail = " " if data[-1:].isspace() else ""
        self.out.append(f"{lead}{words}{trail}")


def to_text(text: str) -> str:
    parser = _Text()
    parser.feed(text)
    parser.close()
    lines = [line.strip() for line in "".join(parser.out).split("\n")]
    result: list[str] = []
    for line in lines:
        if line or (result and result[-1]):
            result.append(line)
    return "\n".join(result).strip()
