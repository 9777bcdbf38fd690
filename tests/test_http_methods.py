"""A page that only shows answers any other method with 405 (issue 22, item 7).

Every view says which methods it takes: a function view through
``require_GET``/``require_safe``/``require_POST``/``require_http_methods``, a view class
through the handlers it defines (and ``http_method_names``). A new view without that
fails ``test_every_view_says_its_methods``. Then each URL whose view takes no POST is
posted to, by a persona the permission matrix gives 200 for a GET: the answer is 405."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .test_permission_matrix import ENTRIES

# Views that decide their methods themselves, each with its reason.
OWN_METHODS = {
    # Django's language switch: a POST, a GET only redirects (django.views.i18n).
    "set_language": "Django's own view",
}


def _methods(view) -> set[str] | None:
    """The methods a URL's view takes, or ``None`` when it does not say."""
    view_class = getattr(view, "view_class", None) or getattr(view, "cls", None)
    if view_class is not None:
        names = getattr(view, "view_initkwargs", {}).get("http_method_names")
        names = names or view_class.http_method_names
        return {name.upper() for name in names if hasattr(view_class, name)} - {"OPTIONS"}
    function, seen = view, set()
    while function is not None and id(function) not in seen:
        seen.add(id(function))
        code = getattr(function, "__code__", None)
        # django.views.decorators.http.require_http_methods keeps its list in a closure.
        if code is not None and "request_method_list" in code.co_freevars:
            cell = function.__closure__[code.co_freevars.index("request_method_list")]
            return {method.upper() for method in cell.cell_contents}
        function = getattr(function, "__wrapped__", None)
    return None


def _views(resolver=None, prefix: str = ""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # Django's admin: its views take the methods they need
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _views(pattern, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{prefix}{pattern.name}", pattern.callback


VIEWS = dict(_views())


def test_every_view_says_its_methods():
    silent = sorted(
        name for name, view in VIEWS.items() if name not in OWN_METHODS and _methods(view) is None
    )
    assert not silent, f"views without require_GET / require_http_methods: {silent}"


def _get_only_cases():
    cases = {}
    for entry in ENTRIES:
        methods = _methods(VIEWS.get(entry.url_name)) if entry.url_name in VIEWS else None
        if entry.method != "get" or methods is None or "POST" in methods:
            continue
        persona = next(
            (
                persona
                for persona in (
                    "secretariat",
                    "db_member",
                    "contact_a",
                    "official_a",
                    "pillar_secretary",
                    "event_bureau",
                    "no_role",
                    "anonymous",
                )
                if entry.status_for(persona) == 200
            ),
            None,
        )
        if persona is not None:
            cases.setdefault(entry.url_name, (entry, persona))
    return [cases[name] for name in sorted(cases)]


CASES = _get_only_cases()


def test_the_pages_of_the_issue_are_among_them():
    names = {entry.url_name for entry, _persona in CASES}
    assert {"contributions:statement_pdf", "participation:city", "lobby:city_stances"} <= names


@pytest.mark.parametrize(("entry", "persona"), CASES, ids=[e.url_name for e, _p in CASES])
def test_a_get_only_view_answers_post_with_405(world, entry, persona):
    if entry.setup:
        entry.setup(world)
    client = entry.client_for(world, persona)
    url = reverse(entry.url_name, kwargs=entry.kwargs(world))
    assert client.get(url).status_code == 200
    response = client.post(url, {})
    assert response.status_code == 405, f"{persona} POST {url}: {response.status_code}"
