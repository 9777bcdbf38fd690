"""The run's machinery: the environment of the servers, PostgreSQL, Redis, the broker,
gunicorn groups, the Celery worker and the proxy (``bench.run``'s helpers)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DATASETS = ("demo", "ten-year")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
# The servers hand mails to this broker; the run's worker sends them (dummy backend).
BROKER_URL = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/1")

# One key for the whole run: the sessions made while preparing are read by gunicorn.
SECRET_KEY = os.environ.get("BENCH_SECRET_KEY") or "bench-" + os.urandom(24).hex()


# --- environment and database ------------------------------------------------------


def server_environment(
    database_url: str, cache_prefix: str = "", broker: bool = False
) -> dict[str, str]:
    """Production settings (DEBUG off) on plain HTTP at 127.0.0.1, no second factor
    (sessions are made directly), mails recorded and then dropped by the dummy mail
    backend, the cache in Redis (``BENCH_REDIS_URL``) under a prefix of the run and
    data set — or, without a prefix (the in-process prepare step), in the process's
    memory. With ``broker`` tasks go to ``BENCH_BROKER_URL`` (the worker sends the
    mails, as in production); without it they run in-process."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DEBUG="0",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        MFA_REQUIRED="0",
        DATABASE_URL=database_url,
        CELERY_BROKER_URL=BROKER_URL if broker else "",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
        CACHE_URL=REDIS_URL if cache_prefix else "locmem://",
        CACHE_KEY_PREFIX=cache_prefix or "g40",
    )
    return env


def _redis_check() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        raise SystemExit(
            f"bench: Redis at {REDIS_URL} does not answer ({exc}); the servers keep their "
            "cache there, as in production (BENCH_REDIS_URL=redis://… for another one)"
        ) from exc


def _broker_forget() -> None:
    """Delete what the run left in the broker (tasks not yet taken, kombu's bindings)."""
    import redis

    with contextlib.suppress(redis.RedisError):
        client = redis.Redis.from_url(BROKER_URL, socket_connect_timeout=2)
        for pattern in ("celery", "_kombu.*", "unacked*"):
            for key in client.scan_iter(match=pattern, count=1000):
                client.delete(key)


def _redis_forget(prefix: str) -> None:
    """Delete the run's keys (rate limits and flags)."""
    import redis

    with contextlib.suppress(redis.RedisError):
        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
        for key in client.scan_iter(match=f"{prefix}:*", count=1000):
            client.delete(key)


def _postgres_url(name: str) -> str:
    base = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
    return f"{base.rstrip('/')}/{name}"


def _admin_sql(*statements: str) -> None:
    import psycopg

    with psycopg.connect(_postgres_url("postgres"), autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)


def _run(args: list[str], env: dict[str, str], what: str) -> None:
    completed = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True)
    if completed.returncode != 0:
        sys.stderr.write(completed.stdout[-4000:] + completed.stderr[-4000:])
        raise SystemExit(f"bench: {what} failed")


def burst_outcome(database_url: str, day_id: int) -> dict[str, int]:
    """What the database says of a day after its burst: registrations per status."""
    import psycopg

    with psycopg.connect(database_url) as connection:
        rows = connection.execute(
            "SELECT status, count(*) FROM networkdays_registration "
            "WHERE network_day_id = %s GROUP BY status",
            (day_id,),
        ).fetchall()
    return dict(rows)


def outbox_drained(database_url: str, timeout: float = 180) -> float | None:
    """Wait until the worker has sent every mail recorded so far (none unsent or being
    rendered); returns the seconds waited, ``None`` after ``timeout``. Each burst
    starts with the previous burst's mails sent, so it does not share the machine with
    that batch; the time it took is printed (the mails of a burst of registrations go
    out ``OUTBOX_BATCH_DELAY_SECONDS`` after the first, in one batch)."""
    import psycopg

    started = time.monotonic()
    with psycopg.connect(database_url, autocommit=True) as connection:
        while time.monotonic() - started < timeout:
            (waiting,) = connection.execute(
                "SELECT count(*) FROM outbox_outgoingmail WHERE status IN ('unsent', 'rendering')"
            ).fetchone()
            if not waiting:
                return round(time.monotonic() - started, 1)
            time.sleep(0.2)
    return None


# --- gunicorn ------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn(env: dict[str, str], workers: int):
    """A gunicorn group of ``workers`` sync workers on a free port; yields its address."""
    port = _free_port()
    process = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "g40.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "60",
            "--log-level",
            "warning",
            "--backlog",
            "4096",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    host = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{host}/health/", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("bench: gunicorn did not start")
            time.sleep(0.3)
        yield host
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextlib.contextmanager
def celery_worker(env: dict[str, str]):
    """The worker that sends the mails, one process, at a lower priority than the web
    servers (mail is what can wait)."""
    process = subprocess.Popen(
        [
            "nice",
            "-n",
            "10",
            str(Path(PYTHON).parent / "celery"),
            "-A",
            "g40",
            "worker",
            "--pool",
            "solo",
            "--loglevel",
            "warning",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
    )
    try:
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextlib.contextmanager
def proxy(ports: list[int]):
    """``bench.proxy`` on a free port in front of ``ports``; yields its address."""
    port = _free_port()
    process = subprocess.Popen(
        [PYTHON, "-m", "bench.proxy", str(port), *(str(p) for p in ports)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        if process.stdout.readline().strip() != "ready":
            raise SystemExit("bench: the proxy did not start")
        yield f"http://127.0.0.1:{port}"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)


def _port(host: str) -> int:
    return int(host.rsplit(":", 1)[1])
