"""The statement rows of a year's page, written in one Python pass (issue 24): per row
two links, a few translated labels and three formatted numbers were template tags,
filters and ``{% url %}`` calls on every row of every view. The markup is the
template's, the figures formatted as the filters did (``intcomma``, ``floatformat``)."""

from __future__ import annotations

from html import escape as escape_text

from django.template.defaultfilters import date as date_filter
from django.utils.formats import localize, number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from infra.urls import UrlFor


def _url(name: str) -> UrlFor:
    return UrlFor(name, "pk", 987654321)


def esc(text) -> str:
    """Django's escape (the standard library's), without a SafeString each."""
    return escape_text(str(text))


def grouped(value, decimals=None) -> str:
    """As ``intcomma`` and ``floatformat:"2g"`` write a figure."""
    return number_format(value, decimals, use_l10n=True, force_grouping=True)


def statement_rows(statements, may_manage: bool) -> list[SafeString]:
    pdf_url = _url("contributions:statement_pdf")
    credit_url = _url("contributions:statement_credit") if may_manage else None
    days, whole_year = _("days"), _("whole year")
    pdf_label = _("PDF %(number)s")
    rows = []
    for statement in statements:
        number = statement.display_number
        # The reverse one-to-one: absent raises, as the template's lookup swallowed.
        credit = getattr(statement, "credit", None)
        if statement.is_credit:
            badge = format_html(
                '<br><span class="badge text-bg-secondary">{}</span>',
                _("credits %(number)s") % {"number": statement.corrects.display_number},
            )
        elif credit:
            badge = format_html(
                '<br><span class="badge text-bg-secondary">{}</span>',
                _("credited by %(number)s") % {"number": credit.display_number},
            )
        else:
            badge = ""
        if statement.is_pro_rata:
            start, end = statement.period_start, statement.period_end
            period = (
                f"{start.day}-{start.month} – {end.day}-{end.month} "
                f"({statement.days_member}/{statement.days_in_year} {days})"
            )
        else:
            period = whole_year
        correction = ""
        if credit_url is not None:
            link = ""
            if not statement.is_credit and not credit:
                link = format_html(
                    '<a href="{}">{}</a>',
                    credit_url(statement.pk),
                    _("Credit %(number)s") % {"number": number},
                )
            correction = format_html("\n    <td>{}</td>", link)
        rows.append(
            mark_safe(
                "<tr>\n"
                f'    <th scope="row">{esc(number)}</th>\n'
                f'    <td>{esc(statement.city_name)} <span class="text-body-secondary">'
                f"({esc(statement.cbs_code)})</span>\n"
                f"      {badge}</td>\n"
                f'    <td class="text-end">{esc(grouped(statement.population))}</td>\n'
                f"    <td>{esc(period)}</td>\n"
                f'    <td class="text-end">€ {esc(grouped(statement.amount, 2))}</td>\n'
                f'    <td><a href="{esc(pdf_url(statement.pk))}">'
                f"{esc(pdf_label % {'number': number})}</a></td>{correction}\n"
                "  </tr>"
            )
        )
    return rows


def joined(rows: list[SafeString]) -> SafeString:
    return mark_safe("\n  ".join(rows))


def rate_rows(rates) -> SafeString:
    """The rates-by-year table's rows (a link to each year's page, reversed once)."""
    year_url = UrlFor("contributions:contributions_year", "year", "2000")
    base_rate, demo_data = _("base rate"), _("demo data")
    corrected = _("corrected by a later decision")
    rows = []
    for rate in rates:
        if rate.is_indexed:
            index = format_html(
                "{} % ({} {})",
                localize(rate.index_percentage),
                rate.get_index_source_display(),
                rate.index_year,
            )
        else:
            index = base_rate
        rows.append(
            format_html(
                '<tr><th scope="row"><a href="{}">{}</a></th>\n'
                '    <td class="text-end">€ {}</td>\n'
                "    <td>{}{}</td>\n"
                "    <td>{}, {}{}</td></tr>",
                year_url(rate.year),
                rate.year,
                localize(rate.amount_per_inhabitant),
                index,
                format_html(' <span class="badge text-bg-warning">{}</span>', demo_data)
                if rate.is_demo
                else "",
                date_filter(rate.decided_on, "j F Y"),
                rate.decision_reference,
                ""
                if rate.is_current
                else format_html(' <span class="badge text-bg-secondary">{}</span>', corrected),
            )
        )
    return mark_safe("\n  ".join(rows))
