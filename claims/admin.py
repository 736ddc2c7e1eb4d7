from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from claims.models import Article, Claim, ClaimEvent, Claimant, Source, Verdict, span_errors
from claims.services import claim_create, claim_edit
from claims.workflow import WorkflowError


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "url"]
    search_fields = ["name"]


@admin.register(Claimant)
class ClaimantAdmin(admin.ModelAdmin):
    list_display = ["name", "description"]
    search_fields = ["name"]


class ClaimInline(admin.TabularInline):
    model = Claim
    fields = ["text", "claimant", "kind", "check_worthiness", "status", "rating"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ["start"]

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("claimant")


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "source", "language", "title_language", "published_at", "created_at"]
    list_filter = ["language", "source"]
    list_select_related = ["source"]
    search_fields = ["title"]
    readonly_fields = ["content_hash", "created_at", "updated_at"]
    inlines = [ClaimInline]
    show_full_result_count = False


class ClaimAdminForm(forms.ModelForm):
    """Span edits re-take the text from the article body; an out-of-range span is refused."""

    class Meta:
        model = Claim
        fields = ["article", "start", "end", "claimant", "kind"]

    def clean(self):
        cleaned = super().clean()
        article = cleaned.get("article") or (self.instance.article if self.instance.article_id else None)
        start, end = cleaned.get("start"), cleaned.get("end")
        if article is not None and start is not None and end is not None:
            errors = span_errors(article.body, start, end, None)
            if errors:
                raise ValidationError(errors)
            self.instance.text = article.body[start:end]
        return cleaned


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    form = ClaimAdminForm
    list_display = ["__str__", "article", "claimant", "kind", "check_worthiness", "status", "rating",
                    "assigned_to", "updated_at"]
    list_filter = ["status", "rating", "kind"]
    list_select_related = ["article", "claimant", "assigned_to"]
    search_fields = ["text"]
    raw_id_fields = ["article", "claimant"]
    readonly_fields = ["text", "check_worthiness", "status", "rating", "assigned_to", "version", "extractor",
                       "created_at", "updated_at"]
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        return ["article", *self.readonly_fields] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        # Hand edits go through the services, which check permissions and write the history.
        data = form.cleaned_data
        claimant = data["claimant"].name if data.get("claimant") else None
        try:
            if change:
                claim_edit(claim=obj.pk, actor=request.user, start=data["start"], end=data["end"],
                           claimant=claimant, kind=data["kind"])
            else:
                created = claim_create(article=data["article"], start=data["start"], end=data["end"],
                                       actor=request.user, claimant=claimant, kind=data["kind"])
                obj.pk = created.pk
        except (ValidationError, WorkflowError) as error:
            self.message_user(request, f"Not saved: {error}", messages.ERROR)


class ReadOnlyAdmin(admin.ModelAdmin):
    """History and verdicts are written by the workflow only."""

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
    list_filter = ["rating", "is_correction"]


@admin.register(ClaimEvent)
class ClaimEventAdmin(ReadOnlyAdmin):
    list_display = ["claim", "action", "from_status", "to_status", "actor", "created_at"]
    list_select_related = ["claim", "actor"]
    list_filter = ["action"]
