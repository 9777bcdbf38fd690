"""Answers made before a view runs (a 400 for a NUL byte or a bad Host) carry the same
security headers as every other response."""

import pytest
from django.test import Client

from tests.test_security import _check_headers


@pytest.mark.parametrize(
    ("url", "extra"),
    [
        ("/login/?q=%00", {}),
        ("/login/", {"HTTP_HOST": "evil.example"}),
    ],
    ids=["nul-byte", "bad-host"],
)
def test_a_400_carries_the_security_headers(db, url, extra):
    response = Client().get(url, **extra)
    assert response.status_code == 400
    _check_headers(response, url)
