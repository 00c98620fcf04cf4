"""Who holds which role where: roles are granted on a unit and hold for its whole subtree."""

import contextlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from django.contrib.auth import get_user_model

from .models import ROLE_RANK, Role, RoleGrant, Unit

if TYPE_CHECKING:
    from django.contrib.auth.models import User

_CACHE_ATTRIBUTE = "_virkplan_roles"


class Actor(Protocol):
    """Whoever reads or writes: a signed-in user, an anonymous visitor, or the server itself.

    Every permission rule, selector and service takes one. Only a signed-in user
    has a primary key, and only a signed-in user is recorded as the author of a
    change (see recorded_user); the anonymous visitor reads what is published,
    and the server acts with every right (the command line, the demo, jobs).
    """

    @property
    def is_authenticated(self) -> bool: ...

    @property
    def is_superuser(self) -> bool: ...

    @property
    def pk(self) -> Any: ...


class _System:
    """The server's own rights, for the command line and scheduled jobs: may do everything."""

    is_authenticated = True
    is_superuser = True
    pk = None


SYSTEM_ACTOR: Actor = _System()


@dataclass
class UserRoles:
    """A user's effective role on every unit, with grants inherited down the tree."""

    is_superuser: bool = False
    by_unit: dict[int, Role] = field(default_factory=dict)
    parents: dict[int, int | None] = field(default_factory=dict)

    def role_on(self, unit_id: int | None) -> Role | None:
        """The highest role that holds on the unit: granted there or on a unit above it."""
        if self.is_superuser:
            return Role.ADMINISTRATOR
        return self.by_unit.get(unit_id) if unit_id is not None else None

    def has(self, role: Role, unit_id: int | None) -> bool:
        held = self.role_on(unit_id)
        return held is not None and ROLE_RANK[held] >= ROLE_RANK[role]

    def has_below_or_on(self, role: Role, unit_id: int) -> bool:
        """Whether the role holds on the unit or on any unit under it."""
        if self.has(role, unit_id):
            return True
        return any(
            ROLE_RANK[held] >= ROLE_RANK[role] and self._is_below(other, unit_id)
            for other, held in self.by_unit.items()
        )

    def _is_below(self, unit_id: int, ancestor_id: int) -> bool:
        current = self.parents.get(unit_id)
        while current is not None:
            if current == ancestor_id:
                return True
            current = self.parents.get(current)
        return False

    def units_with(self, role: Role) -> set[int]:
        """Every unit on which the role holds (all units for a superuser)."""
        if self.is_superuser:
            return set(self.parents)
        return {
            unit_id for unit_id, held in self.by_unit.items() if ROLE_RANK[held] >= ROLE_RANK[role]
        }


def may_administer(actor: Actor | None, unit: Unit) -> bool:
    """Whether the actor may change the unit's names, contact details and logo (and, for the
    municipality, the accessibility statement): an administrator of the unit or of a unit
    above it; a superuser is one everywhere."""
    return user_roles(actor).has(Role.ADMINISTRATOR, unit.pk)


def recorded_user(actor: Actor | None) -> "User | None":
    """The user to record as the author of a change: None for the server and anonymous visitors."""
    return actor if isinstance(actor, get_user_model()) else None


def user_roles(user: Actor | None) -> UserRoles:
    """The user's effective roles, loaded in two queries and kept on the user object."""
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    if (
        user is None
        or not getattr(user, "is_authenticated", False)
        or not getattr(user, "pk", None)
    ):
        roles = UserRoles(is_superuser=bool(getattr(user, "is_superuser", False)))
    else:
        roles = _effective_roles(user)
    if user is not None:
        with contextlib.suppress(AttributeError):
            setattr(user, _CACHE_ATTRIBUTE, roles)
    return roles


def forget_user_roles(user: Actor) -> None:
    """Drop the cached roles after a grant changes."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def _effective_roles(user: Actor) -> UserRoles:
    parents: dict[int, int | None] = dict(Unit.objects.values_list("pk", "parent_id"))
    grants = dict(RoleGrant.objects.filter(user_id=user.pk).values_list("unit_id", "role"))
    children: dict[int | None, list[int]] = {}
    for unit_id, parent_id in parents.items():
        children.setdefault(parent_id, []).append(unit_id)
    by_unit: dict[int, Role] = {}

    def walk(unit_id: int, inherited: Role | None) -> None:
        granted = grants.get(unit_id)
        best = inherited
        if granted is not None and (best is None or ROLE_RANK[Role(granted)] > ROLE_RANK[best]):
            best = Role(granted)
        if best is not None:
            by_unit[unit_id] = best
        for child in children.get(unit_id, []):
            walk(child, best)

    for root in children.get(None, []):
        walk(root, None)
    return UserRoles(is_superuser=user.is_superuser, by_unit=by_unit, parents=parents)


def role_holders(*, role: Role, unit_id: int) -> "list[User]":
    """The active users whose role on the unit is `role`: granted there or on a unit above it,
    and no higher role on either (a municipality's administrators are not everybody's
    approvers). The rule of `user_roles`, read for one unit; two queries."""
    parents = dict(Unit.objects.values_list("pk", "parent_id"))
    chain: list[int] = []
    current: int | None = unit_id
    while current is not None and current not in chain:
        chain.append(current)
        current = parents.get(current)
    best: dict[int, int] = {}
    for user_id, granted in RoleGrant.objects.filter(unit_id__in=chain).values_list(
        "user_id", "role"
    ):
        best[user_id] = max(best.get(user_id, 0), ROLE_RANK[Role(granted)])
    wanted = [user_id for user_id, rank in best.items() if rank == ROLE_RANK[role]]
    return list(get_user_model().objects.filter(pk__in=wanted, is_active=True).order_by("pk"))
