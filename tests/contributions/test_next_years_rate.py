"""Next year's rate is set in the autumn (issue 23, item 7): with no index figure yet for
the year before it, the rate page says so and offers the choices (the last known
figure, another index, a percentage of its own, adding the figure); a decision dated in
the future is refused."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from contributions import services
from contributions.models import ContributionRate, PriceIndexFigure, PriceIndexSource
from members.actors import SYSTEM

from .helpers import cpi_figures

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cpi_figures")]
__all__ = ["cpi_figures"]

# In the autumn before 2028. A test of the world is marked to run then: the marker's
# fixture comes before the world's, so the personas' roles have begun on that day
# whatever today is.
AUTUMN = datetime.datetime(2027, 10, 20, 10, tzinfo=datetime.UTC)
IN_THE_AUTUMN = pytest.mark.time_machine(AUTUMN, tick=False)
CPI = PriceIndexSource.CBS_CPI


@pytest.fixture
def rate_2027(db):
    services.rate_set_base(
        year=2027,
        amount_per_inhabitant=Decimal("0.08"),
        decided_on=datetime.date(2025, 11, 15),
        decision_reference="DB 15-11-2025",
        by=SYSTEM,
    )


def test_without_the_figure_the_service_names_the_choices(rate_2027):
    with time_machine.travel(AUTUMN, tick=False), pytest.raises(ValidationError) as caught:
        services.rate_index(
            year=2028,
            index_source=CPI,
            decided_on=datetime.date(2027, 10, 15),
            decision_reference="DB 15-10-2027",
            by=SYSTEM,
        )
    (error,) = caught.value.error_dict["index_year"]
    assert error.code == "index_figure_missing"
    assert "laatst bekende cijfer" in error.message


def test_the_last_known_figure_indexes_next_years_rate(rate_2027):
    with time_machine.travel(AUTUMN, tick=False):
        rate = services.rate_index(
            year=2028,
            index_source=CPI,
            index_year=2025,
            decided_on=datetime.date(2027, 10, 15),
            decision_reference="DB 15-10-2027",
            by=SYSTEM,
        )
    assert rate.index_year == 2025 and rate.index_percentage == Decimal("3.30")


def test_index_choices_in_the_autumn(rate_2027):
    PriceIndexFigure.objects.create(
        source=PriceIndexSource.CPB_GOVERNMENT, year=2027, percentage="2.90", reference="CPB"
    )
    choices = services.index_choices(2028)
    assert choices["missing"] is True
    assert choices["last_known"].year == 2025
    assert [(f.source, f.year) for f in choices["others"]] == [("cpb_government", 2027)]
    assert services.index_choices(2026)["missing"] is False


def test_a_decision_dated_in_the_future_is_refused(rate_2027):
    with time_machine.travel(AUTUMN, tick=False):
        with pytest.raises(ValidationError) as caught:
            services.rate_index(
                year=2028,
                index_source=CPI,
                index_year=2025,
                decided_on=datetime.date(2027, 12, 1),
                decision_reference="DB 1-12-2027",
                by=SYSTEM,
            )
        assert caught.value.error_dict["decided_on"][0].code == "decision_in_future"
        with pytest.raises(ValidationError) as caught:
            services.budget_set(
                year=2028,
                knowledge_exchange=Decimal("240000"),
                advocacy=Decimal("160000"),
                reason="Begroting",
                decision_reference="DB 1-12-2027",
                decided_on=datetime.date(2027, 12, 1),
                by=SYSTEM,
            )
        assert caught.value.error_dict["decided_on"][0].code == "decision_in_future"
    assert not ContributionRate.objects.filter(year=2028).exists()


@IN_THE_AUTUMN
def test_the_rate_page_says_the_figure_is_missing_and_offers_the_choices(world, rate_2027):
    with time_machine.travel(AUTUMN, tick=False):
        client = world.client("secretariat")  # a session of that day
        html = client.get(reverse("contributions:rate_decide", kwargs={"year": "2028"})).content
        html = html.decode()
        assert "Er is nog geen cijfer" in html
        assert "?index_source=cbs_cpi&amp;index_year=2025" in html
        assert reverse("contributions:price_index_add") + "?for=2028" in html
        # The link fills in the index.
        filled = client.get(
            reverse("contributions:rate_decide", kwargs={"year": "2028"})
            + "?index_source=cbs_cpi&index_year=2025"
        )
        assert filled.context["form"]["index_year"].value() == 2025
        # Adding the figure leads back to the rate page with it filled in.
        added = client.post(
            reverse("contributions:price_index_add") + "?for=2028",
            {
                "source": "cbs_cpi",
                "year": "2027",
                "percentage": "2,80",
                "reference": "CBS 83131NED",
            },
        )
        assert added.status_code == 302
        assert added["Location"].endswith("?index_source=cbs_cpi&index_year=2027")
        html = client.get(reverse("contributions:rate_decide", kwargs={"year": "2028"})).content
        assert b"Er is nog geen cijfer" not in html


@IN_THE_AUTUMN
def test_in_the_autumn_this_years_page_asks_for_next_years_rate(world, rate_2027):
    with time_machine.travel(AUTUMN, tick=False):
        client = world.client("secretariat")
        html = client.get(
            reverse("contributions:contributions_year", kwargs={"year": "2027"})
        ).content.decode()
        assert "Het tarief voor 2028 voorbereiden" in html
        html = (
            world.client("db_member")
            .get(reverse("contributions:contributions_year", kwargs={"year": "2027"}))
            .content.decode()
        )
        assert "voorbereiden" not in html  # the secretariat records it
