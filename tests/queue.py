"""The real task queue for tests: Redis as the broker, a Celery worker in a thread.

Redis is part of the machines virkplan runs on (127.0.0.1:6379; VIRKPLAN_TEST_REDIS_URL names
another): without it a test that asks for `redis_worker` fails and says so, it is not skipped.
"""

import os
import uuid
from collections.abc import Iterator

import kombu.pools
import pytest
import redis
from celery.contrib.testing.worker import start_worker

from virkplan.celery import app

REDIS_URL = os.environ.get("VIRKPLAN_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
QUEUE_SETTINGS = ("broker_url", "task_always_eager", "task_default_queue")


@pytest.fixture
def redis_worker() -> Iterator[str]:
    """The app pointed at Redis, on a queue of this test's own, with a worker in a thread."""
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        pytest.fail(
            f"Redis does not answer at {REDIS_URL} ({exc}). It is part of the machines "
            "virkplan runs on: start it (systemctl start redis-server), or name another "
            "with VIRKPLAN_TEST_REDIS_URL."
        )
    queue = f"virkplan-test-{uuid.uuid4().hex}"
    saved = {name: app.conf[name] for name in QUEUE_SETTINGS}
    _forget_connections()
    app.conf.update(broker_url=REDIS_URL, task_always_eager=False, task_default_queue=queue)
    try:
        with start_worker(app, perform_ping_check=False, queues=[queue], shutdown_timeout=20):
            yield queue
    finally:
        app.conf.update(saved)
        _forget_connections()
        # The queue and what Kombu keeps of its bindings go too.
        client = redis.Redis.from_url(REDIS_URL)
        leftovers = list(client.scan_iter(match=f"*{queue}*"))
        if leftovers:
            client.delete(*leftovers)


def _forget_connections() -> None:
    """Drop the app's pools of connections: they are made for the broker named when they
    were first used (in-process tasks take a producer from them too). Kombu keeps its pools
    per broker for the whole process, so they are emptied there too: a pool closed here and
    kept there would refuse every later test's in-process task."""
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
    kombu.pools.reset()


class Held:
    """A task's queue held: what is put in line is kept, not run, until `run()` runs it as a
    worker would. `held(monkeypatch, task)` holds `task`'s queue for one test."""

    def __init__(self, task) -> None:
        self.task = task
        self.calls: list[tuple] = []

    def delay(self, *args) -> None:
        self.calls.append(args)

    def run(self) -> None:
        calls, self.calls = self.calls, []
        for args in calls:
            self.task(*args)


def held(monkeypatch, task) -> Held:
    queue = Held(task)
    monkeypatch.setattr(task, "delay", queue.delay)
    return queue
