"""infra.urls.UrlFor: one reverse for a list, each row's URL as reverse would make it."""

import pytest
from django.urls import reverse

from infra.urls import UrlFor


@pytest.mark.parametrize(
    ("name", "argument", "sample", "values"),
    [
        ("knowledge:detail", "pk", 987654321, [1, 42, 1000]),
        ("members:city_detail", "cbs_code", "GM0000", ["GM0193", "GM0034"]),
        ("themegroups:detail", "slug", "slug-placeholder", ["wonen", "zorg-en-welzijn"]),
        ("contributions:contributions_year", "year", "2000", [2026, 2031]),
        ("contributions:statement_pdf", "pk", 987654321, [7, 123]),
    ],
)
def test_each_url_is_what_reverse_makes(name, argument, sample, values):
    url_for = UrlFor(name, argument, sample)
    for value in values:
        assert url_for(value) == reverse(name, kwargs={argument: value})


def test_a_sample_that_occurs_twice_is_refused():
    with pytest.raises(ValueError):
        # "cities" is also the list's own segment: /cities/cities/.
        UrlFor("members:city_detail", "cbs_code", "cities")
