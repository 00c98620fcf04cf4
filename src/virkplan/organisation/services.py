"""Changes to the organisation: granting and revoking roles."""

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from virkplan.core.errors import DomainError, NotAllowed

from .models import Role, RoleGrant, Unit
from .permissions import forget_user_roles, user_roles


def _check_admin(actor: Any, unit: Unit) -> None:
    if not user_roles(actor).has(Role.ADMINISTRATOR, unit.pk):
        raise NotAllowed(_("Only an administrator of the unit or a unit above it can do that."))


@transaction.atomic
def role_grant(*, actor: Any, username: str, role: str, unit: Unit) -> RoleGrant:
    """Give the user the role on the unit (replacing any role they had on that unit)."""
    _check_admin(actor, unit)
    if role not in Role.values:
        raise DomainError(
            _("“%(role)s” is not a role; use one of %(roles)s.")
            % {"role": role, "roles": ", ".join(Role.values)}
        )
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise DomainError(_("No user is called “%(username)s”.") % {"username": username})
    grant, _created = RoleGrant.objects.update_or_create(
        user=user,
        unit=unit,
        defaults={"role": role, "granted_by": actor if getattr(actor, "pk", None) else None},
    )
    forget_user_roles(user)
    return grant


@transaction.atomic
def role_revoke(*, actor: Any, username: str, unit: Unit) -> bool:
    """Take away the user's role on the unit; False when they had none there."""
    _check_admin(actor, unit)
    deleted, _rows = RoleGrant.objects.filter(user__username=username, unit=unit).delete()
    return bool(deleted)
