"""The admin's repairs for screen readers, checked without a browser (the crawl in
tests/test_crawl.py runs axe-core over the admin itself)."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_each_box_of_a_date_and_time_has_its_own_label(world):
    response = world.client("secretariat").get(reverse("admin:networkdays_digitalmeeting_add"))
    html = response.content.decode()
    for box in ("id_starts_at_0", "id_starts_at_1", "id_ends_at_0", "id_ends_at_1"):
        assert f'<label for="{box}">' in html, box


@pytest.mark.django_db
def test_the_hidden_headers_of_the_app_list_are_dutch(world):
    html = world.client("secretariat").get(reverse("admin:index")).content.decode()
    assert "Add link" not in html
    assert "Change or view list link" not in html
    assert '<th scope="col">Toevoegen</th>' in html


@pytest.mark.django_db
def test_the_admin_loads_its_repairs(world):
    html = world.client("secretariat").get(reverse("admin:index")).content.decode()
    assert "g40/admin.css" in html
    assert "g40/admin.js" in html
