"""Articles in the admin (with their claims marked in the body), their sources and claimants."""

from collections import Counter

from django.contrib import admin, messages
from django.contrib.postgres.search import SearchQuery
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from claims.admin.cells import below_threshold, status_badge, worthiness_bar
from claims.admin.forms import error_text
from claims.admin.paging import BigTableAdmin
from claims.admin.span_picker import span_picker_panel
from claims.errors import Refused
from claims.extraction import CHECKWORTHY_THRESHOLD
from claims.highlight import Span, render_highlighted
from claims.ingest.articles import article_ingest
from claims.models import SEARCH_CONFIG, Article, Claim, Claimant, ClaimStatus, RatingLevel, Source
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


@admin.register(Article)
class ArticleAdmin(BigTableAdmin):
    list_display = ["title", "source", "languages", "published_at", "claim_count", "unreviewed_count"]
    list_filter = ["language", "source", "published_at"]
    list_select_related = ["source"]
    search_fields = ["title", "body"]  # searched through the full-text index, see get_search_results
    search_help_text = "Full-text search in title and body (words, \"a phrase\", -excluded, or)."
    autocomplete_fields = ["source"]
    actions = ["reextract"]
    changelist_defer = ("body", "search_vector")
    change_form_template = "admin/claims/article/change_form.html"

    class Media:
        js = ["claims/span_picker.js"]

    def get_queryset(self, request):
        # Counted in the list's own query (index subqueries per row of the page), never one query per row.
        return super().get_queryset(request).with_claim_counts()

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["title", "body", "url", "source", "published_at", "language"]
        return ["title", "url", "source", "language", "title_language", "published_at", "highlighted_body",
                "claims_listed", "content_hash", "created_at", "updated_at"]

    def get_readonly_fields(self, request, obj=None):
        # Title and body are the article's identity (content hash) and claims point into the body.
        return [] if obj is None else ["title", "title_language", "highlighted_body", "claims_listed",
                                       "content_hash", "created_at", "updated_at"]

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

    def article_claims(self, article) -> list[Claim]:
        """The article's claims in body order, read once for the body and the list (one query)."""
        if not hasattr(article, "claims_shown"):
            label = RatingLevel.objects.filter(slug=OuterRef("rating")).values("label")[:1]
            article.claims_shown = list(
                article.claims.select_related("claimant").defer("search_vector").annotate(rating_label=Subquery(label))
                .order_by("start", "id"))
        return article.claims_shown

    @admin.display(description="body with its claims")
    def highlighted_body(self, article):
        """Claims at or above the check-worthiness threshold highlighted by status, the others underlined
        faintly (or highlighted on demand); selecting text proposes a new claim."""
        claims = self.article_claims(article)
        spans = [
            Span(claim.start, claim.end,
                 css_class=f"status-{claim.status}{' below' if below_threshold(claim) else ''}",
                 title=f"Claim {claim.pk}: {claim.get_status_display()}, check-worthiness {claim.check_worthiness:.2f}",
                 href=reverse("admin:claims_claim_change", args=[claim.pk]))
            for claim in claims
        ]
        body = format_html('<div class="claim-article-body">{}</div>', render_highlighted(article.body, spans))
        link = ""
        if getattr(article, "viewer_may_add_claims", False):
            link = format_html(
                '<a class="button disabled" data-new-claim aria-disabled="true" href="{}?article={}">'
                "New claim from the selected text</a>", reverse("admin:claims_claim_add"), article.pk)
        return format_html('<div class="article-highlights">{}{}</div>', self.legend(claims), span_picker_panel(
            body, "Select text in the article to make a new claim of it." if link else "", link=link))

    @staticmethod
    def legend(claims):
        shown = Counter(claim.status for claim in claims if not below_threshold(claim))
        keys = format_html_join(
            "", '<li><mark class="claim-span status-{}">{}</mark> {}</li>',
            ((status.value, status.label, shown[status.value]) for status in ClaimStatus))
        below = len(claims) - sum(shown.values())
        return format_html(
            '<div class="claim-legend"><ul>{}<li><mark class="claim-span status-unreviewed below">below {}</mark> {}</li>'
            '</ul><label><input type="checkbox" class="show-below"> highlight the claims below the threshold too'
            "</label></div>", keys, f"{CHECKWORTHY_THRESHOLD:.2f}", below)

    @admin.display(description="claims, in the order of the text")
    def claims_listed(self, article):
        rows = format_html_join("", "<tr{}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", (
            (mark_safe(' class="below"') if below_threshold(claim) else "",
             format_html('<a href="{}" title="{}">{}</a>', reverse("admin:claims_claim_change", args=[claim.pk]),
                         claim.text, Truncator(claim.text).chars(160)),
             claim.claimant.name if claim.claimant_id else "–", claim.get_kind_display(), worthiness_bar(claim),
             status_badge(claim, claim.rating_label))
            for claim in self.article_claims(article)))
        if not rows:
            return "No claims."
        return format_html('<table class="article-claims"><thead><tr><th>Claim</th><th>Claimant</th><th>Kind</th>'
                           "<th>Check-worthiness</th><th>Status</th></tr></thead><tbody>{}</tbody></table>", rows)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            obj.viewer_may_add_claims = request.user.has_perm("claims.add_claim")
            context.update(show_save_and_add_another=False)  # on an article already stored, as on a claim
        return super().render_change_form(request, context, add, change, form_url, obj)

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
