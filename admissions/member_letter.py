"""The admissions app's part of a member letter (hooks.md #3): the municipalities that
became members in ``[since, until)``, as plain text. One query."""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from infra.registry import LetterSection

from .selectors import admitted_between


def sections(since: datetime.date, until: datetime.date) -> list[LetterSection]:
    admitted = admitted_between(since, until)
    if not admitted:
        return []
    return [
        LetterSection(
            heading=_("New members"),
            items=[
                _("%(city)s is a member of the G40 city network from %(date)s.")
                % {
                    "city": application.city.name,
                    "date": date_format(application.decision.admitted_from, "j F Y"),
                }
                for application in admitted
            ],
        )
    ]
