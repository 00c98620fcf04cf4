"""`virkplan load_demo`: load the reference plans when the database has no plans yet."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from virkplan.demo.services import DEMO_PASSWORD, demo_load, demo_users_create


class Command(BaseCommand):
    help = "Load the demo plans (Albertslund, Miljø & Teknik 2012–2014) into an empty database."

    def handle(self, *args, **options) -> None:
        result = demo_load()
        if result is None:
            self.stdout.write(_("The database already has plans; the demo was not loaded."))
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Loaded the demo: %(plans)s plans, %(goals)s goals.")
                    % {"plans": len(result.plans), "goals": result.goals}
                )
            )
        if settings.VIRKPLAN_DEMO_USERS:
            created = demo_users_create()
            if created:
                self.stdout.write(
                    _("Demo users created (password “%(password)s”): %(users)s.")
                    % {"password": DEMO_PASSWORD, "users": ", ".join(created)}
                )
