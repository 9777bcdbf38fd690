"""A real Celery worker against Redis: a task's round trip. Runs where
CELERY_BROKER_URL is set (CI sets it); elsewhere it is skipped, saying why."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    not settings.CELERY_BROKER_URL,
    reason="CELERY_BROKER_URL is not set: tasks run in-process, there is no worker to test",
)


@pytest.fixture
def worker_queue():
    """A worker process listening on a queue of its own, stopped after the test."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "g40",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-Q",
            queue,
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env={**os.environ},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield queue
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def test_a_task_goes_to_a_real_worker_and_its_result_comes_back(worker_queue):
    from g40.celery import app, ping

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        result = ping.apply_async(queue=worker_queue)
        # disable_sync_subtasks: earlier in-process (eager) tasks in this test process may
        # have left Celery believing it runs inside a task; this test is not one.
        assert result.get(timeout=60, disable_sync_subtasks=False) == "pong"
        assert result.successful()
    finally:
        app.conf.task_always_eager = previous
