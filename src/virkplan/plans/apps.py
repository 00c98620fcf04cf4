from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "virkplan.plans"
    verbose_name = _("Plans")

    def ready(self) -> None:
        from simple_history.signals import pre_create_historical_record

        from .history.records import mark_deleted_in_batch

        pre_create_historical_record.connect(
            mark_deleted_in_batch, dispatch_uid="virkplan.plans.delete_batch"
        )
