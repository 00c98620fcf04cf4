"""The yearly cycle in Django's admin (a change there makes cached pages old)."""

from django.contrib import admin

from virkplan.organisation.admin import ShownToAnonymousAdmin

from .models import Activity


@admin.register(Activity)
class ActivityAdmin(ShownToAnonymousAdmin):
    list_display = ["title", "kind", "unit", "role", "day", "month", "plan_year_offset"]
    list_filter = ["kind", "role"]
    search_fields = ["title", "unit__name"]
    autocomplete_fields = ["unit"]
