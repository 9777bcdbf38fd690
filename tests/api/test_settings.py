"""The API's settings as g40/settings.py reads them from the environment (a fresh
interpreter, as tests/test_settings.py does), and the purge's schedule."""

import pytest

from tests.test_settings import PRODUCTION, refusal, settings_values


def test_the_defaults():
    values = settings_values(
        PRODUCTION,
        "API_RATE_PER_ADDRESS",
        "API_RATE_PER_TOKEN",
        "API_V1_DEPRECATED_ON",
        "API_V1_SUNSET_ON",
        "RETENTION_DAYS",
    )
    assert values["API_RATE_PER_ADDRESS"] == "60/m"
    assert values["API_RATE_PER_TOKEN"] == "120/m"
    assert values["API_V1_DEPRECATED_ON"] is None and values["API_V1_SUNSET_ON"] is None
    assert values["RETENTION_DAYS"]["api_tokens"] == 90


def test_dates_and_rates_from_the_environment():
    values = settings_values(
        {
            **PRODUCTION,
            "API_RATE_PER_ADDRESS": "30/s",
            "API_V1_DEPRECATED_ON": "2027-06-30",
            "API_V1_SUNSET_ON": "2028-06-30",
        },
        "API_RATE_PER_ADDRESS",
        "API_V1_DEPRECATED_ON",
        "API_V1_SUNSET_ON",
    )
    assert values == {
        "API_RATE_PER_ADDRESS": "30/s",
        "API_V1_DEPRECATED_ON": "2027-06-30",
        "API_V1_SUNSET_ON": "2028-06-30",
    }


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("API_RATE_PER_ADDRESS", "sixty"),
        ("API_RATE_PER_TOKEN", "0/m"),
        ("API_V1_DEPRECATED_ON", "30-06-2027"),
        ("API_V1_SUNSET_ON", "soon"),
    ],
)
def test_a_bad_value_stops_the_start(name, value):
    message = refusal({**PRODUCTION, name: value})
    assert message.startswith("django.core.exceptions.ImproperlyConfigured")
    assert f"{name}={value!r}" in message


def test_old_tokens_are_purged_every_day(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["api-purge-tokens"]
    assert entry["task"] == "api.purge_tokens"
    assert entry["schedule"] == 60 * 60 * 24
