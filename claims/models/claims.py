"""Claims: exact spans of an article body, and the querysets that read them."""

from itertools import combinations

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import (
    SearchQuery, SearchRank, SearchVector, SearchVectorField, TrigramSimilarity
)
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Window
from django.utils.functional import cached_property

from claims.errors import SpanMessage
from claims.extraction.graphemes import Graphemes
from claims.models.articles import Article, Claimant
from claims.models.ratings import rating_level_field
from claims.models.search import (
    RECENT_HISTORY, SEARCH_CANDIDATES, SEARCH_CONFIG, SIMILAR_CANDIDATES, SIMILARITY_MIN, _tsquery_literal
)
from claims.models.vocabulary import (
    MANUAL_EXTRACTOR, REVIEWER_SCORE, ClaimKind, ClaimStatus, _choices_constraint
)


# 0 for unreviewed claims, 1 for the rest: the first key of the review queue's order (indexed).
REVIEW_FIRST = models.Case(
    models.When(status=ClaimStatus.UNREVIEWED, then=models.Value(0)),
    default=models.Value(1), output_field=models.IntegerField(),
)
REVIEW_ORDER = [REVIEW_FIRST.asc(), "-check_worthiness", "-id"]


LIST_ROW_FIELDS = (
    "id", "article", "start", "end", "text", "claimant", "kind", "check_worthiness", "check_worthiness_model",
    "check_worthiness_scored_at", "extractor", "edited_by_hand", "status", "rating", "current_verdict",
    "assigned_to", "first_published_at", "version", "created_at", "updated_at",
)


class ClaimQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status__in=[ClaimStatus.UNREVIEWED, ClaimStatus.IN_REVIEW])

    def published(self):
        return self.filter(status=ClaimStatus.PUBLISHED)

    def assigned_to(self, user):
        return self.filter(assigned_to=user)

    def search(self, query: str):
        """Claims matching a web-search query, annotated with `rank` and `search_total` (how many match).

        A broad query ranks only its first SEARCH_CANDIDATES matches: ranking every one of tens of
        thousands of matches costs a heap read each, and nobody pages that far. "First" in whatever
        order PostgreSQL finds them: asking for the newest made it read every match's heap page
        to sort them (2-3x slower over 18 queries at a million claims). `search_total` is a window count,
        so the page's ranking query says how many there are.
        """
        search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        candidates = self.filter(search_vector=search_query).order_by().values("pk")[:SEARCH_CANDIDATES]
        return self.filter(pk__in=candidates).annotate(
            rank=SearchRank(F("search_vector"), search_query),
            search_total=Window(models.Count("*")),  # not "matches": a claim's already-checked matches
        )

    def similar_to(self, claim: "Claim", *, limit: int = 20):
        """Claims in other articles that say what `claim` says, most similar first.

        Candidates share at least two of the claim's three longest words (found through the
        full-text index; at most SIMILAR_CANDIDATES of them), then are ranked by trigram similarity
        and kept from SIMILARITY_MIN up. A trigram index alone had to merge the posting lists of
        common trigrams ("the") over every claim: seconds at a million claims.
        """
        lexemes = Claim.objects.filter(pk=claim.pk).values_list(
            models.Func(F("search_vector"), function="tsvector_to_array"), flat=True).first() or []
        keys = [_tsquery_literal(word) for word in sorted(lexemes, key=lambda w: (-len(w), w))[:3]]
        if not keys:
            return self.none()
        if len(keys) == 3:
            expression = " | ".join(f"({a} & {b})" for a, b in combinations(keys, 2))
        else:
            expression = " & ".join(keys)
        candidates = (
            self.filter(search_vector=SearchQuery(expression, search_type="raw", config="simple"))
            .exclude(article_id=claim.article_id).order_by().values("pk")[:SIMILAR_CANDIDATES]
        )
        return (
            self.filter(pk__in=candidates)
            .annotate(similarity=TrigramSimilarity("text", claim.text))
            .filter(similarity__gte=SIMILARITY_MIN)
            .order_by("-similarity", "-id")[:limit]
        )

    def for_list(self):
        """What a list row shows: the claim, its article's title and url, claimant and assignee.

        Three joins and no article bodies or search vectors: a page is planned and read quickly, and
        the claims of one 5 MB article do not each bring its body along.
        """
        return self.select_related("article", "claimant", "assigned_to").only(
            *LIST_ROW_FIELDS, "article__id", "article__title", "article__url", "article__language",
            "claimant__id", "claimant__name", "claimant__description", "assigned_to__id", "assigned_to__username",
        )

    def touched_by_reviewers(self):
        """Claims that a re-run of extraction must never change or delete."""
        return self.filter(~Q(status=ClaimStatus.UNREVIEWED) | Q(edited_by_hand=True))


class Claim(models.Model):
    """An exact span of an article body that asserts something checkable.

    Invariant (checked by `clean()`, by the services and by a database trigger):
    0 <= start < end <= len(article.body) and text == article.body[start:end].
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    claimant = models.ForeignKey(
        Claimant, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims"
    )
    kind = models.CharField(max_length=16, choices=ClaimKind.choices, default=ClaimKind.OTHER)
    check_worthiness = models.FloatField(default=0.0)
    # Ingest scores with the fast model; the precise one re-scores in the background (claims.ingest.rescore).
    check_worthiness_model = models.CharField(
        max_length=64, default=REVIEWER_SCORE, help_text='The model that gave check_worthiness, or "reviewer".'
    )
    check_worthiness_scored_at = models.DateTimeField(null=True, blank=True, editable=False)
    extractor = models.CharField(
        max_length=64, default=MANUAL_EXTRACTOR, help_text='Extractor name and version, or "manual".'
    )
    edited_by_hand = models.BooleanField(default=False)
    status = models.CharField(
        max_length=16, choices=ClaimStatus.choices, default=ClaimStatus.UNREVIEWED, editable=False
    )
    rating = models.CharField(max_length=64, null=True, blank=True, editable=False,
                              help_text="A slug of the rating scale (RatingLevel): the current verdict's.")
    rating_level = rating_level_field()
    current_verdict = models.ForeignKey(
        "Verdict", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="assigned_claims",
    )
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    search_vector = models.GeneratedField(
        expression=SearchVector("text", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-check_worthiness", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "start", "end"], name="claims_claim_unique_span"),
            models.CheckConstraint(condition=Q(start__lt=F("end")), name="claims_claim_span_not_empty"),
            models.CheckConstraint(
                condition=Q(check_worthiness__gte=0) & Q(check_worthiness__lte=1),
                name="claims_claim_check_worthiness_0_1",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="claims_claim_version_positive"),
            _choices_constraint("status", ClaimStatus),
            _choices_constraint("kind", ClaimKind),
        ]
        indexes = [
            models.Index(fields=["status", "-check_worthiness", "-id"], name="claims_claim_queue"),
            models.Index(fields=["assigned_to", "status"], name="claims_claim_assignee"),
            models.Index(fields=["-created_at", "-id"], name="claims_claim_created"),
            # The admin's default order (unreviewed first, then most check-worthy): REVIEW_ORDER.
            models.Index(REVIEW_FIRST, F("check_worthiness").desc(), F("id").desc(),
                         name="claims_claim_review_order"),
            # Per-article counts by status read from the index alone (article lists, a page at a time).
            models.Index(fields=["article", "status"], name="claims_claim_article_status"),
            # The public site (public/): published fact-checks newest first, a page at a time, and their
            # count; when anything ever published last changed (ETag, sitemap), from the index alone.
            models.Index(F("first_published_at").desc(), F("id").desc(), condition=Q(status="published"),
                         name="claims_claim_published"),
            models.Index(fields=["updated_at", "status"], condition=Q(first_published_at__isnull=False),
                         name="claims_claim_ever_published"),
            # The admin dashboard's rating breakdown of published claims, from the index alone (migration 0011).
            models.Index(fields=["rating"], condition=Q(status="published"), name="claims_claim_published_rating"),
            GinIndex(fields=["search_vector"], name="claims_claim_search"),
            GinIndex(fields=["text"], opclasses=["gin_trgm_ops"], name="claims_claim_text_trgm"),
        ]
        permissions = [
            ("review_claim", "Can start, release, rate, dismiss and restore claims"),
            ("publish_claim", "Can publish reviewed claims"),
            ("reopen_claim", "Can reopen reviewed or published claims"),
        ]

    def __str__(self):
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"

    @cached_property
    def recent_history(self) -> tuple[list, bool]:
        """The latest RECENT_HISTORY events, newest first, and whether older ones exist (one query)."""
        events = list(self.events.select_related("actor", "rating_level").order_by("-created_at", "-id")[:RECENT_HISTORY + 1])
        return events[:RECENT_HISTORY], len(events) > RECENT_HISTORY

    def clean(self):
        super().clean()
        errors = span_errors(self.article.body if self.article_id else None, self.start, self.end, self.text)
        if errors:
            raise ValidationError(errors)


def span_errors(body: str | None, start: int | None, end: int | None, text: str | None) -> dict:
    """Field errors for a span against a body; empty when the span is valid."""
    if body is None or start is None or end is None:
        return {}
    if start < 0:
        return {"start": SpanMessage.START_NEGATIVE}
    if end <= start:
        return {"end": SpanMessage.EMPTY}
    if end > len(body):
        return {"end": SpanMessage.OUT_OF_RANGE.format(end=end, length=len(body))}
    graphemes = Graphemes(body)
    for field, position in (("start", start), ("end", end)):
        if not graphemes.is_boundary(position):
            return {field: SpanMessage.INSIDE_GRAPHEME.format(field=field, position=position)}
    if text is not None and body[start:end] != text:
        return {"text": SpanMessage.TEXT_MISMATCH.format(start=start, end=end, actual=body[start:end][:200])}
    return {}
