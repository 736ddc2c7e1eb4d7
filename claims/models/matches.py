"""A claim's best matches: who already checked it (issue 16).

`ClaimMatch` rows are a claim's best matches, best first (`rank` 1..N), each either an imported
fact-check or one of ClaimTracker's own published claims, with the matcher's score (0..1).
`ClaimMatchRun` says when a claim's matches were last computed and by which matcher, so that "computed,
none found" differs from "never computed". Both are written by `claims.review.matches` only.
"""

from django.db import models
from django.db.models import Exists, F, OuterRef, Q

from claims.models.claims import Claim
from claims.models.vocabulary import ClaimStatus


class ClaimMatchQuerySet(models.QuerySet):
    def shown(self):
        """Matches still worth showing: an imported fact-check, or a claim that is still published."""
        return self.filter(Q(fact_check__isnull=False) | Q(published_claim__status=ClaimStatus.PUBLISHED))

    def best_first(self):
        return self.order_by("claim_id", "rank")


class ClaimMatch(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="claim_matches", editable=False,
                              db_index=False)  # (claim, rank) is unique, and that index leads with claim
    fact_check = models.ForeignKey("factchecks.FactCheck", null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="claim_matches", editable=False)
    published_claim = models.ForeignKey(Claim, null=True, blank=True, on_delete=models.CASCADE,
                                        related_name="matched_by", editable=False,
                                        help_text="One of ClaimTracker's own published claims.")
    score = models.FloatField(help_text="The matcher's score, 0..1 (matching.ranking.score).")
    rank = models.PositiveSmallIntegerField(help_text="1 for the best match of the claim.")
    matcher = models.CharField(max_length=64, help_text="The matcher's version that found it.")
    computed_at = models.DateTimeField()

    objects = ClaimMatchQuerySet.as_manager()

    class Meta:
        ordering = ["claim_id", "rank"]
        verbose_name_plural = "claim matches"
        constraints = [
            models.CheckConstraint(
                condition=(Q(fact_check__isnull=False, published_claim__isnull=True)
                           | Q(fact_check__isnull=True, published_claim__isnull=False)),
                name="claims_claimmatch_one_target"),
            models.CheckConstraint(condition=~Q(published_claim=F("claim")), name="claims_claimmatch_not_itself"),
            models.CheckConstraint(condition=Q(score__gte=0) & Q(score__lte=1), name="claims_claimmatch_score_0_1"),
            models.CheckConstraint(condition=Q(rank__gte=1), name="claims_claimmatch_rank_positive"),
            models.UniqueConstraint(fields=["claim", "rank"], name="claims_claimmatch_claim_rank"),
            models.UniqueConstraint(fields=["claim", "fact_check"], name="claims_claimmatch_claim_factcheck"),
            models.UniqueConstraint(fields=["claim", "published_claim"], name="claims_claimmatch_claim_published"),
        ]
        indexes = [
            # "Already checked": EXISTS (a match of this claim at or above a score), read from the index alone.
            models.Index(fields=["claim", "-score"], name="claims_claimmatch_claim_score"),
        ]

    def __str__(self):
        target = self.fact_check_id and f"fact-check {self.fact_check_id}" or f"claim {self.published_claim_id}"
        return f"claim {self.claim_id} ~ {target} ({self.score:.2f})"


class ClaimMatchRun(models.Model):
    """When a claim's matches were last computed, and by which matcher (also when none were found)."""

    claim = models.OneToOneField(Claim, primary_key=True, on_delete=models.CASCADE, related_name="match_run",
                                 editable=False)
    matcher = models.CharField(max_length=64)
    computed_at = models.DateTimeField()
    found = models.PositiveSmallIntegerField(default=0, help_text="How many matches were kept.")

    class Meta:
        indexes = [models.Index(fields=["computed_at"], name="claims_claimmatchrun_computed")]

    def __str__(self):
        return f"claim {self.claim_id}: {self.found} matches ({self.matcher}, {self.computed_at:%Y-%m-%d %H:%M})"


def already_checked(score: float):
    """A claim has a match shown at or above `score` (one EXISTS over the (claim, score) index)."""
    return Exists(ClaimMatch.objects.shown().filter(claim_id=OuterRef("pk"), score__gte=score))
