"""Month abbreviations as Dutch writes them: "dec.", "mei", lower case.

Templates write a short date as ``|date:"j N Y"`` (Django's "N": the month abbreviated
in the style of the Associated Press), never ``"M"`` (three letters with a capital:
"Dec", "Mei"). Django's Dutch catalogue gives "N" lower case but without the full stop;
the project's catalogue (locale/nl) overrides it with these, listed here so that
``make messages`` keeps them.
"""

from django.utils.translation import pgettext_lazy

MONTHS_AP = (
    pgettext_lazy("abbrev. month", "Jan."),
    pgettext_lazy("abbrev. month", "Feb."),
    pgettext_lazy("abbrev. month", "March"),
    pgettext_lazy("abbrev. month", "April"),
    pgettext_lazy("abbrev. month", "May"),
    pgettext_lazy("abbrev. month", "June"),
    pgettext_lazy("abbrev. month", "July"),
    pgettext_lazy("abbrev. month", "Aug."),
    pgettext_lazy("abbrev. month", "Sept."),
    pgettext_lazy("abbrev. month", "Oct."),
    pgettext_lazy("abbrev. month", "Nov."),
    pgettext_lazy("abbrev. month", "Dec."),
)
