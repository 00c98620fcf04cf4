import logging

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "virkplan.reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        # WeasyPrint reports each rendering step at INFO, which the site logs:
        # a dozen lines per PDF that say nothing to whoever reads the log.
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
