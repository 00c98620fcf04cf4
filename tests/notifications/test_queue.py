"""The mails go through the real queue: Redis as the broker, a Celery worker taking the task.

Redis is part of the machines virkplan runs on (127.0.0.1:6379; VIRKPLAN_TEST_REDIS_URL names
another): without it this test fails and says so, it is not skipped.
"""

import os
import time
import uuid
from collections.abc import Iterator

import kombu.pools
import pytest
import redis
from celery.contrib.testing.worker import start_worker

from virkplan.celery import app
from virkplan.notifications.models import Notification
from virkplan.plans import services
from virkplan.plans.models import PlanStatus

from .conftest import build_town

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


def _wait_for(condition, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_a_submitted_plans_mail_is_sent_by_a_worker_through_redis(
    transactional_db, smtp, redis_worker
):
    # Given a draft plan, the queue on Redis and a worker taking from it
    town = build_town()
    assert not app.conf.task_always_eager
    # When the editor submits the plan (the step commits; the mail task goes on the queue)
    services.plan_transition(
        user=town.people["editor"], plan=town.plan, to_status=PlanStatus.SUBMITTED
    )

    # Then the worker sends the approver's mail, once, and marks the notice mailed
    assert _wait_for(lambda: smtp.to("leder@albertslund.dk")), "no mail arrived from the worker"
    notice = Notification.objects.get(recipient=town.people["approver"])
    assert _wait_for(lambda: Notification.objects.get(pk=notice.pk).emailed_at is not None)
    (message,) = smtp.to("leder@albertslund.dk")
    assert "Virksomhedsplan 2026" in str(message["Subject"])
    assert len(smtp.messages) == 1
