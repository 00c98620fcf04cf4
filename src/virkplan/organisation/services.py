"""Changes to the organisation: granting and revoking roles, accounts from single sign-on, units,
the municipality's identity and its accessibility statement.

Importing or editing units and the statement changes what anonymous pages show (a new data
version, core.data_version); roles and accounts do not, since a signed-in user's pages are
never cached.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from virkplan.core.data_version import atomic_write
from virkplan.core.errors import DomainError, EditConflict, NotAllowed

from .models import AccessibilityStatement, Role, RoleGrant, SignInIdentity, Unit, UnitFact
from .permissions import Actor, forget_user_roles, may_administer, recorded_user, user_roles

# Error messages, shared with the tests.
MSG_NOT_ADMINISTRATOR = gettext_lazy(
    "Only an administrator of the unit or a unit above it can do that."
)
MSG_UNIT_CONFLICT = gettext_lazy(
    "Someone else changed the unit's details while you were editing them. Nothing of yours "
    "was saved: compare with the details as they are now, then save again."
)
MSG_STATEMENT_CONFLICT = gettext_lazy(
    "Someone else changed the accessibility statement while you were editing it. Nothing of "
    "yours was saved: compare with the statement as it is now, then save again."
)
MSG_FIELD_ERROR = gettext_lazy("%(field)s: %(message)s")


def _check_admin(actor: Actor, unit: Unit) -> None:
    if not may_administer(actor, unit):
        raise NotAllowed(str(MSG_NOT_ADMINISTRATOR))


def _checked(row: models.Model, *, exclude: list[str] | None = None) -> None:
    """`full_clean`, its refusal as a DomainError naming each field ("E-mail: …")."""
    try:
        row.full_clean(exclude=exclude, validate_unique=False)
    except ValidationError as error:
        messages = []
        for name, errors in error.message_dict.items():
            label = (
                row._meta.get_field(name).verbose_name  # type: ignore[union-attr]
                if name != "__all__"
                else ""
            )
            for message in errors:
                messages.append(
                    str(MSG_FIELD_ERROR % {"field": str(label).capitalize(), "message": message})
                    if label
                    else message
                )
        raise DomainError(" ".join(messages), errors=messages) from error


@transaction.atomic
def sign_in_account_create(
    *, subject: str, username: str, email: str = "", first_name: str = "", last_name: str = ""
) -> Any:
    """A new account, without roles or a password, for the identity provider's subject.

    The user name is the one asked for, or, when an account already has it, the
    name with a number after it: an existing account is never taken over.
    """
    if not subject:
        raise DomainError(_("The identity provider sent no subject (sub)."))
    user_model = get_user_model()
    base = (username or subject)[:140]
    candidate, number = base, 1
    while user_model.objects.filter(username__iexact=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    user = user_model.objects.create_user(
        username=candidate, email=email, first_name=first_name[:150], last_name=last_name[:150]
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    SignInIdentity.objects.create(user=user, subject=subject)
    return user


@transaction.atomic
def role_grant(*, actor: Actor, username: str, role: str, unit: Unit) -> RoleGrant:
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
        defaults={"role": role, "granted_by": recorded_user(actor)},
    )
    forget_user_roles(user)
    return grant


@transaction.atomic
def role_revoke(*, actor: Actor, username: str, unit: Unit) -> bool:
    """Take away the user's role on the unit; False when they had none there."""
    _check_admin(actor, unit)
    deleted, _rows = RoleGrant.objects.filter(user__username=username, unit=unit).delete()
    return bool(deleted)


# Units from an import -------------------------------------------------------------------------


@dataclass
class UnitData:
    """A unit as an import file describes it."""

    key: str
    name: str
    kind: str
    short_name: str = ""
    formal_name: str = ""
    parent_key: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    contact: dict[str, str] = field(default_factory=dict)
    facts: list[tuple[str, Decimal, str]] = field(default_factory=list)
    """Label, value and unit of measure of each fact."""
    successor_keys: list[str] = field(default_factory=list)


CONTACT_FIELDS = ("address", "web", "email", "phone", "fax")


def unit_import_changes(*, data: UnitData, unit: Unit) -> list[str]:
    """What importing `data` would change on the stored `unit`, in words (empty: nothing)."""
    changes = []

    def differs(label: Any, old: Any, new: Any) -> None:
        if (old or "") != (new or ""):
            changes.append(
                _("%(what)s “%(old)s” → “%(new)s”")
                % {"what": label, "old": old or "–", "new": new or "–"}
            )

    differs(_("name"), unit.name, data.name)
    differs(_("short name"), unit.short_name, data.short_name)
    differs(_("formal name"), unit.formal_name, data.formal_name)
    differs(_("kind"), unit.kind, data.kind)
    differs(_("parent unit"), unit.parent.key if unit.parent else None, data.parent_key)
    differs(_("valid from"), unit.valid_from, data.valid_from)
    differs(_("valid to"), unit.valid_to, data.valid_to)
    for name in CONTACT_FIELDS:
        label = Unit._meta.get_field(name).verbose_name  # type: ignore[union-attr]
        differs(label, getattr(unit, name), data.contact.get(name))
    facts = [(f.label, f.value, f.unit_of_measure) for f in unit.facts.all()]
    if facts != [(label, Decimal(value), measure) for label, value, measure in data.facts]:
        changes.append(_("other facts"))
    successors = sorted(unit.successors.values_list("key", flat=True))
    differs(_("successors"), ", ".join(successors), ", ".join(sorted(data.successor_keys)))
    return changes


def unit_import_refusal(
    *,
    user: Actor,
    data: UnitData,
    stored: Unit | None,
    parents: dict[str, str | None],
    update: bool,
) -> str:
    """Why `user` may not import the unit (empty when they may), without writing anything.

    `parents` maps every unit key of the file and of virkplan to its parent's key.
    """
    roles = user_roles(user)
    if stored is None:
        stored_keys = set(Unit.objects.values_list("key", flat=True))
        above, seen = data.parent_key, {data.key}
        while above is not None and above not in stored_keys and above not in seen:
            seen.add(above)
            above = parents.get(above)
        holder = Unit.objects.filter(key=above).first() if above in stored_keys else None
        if not (roles.is_superuser or (holder and roles.has(Role.ADMINISTRATOR, holder.pk))):
            return _("only an administrator of the unit above it may add the unit “%(name)s”.") % {
                "name": data.name
            }
        return ""
    changes = unit_import_changes(data=data, unit=stored)
    if not changes:
        return ""
    if not update:
        return _(
            "the unit “%(name)s” (%(key)s) is stored otherwise; importing it would change: "
            "%(changes)s. Units are changed by an import only when it is asked to update them."
        ) % {"name": stored.name, "key": stored.key, "changes": "; ".join(changes)}
    if not roles.has(Role.ADMINISTRATOR, stored.pk):
        return _("only an administrator of the unit “%(name)s” may change it.") % {
            "name": stored.name
        }
    return ""


@atomic_write
def units_import(*, user: Actor, units: list[UnitData], update: bool = False) -> int:
    """Add the file's new units and, when `update`, change stored ones; returns how many changed.

    Refuses with NotAllowed (and writes nothing) when a unit may not be
    added or changed; a stored unit the file describes as it is stays untouched.
    """
    parents: dict[str, str | None] = dict(Unit.objects.values_list("key", "parent__key"))
    parents.update({u.key: u.parent_key for u in units})
    stored = {u.key: u for u in Unit.objects.filter(key__in=[u.key for u in units])}
    for data in units:
        refusal = unit_import_refusal(
            user=user, data=data, stored=stored.get(data.key), parents=parents, update=update
        )
        if refusal:
            raise NotAllowed(refusal)
    written: dict[str, Unit] = {}
    for position, data in enumerate(units):
        unit = stored.get(data.key)
        if unit is not None and not unit_import_changes(data=data, unit=unit):
            continue
        written[data.key] = _unit_write(data, unit, position)
    by_key = {**stored, **written}
    for data in units:
        if data.key not in written:
            continue
        unit = written[data.key]
        parent_key = data.parent_key
        unit.parent = (
            (by_key.get(parent_key) or Unit.objects.get(key=parent_key)) if parent_key else None
        )
        unit.full_clean()
        unit.save()
        unit.successors.set(Unit.objects.filter(key__in=data.successor_keys))
    return len(written)


def _unit_write(data: UnitData, unit: Unit | None, position: int) -> Unit:
    if unit is None:
        unit = Unit(key=data.key, position=position)
    else:
        unit.version += 1  # someone editing the unit's details is told it changed
    unit.name, unit.short_name, unit.kind = data.name, data.short_name, data.kind
    unit.formal_name = data.formal_name
    unit.valid_from, unit.valid_to = data.valid_from, data.valid_to
    for name in CONTACT_FIELDS:
        setattr(unit, name, data.contact.get(name, ""))
    unit.full_clean(exclude=["parent"], validate_unique=False, validate_constraints=False)
    unit.save()
    unit.facts.all().delete()
    UnitFact.objects.bulk_create(
        UnitFact(unit=unit, label=label, value=value, unit_of_measure=measure, position=n)
        for n, (label, value, measure) in enumerate(data.facts)
    )
    return unit


# The unit's names and details, edited on the site -----------------------------------------------


@dataclass
class UnitDetails:
    """The municipality's identity as its settings page edits it; None leaves a field as it is."""

    name: str | None = None
    short_name: str | None = None
    formal_name: str | None = None
    address: str | None = None
    web: str | None = None
    email: str | None = None
    phone: str | None = None


@atomic_write
def unit_details_update(
    *,
    actor: Actor,
    unit: Unit,
    expected_version: int,
    details: UnitDetails,
    logo: File | None = None,
    remove_logo: bool = False,
) -> Unit:
    """Change the unit's names, contact details and logo, as an administrator of the unit.

    Refuses with NotAllowed for anyone else, with EditConflict (nothing saved) when the
    unit changed since `expected_version`, and with a DomainError naming the field for a bad
    value, such as an e-mail address that is not one or a logo that is not a safe PNG or SVG
    (organisation.logos). The header and footer of every page show the change at once.
    """
    _check_admin(actor, unit)
    row = Unit.objects.select_for_update().get(pk=unit.pk)
    if row.version != expected_version:
        raise EditConflict(str(MSG_UNIT_CONFLICT), current=row)
    for name, value in vars(details).items():
        if value is not None:
            setattr(row, name, value.strip())
    if logo is not None:
        row.logo = logo  # type: ignore[assignment]
    elif remove_logo:
        row.logo = ""  # type: ignore[assignment]
    row.version += 1
    _checked(row, exclude=["parent", "successors"])
    row._history_user = recorded_user(actor)  # type: ignore[attr-defined]
    row.save()
    return row


def unit_names_update(
    *, actor: Actor, unit: Unit, expected_version: int, short_name: str, formal_name: str
) -> Unit:
    """Change the unit's short and formal names ("Miljø & Teknik", "Miljø- og
    Teknikafdelingen"), as an administrator of the unit; refusals as unit_details_update."""
    return unit_details_update(
        actor=actor,
        unit=unit,
        expected_version=expected_version,
        details=UnitDetails(short_name=short_name, formal_name=formal_name),
    )


# The accessibility statement ------------------------------------------------------------------


@dataclass
class StatementData:
    """What the settings page edits of the accessibility statement."""

    compliance: str
    compliance_text: str
    non_accessible: str
    prepared_on: date
    reviewed_on: date
    feedback_email: str
    feedback_phone: str
    complaints_url: str


@atomic_write
def accessibility_statement_update(
    *, actor: Actor, unit: Unit, expected_version: int, data: StatementData
) -> AccessibilityStatement:
    """Change the municipality's accessibility statement (made on first save), as an
    administrator of the municipality.

    `expected_version` is the version the user saw (0 for a statement never saved): a
    change by someone else since is an EditConflict, nothing saved. A bad value is a
    DomainError naming the field.
    """
    _check_admin(actor, unit)
    Unit.objects.select_for_update().filter(pk=unit.pk).first()  # one writer at a time
    row = AccessibilityStatement.objects.filter(unit=unit).first()
    if row is None:
        row = AccessibilityStatement(unit=unit, version=0)
    if row.version != expected_version:
        raise EditConflict(str(MSG_STATEMENT_CONFLICT), current=row)
    for name, value in vars(data).items():
        setattr(row, name, value.strip() if isinstance(value, str) else value)
    row.version += 1
    _checked(row, exclude=["unit"])
    row._history_user = recorded_user(actor)  # type: ignore[attr-defined]
    row.save()
    return row
