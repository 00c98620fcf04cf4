from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Comment


@admin.register(Comment)
class CommentAdmin(SimpleHistoryAdmin):
    """Read only: comments are written and deleted on the pages, through the services."""

    list_display = ("plan", "goal", "author", "created_at", "deleted")
    list_filter = ("deleted",)
    search_fields = ("text", "author__username")
    raw_id_fields = ("plan", "goal", "author", "mentioned")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
