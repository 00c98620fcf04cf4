"""Who hears of a plan's step, and the notices a user may see: their own, never another's."""

from django.contrib.auth.models import User
from django.db.models import QuerySet

from virkplan.organisation.models import Role
from virkplan.organisation.permissions import Actor, role_holders
from virkplan.plans.models import PlanEvent, PlanStatus

from .models import Notification, NotificationPreference


def notifications_of(*, user: Actor) -> QuerySet[Notification]:
    """The user's own notices, newest first, with what the list shows of each."""
    return Notification.objects.filter(recipient_id=user.pk).select_related(
        "plan", "plan__unit", "goal", "actor", "activity", "unit"
    )


def unread_count(*, user: Actor) -> int:
    """How many of the user's notices are unread (one query)."""
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def preference_of(*, user: Actor) -> NotificationPreference:
    """The user's choices; the defaults (every kind by e-mail, in Danish) when never chosen."""
    found = NotificationPreference.objects.filter(user_id=user.pk).first()
    return found if found is not None else NotificationPreference(user_id=user.pk)


def holders_of(*, role: Role, unit_id: int) -> list[User]:
    """The active users whose role on the unit is `role`: granted there or on a unit above it,
    and no higher role on either (a municipality's administrators are not everybody's
    approvers). Two queries."""
    return role_holders(role=role, unit_id=unit_id)


def submitter_of(*, event: PlanEvent) -> User | None:
    """Who last submitted the plan before this step (they wrote it, whatever their role)."""
    submitted = (
        PlanEvent.objects.filter(plan_id=event.plan_id, to_status=PlanStatus.SUBMITTED)
        .exclude(pk=event.pk)
        .filter(pk__lt=event.pk)
        .select_related("user")
        .order_by("-pk")
        .first()
    )
    user = submitted.user if submitted is not None else None
    return user if user is not None and user.is_active else None
