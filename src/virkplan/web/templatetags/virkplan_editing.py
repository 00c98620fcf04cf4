"""Template filters for the editing pages: what the signed-in user may change.

The rules are plans.permissions'; these filters only make them usable in templates.
"""

from typing import Any

from django import template
from django.template.defaultfilters import truncatewords
from django.template.defaulttags import CsrfTokenNode
from django.utils.html import conditional_escape as escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from virkplan.core.display import content_lang_attribute
from virkplan.core.templatetags.virkplan import criterion_text, icon
from virkplan.organisation.permissions import Actor
from virkplan.organisation.permissions import may_administer as _may_administer
from virkplan.plans import permissions
from virkplan.plans.models import Plan

from .virkplan_links import item_url

register = template.Library()


@register.filter
def may_create_plan_in(user: Actor, unit: Any) -> bool:
    """Whether the user may start a new plan for the unit."""
    return bool(getattr(user, "is_authenticated", False)) and permissions.can_create_plan(
        user, unit.pk
    )


@register.filter
def may_administer(user: Actor, unit: Any) -> bool:
    """Whether the user may change the unit's names (and, for the municipality, its details)."""
    return bool(getattr(user, "is_authenticated", False)) and _may_administer(user, unit)


@register.filter
def may_edit(user: Actor, plan: Plan) -> bool:
    """Whether the plan's editing page has something for the user.

    A draft the user may change or add goals to, or an approved or published
    plan the user may start a new revision of.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    return permissions.can_add_goals(user, plan) or permissions.can_start_revision(user, plan)


@register.simple_tag(takes_context=True)
def edit_actions(
    context: template.Context,
    obj: Any,
    *,
    slot: str,
    name: str,
    container: str = "",
    edit_url: str = "",
    move_url: str = "",
    delete_url: str = "",
) -> SafeString:
    """The buttons of one item on the editing page: Edit and Delete swap into `slot`; Move
    up and Move down re-render `container`; `name` says which item to screen readers.

    `obj` is an editor item, or the editor for the plan: its `focus` says which button had
    the focus before the swap, `is_first` and `is_last` which moves it can make. A tag rather
    than an included template, and every value escaped once up front: the editing page of a
    large plan has several hundred items.
    """
    focus = getattr(obj, "focus", "")
    slot, name, container = escape(slot), escape(name), escape(container)

    def autofocus(button: str) -> str:
        return " autofocus" if focus == button else ""

    # Translated outside the f-strings below, where makemessages would not find them.
    edit_label, delete_label = _("Edit"), _("Delete")
    edit = move = delete = ""
    if edit_url:
        url = escape(edit_url)
        edit = (
            f'<a class="button button-secondary vp-small-button" href="{url}" hx-get="{url}" '
            f'hx-target="#{slot}" hx-swap="outerHTML"{autofocus("edit")}>{icon("edit")}'
            f'{escape(edit_label)}<span class="sr-only">: {name}</span></a>'
        )
    is_first, is_last = getattr(obj, "is_first", True), getattr(obj, "is_last", True)
    if move_url and (not is_first or not is_last):
        up = down = ""
        if not is_first:
            up = _move_button("op", escape(_("Move up")), autofocus("up"), "arrow-upward", name)
        if not is_last:
            label = escape(_("Move down"))
            down = _move_button("ned", label, autofocus("down"), "arrow-downward", name)
        url = escape(move_url)
        csrf = CsrfTokenNode().render(context)
        move = (
            f'<form class="vp-inline-form" method="post" action="{url}" hx-post="{url}" '
            f'hx-target="#{container}" hx-swap="outerHTML">{csrf}\n    {up}\n    {down}\n  </form>'
        )
    if delete_url:
        url = escape(delete_url)
        delete = (
            f'<a class="button button-secondary vp-small-button vp-delete-button" href="{url}" '
            f'hx-get="{url}" hx-target="#{slot}" hx-swap="outerHTML"{autofocus("delete")}>'
            f'{icon("delete")}{escape(delete_label)}<span class="sr-only">: {name}</span></a>'
        )
    # Every part above is escaped or markup of our own.
    return mark_safe(f'<div class="vp-edit-actions">\n  {edit}\n  {move}\n  {delete}\n</div>\n')


def _move_button(value: str, label: str, autofocus: str, icon_name: str, name: str) -> str:
    return (
        f'<button type="submit" name="direction" value="{value}" class="button '
        f'button-secondary vp-small-button vp-icon-button" title="{label}"{autofocus}>'
        f'{icon(icon_name)}<span class="sr-only">{label}: {name}</span></button>'
    )


@register.simple_tag(takes_context=True)
def criterion_item(context: template.Context, criterion: Any, goal: Any) -> SafeString:
    """A success criterion on the editing page, with its buttons when the user may change it.

    `criterion` and `goal` are the editor's items (web.views.editor). One tag for what was
    an included template: the editing page of a large plan has hundreds of criteria, and the
    template engine spent more on resolving each one's addresses and arguments than on
    drawing it.
    """
    actions = ""
    if criterion.can_edit:
        goal_key, pk = goal.row.key, criterion.row.pk
        actions = edit_actions(
            context,
            criterion,
            slot=criterion.dom_id,
            container=f"{goal.dom_id}-criteria",
            name=truncatewords(criterion.row.text, 8),
            edit_url=item_url("web:criterion-edit", goal_key, pk),
            move_url=item_url("web:criterion-move", goal_key, pk),
            delete_url=item_url("web:criterion-delete", goal_key, pk),
        )
    return mark_safe(  # the parts are escaped by the tags that draw them
        f'<div class="vp-edit-item vp-edit-criterion" id="{escape(criterion.dom_id)}">\n'
        f"  {criterion_text(criterion.row)}\n  {actions}\n</div>\n"
    )


@register.simple_tag
def add_button(
    dom_id: str,
    url: str,
    label: str,
    *,
    name: str = "",
    focus: str = "",
    when: str = "",
    autofocus: bool = False,
) -> SafeString:
    """An "Add …" button that swaps its form into its own slot `dom_id`; `name` says to
    screen readers what it adds to. It gets the keyboard with `autofocus`, or when the item's
    `focus` is `when` (the button that was pressed before the swap)."""
    dom_id, url = escape(dom_id), escape(url)
    focused = " autofocus" if autofocus or (focus and focus == when) else ""
    named = f'<span class="sr-only">: {escape(name)}</span>' if name else ""
    return mark_safe(  # every value is escaped above
        f'<div id="{dom_id}" class="vp-add-slot">\n  <a class="button button-secondary '
        f'vp-small-button" href="{url}" hx-get="{url}" hx-target="#{dom_id}" '
        f'hx-swap="outerHTML"{focused}>{icon("plus")}{escape(label)}{named}</a>\n</div>\n'
    )


@register.simple_tag(takes_context=True)
def goal_head(context: template.Context, goal: Any) -> SafeString:
    """A goal's heading on the editing page: its statement, who answers for it, a link to its
    page and, when the user may change it, its buttons. `goal` is the editor's item
    (web.views.editor.GoalItem). One tag for what was an included template, for the same
    reason as `criterion_item`."""
    row = goal.row
    lang = content_lang_attribute()
    label: str = escape(_("Sub-goal") if row.parent_id else _("Goal"))
    if row.ref:
        label += f" {escape(row.ref)}"
    # Translated outside the f-strings below, where makemessages would not find them.
    responsible_label, page_label = _("Responsible:"), _("Goal page and history")
    responsible = ""
    if row.responsible_unit:
        responsible = (
            f"{escape(responsible_label)} <span{lang}>{escape(row.responsible_unit.name)}</span> · "
        )
    name = truncatewords(row.statement, 8)
    actions = ""
    if goal.can_edit:
        actions = edit_actions(
            context,
            goal,
            slot=f"{goal.dom_id}-head",
            container=goal.container_id,
            name=name,
            edit_url=item_url("web:goal-edit", row.key),
            move_url=item_url("web:goal-move", row.key),
            delete_url=item_url("web:goal-delete", row.key),
        )
    level = int(goal.level)
    return mark_safe(  # every value is escaped above or by the tags that draw it
        f'<div class="vp-edit-item vp-goal-head" id="{escape(goal.dom_id)}-head">\n'
        f'  <h{level} class="vp-goal-title"><span class="vp-label">{label}:</span> '
        f"<span{lang}>{escape(row.statement)}</span></h{level}>\n"
        f'  <p class="vp-goal-meta">{responsible}<a href="{escape(item_url("web:goal", row.key))}">'
        f'{escape(page_label)}<span class="sr-only">: <span{lang}>'
        f"{escape(name)}</span></span></a></p>\n  {actions}\n</div>\n"
    )
