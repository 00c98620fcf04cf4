from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "virkplan.notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from virkplan.plans.signals import plan_moved

        from .services import notifications_for_plan_event

        plan_moved.connect(
            lambda sender, event, **kwargs: notifications_for_plan_event(event=event),
            weak=False,
            dispatch_uid="virkplan.notifications.plan_moved",
        )
