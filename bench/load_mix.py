"""The opening mix's load (``python -m bench.load mix SPEC.json OUT.json``): officials
log in and register over a ramp while readers read their pages. Imported by
``bench.load`` (which patches the standard library for gevent first)."""

import json
import time
from itertools import count

import gevent
from gevent.event import Event
from locust import FastHttpUser, between, constant, task
from locust.env import Environment
from locust.event import Events
from locust.exception import StopUser

from bench.load import _check_local, _csrf, _summary


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
    registered: list[str] = []
    # Where the officials who did not register stopped: {step: how many}.
    stopped: dict[str, int] = {}

    def check(response, name, expected, location: str | None = None) -> bool:
        """Count the status; a status other than ``expected`` (or, for a redirect, a
        Location other than ``location`` — the login page instead of the day) is a
        failure. Returns whether the step succeeded."""
        by_name = statuses.setdefault(name, {})
        key = str(response.status_code)
        by_name[key] = by_name.get(key, 0) + 1
        if response.status_code != expected:
            response.failure(f"status {response.status_code}")
            return False
        if location is not None and location not in response.headers.get("Location", ""):
            response.failure(f"redirected to {response.headers.get('Location')}")
            return False
        return True

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
            step = "login_form"
            try:
                # Each step only after the one before it succeeded, and nothing follows
                # a redirect: an official whose login failed is not counted as reading
                # the login page where the day should be, nor as registered when the
                # register form sends them to the login (issue 24: the mix of 7 December
                # counted 91 register posts for 11 registrations).
                with self.client.get(
                    spec["login_url"], name="login_form", catch_response=True
                ) as response:
                    if not check(response, "login_form", 200):
                        return
                    token, _cookie = _csrf(response)
                step = "log_in"
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
                    if not check(response, "log_in", 302):
                        return
                for key, url in (("network_days", spec["list_url"]), ("day", spec["day_url"])):
                    step = key
                    with self.client.get(
                        url, name=key, allow_redirects=False, catch_response=True
                    ) as response:
                        if not check(response, key, 200):
                            return
                        if key == "day":
                            token, _cookie = _csrf(response)
                step = "register"
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
                    if check(response, "register", 302, location=spec["day_url"]):
                        registered.append(me["username"])
            except Exception as exc:  # noqa: BLE001 - counted, shown in the figures
                client_errors.append(f"{step}: {type(exc).__name__}: {exc}")
            finally:
                if step != "register" or me["username"] not in registered:
                    stopped.setdefault(step, 0)
                    stopped[step] += 1
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
        "registered": len(registered),
        "stopped": stopped,
        "client_errors": client_errors[:10],
        "pages": pages,
        "server_errors": sum(
            n for by_name in statuses.values() for code, n in by_name.items() if code[0] == "5"
        ),
    }
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(result, handle, indent=1)
