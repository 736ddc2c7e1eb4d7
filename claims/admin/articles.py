"""Articles in the admin (with their claims marked in the body), their sources and claimants."""

from django.contrib import admin, messages
from django.contrib.postgres.search import SearchQuery
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from claims.admin.forms import error_text
from claims.admin.paging import BigTableAdmin
from claims.errors import Refused
from claims.highlight import Span, render_highlighted
from claims.ingest.articles import article_ingest
from claims.models import SEARCH_CONFIG, Article, Claim, Claimant, ClaimStatus, Source
from claims.review.articles import article_delete, article_reextract, article_update


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    formfield_overrides = BigTableAdmin.formfield_overrides
    list_display = ["name", "url"]
    search_fields = ["name"]


@admin.register(Claimant)
class ClaimantAdmin(admin.ModelAdmin):
    list_display = ["name", "description"]
    search_fields = ["name"]


# --- Articles ---------------------------------------------------------------------------------


class ClaimInline(admin.TabularInline):
    model = Claim
    fields = ["short_text", "claimant", "kind", "worthiness", "status", "rating"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ["start", "id"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("claimant").defer("search_vector")

    @admin.display(description="claim")
    def short_text(self, claim):
        return format_html('<span title="{}">{}</span>', claim.text, Truncator(claim.text).chars(140))

    @admin.display(description="check-worthiness")
    def worthiness(self, claim):
        return f"{claim.check_worthiness:.2f}"


@admin.register(Article)
class ArticleAdmin(BigTableAdmin):
    list_display = ["title", "source", "languages", "published_at", "claim_count", "unreviewed_count"]
    list_filter = ["language", "source", "published_at"]
    list_select_related = ["source"]
    search_fields = ["title", "body"]  # searched through the full-text index, see get_search_results
    search_help_text = "Full-text search in title and body (words, \"a phrase\", -excluded, or)."
    autocomplete_fields = ["source"]
    inlines = [ClaimInline]
    actions = ["reextract"]
    changelist_defer = ("body", "search_vector")
    change_form_template = "admin/claims/article/change_form.html"

    def get_queryset(self, request):
        # Counted in the list's own query (index subqueries per row of the page), never one query per row.
        return super().get_queryset(request).with_claim_counts()

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["title", "body", "url", "source", "published_at", "language"]
        return ["title", "url", "source", "language", "title_language", "published_at", "highlighted_body",
                "content_hash", "created_at", "updated_at"]

    def get_readonly_fields(self, request, obj=None):
        # Title and body are the article's identity (content hash) and claims point into the body.
        return [] if obj is None else ["title", "title_language", "highlighted_body", "content_hash",
                                       "created_at", "updated_at"]

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        query = SearchQuery(search_term, search_type="websearch", config=SEARCH_CONFIG)
        return queryset.filter(search_vector=query), False

    def delete_model(self, request, obj):
        article_delete(article=obj, actor=request.user)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # one at a time, through the service's rule
        return actions

    @admin.display(description="languages")
    def languages(self, article):
        if article.title_language and article.title_language != article.language:
            return f"{article.language or '?'} (title {article.title_language})"
        return article.language

    @admin.display(description="claims", ordering="claims_total")
    def claim_count(self, article):
        return article.claims_total

    @admin.display(description="unreviewed", ordering=f"claims_{ClaimStatus.UNREVIEWED}")
    def unreviewed_count(self, article):
        return getattr(article, f"claims_{ClaimStatus.UNREVIEWED}")

    @admin.display(description="body with its claims")
    def highlighted_body(self, article):
        spans = [
            Span(claim.start, claim.end, css_class=f"status-{claim.status}",
                 title=f"Claim {claim.pk}: {claim.get_status_display()}",
                 href=reverse("admin:claims_claim_change", args=[claim.pk]))
            for claim in article.claims.only("id", "article_id", "start", "end", "status")
        ]
        return format_html('<div class="claim-article-body">{}</div>', render_highlighted(article.body, spans))

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            article_update(
                article=obj, actor=request.user, url=data.get("url"), published_at=data.get("published_at"),
                source=data["source"].name if data.get("source") else None, language=data.get("language"),
            )
            return
        result = article_ingest(
            title=data["title"], body=data["body"], url=data.get("url"), published_at=data.get("published_at"),
            source=data["source"].name if data.get("source") else None, language=data.get("language"),
        )
        obj.pk = result.article.pk
        obj._state.adding = False
        if not result.created:
            self.message_user(request, "This article was already stored; nothing new was written.", messages.WARNING)

    def has_reextract_permission(self, request):
        return request.user.has_perm("claims.change_article")

    @admin.action(description="Re-run extraction (keeps reviewed and hand-edited claims)", permissions=["reextract"])
    def reextract(self, request, queryset):
        done, added, kept, failed = 0, 0, 0, []
        for article in queryset.defer("search_vector"):
            try:
                result = article_reextract(article=article, actor=request.user, replace=False)
            except Refused as error:  # e.g. the permission was withdrawn meanwhile
                failed.append(f"{article.title}: {error_text(error)}")
                continue
            done += 1
            added += result.added
            kept += result.kept
        self.message_user(
            request, f"Extraction re-run on {done} article{'s' if done != 1 else ''}: {added} new claims, "
                     f"{kept} existing claims kept.", messages.SUCCESS)
        if failed:
            self.message_user(request, f"{len(failed)} failed: " + "; ".join(failed), messages.WARNING)


# --- Claims -----------------------------------------------------------------------------------
