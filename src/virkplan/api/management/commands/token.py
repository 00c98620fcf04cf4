"""`virkplan token create USER [--name NAME]`, `virkplan token revoke ID|PREFIX`,
`virkplan token list USER`: API tokens from the command line."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import formats
from django.utils.translation import gettext as _

from virkplan.core.errors import DomainError
from virkplan.plans.selectors import SYSTEM_ACTOR

from ...selectors import token_by_reference, tokens_of
from ...services import token_create, token_revoke


class Command(BaseCommand):
    help = "Create, revoke and list users' API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="a new token for USER; prints it once")
        create.add_argument("user", help="user name")
        create.add_argument("--name", default="", help="what the token is for")
        revoke = actions.add_parser("revoke", help="revoke a token at once")
        revoke.add_argument("token", help="the token's number or prefix (vp_1a2b3c4d)")
        listing = actions.add_parser("list", help="USER's tokens")
        listing.add_argument("user", help="user name")

    def handle(self, *args, action: str, **options) -> None:
        try:
            getattr(self, f"_{action}")(**options)
        except DomainError as error:
            raise CommandError(error.message) from error

    def _user(self, username: str):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("No user is called “%(username)s”.") % {"username": username})
        return user

    def _create(self, *, user: str, name: str, **options) -> None:
        owner = self._user(user)
        name = name or _("Command line")
        issued = token_create(actor=SYSTEM_ACTOR, owner=owner, name=name)
        self.stderr.write(
            _("A token “%(name)s” for %(user)s (number %(id)s). It is shown only now:")
            % {"name": issued.token.name, "user": owner.get_username(), "id": issued.token.pk}
        )
        self.stdout.write(issued.secret)

    def _revoke(self, *, token: str, **options) -> None:
        found = token_by_reference(reference=token)
        if found is None:
            raise CommandError(_("No token has the number or prefix “%(ref)s”.") % {"ref": token})
        token_revoke(actor=SYSTEM_ACTOR, token=found)
        self.stdout.write(
            _("Revoked the token “%(name)s” (%(prefix)s) of %(user)s.")
            % {
                "name": found.name,
                "prefix": found.display_prefix,
                "user": found.user.get_username(),
            }
        )

    def _list(self, *, user: str, **options) -> None:
        owner = self._user(user)
        for token in tokens_of(user=owner):
            state = (
                _("revoked %(date)s") % {"date": _when(token.revoked_at)}
                if token.revoked_at
                else _("last used %(date)s") % {"date": _when(token.last_used_at)}
                if token.last_used_at
                else _("never used")
            )
            self.stdout.write(f"{token.pk}\t{token.display_prefix}\t{token.name}\t{state}")


def _when(moment) -> str:
    return formats.date_format(moment, "Y-m-d H:i")
