"""The tests' shared helpers, written once: races of threads, the codes of a refusal,
and the permission matrix's one request.

- ``race(calls)``: the calls at the same moment, one thread each, started together at a
  barrier; each thread closes its own database connection. Returns what each call
  returned or raised, in the order of the calls; ``outcomes`` sorts them.
- ``lock_held(queryset)``: another connection holds the rows' lock while the block runs.
- ``codes``/``field_codes``: the codes of a ValidationError (list or dict shaped), of a
  form's errors, or of an answer's ``application/problem+json`` body.
- ``matrix_request``/``assert_matrix_status``: one (entry, persona) row of the matrix.
"""

import contextlib
import json
import threading
from collections.abc import Callable, Iterator, Sequence

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse

# How long a racer waits for the others at the barrier and the test for the racers.
BARRIER_TIMEOUT = 30
JOIN_TIMEOUT = 60


def race(calls: Sequence[Callable[[], object]]) -> list:
    """Run ``calls`` at once, one thread each; what each returned or raised, in order.
    Every exception is kept (not only ValidationError): the test says what it expects."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=BARRIER_TIMEOUT)
            results[index] = calls[index]()
        except Exception as exc:  # noqa: BLE001 - returned and asserted on by the test
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=JOIN_TIMEOUT)
    return results


def outcomes(results: Sequence) -> tuple[list, list[Exception]]:
    """``race``'s results sorted into (what was returned, what was raised)."""
    raised = [r for r in results if isinstance(r, Exception)]
    return [r for r in results if not isinstance(r, Exception)], raised


@contextlib.contextmanager
def lock_held(queryset) -> Iterator[None]:
    """While the block runs, another thread holds ``select_for_update`` on the rows of
    ``queryset`` in its own transaction (PostgreSQL); released when the block ends."""
    locked, release = threading.Event(), threading.Event()

    def hold() -> None:
        try:
            with transaction.atomic():
                list(queryset.select_for_update())
                locked.set()
                release.wait(timeout=BARRIER_TIMEOUT)
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert locked.wait(timeout=BARRIER_TIMEOUT), "the lock was never taken"
        yield
    finally:
        release.set()
        holder.join(timeout=JOIN_TIMEOUT)


def _error_of(refusal):
    """The ValidationError in a ``pytest.raises`` result, or the refusal itself."""
    value = getattr(refusal, "value", refusal)
    if hasattr(value, "errors") and hasattr(value.errors, "as_data"):  # a bound form
        return ValidationError(value.errors.as_data())
    return value


def codes(refusal) -> set[str | None]:
    """Every code in a refusal: a ValidationError (list or dict of fields, or the
    ``pytest.raises`` info holding one), a bound form, or a problem+json answer."""
    if hasattr(refusal, "status_code"):  # an answer: RFC 9457 problem details
        return {json.loads(refusal.content)["code"]}
    error = _error_of(refusal)
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    if hasattr(error, "error_list"):
        return {e.code for e in error.error_list}
    return {error.code}


def field_codes(refusal) -> dict[str, set[str | None]]:
    """The codes per field of a dict-shaped refusal (a ValidationError or a form)."""
    error = _error_of(refusal)
    return {field: {e.code for e in errors} for field, errors in error.error_dict.items()}


def matrix_request(world, entry, persona: str):
    """One row of the matrix: the entry's setup, then its request as ``persona``.
    Returns (url, response)."""
    if entry.setup:
        entry.setup(world)
    client = entry.client_for(world, persona)
    url = reverse(entry.url_name, kwargs=entry.kwargs(world))
    if entry.method == "get":
        return url, client.get(url)
    return url, client.post(url, entry.data(world) if entry.data else {})


def assert_matrix_status(world, entry, persona: str):
    """The row's request answers with the status the entry expects for ``persona``."""
    url, response = matrix_request(world, entry, persona)
    expected = entry.status_for(persona)
    assert response.status_code == expected, (
        f"{persona} {entry.method.upper()} {url}: {response.status_code}, expected {expected}"
    )
    return url, response
