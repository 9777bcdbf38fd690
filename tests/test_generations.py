"""Generations: every write to an app's tables raises its counter, whatever the path."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import cache, caches
from django.db import connection, transaction

from infra import generations
from infra.generations import ALL, labels_written_by
from members.models import City

from .factories import CityFactory

pytestmark = pytest.mark.django_db


def gen(label: str) -> int:
    return generations.current([label])[0]


@pytest.mark.parametrize(
    ("sql", "labels"),
    [
        ('INSERT INTO "members_city" ("name") VALUES (%s)', {"members"}),
        ('  update "networkdays_registration" SET "status" = %s', {"networkdays"}),
        ('DELETE FROM "themegroups_membership" WHERE "id" = %s', {"themegroups"}),
        ('INSERT INTO "themegroups_themegroup_other_pillars" ("a") VALUES (1)', {"themegroups"}),
        ('UPDATE "django_session" SET "session_data" = %s', set()),
        ('INSERT INTO "accounts_securityevent" ("kind") VALUES (%s)', set()),
        ('SELECT * FROM "members_city"', set()),
        ('TRUNCATE "members_city", "members_person"', {ALL}),
        ('UPDATE "some_table_no_app_declares" SET "x" = 1', {ALL}),
        ("WITH x AS (SELECT 1) UPDATE members_city SET name = 'x'", {ALL}),
    ],
)
def test_labels_written_by(sql, labels):
    assert labels_written_by(sql) == labels


def test_save_update_delete_and_raw_sql_raise_the_generation():
    before = gen("members")
    city = CityFactory()
    after_insert = gen("members")
    assert after_insert > before
    City.objects.filter(pk=city.pk).update(population=1)
    after_update = gen("members")
    assert after_update > after_insert
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {City._meta.db_table} SET population = 2 WHERE id = %s", [city.pk])
    after_raw = gen("members")
    assert after_raw > after_update
    City.objects.filter(pk=city.pk).delete()
    assert gen("members") > after_raw


def test_other_apps_and_sessions_are_left_alone():
    themegroups, members = gen("themegroups"), gen("members")
    CityFactory()
    store = SessionStore()
    store["x"] = 1
    store.save()
    assert gen("themegroups") == themegroups
    assert gen("members") > members


def test_raised_again_when_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        CityFactory()
        during = gen("members")
    assert callbacks, "a write inside a transaction schedules a raise on commit"
    assert gen("members") > during


def test_a_rolled_back_write_schedules_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        try:
            with transaction.atomic():
                CityFactory()
                raise RuntimeError
        except RuntimeError:
            pass
    assert callbacks == []


def test_a_lost_generation_never_comes_back_to_an_old_value():
    CityFactory()
    old = gen("members")
    cache.delete("gen:members")
    assert gen("members") > old  # restarts at the clock in nanoseconds


def test_bump_all_raises_every_app():
    before = generations.current(generations.all_labels())
    generations.bump_all()
    after = generations.current(generations.all_labels())
    assert all(b > a for a, b in zip(before, after, strict=True))


def test_cache_down_reads_none_and_writes_still_work(monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    backend = caches["default"]  # the backend itself, not the proxy

    monkeypatch.setattr(backend, "get_many", broken)
    monkeypatch.setattr(backend, "incr", broken)
    monkeypatch.setattr(backend, "set", broken)
    assert generations.current(["members"]) is None
    CityFactory()  # the write does not fail because the cache is down
    assert City.objects.count() == 1
