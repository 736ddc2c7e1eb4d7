"""Shapes of the API's requests and responses. No business rules: services and the workflow decide.

Read serializers expect the querysets built in `views` (select_related/prefetch_related), so that
a page costs the same number of queries whatever its size. `can_read_all` in the context hides
internal details (history, reviewers, assignees) from the public.
"""


from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.models import (
    RECENT_HISTORY, Article, Claim, Claimant, ClaimEvent, ClaimStatus, Evidence, RatingLevel, Verdict
)
from claims.review.matches import ALREADY_CHECKED_SCORE, match_url
from claims.review.workflow import TRANSITIONS, allowed_actions


# Formats as the declared DateTimeFields do (nothing activates another time zone), without looking
# up the current time zone for every value of every row.
_DATETIME = serializers.DateTimeField(default_timezone=timezone.get_default_timezone())


def _can_read_all(serializer) -> bool:
    return bool(serializer.context.get("can_read_all"))


# --- Responses ---

class ArticleRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Article
        fields = ["id", "title", "url"]


class ClaimantRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Claimant
        fields = ["id", "name", "description"]


class EvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = ["url", "title", "excerpt", "stance"]


class RatingSerializer(serializers.ModelSerializer):
    class Meta:
        model = RatingLevel
        fields = ["slug", "label", "description", "value"]
        read_only_fields = fields


class VerdictSerializer(serializers.ModelSerializer):
    rating_label = serializers.CharField(source="rating_level.label", read_only=True)
    reviewer = serializers.SerializerMethodField(help_text="Username; shown to newsroom staff only.")
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = Verdict
        fields = ["id", "rating", "rating_label", "summary", "reviewer", "is_correction", "created_at", "evidence"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_reviewer(self, verdict):
        return verdict.reviewer.get_username() if _can_read_all(self) else None


class ClaimEventSerializer(serializers.ModelSerializer):
    actor = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True,
                                         help_text="Null for the system (extraction).")
    from_status = serializers.ChoiceField(choices=[("", "none"), *ClaimStatus.choices], read_only=True,
                                          help_text="Empty for the event that created the claim.")

    class Meta:
        model = ClaimEvent
        fields = ["id", "action", "from_status", "to_status", "rating", "actor", "verdict", "version", "note",
                  "created_at"]

    def to_representation(self, event):
        # Up to RECENT_HISTORY of these with every claim detail and workflow move (a test compares
        # this with the declared fields).
        return {
            "id": event.id,
            "action": event.action,
            "from_status": event.from_status,
            "to_status": event.to_status,
            "rating": event.rating,
            "actor": None if event.actor_id is None else event.actor.username,
            "verdict": event.verdict_id,
            "version": event.version,
            "note": event.note,
            "created_at": _DATETIME.to_representation(event.created_at),
        }


class ClaimSerializer(serializers.ModelSerializer):
    article = ArticleRefSerializer(read_only=True)
    claimant = ClaimantRefSerializer(read_only=True, allow_null=True)
    assigned_to = serializers.SerializerMethodField(help_text="Username; shown to newsroom staff only.")
    rank = serializers.SerializerMethodField(help_text="Search rank, with q= only.")
    already_checked = serializers.BooleanField(
        read_only=True, default=False,
        help_text=f"A stored match (GET /api/claims/{{id}}/matches/) scores {ALREADY_CHECKED_SCORE} or more: "
                  "someone has probably checked this claim already.")

    class Meta:
        model = Claim
        fields = [
            "id", "article", "start", "end", "text", "claimant", "kind", "check_worthiness", "check_worthiness_model",
            "check_worthiness_scored_at", "extractor", "edited_by_hand", "status", "rating", "assigned_to",
            "first_published_at", "version",
            "created_at", "updated_at", "rank", "already_checked",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_assigned_to(self, claim):
        if claim.assigned_to_id is None or not _can_read_all(self):
            return None
        return claim.assigned_to.get_username()

    def to_representation(self, claim):
        # The hot path of every claim list: a plain dict with exactly what the declared fields give
        # (a test compares the two), without building and walking one field object per value.
        article, claimant = claim.article, claim.claimant
        return {
            "id": claim.id,
            "article": {"id": article.id, "title": article.title, "url": article.url},
            "start": claim.start,
            "end": claim.end,
            "text": claim.text,
            "claimant": None if claimant is None else {
                "id": claimant.id, "name": claimant.name, "description": claimant.description},
            "kind": claim.kind,
            "check_worthiness": float(claim.check_worthiness),
            "check_worthiness_model": claim.check_worthiness_model,
            "check_worthiness_scored_at": _DATETIME.to_representation(claim.check_worthiness_scored_at),
            "extractor": claim.extractor,
            "edited_by_hand": claim.edited_by_hand,
            "status": claim.status,
            "rating": claim.rating,
            "assigned_to": self.get_assigned_to(claim),
            "first_published_at": _DATETIME.to_representation(claim.first_published_at),
            "version": claim.version,
            "created_at": _DATETIME.to_representation(claim.created_at),
            "updated_at": _DATETIME.to_representation(claim.updated_at),
            "rank": self.get_rank(claim),
            # Annotated by the views' querysets (claims.models.already_checked): no query per row.
            "already_checked": bool(getattr(claim, "already_checked", False)),
        }

    @extend_schema_field(serializers.FloatField(allow_null=True))  # null without q=
    def get_rank(self, claim):
        return getattr(claim, "rank", None)


class ClaimDetailSerializer(ClaimSerializer):
    verdict = VerdictSerializer(source="current_verdict", read_only=True, allow_null=True)
    history = serializers.SerializerMethodField(
        help_text=f"The claim's latest {RECENT_HISTORY} events, newest first; all of them are at "
                  "/api/claims/{id}/history/. Null for clients outside the newsroom.")
    more_history = serializers.SerializerMethodField(
        help_text="Whether older events than those in `history` exist; null for clients outside the newsroom.")
    allowed_actions = serializers.SerializerMethodField(
        help_text="The workflow moves the requesting user may make now.")

    class Meta(ClaimSerializer.Meta):
        fields = [*ClaimSerializer.Meta.fields, "verdict", "history", "more_history", "allowed_actions"]
        read_only_fields = fields

    def to_representation(self, claim):
        verdict = claim.current_verdict
        return {
            **super().to_representation(claim),
            "verdict": None if verdict is None else VerdictSerializer(verdict, context=self.context).data,
            "history": self.get_history(claim),
            "more_history": self.get_more_history(claim),
            "allowed_actions": self.get_allowed_actions(claim),
        }

    @extend_schema_field(ClaimEventSerializer(many=True, allow_null=True))
    def get_history(self, claim):
        if not _can_read_all(self):
            return None
        events, _ = claim.recent_history
        return ClaimEventSerializer(events, many=True, context=self.context).data

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_more_history(self, claim):
        if not _can_read_all(self):
            return None
        _, more = claim.recent_history
        return more

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=TRANSITIONS)))
    def get_allowed_actions(self, claim):
        request = self.context.get("request")
        if request is None or not request.user.is_authenticated:
            return []
        return allowed_actions(claim, request.user)


class SimilarClaimSerializer(ClaimSerializer):
    similarity = serializers.FloatField(read_only=True, help_text="Trigram similarity, 0..1.")

    class Meta(ClaimSerializer.Meta):
        fields = [*ClaimSerializer.Meta.fields, "similarity"]
        read_only_fields = fields

    def to_representation(self, claim):
        return {**super().to_representation(claim), "similarity": float(claim.similarity)}


class ClaimCountsField(serializers.DictField):
    """Claims of the article by status (only the published ones for the public)."""

    child = serializers.IntegerField()

    def __init__(self, **kwargs):
        super().__init__(child=serializers.IntegerField(), source="*", read_only=True, **kwargs)

    def to_representation(self, article):
        return claim_counts(article, _can_read_all(self.parent))


_COUNTED_STATUSES = tuple(ClaimStatus.values)


def claim_counts(article, can_read_all: bool) -> dict:
    statuses = _COUNTED_STATUSES if can_read_all else (ClaimStatus.PUBLISHED,)
    return {status: getattr(article, f"claims_{status}", 0) for status in statuses}


class ArticleSerializer(serializers.ModelSerializer):
    source = serializers.CharField(source="source.name", read_only=True, allow_null=True, default=None)
    claim_counts = ClaimCountsField()
    rank = serializers.SerializerMethodField(help_text="Search rank, with q= only.")

    class Meta:
        model = Article
        fields = ["id", "title", "url", "source", "language", "title_language", "published_at",
                  "created_at", "updated_at", "claim_counts", "rank"]
        read_only_fields = fields

    @extend_schema_field(serializers.FloatField(allow_null=True))  # null without q=
    def get_rank(self, article):
        return getattr(article, "rank", None)

    def to_representation(self, article):
        # The hot path of every article list, as for claims (a test compares it with the declared fields).
        source = article.source
        return {
            "id": article.id,
            "title": article.title,
            "url": article.url,
            "source": None if source is None else source.name,
            "language": article.language,
            "title_language": article.title_language,
            "published_at": _DATETIME.to_representation(article.published_at),
            "created_at": _DATETIME.to_representation(article.created_at),
            "updated_at": _DATETIME.to_representation(article.updated_at),
            "claim_counts": claim_counts(article, _can_read_all(self)),
            "rank": self.get_rank(article),
        }


class ArticleDetailSerializer(ArticleSerializer):
    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "body", "content_hash"]
        read_only_fields = fields

    def to_representation(self, article):
        return {**super().to_representation(article), "body": article.body, "content_hash": article.content_hash}


class ArticleWithClaimsSerializer(ArticleDetailSerializer):
    """The answer to a POST: the article and the claims extraction found in it."""

    claims = ClaimSerializer(many=True, read_only=True)

    class Meta(ArticleDetailSerializer.Meta):
        fields = [*ArticleDetailSerializer.Meta.fields, "claims"]
        read_only_fields = fields

    def to_representation(self, article):
        return {**super().to_representation(article), "claims": self.fields["claims"].to_representation(article.claims)}


class ClaimantSerializer(serializers.ModelSerializer):
    claim_count = serializers.IntegerField(read_only=True)
    counts_by_rating = serializers.SerializerMethodField(help_text="Rated claims by rating.")

    class Meta:
        model = Claimant
        fields = ["id", "name", "description", "claim_count", "counts_by_rating"]
        read_only_fields = fields

    @extend_schema_field(serializers.DictField(child=serializers.IntegerField()))
    def get_counts_by_rating(self, claimant):
        return {name[len("rating_"):]: count for name, count in vars(claimant).items() if name.startswith("rating_")}


class PublisherRefSerializer(serializers.Serializer):
    name = serializers.CharField()
    site = serializers.CharField(help_text="The review URLs' host without \"www.\" (snopes.com).")


class MatchedFactCheckSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField(help_text="The review URL (empty for a dataset row without one); put it in "
                                          "a verdict's `evidence` to cite the review.")
    title = serializers.CharField()
    claim_reviewed = serializers.CharField()
    claimant = serializers.CharField()
    publisher = PublisherRefSerializer()
    textual_rating = serializers.CharField(help_text="The publisher's own rating (Pants on Fire).")
    rating = serializers.CharField(allow_null=True, help_text="The textual rating on our scale, when mapped.")
    review_date = serializers.DateTimeField(allow_null=True)
    language = serializers.CharField()


class MatchedClaimSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    rating = serializers.CharField(allow_null=True)
    url = serializers.CharField(help_text="Its fact-check page on the public site.")


class ClaimMatchSerializer(serializers.Serializer):
    """A match: an imported fact-check or one of our published claims (exactly one of the two is set)."""

    id = serializers.IntegerField(help_text="The match (the admin's rate page takes ?evidence_from=<id>).")
    rank = serializers.IntegerField(help_text="1 for the best.")
    score = serializers.FloatField(help_text="The matcher's score, 0..1: about the chance it checks this claim.")
    fact_check = MatchedFactCheckSerializer(allow_null=True)
    claim = MatchedClaimSerializer(allow_null=True)

    def to_representation(self, match):
        fact_check, claim = match.fact_check, match.published_claim
        return {
            "id": match.id,
            "rank": match.rank,
            "score": round(float(match.score), 4),
            "fact_check": None if fact_check is None else {
                "id": fact_check.id, "url": fact_check.url, "title": fact_check.title,
                "claim_reviewed": fact_check.claim_reviewed, "claimant": fact_check.claimant,
                "publisher": {"name": fact_check.publisher.name, "site": fact_check.publisher.site},
                "textual_rating": fact_check.textual_rating, "rating": fact_check.rating,
                "review_date": _DATETIME.to_representation(fact_check.review_date) if fact_check.review_date else None,
                "language": fact_check.language,
            },
            "claim": None if claim is None else {
                "id": claim.id, "text": claim.text, "rating": claim.rating, "url": match_url(match)},
        }
