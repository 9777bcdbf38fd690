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
from locust import FastHttpUser, between, constant, events, task  # noqa: E402
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


def mix(spec: dict, out: str) -> None:
    """The opening of a popular day. ``spec["officials"]`` (each ``{"username",
    "password", "person_id"}``) start over ``spec["ramp"]`` seconds; each opens the
    login form, logs in, opens the list of days and the day, and registers, once.
    Meanwhile ``spec["readers"]`` (each ``{"key", "url", "sessions", "clients"}``,
    the reference page among them) read their page again and again, ``spec["think"]``
    seconds apart on average, until the last official is done. Figures per page
    (``key``): latency, throughput, failures."""
    host = spec["host"]
    _check_local(host)
    cookie = spec["session_cookie"]
    officials = spec["officials"]
    numbers = count()
    done = count(1)
    finished = Event()
    think = spec["think"]
    statuses: dict[str, dict[str, int]] = {}
    client_errors: list[str] = []

    def check(response, name, expected):
        by_name = statuses.setdefault(name, {})
        key = str(response.status_code)
        by_name[key] = by_name.get(key, 0) + 1
        if response.status_code != expected:
            response.failure(f"status {response.status_code}")

    class Official(FastHttpUser):
        wait_time = constant(0)

        @task
        def open_and_register(self):
            number = next(numbers)
            if number >= len(officials):
                # Locust may start more users than there are officials (it fills its
                # user count); one official, one registration — the rest stop at once.
                raise StopUser()
            me = officials[number]
            try:
                with self.client.get(
                    spec["login_url"], name="login_form", catch_response=True
                ) as response:
                    check(response, "login_form", 200)
                    token, _cookie = _csrf(response)
                with self.client.post(
                    spec["login_url"],
                    name="log_in",
                    data={
                        "csrfmiddlewaretoken": token,
                        "username": me["username"],
                        "password": me["password"],
                    },
                    allow_redirects=False,
                    catch_response=True,
                ) as response:
                    check(response, "log_in", 302)
                for key, url in (("network_days", spec["list_url"]), ("day", spec["day_url"])):
                    with self.client.get(url, name=key, catch_response=True) as response:
                        check(response, key, 200)
                        if key == "day":
                            token, _cookie = _csrf(response)
                with self.client.post(
                    spec["register_url"],
                    name="register",
                    data={
                        "csrfmiddlewaretoken": token,
                        "person": str(me["person_id"]),
                        "dietary_needs": "",
                        "accessibility_needs": "",
                    },
                    allow_redirects=False,
                    catch_response=True,
                ) as response:
                    check(response, "register", 302)
            except Exception as exc:  # noqa: BLE001 - counted, shown in the figures
                client_errors.append(f"{type(exc).__name__}: {exc}")
            finally:
                if next(done) == len(officials):
                    finished.set()
            raise StopUser()

    reader_classes = []
    for reader in spec["readers"]:
        sessions = reader["sessions"]

        class Reader(FastHttpUser):
            fixed_count = reader["clients"]
            wait_time = between(think * 0.5, think * 1.5)
            page = reader

            def on_start(self):
                session = self.page["sessions"][next(self.numbers) % len(self.page["sessions"])]
                self.headers = {"Cookie": f"{cookie}={session}"}

            @task
            def read(self):
                with self.client.get(
                    self.page["url"],
                    name=self.page["key"],
                    headers=self.headers,
                    allow_redirects=False,
                    catch_response=True,
                ) as response:
                    check(response, self.page["key"], 200)

        Reader.numbers = count()
        Reader.__name__ = f"Reader_{reader['key']}"
        assert sessions
        reader_classes.append(Reader)

    Official.host = host
    for reader_class in reader_classes:
        reader_class.host = host
    reading = Environment(user_classes=reader_classes, events=Events())
    opening = Environment(user_classes=[Official], events=Events())
    readers = reading.create_local_runner()
    runner = opening.create_local_runner()
    n_readers = sum(r["clients"] for r in spec["readers"])
    readers.start(n_readers, spawn_rate=n_readers)
    gevent.sleep(min(2.0, think))  # the readers settle first
    reading.stats.reset_all()
    started = time.monotonic()
    runner.start(len(officials), spawn_rate=len(officials) / max(spec["ramp"], 0.01))
    finished.wait(timeout=spec.get("timeout", spec["ramp"] + 120 + len(officials)))
    seconds = time.monotonic() - started
    runner.quit()
    readers.quit()
    pages = {}
    for env in (opening, reading):
        for (name, _method), entry in env.stats.entries.items():
            pages[name] = {
                **_summary(entry, seconds),
                "statuses": statuses.get(name, {}),
            }
    result = {
        "officials": len(officials),
        "seconds": round(seconds, 1),
        "finished": finished.is_set(),
        "client_errors": client_errors[:10],
        "pages": pages,
        "server_errors": sum(
            n for by_name in statuses.values() for code, n in by_name.items() if code[0] == "5"
        ),
    }
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(result, handle, indent=1)


if __name__ == "__main__":
    mode, spec_path, out_path = sys.argv[1:4]
    with open(spec_path, encoding="utf-8") as handle:
        loaded = json.load(handle)
    {"pages": pages, "bursts": bursts, "mix": mix}[mode](loaded, out_path)
