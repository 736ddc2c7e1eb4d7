"""Verdicts and history: read-only for everyone, superusers too."""

from django.contrib import admin

from claims.admin.filters import RatingFilter
from claims.models import ClaimEvent, Verdict


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows only the system writes: verdicts and history (the workflow), webhook deliveries (the senders)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Verdict)
class VerdictAdmin(ReadOnlyAdmin):
    list_display = ["claim", "rating", "reviewer", "is_correction", "created_at"]
    list_select_related = ["claim", "reviewer"]
    list_filter = [RatingFilter, "is_correction"]
    show_full_result_count = False


@admin.register(ClaimEvent)
class ClaimEventAdmin(ReadOnlyAdmin):
    list_display = ["claim", "action", "from_status", "to_status", "actor", "created_at"]
    list_select_related = ["claim", "actor"]
    list_filter = ["action"]
    show_full_result_count = False
