from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Criterion, FocusArea, FollowUp, Goal, Plan, PlanFocusArea, Section


class SectionInline(admin.StackedInline):
    model = Section
    extra = 0


class PlanFocusAreaInline(admin.TabularInline):
    model = PlanFocusArea
    extra = 0
    autocomplete_fields = ["focus_area"]


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "unit", "start_year", "end_year", "status"]
    list_filter = ["status", "kind", "start_year"]
    search_fields = ["title", "key", "unit__name"]
    autocomplete_fields = ["unit"]
    inlines = [SectionInline, PlanFocusAreaInline]


@admin.register(FocusArea)
class FocusAreaAdmin(SimpleHistoryAdmin):
    list_display = ["title", "tagline", "group", "set_by", "start_year", "end_year"]
    list_filter = ["group", "start_year"]
    search_fields = ["title", "tagline", "key"]
    autocomplete_fields = ["set_by"]


@admin.register(PlanFocusArea)
class PlanFocusAreaAdmin(SimpleHistoryAdmin):
    list_display = ["focus_area", "plan", "position"]
    list_filter = ["plan"]
    search_fields = ["focus_area__title", "plan__title"]
    autocomplete_fields = ["plan", "focus_area"]


class CriterionInline(admin.StackedInline):
    model = Criterion
    extra = 0


@admin.register(Goal)
class GoalAdmin(SimpleHistoryAdmin):
    list_display = ["statement", "ref", "plan_focus_area", "responsible_unit"]
    list_filter = ["plan_focus_area__plan"]
    search_fields = ["statement", "key", "ref"]
    autocomplete_fields = ["plan_focus_area", "parent", "responsible_unit", "continues"]
    inlines = [CriterionInline]


@admin.register(Criterion)
class CriterionAdmin(SimpleHistoryAdmin):
    list_display = ["text", "goal", "comparison", "value", "unit_of_measure"]
    search_fields = ["text"]
    autocomplete_fields = ["goal"]


@admin.register(FollowUp)
class FollowUpAdmin(SimpleHistoryAdmin):
    list_display = ["goal", "status", "date"]
    list_filter = ["status"]
    search_fields = ["text", "goal__statement"]
    autocomplete_fields = ["goal"]
    filter_horizontal = ["criteria"]


@admin.register(Section)
class SectionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "plan", "position"]
    search_fields = ["title", "body"]
    autocomplete_fields = ["plan"]
