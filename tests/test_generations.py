"""Generations: every write to an app's tables raises its counter, whatever the path."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import cache, caches
from django.db import connection, transaction

from infra import generations
from infra.generations import ALL, labels_written_by
from members.models import City

from .factories import CityFactory, PillarFactory

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
        # A login writes last_login and nothing else: no page shows it.
        ('UPDATE "auth_user" SET "last_login" = %s WHERE "auth_user"."id" = %s', set()),
        ('UPDATE "auth_user" SET "last_login" = %s, "is_active" = %s WHERE "id" = %s', {"auth"}),
        ('UPDATE "auth_user" SET "is_superuser" = %s WHERE "auth_user"."id" = %s', {"auth"}),
        ('UPDATE "otp_totp_totpdevice" SET "last_t" = %s WHERE "id" = %s', set()),
        ('INSERT INTO "otp_static_statictoken" ("token") VALUES (%s)', set()),
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


def test_a_login_leaves_every_generation_alone(world):
    from django.contrib.auth.models import update_last_login

    user = world.person("official_a").user
    before = generations.current(generations.all_labels())
    update_last_login(None, user)
    assert generations.current(generations.all_labels()) == before


def test_a_user_made_superuser_or_inactive_counts_at_once(world):
    from django.contrib.auth import get_user_model

    from members.permissions import permissions_for

    user = world.person("official_a").user
    assert not permissions_for(get_user_model().objects.get(pk=user.pk)).is_secretariat
    user.is_superuser = True
    user.save()
    assert permissions_for(get_user_model().objects.get(pk=user.pk)).is_secretariat
    user.is_active = False
    user.save()
    assert not permissions_for(get_user_model().objects.get(pk=user.pk)).kinds


@pytest.fixture
def shared_cache_down(monkeypatch):
    """A cache outside the process (as Redis is) that does not answer."""

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    backend = caches["default"]
    monkeypatch.setattr(generations, "_epoch_needed", lambda: True)
    for method in ("get_many", "incr", "set", "add", "get"):
        monkeypatch.setattr(backend, method, broken)


def test_a_write_the_cache_misses_moves_the_epoch(shared_cache_down):
    from infra.models import CacheEpoch

    before = generations.read_epoch()
    assert CacheEpoch.objects.count() == 0
    CityFactory()
    # At least one: the city and its audit entry are two writes the cache missed.
    assert CacheEpoch.objects.count() >= 1
    assert generations.read_epoch() > before


def test_a_write_the_cache_misses_fails_if_the_epoch_cannot_move(shared_cache_down, monkeypatch):
    from infra.models import CacheEpoch

    def refused(*args, **kwargs):
        raise RuntimeError("database refuses")

    monkeypatch.setattr(CacheEpoch.objects, "create", refused)
    with pytest.raises(RuntimeError), transaction.atomic():
        CityFactory()
    assert City.objects.count() == 0


def test_the_epoch_is_not_read_with_a_cache_in_the_process(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert generations.read_epoch() == 0


# --- raised ahead (issue 16): before a lock rather than at each write under it ------


def _counting_bumps(monkeypatch) -> list[frozenset]:
    raised: list[frozenset] = []
    original = generations.bump

    def counting(labels):
        raised.append(frozenset(labels))
        return original(labels)

    monkeypatch.setattr(generations, "bump", counting)
    return raised


def test_raised_ahead_raises_before_the_writes_and_once_after_the_commit(
    monkeypatch, django_capture_on_commit_callbacks
):
    raised = _counting_bumps(monkeypatch)
    before = gen("members")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        with generations.raised_ahead([City]):
            ahead = gen("members")
            assert ahead > before  # raised on entry, before any write
            CityFactory()
            CityFactory()
            assert gen("members") == ahead  # the writes raise nothing more meanwhile
            PillarFactory()  # another app: raised at its write, as ever
        during = gen("members")
    assert gen("members") > during  # and once more after the commit
    assert raised.count(frozenset({"members"})) == 2
    assert frozenset({"pillars"}) in raised


def test_raised_ahead_and_rolled_back_schedules_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        try:
            with transaction.atomic(), generations.raised_ahead([City]):
                CityFactory()
                raise RuntimeError
        except RuntimeError:
            pass
    assert callbacks == []


@pytest.mark.django_db(transaction=True)
def test_raised_ahead_only_inside_a_transaction():
    with (
        pytest.raises(RuntimeError, match="inside of a transaction"),
        generations.raised_ahead([City]),
    ):
        pass  # pragma: no cover


def test_raised_ahead_with_the_cache_down_moves_the_epoch_in_the_transaction(shared_cache_down):
    from infra.models import CacheEpoch

    with transaction.atomic(), generations.raised_ahead([City]):
        assert CacheEpoch.objects.count() == 1  # moved on entry, in the transaction
        CityFactory()
    assert CacheEpoch.objects.count() >= 1
