from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "virkplan.api"
    verbose_name = _("API")

    def ready(self) -> None:
        """A mistyped rate limit stops the site at start, not at the first request."""
        from django.conf import settings

        from .ratelimit import parse_rate

        for name in ("VIRKPLAN_API_RATE_TOKEN", "VIRKPLAN_API_RATE_ANONYMOUS"):
            try:
                parse_rate(getattr(settings, name))
            except ValueError as exc:
                raise ImproperlyConfigured(f"{name}: {exc}") from exc
