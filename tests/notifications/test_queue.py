"""The mails go through the real queue: Redis as the broker, a Celery worker taking the task.

Redis is part of the machines virkplan runs on (127.0.0.1:6379; VIRKPLAN_TEST_REDIS_URL names
another): without it this test fails and says so, it is not skipped.
"""

import time

from virkplan.celery import app
from virkplan.notifications.models import Notification
from virkplan.plans import services
from virkplan.plans.models import PlanStatus

from .conftest import build_town


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
