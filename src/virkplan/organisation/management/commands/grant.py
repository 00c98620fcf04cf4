"""`virkplan grant USER ROLE UNIT`: give a user a role on a unit (and every unit below it)."""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from virkplan.core.errors import DomainError
from virkplan.organisation.models import Role, Unit
from virkplan.organisation.permissions import SYSTEM_ACTOR
from virkplan.organisation.services import role_grant, role_revoke


class Command(BaseCommand):
    help = "Give USER the ROLE (reader, editor, approver, administrator) on UNIT and below it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("user", help="user name")
        parser.add_argument("role", choices=[*Role.values, "none"], help="the role, or none")
        parser.add_argument("unit", help="the unit's key")

    def handle(self, *args, user: str, role: str, unit: str, **options) -> None:
        found = Unit.objects.filter(key=unit).first()
        if found is None:
            raise CommandError(_("No unit has the key “%(key)s”.") % {"key": unit})
        try:
            if role == "none":
                removed = role_revoke(actor=SYSTEM_ACTOR, username=user, unit=found)
                message = (
                    _("%(user)s no longer has a role on %(unit)s.")
                    if removed
                    else _("%(user)s had no role on %(unit)s.")
                )
                self.stdout.write(message % {"user": user, "unit": found.name})
                return
            grant = role_grant(actor=SYSTEM_ACTOR, username=user, role=role, unit=found)
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            self.style.SUCCESS(
                _("%(user)s is now %(role)s on %(unit)s and the units below it.")
                % {"user": user, "role": grant.get_role_display(), "unit": found.name}
            )
        )
