from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import SignInIdentity, Unit, UnitFact


class UnitFactInline(admin.TabularInline):
    model = UnitFact
    extra = 0


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "parent", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "key"]
    autocomplete_fields = ["parent"]
    filter_horizontal = ["successors"]
    inlines = [UnitFactInline]


@admin.register(UnitFact)
class UnitFactAdmin(admin.ModelAdmin):
    list_display = ["label", "value", "unit_of_measure", "unit"]
    search_fields = ["label", "unit__name"]
    autocomplete_fields = ["unit"]


@admin.register(SignInIdentity)
class SignInIdentityAdmin(admin.ModelAdmin):
    """Link an existing account to its single sign-on subject (or undo a link)."""

    list_display = ["user", "subject", "created_at"]
    search_fields = ["user__username", "subject"]
    autocomplete_fields = ["user"]
