"""What the plan services announce, for apps above plans that act on it (notifications).

Sent by the services themselves, never from `save()`: a bulk write or an import that
records history does not announce anything.
"""

from django.dispatch import Signal

plan_moved = Signal()
"""A plan took a step in its workflow (`plan_transition`), inside the step's transaction.

Sent with `event`, the `PlanEvent` that records the step. A receiver that fails undoes the
step; a receiver that sends something outside the database does it after the commit.
"""
