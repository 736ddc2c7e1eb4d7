"""The verification of a claim: verdicts, their evidence, and the append-only history."""


from django.conf import settings
from django.db import models
from django.db.models import F, Q

from claims.models.claims import Claim
from claims.models.ratings import rating_level_field
from claims.models.vocabulary import ClaimAction, ClaimStatus, Stance, _choices_constraint


class Verdict(models.Model):
    """A reviewer's finding on a claim. The newest is the claim's current verdict."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="verdicts")
    rating = models.CharField(max_length=64, help_text="A slug of the rating scale (RatingLevel).")
    rating_level = rating_level_field()
    summary = models.TextField(help_text="The explanation a reader sees.")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="verdicts")
    is_correction = models.BooleanField(
        default=False, help_text="Replaces a verdict that had already been published."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.rating}: {self.summary[:60]}"


class Evidence(models.Model):
    verdict = models.ForeignKey(Verdict, on_delete=models.CASCADE, related_name="evidence")
    url = models.URLField(max_length=2000)
    title = models.CharField(max_length=500, blank=True)
    excerpt = models.TextField(blank=True, help_text="What the source shows.")
    stance = models.CharField(max_length=16, choices=Stance.choices, default=Stance.CONTEXT)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "evidence"
        constraints = [_choices_constraint("stance", Stance)]

    def __str__(self):
        return self.title or self.url


class ClaimEvent(models.Model):
    """Append-only history of a claim: who did what, when and why.

    The application never updates or deletes events; a database trigger refuses updates.
    """

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="events", editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="claim_events", editable=False, help_text="Empty for the system (extraction).",
    )
    action = models.CharField(max_length=16, choices=ClaimAction.choices, editable=False)
    from_status = models.CharField(max_length=16, choices=ClaimStatus.choices, blank=True, editable=False)
    to_status = models.CharField(max_length=16, choices=ClaimStatus.choices, editable=False)
    rating = models.CharField(max_length=64, null=True, blank=True, editable=False)
    rating_level = rating_level_field()
    verdict = models.ForeignKey(
        # DO_NOTHING: a SET_NULL would UPDATE events, which are append-only; verdicts go only with their claim.
        Verdict, null=True, blank=True, on_delete=models.DO_NOTHING, related_name="events", editable=False
    )
    version = models.PositiveIntegerField(editable=False, help_text="The claim's version after this event.")
    note = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["claim", "-created_at", "-id"], name="claims_event_claim"),
            # Publications newest first: the public corrections list and feed.
            models.Index(F("created_at").desc(), F("id").desc(), condition=Q(action="publish"), name="claims_event_publish"),
        ]

    def __str__(self):
        return f"{self.get_action_display()} by {self.actor or 'system'}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValueError("Claim events are append-only and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Claim events are append-only and cannot be deleted.")
