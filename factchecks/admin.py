"""Imported fact-checks (read and correct) and the rating mapping editors manage."""

from django import forms
from django.contrib import admin

from claims.review.ratings import rating_choices
from factchecks.models import FactCheck, Publisher, RatingMapping


@admin.register(Publisher)
class PublisherAdmin(admin.ModelAdmin):
    list_display = ["name", "site", "created_at"]
    search_fields = ["name", "site"]
    ordering = ["name"]
    show_full_result_count = False


@admin.register(FactCheck)
class FactCheckAdmin(admin.ModelAdmin):
    list_display = ["claim_reviewed_short", "publisher", "textual_rating", "rating", "claim_date", "review_date",
                    "language", "source"]
    list_select_related = ["publisher"]
    list_filter = ["source", "rating", "language"]
    search_fields = ["claim_reviewed", "claimant", "=key", "=publisher__site"]
    raw_id_fields = ["publisher"]
    readonly_fields = ["key", "source", "imported_at"]
    date_hierarchy = None
    show_full_result_count = False
    list_per_page = 50
    ordering = ["-id"]

    @admin.display(description="claim reviewed", ordering="claim_reviewed")
    def claim_reviewed_short(self, obj):
        text = obj.claim_reviewed
        return text if len(text) <= 120 else text[:119] + "…"


@admin.register(RatingMapping)
class RatingMappingAdmin(admin.ModelAdmin):
    list_display = ["label", "rating"]
    list_editable = ["rating"]
    search_fields = ["label"]
    ordering = ["label"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # A rating of the scale or none, chosen, never typed: a slug off the scale broke the database's
        # foreign key (a 500). Here and in the list's editable column.
        if db_field.name == "rating":
            # The scale read once per form class (per request), not once per row of the editable list.
            return forms.TypedChoiceField(choices=[("", "(text only)"), *rating_choices()], required=False,
                                          empty_value=None, label="rating", help_text=db_field.help_text)
        return super().formfield_for_dbfield(db_field, request, **kwargs)
