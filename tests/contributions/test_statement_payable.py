"""Issue 22, item 14: a statement PDF one can pay: addressee, a reference date that is
the date of the population figure used, due date, IBAN and payment reference."""

import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from contributions.exports import due_date, payment_reference

from .helpers import base_rate, cpi_figures, issue

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cpi_figures")]
__all__ = ["cpi_figures"]


def test_the_statement_pdf_is_payable(world, settings):
    settings.CONTRIBUTION_IBAN = "NL91 ABNA 0417 1643 00"
    settings.CONTRIBUTION_PAYMENT_DAYS = 30
    base_rate(2025, "1.20")
    with time_machine.travel(datetime.datetime(2025, 2, 3, 10, 0), tick=False):
        statement = issue(world.city_a, 2025)
    # The reference date is the date of the figure used (2023-01-01 for the factory).
    assert statement.population_reference_date == world.city_a.population_reference_date
    assert due_date(statement) == datetime.date(2025, 3, 5)
    assert payment_reference(statement) == f"G40 {statement.display_number} GM0193"
    response = world.client("secretariat").get(
        reverse("contributions:statement_pdf", kwargs={"pk": statement.pk})
    )
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "college van burgemeester en wethouders van de gemeente Zwolle" in text
    assert "1 januari 2023" in text and "1 januari 2024" not in text
    assert "5 maart 2025" in text
    assert "NL91 ABNA 0417 1643 00" in text
    assert f"G40 {statement.display_number} GM0193" in text


def test_a_bad_iban_stops_the_start(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from g40 import settings as project_settings

    monkeypatch.setenv("CONTRIBUTION_IBAN", "NL91ABNA0417164301")
    with pytest.raises(ImproperlyConfigured):
        project_settings.env_iban("CONTRIBUTION_IBAN")
    monkeypatch.setenv("CONTRIBUTION_IBAN", "nl91 abna 0417 1643 00")
    assert project_settings.env_iban("CONTRIBUTION_IBAN") == "NL91 ABNA 0417 1643 00"
