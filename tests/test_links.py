"""Links work (issue 11, item 17): the demo links to the address it is served on, year
pages go back no further than the network's data, and a 404 in the demo is the app's
own Dutch page."""

import datetime
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.networkdays.factories import NetworkDayFactory

ROOT = Path(__file__).resolve().parent.parent


def _make_run(*arguments: str, env: dict | None = None) -> str:
    environment = {"PATH": "/usr/bin:/bin", **(env or {})}
    return subprocess.run(
        ["make", "-n", "run", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_make_run_on_another_port_links_to_that_port():
    commands = _make_run("PORT=8123", "HOST=localhost")
    assert "runserver localhost:8123" in commands
    assert "SITE_URL=http://localhost:8123 " in commands
    assert ":8000" not in commands


def test_make_run_keeps_a_site_url_given():
    commands = _make_run("PORT=8123", env={"SITE_URL": "http://demo.example:9000"})
    assert "SITE_URL=http://demo.example:9000 " in commands


@pytest.mark.django_db
def test_year_pages_go_back_only_to_the_first_year_with_data(world):
    this_year = timezone.localdate().year
    NetworkDayFactory(date=datetime.date(this_year - 2, 5, 1))
    client = world.client("db_member")

    first = client.get(reverse("networkdays:year_attendance", kwargs={"year": this_year - 2}))
    assert first.status_code == 200
    assert first.context["previous_year"] is None
    assert f"← {this_year - 3}" not in first.content.decode()
    assert first.context["next_year"] == this_year - 1

    current = client.get(reverse("networkdays:year_attendance", kwargs={"year": this_year}))
    assert current.context["previous_year"] == this_year - 1
    assert current.context["next_year"] is None

    before = client.get(reverse("networkdays:year_attendance", kwargs={"year": this_year - 3}))
    assert before.status_code == 404


@pytest.mark.django_db
def test_without_data_the_year_page_is_this_year_alone(world):
    this_year = timezone.localdate().year
    client = world.client("db_member")
    response = client.get(reverse("networkdays:year_attendance", kwargs={"year": this_year}))
    assert response.status_code == 200
    assert response.context["previous_year"] is None
    assert response.context["next_year"] is None


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/no-such-page/", "/people/999999/edit/"])
def test_a_404_in_the_demo_is_the_apps_own_dutch_page(world, settings, path):
    settings.DEBUG = True
    response = world.client("official_a").get(path)
    assert response.status_code == 404
    content = response.content.decode()
    assert "Pagina niet gevonden" in content
    assert "URLconf" not in content and "Django" not in content
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_404_for_a_visitor_in_the_demo_is_the_apps_own_page(client, settings):
    settings.DEBUG = True
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()
