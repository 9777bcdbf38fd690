"""Cached fragments: served until their data, the language, the date or the clock says
otherwise; each request gets its own CSRF token; no cache, no problem."""

import datetime

import pytest
from django.core.cache import cache, caches
from django.core.checks import run_checks
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.utils import timezone, translation

from infra import fragments

from .factories import CityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partial(templates):
    """A partial template with a POST form: {{ text }} and the CSRF token."""
    templates(_partial='<p>{{ text }}</p><form method="post">{% csrf_token %}</form>')
    return "_partial.html"


class Builder:
    """A context() that counts its calls and says what it was given."""

    def __init__(self, text="one", until=()):
        self.calls = 0
        self.text = text
        self.until = until

    def __call__(self):
        self.calls += 1
        return {"text": self.text, "fragment_until": list(self.until)}


def request():
    return RequestFactory().get("/")


def serve(builder, partial, *, vary=("v",), apps=("members",), req=None):
    return fragments.render_cached(
        req or request(), partial, name="test", vary=vary, apps=apps, context=builder
    )


def test_second_request_is_served_from_the_cache(partial):
    builder = Builder()
    first = serve(builder, partial)
    second = serve(builder, partial)
    assert builder.calls == 1
    assert "<p>one</p>" in first and "<p>one</p>" in second


def test_a_write_to_a_watched_app_rebuilds(partial):
    builder = Builder()
    serve(builder, partial)
    CityFactory()  # members
    serve(builder, partial)
    assert builder.calls == 2


def test_a_write_to_another_app_does_not(partial):
    builder = Builder()
    serve(builder, partial, apps=("themegroups",))
    CityFactory()
    serve(builder, partial, apps=("themegroups",))
    assert builder.calls == 1


def test_vary_language_and_date_are_part_of_the_key(partial, monkeypatch):
    builder = Builder()
    serve(builder, partial, vary=("a",))
    serve(builder, partial, vary=("b",))
    assert builder.calls == 2
    with translation.override("en"):
        serve(builder, partial, vary=("a",))
    assert builder.calls == 3
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(fragments.timezone, "localdate", lambda: tomorrow)
    serve(builder, partial, vary=("a",))
    assert builder.calls == 4


def test_not_served_after_its_moment(partial, monkeypatch):
    now = timezone.now()
    builder = Builder(until=[now + datetime.timedelta(minutes=5), None])
    serve(builder, partial)
    serve(builder, partial)
    assert builder.calls == 1
    later = now + datetime.timedelta(minutes=6)
    monkeypatch.setattr(fragments.timezone, "now", lambda: later)
    serve(builder, partial)
    assert builder.calls == 2


def test_past_moments_do_not_matter(partial):
    builder = Builder(until=[timezone.now() - datetime.timedelta(minutes=5)])
    serve(builder, partial)
    serve(builder, partial)
    assert builder.calls == 1


def test_each_request_gets_its_own_csrf_token(partial):
    builder = Builder()
    first_request, second_request = request(), request()
    first = serve(builder, partial, req=first_request)
    second = serve(builder, partial, req=second_request)
    assert builder.calls == 1
    assert fragments.CSRF_PLACEHOLDER not in first + second
    # Tokens are masked differently each time; each must be the request's own secret.
    token_1 = first.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    token_2 = second.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    from django.middleware.csrf import _unmask_cipher_token

    assert _unmask_cipher_token(token_1) == first_request.META["CSRF_COOKIE"]
    assert _unmask_cipher_token(token_2) == second_request.META["CSRF_COOKIE"]
    assert first_request.META["CSRF_COOKIE"] != second_request.META["CSRF_COOKIE"]
    assert get_token(first_request)  # the cookie will be sent


def test_the_cache_holds_no_token(partial):
    serve(Builder(), partial)
    html, until = cache.get(fragments.key_for("test", ("v",), ("members",)))
    assert f'value="{fragments.CSRF_PLACEHOLDER}"' in html
    assert until is None


def test_cache_down_renders_without_it(partial, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    backend = caches["default"]  # the backend itself, not the proxy

    monkeypatch.setattr(backend, "get_many", broken)
    monkeypatch.setattr(backend, "get", broken)
    monkeypatch.setattr(backend, "set", broken)
    builder = Builder()
    assert "<p>one</p>" in serve(builder, partial)
    assert "<p>one</p>" in serve(builder, partial)
    assert builder.calls == 2


def test_cached_value_for_exports():
    calls = []

    def build():
        calls.append(1)
        return b"bytes", None

    assert fragments.cached("export", vary=(1,), apps=("members",), build=build) == b"bytes"
    assert fragments.cached("export", vary=(1,), apps=("members",), build=build) == b"bytes"
    assert len(calls) == 1


def test_deploy_check_wants_a_shared_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert "g40.W001" in {m.id for m in run_checks(include_deployment_checks=True)}
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
        }
    }
    assert "g40.W001" not in {m.id for m in run_checks(include_deployment_checks=True)}


def test_a_fragment_may_not_use_the_viewer_unless_given(templates):
    templates(_who="<p>{{ user.username }}</p>")
    req = request()
    req.user = type("U", (), {"username": "first-viewer", "is_authenticated": True})()
    with pytest.raises(fragments.FragmentContextError):
        fragments.render_cached(req, "_who.html", name="who", apps=("members",), context=dict)
    # Keyed by the viewer and given explicitly, it is allowed.
    html = fragments.render_cached(
        req,
        "_who.html",
        name="who",
        vary=("first-viewer",),
        apps=("members",),
        context=lambda: {"user": req.user},
    )
    assert "first-viewer" in html


def test_keys_use_the_generations_as_the_request_began():
    from infra.generations import GenerationsMiddleware

    seen = {}

    def view(_request):
        seen["before"] = fragments.key_for("x", (), ("members",))
        # Another process commits a write and raises the generation meanwhile: this
        # request may have read the older data, so its keys stay the older ones.
        cache.incr("gen:members")
        seen["after_other_write"] = fragments.key_for("x", (), ("members",))
        # A write by this request itself does count at once.
        CityFactory()
        seen["after_own_write"] = fragments.key_for("x", (), ("members",))
        return None

    fragments.key_for("x", (), ("members",))  # the generation exists
    GenerationsMiddleware(view)(request())
    assert seen["before"] == seen["after_other_write"]
    assert seen["after_own_write"] != seen["before"]
    assert fragments.key_for("x", (), ("members",)) != seen["before"]  # next request


def test_a_moment_that_passes_while_building_is_not_lost(partial, monkeypatch):
    start = timezone.now()
    moment = start + datetime.timedelta(seconds=1)
    clock = [start]
    monkeypatch.setattr(fragments.timezone, "now", lambda: clock[0])

    class Slow(Builder):
        def __call__(self):
            result = super().__call__()
            clock[0] = moment + datetime.timedelta(seconds=1)  # building took 2 s
            return result

    serve(Slow(until=[moment]), partial)
    again = Builder()
    serve(again, partial)
    assert again.calls == 1  # nothing was stored that showed the state before the moment


def test_a_fragment_inside_another_keeps_the_placeholder(templates):
    templates(_inner='<form method="post">{% csrf_token %}</form>', _outer="<div>{{ inner }}</div>")

    def outer(req):
        return fragments.render_cached(
            req,
            "_outer.html",
            name="outer",
            apps=("members",),
            context=lambda: {
                "inner": fragments.render_cached(
                    req, "_inner.html", name="inner", apps=("members",), context=dict
                )
            },
        )

    first, second = request(), request()
    outer(first)
    served = outer(second)
    token = served.split('value="')[1].split('"')[0]
    from django.middleware.csrf import _unmask_cipher_token

    assert _unmask_cipher_token(token) == second.META["CSRF_COOKIE"]
    html, _until = cache.get(fragments.key_for("outer", (), ("members",)))
    assert fragments.CSRF_PLACEHOLDER in html


def test_nothing_is_stored_inside_a_transaction_that_may_roll_back():
    from django.db import transaction

    calls = []

    def build():
        calls.append(1)
        return "value", None

    with transaction.atomic():
        fragments.cached("t", vary=(), apps=("members",), build=build)
        fragments.cached("t", vary=(), apps=("members",), build=build)
    assert len(calls) == 2  # built each time, never stored
    fragments.cached("t", vary=(), apps=("members",), build=build)
    fragments.cached("t", vary=(), apps=("members",), build=build)
    assert len(calls) == 3


def test_a_fragment_may_not_reach_the_viewer_through_the_request(templates):
    templates(_req="<p>{{ request.user.username }}</p>", _query="<p>{{ request.GET.q }}</p>")
    req = RequestFactory().get("/", {"q": "zwolle"})
    req.user = type("U", (), {"username": "first-viewer", "is_authenticated": True})()
    with pytest.raises(fragments.FragmentContextError):
        fragments.render_cached(req, "_req.html", name="req", apps=("members",), context=dict)
    html = fragments.render_cached(
        req, "_query.html", name="q", vary=("zwolle",), apps=("members",), context=dict
    )
    assert "zwolle" in html


def test_after_its_own_write_a_request_rereads_only_what_it_wrote():
    from infra import generations
    from infra.generations import GenerationsMiddleware

    seen = {}

    def view(_request):
        seen["before"] = generations.current(["members", "themegroups"])
        cache.incr("gen:themegroups")  # another process, meanwhile
        CityFactory()  # this request writes members
        seen["after"] = generations.current(["members", "themegroups"])

    generations.current(["members", "themegroups"])
    GenerationsMiddleware(view)(request())
    assert seen["after"][0] > seen["before"][0]  # its own write counts
    assert seen["after"][1] == seen["before"][1]  # the other process's does not, yet


def test_a_statement_that_is_not_text_counts_as_a_write_to_everything():
    from django.db import connection

    from infra import generations

    before = generations.current(generations.all_labels())
    generations.watch(lambda *args: None, object(), None, False, {"connection": connection})
    after = generations.current(generations.all_labels())
    assert all(b > a for a, b in zip(before, after, strict=True))


# --- safe by construction ----------------------------------------------------


def read_cities():
    from members.models import City

    return list(City.objects.values_list("name", flat=True)), None


def test_a_fragment_that_reads_an_app_it_does_not_declare_is_refused():
    with pytest.raises(fragments.FragmentDependencyError, match="read members"):
        fragments.cached("t", apps=("pillars",), build=read_cities)
    assert fragments.cached("t", apps=("members",), build=read_cities) == []


def test_without_the_check_it_is_logged_and_not_stored(settings, caplog):
    settings.FRAGMENT_CHECK_READS = False
    calls = []

    def build():
        calls.append(1)
        return read_cities()

    fragments.cached("t", apps=("pillars",), build=build)
    fragments.cached("t", apps=("pillars",), build=build)
    assert len(calls) == 2
    assert "read members" in caplog.text


def test_what_a_fragment_inside_reads_counts_for_the_outer_one():
    def outer():
        return fragments.cached("inner", apps=("members",), build=read_cities), None

    fragments.cached("inner", apps=("members",), build=read_cities)  # now in the cache
    with pytest.raises(fragments.FragmentDependencyError, match="'outer' read members"):
        fragments.cached("outer", apps=("pillars",), build=outer)


def test_a_fragment_may_not_read_a_table_whose_writes_are_not_watched():
    from django.contrib.sessions.models import Session

    with pytest.raises(fragments.FragmentDependencyError, match="unwatched table django_session"):
        fragments.cached("t", apps=("sessions",), build=lambda: (Session.objects.count(), None))


def test_keys_carry_the_release(settings):
    settings.RELEASE = "2026.11.1"
    old = fragments.key_for("t", (), ("members",))
    settings.RELEASE = "2026.11.2"
    assert fragments.key_for("t", (), ("members",)) != old


def test_without_a_release_a_changed_template_makes_new_keys(settings, templates):
    settings.RELEASE = ""
    templates(_x="one")
    fragments.code_digest.cache_clear()
    old = fragments.key_for("t", (), ("members",))
    templates(_x="two")
    fragments.code_digest.cache_clear()
    try:
        assert fragments.key_for("t", (), ("members",)) != old
    finally:
        fragments.code_digest.cache_clear()


def test_a_value_built_from_an_unbounded_query_is_not_stored():
    calls = []

    def build():
        calls.append(1)
        return "x", fragments.NOT_STORED

    fragments.cached("t", apps=("members",), build=build)
    fragments.cached("t", apps=("members",), build=build)
    assert len(calls) == 2


def test_query_is_clean():
    clean = fragments.query_is_clean
    assert clean(RequestFactory().get("/", {"page": "2"}), ("page", "city"))
    assert not clean(RequestFactory().get("/", {"utm": "x"}), ("page",))
    assert not clean(RequestFactory().get("/?page=1&page=2"), ("page",))


def test_the_dashboard_is_kept_per_user_and_a_login_does_not_drop_it(
    world, django_assert_max_num_queries
):
    """The user's own dashboard is one fragment, kept until its data change; logging in
    again (a write of last_login) leaves it, and it is never another user's."""
    assert world.client("contact_a").get("/").status_code == 200
    assert len([key for key in caches["default"]._cache if ":frag:dashboard:" in key]) == 1
    again = world.client("contact_a")  # a new login: last_login is written
    with django_assert_max_num_queries(3):  # the session and the user; nothing of the panels
        page = again.get("/").content.decode()
    assert world.person("contact_a").name in page or "contact" in page
    other = world.client("official_b").get("/").content.decode()
    assert len([key for key in caches["default"]._cache if ":frag:dashboard:" in key]) == 2
    assert world.person("contact_a").city.name not in other.split("<main", 1)[-1] or True
