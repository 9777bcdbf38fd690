"""The load step: Locust, headless, used as a library, in its own process (Locust
runs on gevent; Django stays out of this process).

    python -m bench.load pages SPEC.json OUT.json   # each page under N clients
    python -m bench.load burst SPEC.json OUT.json   # everyone registers at once

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


# --- the registration burst ---------------------------------------------------------


def burst(spec: dict, out: str) -> None:
    """Every official opens the day's page (and gets the form's CSRF token); when all
    have it, all post the register form at once. Each posts once."""
    host = spec["host"]
    _check_local(host)
    cookie = spec["session_cookie"]
    burst = spec["burst"]
    people = burst["people"]
    numbers = count()
    ready = count(1)
    go = Event()
    done = count(1)
    finished = Event()
    statuses: dict[str, int] = {}

    class Official(FastHttpUser):
        wait_time = constant(0)

        def on_start(self):
            me = people[next(numbers)]
            self.person_id = me["person_id"]
            self.session = me["session"]
            response = self.client.get(
                burst["detail_url"],
                name="open the day",
                headers={"Cookie": f"{cookie}={self.session}"},
            )
            match = CSRF_FIELD.search(response.text or "")
            self.token = match.group(1) if match else ""
            set_cookie = response.headers.get("Set-Cookie") or ""
            if isinstance(set_cookie, list):  # several cookies set (session, csrftoken)
                set_cookie = "; ".join(set_cookie)
            csrf_cookie = re.search(r"csrftoken=([^;]+)", set_cookie)
            self.csrf_cookie = csrf_cookie.group(1) if csrf_cookie else ""
            if next(ready) == len(people):
                go.set()
            go.wait(timeout=60)

        @task
        def register(self):
            with self.client.post(
                burst["register_url"],
                name="register",
                data={
                    "csrfmiddlewaretoken": self.token,
                    "person": str(self.person_id),
                    "dietary_needs": "",
                    "accessibility_needs": "",
                },
                headers={"Cookie": f"{cookie}={self.session}; csrftoken={self.csrf_cookie}"},
                allow_redirects=False,
                catch_response=True,
            ) as response:
                key = str(response.status_code)
                statuses[key] = statuses.get(key, 0) + 1
                if response.status_code != 302:  # success redirects to the day
                    response.failure(f"status {response.status_code}")
            if next(done) == len(people):
                finished.set()
            raise StopUser()

    Official.host = host
    env = Environment(user_classes=[Official], events=events)
    runner = env.create_local_runner()
    runner.start(len(people), spawn_rate=len(people))
    finished.wait(timeout=spec.get("burst_timeout", 120))
    runner.quit()
    register = env.stats.get("register", "POST")
    result = {
        "clients": len(people),
        "statuses": statuses,
        "server_errors": sum(n for code, n in statuses.items() if code.startswith("5")),
        **_summary(register, 1.0),
    }
    result.pop("rps")
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(result, handle, indent=1)


if __name__ == "__main__":
    mode, spec_path, out_path = sys.argv[1:4]
    with open(spec_path, encoding="utf-8") as handle:
        loaded = json.load(handle)
    {"pages": pages, "burst": burst}[mode](loaded, out_path)
