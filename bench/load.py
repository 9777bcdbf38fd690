"""The load step: Locust, headless, used as a library, in its own process (Locust
runs on gevent; Django stays out of this process).

    python -m bench.load pages SPEC.json OUT.json   # each page under N clients
    python -m bench.load bursts SPEC.json OUT.json  # N clients at once: reference, register
    python -m bench.load mix SPEC.json OUT.json     # the opening: log in, register, read

SPEC holds the server's address, the session cookie's name and, per page, its URL
and the sessions of the role that uses it (see ``bench.prepare``). Every run is
bounded in time; nothing but 127.0.0.1 is ever addressed.
"""

from gevent import monkey

monkey.patch_all()

import json  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from itertools import count  # noqa: E402

import gevent  # noqa: E402
from gevent.event import Event  # noqa: E402
from locust import FastHttpUser, constant, events, task  # noqa: E402
from locust.env import Environment  # noqa: E402
from locust.event import Events  # noqa: E402
from locust.exception import StopUser  # noqa: E402

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _check_local(host: str) -> None:
    if not host.startswith(("http://127.0.0.1:", "http://localhost:")):
        raise SystemExit(f"refusing to load anything but this machine: {host}")


def _summary(entry, seconds: float) -> dict:
    return {
        "requests": entry.num_requests,
        "failures": entry.num_failures,
        "median_ms": entry.get_response_time_percentile(0.5) if entry.num_requests else None,
        "p95_ms": entry.get_response_time_percentile(0.95) if entry.num_requests else None,
        "mean_ms": round(entry.avg_response_time, 1) if entry.num_requests else None,
        "rps": round(entry.num_requests / seconds, 1) if seconds else 0.0,
    }


# --- each page under a fixed number of clients -------------------------------------


def run_page(host: str, cookie: str, run: dict, users: int, warmup: float, seconds: float):
    sessions = run["sessions"]
    numbers = count()

    class PageUser(FastHttpUser):
        wait_time = constant(0)  # a closed loop: each client asks again as soon as served

        def on_start(self):
            session = sessions[next(numbers) % len(sessions)]
            self.headers = {"Cookie": f"{cookie}={session}"}

        @task
        def get_page(self):
            with self.client.get(
                run["url"],
                name=run["key"],
                headers=self.headers,
                allow_redirects=False,
                catch_response=True,
            ) as response:
                if response.status_code != 200:
                    response.failure(f"status {response.status_code}")

    PageUser.host = host
    env = Environment(user_classes=[PageUser], events=events)
    runner = env.create_local_runner()
    runner.start(users, spawn_rate=users)
    gevent.sleep(warmup)
    env.stats.reset_all()
    started = time.monotonic()
    gevent.sleep(seconds)
    # At least one answer per page, so that every page has figures even on a slow
    # machine with a short window (the test suite's run); bounded all the same.
    deadline = time.monotonic() + 30
    while env.stats.total.num_requests == 0 and time.monotonic() < deadline:
        gevent.sleep(0.05)
    measured = time.monotonic() - started
    result = _summary(env.stats.total, measured)
    runner.quit()
    return result


def pages(spec: dict, out: str) -> None:
    """``spec["runs"]``: in order, each ``{"id", "host", "key", "url", "sessions",
    "seconds"}``; the runner interleaves the reference page with the pages."""
    results = {}
    for run in spec["runs"]:
        _check_local(run["host"])
        results[run["id"]] = run_page(
            run["host"],
            spec["session_cookie"],
            run,
            users=spec["users"],
            warmup=spec["warmup"],
            seconds=run["seconds"],
        )
        print(f"  {run['id']:<28} {results[run['id']]}", flush=True)
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(results, handle, indent=1)


# --- bursts: N clients at once, each asking once ------------------------------------


def _csrf(response) -> tuple[str, str]:
    """The form's CSRF token and the csrftoken cookie the response set (if any)."""
    match = CSRF_FIELD.search(response.text or "")
    set_cookie = response.headers.get("Set-Cookie") or ""
    if isinstance(set_cookie, list):  # several cookies set (session, csrftoken)
        set_cookie = "; ".join(set_cookie)
    cookie = re.search(r"csrftoken=([^;]+)", set_cookie)
    return (match.group(1) if match else ""), (cookie.group(1) if cookie else "")


def run_burst(run: dict, cookie: str) -> dict:
    """``run["people"]`` clients, each with their own session: each first opens
    ``run["open_url"]`` (a connection made, the page warm, the form's token had); when
    all have, all ask at once — the reference page (``kind`` "reference") or the
    register form's post (``kind`` "register") — once each. Returns the figures of the
    burst's requests (not of the opening ones)."""
    host = run["host"]
    _check_local(host)
    people = run["people"]
    numbers = count()
    ready = count(1)
    go = Event()
    done = count(1)
    finished = Event()
    statuses: dict[str, int] = {}
    waits = 60 + len(people) * 0.2
    register = run["kind"] in ("register", "bare")  # both POST the form and redirect
    name = run["kind"]
    expected = 302 if register else 200

    class Client(FastHttpUser):
        wait_time = constant(0)

        def on_start(self):
            me = people[next(numbers)]
            self.person_id = me["person_id"]
            self.session = me["session"]
            response = self.client.get(
                run["open_url"],
                name="open",
                headers={"Cookie": f"{cookie}={self.session}"},
            )
            self.token, self.csrf_cookie = _csrf(response)
            if next(ready) == len(people):
                go.set()
            go.wait(timeout=waits)

        @task
        def ask(self):
            if register:
                request = self.client.post(
                    run["post_url"],
                    name=name,
                    data={
                        "csrfmiddlewaretoken": self.token,
                        "person": str(self.person_id),
                        "dietary_needs": "",
                        "accessibility_needs": "",
                    },
                    headers={"Cookie": f"{cookie}={self.session}; csrftoken={self.csrf_cookie}"},
                    allow_redirects=False,
                    catch_response=True,
                )
            else:
                request = self.client.get(
                    run["open_url"],
                    name=name,
                    headers={"Cookie": f"{cookie}={self.session}"},
                    allow_redirects=False,
                    catch_response=True,
                )
            with request as response:
                key = str(response.status_code)
                statuses[key] = statuses.get(key, 0) + 1
                if response.status_code != expected:
                    response.failure(f"status {response.status_code}")
            if next(done) == len(people):
                finished.set()
            raise StopUser()

    Client.host = host
    env = Environment(user_classes=[Client], events=Events())
    runner = env.create_local_runner()
    started = time.monotonic()
    runner.start(len(people), spawn_rate=len(people))
    finished.wait(timeout=run.get("timeout", waits * 2))
    runner.quit()
    entry = env.stats.get(name, "POST" if register else "GET")
    result = {
        "kind": run["kind"],
        "clients": len(people),
        "statuses": statuses,
        "server_errors": sum(n for code, n in statuses.items() if code.startswith("5")),
        "answered": sum(statuses.values()),
        "max_ms": round(entry.max_response_time or 0, 1) if entry.num_requests else None,
        "seconds": round(time.monotonic() - started, 1),
        **_summary(entry, 1.0),
    }
    result.pop("rps")
    return result


def bursts(spec: dict, out: str) -> None:
    """``spec["runs"]``: in order, each ``{"id", "kind", "host", "open_url",
    "post_url", "people"}``; the runner interleaves reference and register bursts."""
    results = {}
    for run in spec["runs"]:
        results[run["id"]] = run_burst(run, spec["session_cookie"])
        print(f"  {run['id']:<28} {results[run['id']]}", flush=True)
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(results, handle, indent=1)


# --- the opening: officials log in and register while others read ------------------


if __name__ == "__main__":
    mode, spec_path, out_path = sys.argv[1:4]
    with open(spec_path, encoding="utf-8") as handle:
        loaded = json.load(handle)
    from bench.load_mix import mix

    {"pages": pages, "bursts": bursts, "mix": mix}[mode](loaded, out_path)
