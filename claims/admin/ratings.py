"""The rating scale, managed by editors: labels and descriptions readers see, values on the scale.

A rating in use (by a verdict, a claim, its history, an imported fact-check or a rating mapping) keeps
its slug and cannot be deleted: the database's foreign keys refuse both (claims 0008, factchecks 0001);
the admin says so before trying.
"""

from django.contrib import admin, messages

from claims.models import RatingLevel
from claims.review.ratings import rating_in_use


@admin.register(RatingLevel)
class RatingLevelAdmin(admin.ModelAdmin):
    list_display = ["label", "slug", "value", "description"]
    list_display_links = ["label"]
    ordering = ["-value", "label"]
    search_fields = ["label", "slug"]
    fields = ["label", "slug", "value", "description"]

    def get_readonly_fields(self, request, obj=None):
        return ["slug"] if obj is not None and rating_in_use(obj) else []

    def has_delete_permission(self, request, obj=None):
        if obj is not None and rating_in_use(obj):
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        in_use = [rating.label for rating in queryset if rating_in_use(rating)]
        if in_use:
            self.message_user(request, f"Not deleted: {', '.join(in_use)} in use (by verdicts, claims, imported fact-checks or rating mappings).", messages.ERROR)
            queryset = queryset.exclude(label__in=in_use)
        super().delete_queryset(request, queryset)

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        protected = list(protected) + [f"{rating.label} (in use)" for rating in objs if rating_in_use(rating)]
        return deleted, counts, perms_needed, protected

