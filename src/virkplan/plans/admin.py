"""The plans in Django's admin: to look up, with their history; changes go through the services.

Plans, goals and the rest are written by the site's pages, the importer and
the command line, all through plans.services with their rules (roles,
versions, the workflow). The admin shows them read-only, so it is never a
way around those rules; its two actions call the services: a draft can be
deleted, and an approved or published plan archived (a plan that is not a
draft is never deleted).
"""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from virkplan.core.errors import DomainError

from . import services
from .models import (
    Criterion,
    FocusArea,
    FollowUp,
    Goal,
    Plan,
    PlanFocusArea,
    PlanStatus,
    Section,
)


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """Lists, searches and shows rows and their history; no adding, changing or deleting."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.StackedInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SectionInline(ReadOnlyInline):
    model = Section


class PlanFocusAreaInline(ReadOnlyInline):
    model = PlanFocusArea


@admin.action(description=_("Delete the chosen draft plans"))
def delete_drafts(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    _each(request, queryset, lambda plan: services.plan_delete(user=request.user, plan=plan))


@admin.action(description=_("Archive the chosen plans"))
def archive(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    _each(
        request,
        queryset,
        lambda plan: services.plan_transition(
            user=request.user, plan=plan, to_status=PlanStatus.ARCHIVED
        ),
    )


def _each(request: HttpRequest, plans: QuerySet, change: Any) -> None:
    """Apply a service to each plan; a refusal is shown and the other plans go on."""
    for plan in plans:
        try:
            change(plan)
        except DomainError as exc:
            messages.error(request, f"{plan.title} ({plan.key}): {exc.message}")
        else:
            done = _("done")  # outside the f-string, where makemessages would not find it
            messages.success(request, f"{plan.title} ({plan.key}): {done}")


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ["title", "unit", "start_year", "end_year", "status"]
    list_filter = ["status", "kind", "start_year"]
    search_fields = ["title", "key", "unit__name"]
    inlines = [SectionInline, PlanFocusAreaInline]
    # The actions call the services, which check the user's roles themselves.
    actions = [delete_drafts, archive]


@admin.register(FocusArea)
class FocusAreaAdmin(ReadOnlyAdmin):
    list_display = ["title", "tagline", "group", "set_by", "start_year", "end_year"]
    list_filter = ["group", "start_year"]
    search_fields = ["title", "tagline", "key"]


@admin.register(PlanFocusArea)
class PlanFocusAreaAdmin(ReadOnlyAdmin):
    list_display = ["focus_area", "plan", "position"]
    list_filter = ["plan"]
    search_fields = ["focus_area__title", "plan__title"]


class CriterionInline(ReadOnlyInline):
    model = Criterion


@admin.register(Goal)
class GoalAdmin(ReadOnlyAdmin):
    list_display = ["statement", "ref", "plan_focus_area", "responsible_unit"]
    list_filter = ["plan_focus_area__plan"]
    search_fields = ["statement", "key", "ref"]
    inlines = [CriterionInline]


@admin.register(Criterion)
class CriterionAdmin(ReadOnlyAdmin):
    list_display = ["text", "goal", "comparison", "value", "unit_of_measure"]
    search_fields = ["text"]


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyAdmin):
    list_display = ["goal", "status", "date"]
    list_filter = ["status"]
    search_fields = ["text", "goal__statement"]


@admin.register(Section)
class SectionAdmin(ReadOnlyAdmin):
    list_display = ["title", "plan", "position"]
    search_fields = ["title", "body"]
