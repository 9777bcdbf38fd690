"""Bad input, generated (Hypothesis): random and huge strings, Unicode, NUL bytes, wrong
types and missing fields, at every form and URL. The answer is a message or a 4xx,
never a 500 (the test client re-raises any exception), and a refused form changes
nothing."""

from urllib.parse import quote

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .test_permission_matrix import ENTRIES
from .test_security import _fingerprint, _persona_allowed

POST_ENTRIES = [e for e in ENTRIES if e.method == "post"]
GET_ENTRIES = [e for e in ENTRIES if e.method == "get"]

NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "-1",
    "0",
    "1e309",
    "NaN",
    "9" * 40,
    "2026-02-30",
    "31-12-2026",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "\u202egnp.exe",
    "😀" * 10,
    "GM0193",
    "../../etc/passwd",
    "%00",
    "true",
    "[]",
    "{}",
]
junk_text = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.builds(
        lambda ch, n: ch * n, st.sampled_from(["x", "é", "\x00", "😀"]), st.integers(1000, 20000)
    ),
)
junk_value = st.one_of(junk_text, st.lists(junk_text, min_size=2, max_size=3))
QUERY_NAMES = [
    "q",
    "province",
    "page",
    "status",
    "pillar",
    "city",
    "year",
    "kind",
    "username",
    "next",
]

FUZZ = settings(
    max_examples=12,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.parametrize("entry", POST_ENTRIES, ids=[e.id for e in POST_ENTRIES])
def test_every_form_answers_bad_input_with_a_message_or_a_4xx(world, entry):
    if entry.setup:
        entry.setup(world)
    persona = _persona_allowed(entry)
    client = entry.client_for(world, persona)
    url = reverse(entry.url_name, kwargs=entry.kwargs(world))
    fields = sorted(entry.data(world)) if entry.data else []
    names = st.sampled_from([*fields, "unexpected"]) if fields else st.just("unexpected")

    @FUZZ
    @given(st.dictionaries(names, junk_value, max_size=len(fields) + 1))
    def post_junk(data):
        before = _fingerprint()
        response = client.post(url, data)
        assert response.status_code < 500
        form = (response.context or {}).get("form") if response.status_code == 200 else None
        if response.status_code >= 400 or (form is not None and form.errors):
            assert _fingerprint() == before, f"refused POST {url} changed the database"

    post_junk()


@pytest.mark.parametrize("entry", GET_ENTRIES, ids=[e.id for e in GET_ENTRIES])
def test_every_url_answers_junk_in_its_path_and_query_without_a_500(world, entry):
    if entry.setup:
        entry.setup(world)
    persona = _persona_allowed(entry)
    client = entry.client_for(world, persona)
    kwargs = entry.kwargs(world)
    url = reverse(entry.url_name, kwargs=kwargs)

    @FUZZ
    @given(
        st.dictionaries(st.sampled_from(QUERY_NAMES), junk_text, max_size=3),
        st.one_of(st.none(), junk_text),
    )
    def get_junk(query, path_junk):
        path = url
        if path_junk is not None and kwargs:
            value = str(next(iter(kwargs.values())))
            path = url.replace(f"/{value}/", f"/{quote(path_junk[:200], safe='')}/", 1)
        response = client.get(path, query)
        assert response.status_code < 500

    get_junk()
