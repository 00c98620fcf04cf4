from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "virkplan.web"
    verbose_name = _("Staff site")
