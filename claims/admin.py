"""The reviewer workspace: claims worked through the workflow, articles with their claims marked.

Status, rating and verdicts change only through `claims.workflow`; hand edits of a claim go through
`claims.services`. The admin collects input, calls them, and reports what happened.
"""

from collections import Counter

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.postgres.search import SearchQuery
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connection, models
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

from claims.errors import Conflict, Forbidden, Refused, Stale
from claims import services
from claims.admin_forms import (
    BulkRateForm, ClaimAdminForm, EvidenceFormSet, RateForm, ReopenForm, TransitionForm, evidence_rows,
)
from claims.highlight import Span, render_highlighted, render_in_context
from claims.models import (
    RECENT_HISTORY, REVIEW_ORDER, SEARCH_CONFIG, Article, Claim, ClaimAction, ClaimEvent, Claimant, ClaimStatus, Source, Verdict,
)
from claims.ingest.articles import article_ingest
from claims.services import DELETABLE_STATUSES, claim_create, claim_delete, claim_edit
from claims.workflow import MOVES, allowed_actions, claim_transition

# --- Big tables -------------------------------------------------------------------------------

# Below this many rows (by the planner's estimate) an exact COUNT(*) is cheap enough to run.
EXACT_COUNT_BELOW = 10_000


def estimated_row_count(model) -> int:
    """PostgreSQL's estimate of a table's rows (-1 or 0 before the table is first analysed)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table])
        row = cursor.fetchone()
    return row[0] if row else -1


class EstimatedCountPaginator(Paginator):
    """Counts exactly when filtered or small; on a big unfiltered table uses the planner's estimate."""

    @cached_property
    def count(self):
        if isinstance(self.object_list, QuerySet) and not self.object_list.query.where:
            estimate = estimated_row_count(self.object_list.model)
            if estimate >= EXACT_COUNT_BELOW:
                return estimate
        return super().count


class LeanChangeList(ChangeList):
    """Leaves out the model admin's `changelist_defer` columns (article bodies, search vectors) from list pages."""

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        return queryset.defer(*self.model_admin.changelist_defer)


class BigTableAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    changelist_defer = ()

    def get_changelist(self, request, **kwargs):
        return LeanChangeList


# --- Small tables -----------------------------------------------------------------------------


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
        services.article_delete(article=obj, actor=request.user)

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
            services.article_update(
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
                result = services.article_reextract(article=article, replace=False)
            except (ValidationError, Refused) as error:
                failed.append(f"{article.title}: {_error_text(error)}")
                continue
            done += 1
            added += getattr(result, "added", 0)
            kept += getattr(result, "kept", 0)
        self.message_user(
            request, f"Extraction re-run on {done} article{'s' if done != 1 else ''}: {added} new claims, "
                     f"{kept} existing claims kept.", messages.SUCCESS)
        if failed:
            self.message_user(request, f"{len(failed)} failed: " + "; ".join(failed), messages.WARNING)


# --- Claims -----------------------------------------------------------------------------------


class WorthinessFilter(admin.SimpleListFilter):
    title = "check-worthiness"
    parameter_name = "worthiness"
    BANDS = {
        "high": ("High (0.7 and more)", Q(check_worthiness__gte=0.7)),
        "medium": ("Medium (0.4 to 0.7)", Q(check_worthiness__gte=0.4, check_worthiness__lt=0.7)),
        "low": ("Low (under 0.4)", Q(check_worthiness__lt=0.4)),
    }

    def lookups(self, request, model_admin):
        return [(key, label) for key, (label, _) in self.BANDS.items()]

    def queryset(self, request, queryset):
        band = self.BANDS.get(self.value())
        return queryset.filter(band[1]) if band else queryset


class ArticleLanguageFilter(admin.SimpleListFilter):
    """The article languages, read from the articles' language index (not a DISTINCT over every claim)."""

    title = "article language"
    parameter_name = "article__language"

    def lookups(self, request, model_admin):
        languages = Article.objects.order_by("language").values_list("language", flat=True).distinct()
        return [(language, language) for language in languages if language]

    def queryset(self, request, queryset):
        return queryset.filter(article__language=self.value()) if self.value() else queryset


class AssignmentFilter(admin.SimpleListFilter):
    title = "assignment"
    parameter_name = "assigned"
    MINE_OPEN = "mine"

    def lookups(self, request, model_admin):
        return [(self.MINE_OPEN, "My open claims"), ("me", "Assigned to me"), ("none", "Unassigned")]

    def queryset(self, request, queryset):
        if self.value() == self.MINE_OPEN:
            return queryset.assigned_to(request.user).pending()
        if self.value() == "me":
            return queryset.assigned_to(request.user)
        if self.value() == "none":
            return queryset.filter(assigned_to__isnull=True)
        return queryset


class ClaimantFilter(admin.ListFilter):
    """A name box instead of a list of every claimant (there are many); `claimant_id` comes from links."""

    title = "claimant"
    template = "admin/claims/claimant_filter.html"
    parameters = ("claimant", "claimant_id")

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        self.values = {}
        for name in self.parameters:
            if name in params:
                value = params.pop(name)
                self.values[name] = (value[-1] if isinstance(value, list) else value).strip()
                self.used_parameters[name] = self.values[name]

    def has_output(self):
        return True

    def expected_parameters(self):
        return list(self.parameters)

    def queryset(self, request, queryset):
        if claimant_id := self.values.get("claimant_id"):
            if not claimant_id.isdigit():
                return queryset.none()
            queryset = queryset.filter(claimant_id=int(claimant_id))
        if name := self.values.get("claimant"):
            queryset = queryset.filter(claimant__name__icontains=name)
        return queryset

    def choices(self, changelist):
        yield {
            "value": self.values.get("claimant", ""),
            "clear_url": changelist.get_query_string(remove=list(self.parameters)),
            "is_set": bool(self.values),
            "hidden": [(key, value) for key, value in changelist.params.items() if key not in self.parameters],
        }


ACTION_LABELS = {
    ClaimAction.START: "Start",
    ClaimAction.RATE: "Rate…",
    ClaimAction.PUBLISH: "Publish",
    ClaimAction.REOPEN: "Reopen…",
    ClaimAction.DISMISS: "Dismiss…",
    ClaimAction.RESTORE: "Restore",
    ClaimAction.RELEASE: "Release",
}
# Moves that need input open a page; the others are one click (a POST with the version).
ACTIONS_WITH_PAGE = {ClaimAction.RATE, ClaimAction.REOPEN, ClaimAction.DISMISS}
ACTION_FORMS = {ClaimAction.RATE: RateForm, ClaimAction.REOPEN: ReopenForm}
DONE = {
    ClaimAction.START: "started", ClaimAction.RELEASE: "released", ClaimAction.RATE: "rated",
    ClaimAction.PUBLISH: "published", ClaimAction.REOPEN: "reopened", ClaimAction.DISMISS: "dismissed",
    ClaimAction.RESTORE: "restored",
}


def _skip_reason(error: Refused) -> str:
    if isinstance(error, Conflict):
        return f"already {ClaimStatus(error.from_status).label.lower()}"
    if isinstance(error, Forbidden):
        return error.reason
    return str(error)


def bulk_outcome_message(verb: str, moved: int, skipped: Counter) -> str:
    """E.g. "2 claims started. 3 skipped: already published." """
    message = f"{moved} claim{'s' if moved != 1 else ''} {verb}."
    if skipped:
        total = sum(skipped.values())
        if len(skipped) == 1:
            message += f" {total} skipped: {next(iter(skipped))}."
        else:
            message += f" {total} skipped: " + ", ".join(f"{n} {reason}" for reason, n in skipped.most_common()) + "."
    return message


@admin.register(Claim)
class ClaimAdmin(BigTableAdmin):
    form = ClaimAdminForm
    list_display = ["short_text", "article_link", "claimant_link", "kind", "worthiness", "status", "rating",
                    "assigned_to", "updated_at"]
    list_display_links = ["short_text"]
    list_filter = ["status", "rating", "kind", ClaimantFilter, ArticleLanguageFilter,
                   AssignmentFilter, WorthinessFilter]
    list_select_related = ["article", "claimant", "assigned_to"]
    list_per_page = 50
    search_fields = ["text", "article__title", "claimant__name"]
    search_help_text = "Search in claim text, article title and claimant."
    autocomplete_fields = ["article", "claimant"]
    actions = ["start_selected", "release_selected", "dismiss_selected", "restore_selected", "rate_selected"]
    changelist_defer = ("search_vector", "article__body", "article__search_vector")
    change_form_template = "admin/claims/claim/change_form.html"
    change_list_template = "admin/claims/claim/change_list.html"

    # Most check-worthy unreviewed claims first, then the rest by check-worthiness (an index matches it).
    ordering = REVIEW_ORDER

    def get_object(self, request, object_id, from_field=None):
        # One query for everything the change form shows about the claim itself.
        queryset = self.get_queryset(request).select_related(
            "article", "claimant", "assigned_to", "current_verdict__reviewer")
        field = self.opts.pk if from_field is None else self.opts.get_field(from_field)
        try:
            return queryset.get(**{field.name: field.to_python(object_id)})
        except (Claim.DoesNotExist, ValidationError, ValueError):
            return None

    # Everything shown about review state is read-only; it changes only through the workflow buttons.
    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(None, {"fields": ["article", ("start", "end"), "claimant", "kind"],
                            "description": "The text is taken from the article body between start and end."})]
        return [
            ("Claim in its article", {"fields": ["in_article"]}),
            ("Review", {"fields": ["status", "rating", "assigned_to", "verdict"]}),
            ("Claim", {"fields": ["article", "text", ("start", "end"), "claimant", "kind", "worthiness",
                                  "extractor", "edited_by_hand", "version_shown", "created_at", "updated_at"]}),
            ("Similar claims in other articles", {"fields": ["similar_claims"], "classes": ["collapse"]}),
            ("History", {"fields": ["history"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        readonly = ["in_article", "status", "rating", "assigned_to", "verdict", "article", "text", "worthiness",
                    "extractor", "edited_by_hand", "version_shown", "created_at", "updated_at", "similar_claims",
                    "history"]
        if obj.status == ClaimStatus.PUBLISHED or not self.has_change_permission(request, obj):
            readonly += ["start", "end", "claimant", "kind"]
        return readonly

    # --- list columns ---

    @admin.display(description="claim", ordering="text")
    def short_text(self, claim):
        return format_html('<span title="{}">{}</span>', claim.text, Truncator(claim.text).chars(90))

    @admin.display(description="article", ordering="article__title")
    def article_link(self, claim):
        url = reverse("admin:claims_article_change", args=[claim.article_id])
        return format_html('<a href="{}">{}</a>', url, Truncator(claim.article.title).chars(50))

    @admin.display(description="check-worthiness", ordering="-check_worthiness")
    def worthiness(self, claim):
        return f"{claim.check_worthiness:.2f}"

    @admin.display(description="claimant", ordering="claimant__name")
    def claimant_link(self, claim):
        if claim.claimant_id is None:
            return "–"
        return format_html('<a href="?claimant_id={}" title="Only claims by {}">{}</a>',
                           claim.claimant_id, claim.claimant.name, claim.claimant.name)

    # --- change form panels ---

    @admin.display(description="claim in its article")
    def in_article(self, claim):
        return format_html('<div class="claim-context">{}</div>',
                           render_in_context(claim.article.body, claim.start, claim.end, 2, f"status-{claim.status}"))

    @admin.display(description="version")
    def version_shown(self, claim):
        return claim.version

    @admin.display(description="current verdict")
    def verdict(self, claim):
        verdict = claim.current_verdict
        if verdict is None:
            return "No verdict yet."
        evidence = format_html_join(
            "", '<li><a href="{}" rel="noopener noreferrer" target="_blank">{}</a> <span class="stance">({})</span>{}</li>',
            ((item.url, item.title or item.url, item.get_stance_display(),
              format_html('<br><q>{}</q>', item.excerpt) if item.excerpt else "") for item in verdict.evidence.all()),
        )
        return format_html(
            '<div class="claim-verdict"><p><strong>{}</strong>{} by {} on {}</p><p class="summary">{}</p>'
            '<p>Evidence:</p><ul class="evidence">{}</ul></div>',
            verdict.get_rating_display(), " (correction)" if verdict.is_correction else "", verdict.reviewer,
            verdict.created_at.strftime("%Y-%m-%d %H:%M UTC"), verdict.summary, evidence or format_html("<li>none</li>"),
        )

    @admin.display(description="history, newest first")
    def history(self, claim):
        events, more = claim.recent_history
        rows = format_html_join(
            "", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            ((event.created_at.strftime("%Y-%m-%d %H:%M:%S UTC"), event.actor or "system", event.get_action_display(),
              f"{event.get_from_status_display() or '–'} → {event.get_to_status_display()}",
              event.get_rating_display() or "", event.version, event.note)
             for event in events),
        )
        older = format_html(
            '<p class="older-history">The latest {} events. <a href="{}?claim__id__exact={}">The whole history</a></p>',
            RECENT_HISTORY, reverse("admin:claims_claimevent_changelist"), claim.pk,
        ) if more else ""
        return format_html(
            '<table class="claim-history"><thead><tr><th>When</th><th>Who</th><th>Action</th><th>Status</th>'
            "<th>Rating</th><th>Version</th><th>Note</th></tr></thead><tbody>{}</tbody></table>{}", rows, older)

    @admin.display(description="similar claims")
    def similar_claims(self, claim):
        items = format_html_join(
            "", '<li><a href="{}">{}</a> <span class="status">({})</span> in <em>{}</em></li>',
            ((reverse("admin:claims_claim_change", args=[other.pk]), Truncator(other.text).chars(120),
              other.get_status_display(), other.article.title)
             for other in Claim.objects.similar_to(claim, limit=10).select_related("article")
             .defer("search_vector", "article__body", "article__search_vector")),
        )
        return format_html('<ul class="similar-claims">{}</ul>', items) if items else "None found."

    # --- deleting: the service's rule (unreviewed or dismissed claims only), never in bulk ---

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status not in DELETABLE_STATUSES:
            return False
        return super().has_delete_permission(request, obj)

    def delete_model(self, request, obj):
        claim_delete(claim=obj, actor=request.user)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    # --- saving hand edits through the services ---

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (ValidationError, Refused) as error:
            # Raised by a service inside the admin's transaction, so nothing was written.
            self.message_user(request, f"Not saved: {_error_text(error)}", messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        claimant = data["claimant"].name if data.get("claimant") else None
        if not change:
            created = claim_create(article=data["article"], start=data["start"], end=data["end"], actor=request.user,
                                   claimant=claimant, kind=data["kind"])
            obj.pk, obj.text, obj.version = created.pk, created.text, created.version
            obj._state.adding = False
            return
        changes = form.content_changes()
        if not changes:
            return
        kwargs = {}
        if "start" in changes or "end" in changes:
            kwargs.update(start=data["start"], end=data["end"])
        if "claimant" in changes:
            kwargs["claimant"] = claimant
        if "kind" in changes:
            kwargs["kind"] = data["kind"]
        claim_edit(claim=obj.pk, actor=request.user, expected_version=data["version"], **kwargs)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["workflow_buttons"] = self.workflow_buttons(request, obj)
            context["publish_blocked_own_verdict"] = (
                obj.status == ClaimStatus.REVIEWED and request.user.has_perm(MOVES[ClaimAction.PUBLISH].permission)
                and ClaimAction.PUBLISH not in allowed_actions(obj, request.user))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def workflow_buttons(self, request, claim) -> list[dict]:
        return [
            {"action": action, "label": ACTION_LABELS[action], "has_page": action in ACTIONS_WITH_PAGE,
             "url": reverse("admin:claims_claim_transition", args=[claim.pk, action])}
            for action in allowed_actions(claim, request.user)
        ]

    # --- one workflow move on one claim ---

    def get_urls(self):
        return [
            path("<path:object_id>/move/<str:action>/", self.admin_site.admin_view(self.transition_view),
                 name="claims_claim_transition"),
            *super().get_urls(),
        ]

    def transition_view(self, request, object_id, action):
        if action not in MOVES:
            raise Http404(f"No workflow move {action!r}.")
        claim = self.get_object(request, unquote(object_id))
        if claim is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_permission(request, claim):
            raise PermissionDenied
        change_url = reverse("admin:claims_claim_change", args=[claim.pk])
        data = request.POST if request.method == "POST" else None
        form = ACTION_FORMS.get(action, TransitionForm)(data, initial={"version": claim.version})
        evidence = EvidenceFormSet(data, prefix="evidence") if action == ClaimAction.RATE else None
        if data is not None and form.is_valid() and (evidence is None or evidence.is_valid()):
            kwargs = form.service_kwargs()
            if evidence is not None:
                kwargs["evidence"] = evidence_rows(evidence)
            try:
                moved = claim_transition(claim=claim.pk, actor=request.user, action=action, **kwargs)
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            except Refused as error:
                self.message_user(request, _error_text(error), messages.ERROR)
                return HttpResponseRedirect(change_url)
            else:
                self.message_user(request, f"Claim {DONE[action]} (status: {moved.get_status_display()}).",
                                  messages.SUCCESS)
                return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts, "title": f"{ACTION_LABELS[action].rstrip('…')} claim", "claim": claim,
            "action": action, "form": form, "evidence": evidence, "change_url": change_url,
            "in_article": self.in_article(claim), "verdict": self.verdict(claim),
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/claims/claim/transition.html", context)

    # --- bulk actions: each claim through the workflow, one transaction each ---

    def has_review_permission(self, request):
        return request.user.has_perm("claims.review_claim")

    def _bulk(self, request, queryset, action: str, **kwargs):
        moved, skipped = 0, Counter()
        for claim_id in queryset.values_list("pk", flat=True):
            try:
                claim_transition(claim=claim_id, actor=request.user, action=action, **kwargs)
                moved += 1
            except Refused as error:
                skipped[_skip_reason(error)] += 1
        level = messages.SUCCESS if not skipped else messages.WARNING
        self.message_user(request, bulk_outcome_message(DONE[action], moved, skipped), level)

    @admin.action(description="Start review of selected claims (assign to me)", permissions=["review"])
    def start_selected(self, request, queryset):
        self._bulk(request, queryset, ClaimAction.START)

    @admin.action(description="Release selected claims", permissions=["review"])
    def release_selected(self, request, queryset):
        self._bulk(request, queryset, ClaimAction.RELEASE)

    @admin.action(description="Dismiss selected claims", permissions=["review"])
    def dismiss_selected(self, request, queryset):
        self._bulk(request, queryset, ClaimAction.DISMISS)

    @admin.action(description="Restore selected dismissed claims", permissions=["review"])
    def restore_selected(self, request, queryset):
        self._bulk(request, queryset, ClaimAction.RESTORE)

    @admin.action(description="Rate selected claims…", permissions=["review"])
    def rate_selected(self, request, queryset):
        form = BulkRateForm(request.POST if request.POST.get("confirm") else None)
        if form.is_bound and form.is_valid():
            self._bulk(request, queryset, ClaimAction.RATE, rating=form.cleaned_data["rating"],
                       summary=form.cleaned_data["summary"], evidence=form.evidence())
            return None
        count = queryset.count()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts, "title": "Rate selected claims", "form": form, "count": count,
            "claims": queryset.defer("article__body", "search_vector")[:20],
            "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME, "media": self.media,
        }
        return TemplateResponse(request, "admin/claims/claim/rate_selected.html", context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "my_open_count": Claim.objects.assigned_to(request.user).pending().count(),
            "my_open_query": f"?{AssignmentFilter.parameter_name}={AssignmentFilter.MINE_OPEN}",
        }
        return super().changelist_view(request, extra_context)


def _error_text(error: Exception) -> str:
    if isinstance(error, Stale):
        return str(error)
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            return " ".join(f"{field}: {' '.join(messages_)}" for field, messages_ in error.message_dict.items())
        return " ".join(error.messages)
    return str(error)


# --- History: read-only for everyone, superusers too -------------------------------------------


class ReadOnlyAdmin(admin.ModelAdmin):
    """Verdicts and history are written by the workflow only."""

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
    show_full_result_count = False


@admin.register(ClaimEvent)
class ClaimEventAdmin(ReadOnlyAdmin):
    list_display = ["claim", "action", "from_status", "to_status", "actor", "created_at"]
    list_select_related = ["claim", "actor"]
    list_filter = ["action"]
    show_full_result_count = False
