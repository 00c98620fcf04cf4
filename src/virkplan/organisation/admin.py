"""Units and their facts in Django's admin, and linking accounts to single sign-on."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from virkplan.core.data_version import data_changed

from .models import SignInIdentity, Unit, UnitFact


class ShownToAnonymousAdmin(admin.ModelAdmin):
    """An admin for rows the anonymous pages show: a change there makes cached pages old."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        data_changed()
        super().save_model(request, obj, form, change)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        data_changed()
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        data_changed()
        super().delete_queryset(request, queryset)


class UnitFactInline(admin.TabularInline):
    model = UnitFact
    extra = 0


@admin.register(Unit)
class UnitAdmin(ShownToAnonymousAdmin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "parent", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "formal_name", "key"]
    autocomplete_fields = ["parent"]
    filter_horizontal = ["successors"]
    inlines = [UnitFactInline]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            # Someone editing the unit's details on the site at the same time is told.
            obj.version += 1
        super().save_model(request, obj, form, change)


@admin.register(UnitFact)
class UnitFactAdmin(ShownToAnonymousAdmin):
    list_display = ["label", "value", "unit_of_measure", "unit"]
    search_fields = ["label", "unit__name"]
    autocomplete_fields = ["unit"]


@admin.register(SignInIdentity)
class SignInIdentityAdmin(admin.ModelAdmin):
    """Link an existing account to its single sign-on subject (or undo a link)."""

    list_display = ["user", "subject", "created_at"]
    search_fields = ["user__username", "subject"]
    autocomplete_fields = ["user"]
