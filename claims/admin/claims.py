"""The reviewer workspace: claims worked through the workflow, one at a time or in bulk.

Status, rating and verdicts change only through `claims.review.workflow`; hand edits of a claim go
through `claims.review.edits`. The admin collects input, calls them, and reports what happened.
"""

from collections import Counter

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

from claims.admin.cells import is_first_score, status_badge, worthiness_bar
from claims.admin.filters import (
    AlreadyCheckedFilter, ArticleLanguageFilter, AssignmentFilter, ClaimantFilter, RatingFilter,
    WorthinessFilter, worthiness_band
)
from claims.admin.forms import (
    BulkRateForm, ClaimAdminForm, EvidenceFormSet, RateForm, ReopenForm, TransitionForm, error_text,
    evidence_rows, whole_number
)
from claims.admin.paging import BigTableAdmin
from claims.admin.span_picker import picked_article_id, span_picker_panel
from claims.errors import Conflict, Forbidden, Refused
from claims.highlight import Span, render_highlighted, render_in_context
from claims.models import (
    RECENT_HISTORY, REVIEW_ORDER, REVIEWER_SCORE, Article, Claim, ClaimAction, ClaimMatch, ClaimStatus,
    RatingLevel, already_checked
)
from claims.review.edits import DELETABLE_STATUSES, claim_create, claim_delete, claim_edit
from claims.review.exports import claims_csv_response
from claims.review.matches import (
    ALREADY_CHECKED_SCORE, claim_matches_soon, match_evidence, match_target_rating, match_url
)
from claims.review.selectors import can_read_all
from claims.review.workflow import MOVES, allowed_actions, claim_transition


MATCHES_COMPUTING = "Being computed again (new fact-checks were imported, or never computed): reload in a moment."

# The page a move opens, by what it asks for (`Move.asks`); "" is one click (a POST with the version).
FORMS_BY_ASK = {"verdict": RateForm, "note_required": ReopenForm, "note": TransitionForm, "confirm": TransitionForm}


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
    list_display = ["claim_cell", "source_cell", "worthiness_cell", "status_cell"]
    list_display_links = ["claim_cell"]
    list_filter = ["status", RatingFilter, "kind", AlreadyCheckedFilter, ClaimantFilter, ArticleLanguageFilter,
                   AssignmentFilter, WorthinessFilter]
    list_select_related = ["article__source", "claimant", "assigned_to"]
    list_per_page = 50
    search_fields = ["text", "article__title", "claimant__name"]
    search_help_text = "Search in claim text, article title and claimant."
    autocomplete_fields = ["article", "claimant"]
    actions = ["start_selected", "release_selected", "dismiss_selected", "restore_selected", "rate_selected",
               "export_csv"]
    changelist_defer = ("search_vector", "article__body", "article__search_vector")
    change_form_template = "admin/claims/claim/change_form.html"
    change_list_template = "admin/claims/claim/change_list.html"

    class Media:
        js = ["claims/span_picker.js"]

    # Most check-worthy unreviewed claims first, then the rest by check-worthiness (an index matches it).
    ordering = REVIEW_ORDER

    def get_queryset(self, request):
        # The list's "already checked" badge: one EXISTS per row in the page's query, not a query per row.
        # The rating's label by a subquery on the scale's slug, not a join: the page's COUNT leaves an unused
        # subquery out, where a join stayed in it (and read every claim's rating from the table).
        label = RatingLevel.objects.filter(slug=OuterRef("rating")).values("label")[:1]
        return super().get_queryset(request).annotate(already_checked=already_checked(ALREADY_CHECKED_SCORE),
                                                      rating_label=Subquery(label))

    def get_object(self, request, object_id, from_field=None):
        # One query for everything the change form shows about the claim itself.
        queryset = self.get_queryset(request).select_related(
            "article__source", "claimant", "assigned_to", "current_verdict__reviewer")
        field = self.opts.pk if from_field is None else self.opts.get_field(from_field)
        try:
            claim = queryset.get(**{field.name: field.to_python(object_id)})
        except (Claim.DoesNotExist, ValidationError, ValueError):
            return None
        claim.viewer = request.user  # who looks: the matches' "use as evidence" links are for those who may rate
        return claim

    @staticmethod
    def picks_in_article(request) -> bool:
        """A new claim picked by selecting text in its article (?article= from the article's page): for
        those who may read the article; the article is then fixed, so the span is the shown body's."""
        return picked_article_id(request) is not None and request.user.has_perm("claims.view_article")

    def span_editable(self, request, claim) -> bool:
        """Whether this user may move the claim's span now: not once a verdict judges it (reopen first)."""
        return claim.status not in (ClaimStatus.PUBLISHED, ClaimStatus.REVIEWED) and self.has_change_permission(
            request, claim)

    # Everything shown about review state is read-only; it changes only through the workflow buttons.
    # A span is chosen by selecting text (the span picker fills the hidden start and end); the server
    # checks it as it checks any span.
    def get_fieldsets(self, request, obj=None):
        if obj is None:
            if not self.picks_in_article(request):
                return [(None, {"fields": ["article", ("start", "end"), "claimant", "kind"],
                                "description": "The text is taken from the article body between start and end. "
                                               "Easier: open the article and select the claim's text there."})]
            return [(None, {"fields": ["article", "span_picker", "start", "end", "claimant", "kind"]})]
        editable = self.span_editable(request, obj)
        return [
            ("Claim in its article", {"fields": ["in_article_picker", "start", "end"] if editable else ["in_article"],
                                      "classes": ["ct-panel"]}),
            ("Review", {"fields": ["status", "rating_shown", "assigned_to", "verdict"]}),
            ("Claim", {"fields": ["article_shown", "text", "span_shown", "claimant", "kind", "worthiness",
                                  "scored_by", "extractor", "edited_by_hand_shown", "version_shown", "created_at",
                                  "updated_at"]}),
            ("Already checked", {"fields": ["matches_found"], "classes": ["ct-panel"],
                                 "description": "The best matches among imported fact-checks and our own "
                                                "published claims, with the matcher's score (0..1)."}),
            ("Similar claims in other articles", {"fields": ["similar_claims"], "classes": ["collapse", "ct-panel"]}),
            ("History", {"fields": ["history"], "classes": ["ct-panel"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["span_picker"]
        readonly = ["in_article", "in_article_picker", "status", "rating_shown", "assigned_to", "verdict",
                    "article_shown", "text", "span_shown", "worthiness", "scored_by", "extractor",
                    "edited_by_hand_shown", "version_shown", "created_at", "updated_at", "similar_claims",
                    "matches_found", "history"]
        if obj.status == ClaimStatus.PUBLISHED or not self.has_change_permission(request, obj):
            readonly += ["start", "end", "claimant", "kind"]
        elif obj.status == ClaimStatus.REVIEWED:  # the verdict judges this span: reopen to change it
            readonly += ["start", "end"]
        return readonly

    def get_changeform_initial_data(self, request):
        # The picker's rule for what a client sends (whole_number), stricter than the site's fits-the-field.
        initial = super().get_changeform_initial_data(request)
        for name in ("article", "claimant", "start", "end"):
            if name in initial and whole_number(str(initial[name])) is None:
                del initial[name]
        return initial

    def get_form(self, request, obj=None, change=False, **kwargs):
        # Where the span is picked by selecting text, start and end are the picker's hidden inputs.
        picking = obj is None and self.picks_in_article(request)
        if picking or (obj is not None and self.span_editable(request, obj)):
            kwargs["widgets"] = {**kwargs.get("widgets", {}), "start": forms.HiddenInput, "end": forms.HiddenInput}
        form = super().get_form(request, obj, change, **kwargs)
        if picking:  # the article is the one shown, not a choice (set here: Django wraps a widget given above)
            form.base_fields["article"].widget = forms.HiddenInput()
        return form

    # --- list columns: the claim's text widest, the rest compact (all from the page's one query) ---

    @admin.display(description="claim", ordering="text")
    def claim_cell(self, claim):
        # The whole text, clamped to two lines by admin.css; all of it on hover.
        return format_html('<span class="claim-text" title="{}">{}</span>', claim.text, claim.text)

    @admin.display(description="article · claimant")
    def source_cell(self, claim):
        article = claim.article
        outlet = article.source.name if article.source_id else ""
        url = reverse("admin:claims_article_change", args=[claim.article_id])
        head = format_html('<a class="claim-article" href="{}" title="{}">{}</a>', url,
                           f"{outlet}: {article.title}" if outlet else article.title, article.title)
        claimant = format_html('<a href="?claimant_id={}" title="Only claims by {}">{}</a>', claim.claimant_id,
                               claim.claimant.name, claim.claimant.name) if claim.claimant_id else "no claimant"
        return format_html('{}<span class="claim-meta">{} · {}</span>', head, claimant, claim.get_kind_display())

    @admin.display(description="worthiness", ordering="-check_worthiness")
    def worthiness_cell(self, claim):
        return worthiness_bar(claim)

    @admin.display(description="status", ordering="status")
    def status_cell(self, claim):
        assigned = format_html('<span class="claim-meta" title="Assigned to {}">{}</span>', claim.assigned_to,
                               claim.assigned_to) if claim.assigned_to_id else ""
        return format_html("{}{}", status_badge(claim, claim.rating_label), assigned)

    # --- change form fields ---

    @admin.display(description="check-worthiness")
    def worthiness(self, claim):
        if not is_first_score(claim):
            return f"{claim.check_worthiness:.2f} ({worthiness_band(claim.check_worthiness)})"
        # The fast score, until the precise model has re-scored the claim (in the background).
        return format_html('<span title="First score ({}); the precise model re-scores it soon">{} (first)</span>',
                           claim.check_worthiness_model, f"{claim.check_worthiness:.2f}")

    @admin.display(description="scored by")
    def scored_by(self, claim):
        when = claim.check_worthiness_scored_at
        model = "a reviewer" if claim.check_worthiness_model == REVIEWER_SCORE else claim.check_worthiness_model
        return f"{model}, {when:%Y-%m-%d %H:%M} UTC" if when else model

    # --- change form panels ---

    @admin.display(description="claim in its article")
    def in_article(self, claim):
        start, end = getattr(claim, "stored_span", (claim.start, claim.end))
        return format_html('<div class="claim-context">{}</div>',
                           render_in_context(claim.article.body, start, end, 2, f"status-{claim.status}"))

    @admin.display(description="claim in its article")
    def in_article_picker(self, claim):
        """The passage, in which selecting text picks the claim's new span."""
        return span_picker_panel(self.in_article(claim), "Select text in the passage to make it the claim's text, "
                                                         "then Save. Nothing changes until you do.")

    @admin.display(description="the claim's text")
    def span_picker(self, claim):
        """On a new claim: the article's body (its claims marked), in which selecting text picks the span."""
        article = Article.objects.filter(pk=claim.article_id).defer("search_vector").first() \
            if claim.article_id else None
        if article is None:
            return "Choose the article first."
        picked = (claim.start, claim.end) if claim.start is not None and claim.end is not None and \
            0 <= claim.start < claim.end <= len(article.body) else None
        spans = [Span(other.start, other.end, "existing", f"Claim {other.pk}")
                 for other in article.claims.only("id", "article_id", "start", "end")
                 if picked is None or other.end <= picked[0] or other.start >= picked[1]]  # the pick shows whole
        if picked:
            spans.append(Span(*picked, "status-unreviewed picked", "The new claim"))
        return span_picker_panel(
            format_html('<p class="claim-picked-article"><a href="{}">{}</a></p><div class="claim-article-body">{}</div>',
                        reverse("admin:claims_article_change", args=[article.pk]), article.title,
                        render_highlighted(article.body, spans)),
            "Select the claim's text in the article (existing claims are underlined).")

    @admin.display(description="span")
    def span_shown(self, claim):
        start, end = getattr(claim, "stored_span", (claim.start, claim.end))
        return f"characters {start}–{end} of {len(claim.article.body)}"

    @admin.display(description="rating")
    def rating_shown(self, claim):
        return claim.rating_label or "–"

    @admin.display(description="article")
    def article_shown(self, claim):
        """The article's title (its admin page), outlet, date and original link."""
        article = claim.article
        parts = [format_html('<a href="{}">{}</a>', reverse("admin:claims_article_change", args=[article.pk]),
                             article.title)]
        if article.source_id:
            parts.append(format_html('<span class="claim-outlet">{}</span>', article.source.name))
        if article.published_at:
            parts.append(format_html('<time datetime="{}">{}</time>', article.published_at.isoformat(),
                                     article.published_at.strftime("%Y-%m-%d")))
        if article.url and article.url.lower().startswith(("https://", "http://")):
            parts.append(format_html('<a class="claim-article-url" href="{}" rel="noopener noreferrer" target="_blank">'
                                     'the original</a>', article.url))
        return format_html_join(" · ", "{}", ((part,) for part in parts))

    @admin.display(description="edited by hand")
    def edited_by_hand_shown(self, claim):
        return "yes" if claim.edited_by_hand else "no"

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
            verdict.rating_level.label, " (correction)" if verdict.is_correction else "", verdict.reviewer,
            verdict.created_at.strftime("%Y-%m-%d %H:%M UTC"), verdict.summary, evidence or format_html("<li>none</li>"),
        )

    @admin.display(description="history, newest first")
    def history(self, claim):
        events, more = claim.recent_history
        rows = format_html_join(
            "", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            ((event.created_at.strftime("%Y-%m-%d %H:%M:%S UTC"), event.actor or "system", event.get_action_display(),
              f"{event.get_from_status_display() or '–'} → {event.get_to_status_display()}",
              event.rating_level.label if event.rating else "", event.version, event.note)
             for event in events),
        )
        older = format_html(
            '<p class="older-history">The latest {} events. <a href="{}?claim__id__exact={}">The whole history</a></p>',
            RECENT_HISTORY, reverse("admin:claims_claimevent_changelist"), claim.pk,
        ) if more else ""
        return format_html(
            '<table class="claim-history"><thead><tr><th>When</th><th>Who</th><th>Action</th><th>Status</th>'
            "<th>Rating</th><th>Version</th><th>Note</th></tr></thead><tbody>{}</tbody></table>{}", rows, older)

    @admin.display(description="already checked")
    def matches_found(self, claim):
        matches, stale = claim_matches_soon(claim)  # the matcher runs in the background, not in this page
        soon = format_html('<p class="help">{}</p>', MATCHES_COMPUTING) if stale else ""
        if not matches:
            return soon or "No match among imported fact-checks and published claims."
        rate = MOVES[ClaimAction.RATE]
        viewer = getattr(claim, "viewer", None)
        may_rate = viewer is not None and claim.status in rate.sources and viewer.has_perm(rate.permission)
        rate_url = reverse("admin:claims_claim_transition", args=[claim.pk, ClaimAction.RATE])
        items = format_html_join("", "<li>{}</li>", ((self._match_line(match, may_rate and rate_url),)
                                                     for match in matches))
        return format_html('{}<ul class="claim-matches">{}</ul>', soon, items)

    def _match_line(self, match: ClaimMatch, rate_url: str | bool):
        """ "Snopes, False, June 2019, 0.93" with the review's link (and "use as evidence")."""
        rating = match_target_rating(match)
        if match.fact_check_id:
            fact_check = match.fact_check
            who, said, when = fact_check.publisher.name, fact_check.textual_rating, fact_check.review_date
            text = fact_check.claim_reviewed
        else:
            own = match.published_claim
            who, said, when, text = settings.CLAIMTRACKER_ORGANIZATION_NAME, "", own.first_published_at, own.text
        label = ", ".join(part for part in (who, said or (rating.label if rating else ""),
                                            when.strftime("%B %Y") if when else "", f"{match.score:.2f}") if part)
        url = match_url(match)
        url = url if url.lower().startswith(("https://", "http://")) else ""  # a link only to the web
        head = format_html('<a href="{}" rel="noopener noreferrer" target="_blank">{}</a>', url, label) if url else label
        use = format_html(' · <a class="use-as-evidence" href="{}?evidence_from={}">use as evidence</a>', rate_url,
                          match.pk) if rate_url and url else ""
        return format_html('{}{}<br><q>{}</q>', head, use, Truncator(text).chars(200))

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
            self.message_user(request, f"Not saved: {error_text(error)}", messages.ERROR)
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
            # An existing claim has one button, "Save": no "Save and add another" or "Save and continue editing".
            context.update(show_save_and_add_another=False, show_save_and_continue=False)
            context["workflow_buttons"] = self.workflow_buttons(request, obj)
            publish = MOVES[ClaimAction.PUBLISH]
            context["publish_blocked_own_verdict"] = (
                obj.status in publish.sources and request.user.has_perm(publish.permission)
                and publish.refusal(obj, request.user) is not None)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def workflow_buttons(self, request, claim) -> list[dict]:
        return [
            {"action": action, "label": MOVES[action].label, "has_page": bool(MOVES[action].asks),
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
        move = MOVES[action]
        form = FORMS_BY_ASK.get(move.asks, TransitionForm)(data, initial={"version": claim.version})
        evidence = None
        if move.asks == "verdict":
            evidence = EvidenceFormSet(data, prefix="evidence", initial=self._evidence_from(request, claim))
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
                self.message_user(request, error_text(error), messages.ERROR)
                return HttpResponseRedirect(change_url)
            else:
                self.message_user(request, f"Claim {move.past} (status: {moved.get_status_display()}).",
                                  messages.SUCCESS)
                return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts, "title": f"{move.label.rstrip('…')} claim", "claim": claim, "asks": move.asks,
            "submit_label": move.label.rstrip("…") if move.asks == "confirm" else f"{move.label.rstrip('…')} claim",
            "action": action, "form": form, "evidence": evidence, "change_url": change_url,
            "in_article": self.in_article(claim), "verdict": self.verdict(claim),
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/claims/claim/transition.html", context)

    @staticmethod
    def _evidence_from(request, claim) -> list[dict] | None:
        """The first evidence row from a match (?evidence_from=<match id>): its review, in one step."""
        match_id = whole_number(request.GET.get("evidence_from", ""))
        if request.method != "GET" or match_id is None:
            return None
        match = (ClaimMatch.objects.shown().filter(pk=match_id, claim=claim)
                 .select_related("fact_check__publisher", "fact_check__rating_level", "published_claim__rating_level")
                 .first())
        row = match_evidence(match) if match else None
        return [row] if row else None

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
            except ValidationError as error:  # the input itself (e.g. a summary over its limit): same for every claim
                self.message_user(request, f"Nothing more done: {error_text(error)}", messages.ERROR)
                break
        level = messages.SUCCESS if not skipped else messages.WARNING
        self.message_user(request, bulk_outcome_message(MOVES[action].past, moved, skipped), level)

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

    # "Select all N" (Django's select_across) hands the action the change list's whole filtered,
    # searched and ordered queryset: the export of everything matching the filters.
    @admin.action(description="Export selected claims as CSV", permissions=["view"])
    def export_csv(self, request, queryset):
        return claims_csv_response(queryset, reads_all=can_read_all(request.user))

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "my_open_count": Claim.objects.assigned_to(request.user).pending().count(),
            "my_open_query": f"?{AssignmentFilter.parameter_name}={AssignmentFilter.MINE_OPEN}",
            "my_open_selected": request.GET.get(AssignmentFilter.parameter_name) == AssignmentFilter.MINE_OPEN,
            "already_checked_query": f"?{AlreadyCheckedFilter.parameter_name}=yes",
            "already_checked_selected": request.GET.get(AlreadyCheckedFilter.parameter_name) == "yes",
        }
        return super().changelist_view(request, extra_context)
