"""What the public sees of the review road: the published fact-checks, their canonical addresses,
their corrections. The public site, the feeds, the sitemap, the API's ClaimReview and the webhooks
all read these; none decides on its own what is public or where it lives.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import OuterRef, Prefetch, Subquery
from django.urls import reverse
from django.utils.text import slugify

from claims.models import Claim, ClaimAction, ClaimEvent, Claimant, ClaimStatus, Evidence, Verdict


SLUG_MAX_WORDS = 10
SLUG_MAX_LENGTH = 80


def published_claims():
    """Claims a reader may see (published, nothing else), with what a fact-check page shows."""
    return (Claim.objects.filter(status=ClaimStatus.PUBLISHED)
            .select_related("article", "article__source", "claimant", "current_verdict", "current_verdict__reviewer"))


def fact_check_slug(claim: Claim) -> str:
    """The readable part of a fact-check's address: the claim's first words, ASCII ("fact-check" when
    none are). Not stored: the id is the address, a stale slug redirects to this one."""
    words = slugify(claim.text, allow_unicode=False).split("-")[:SLUG_MAX_WORDS]
    return "-".join(words)[:SLUG_MAX_LENGTH].strip("-") or "fact-check"


def fact_check_path(claim: Claim) -> str:
    return reverse("public:fact-check", kwargs={"pk": claim.pk, "slug": fact_check_slug(claim)})


def site_url(path: str) -> str:
    """An absolute URL on the public site (CLAIMTRACKER_SITE_URL)."""
    return settings.CLAIMTRACKER_SITE_URL.rstrip("/") + path


def fact_check_url(claim: Claim) -> str:
    """The canonical absolute URL of a published claim's page: ClaimReview's `url`."""
    return site_url(fact_check_path(claim))


def verdict_history(claim: Claim) -> list[Verdict]:
    """The claim's verdicts, oldest first, with their evidence (two queries)."""
    return list(claim.verdicts.order_by("created_at", "id").prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.order_by("id"))))


def claimant_slug(claimant: Claimant) -> str:
    """The readable part of a claimant page's address (not stored, like fact_check_slug)."""
    return slugify(claimant.name, allow_unicode=False)[:SLUG_MAX_LENGTH].strip("-") or "claimant"


def claimant_path(claimant: Claimant) -> str:
    return reverse("public:claimant", kwargs={"pk": claimant.pk, "slug": claimant_slug(claimant)})


def publications(claim: Claim) -> list[ClaimEvent]:
    """The claim's publish events, oldest first, with the rating each made public and its verdict's
    summary: the first publication, then one per correction (one query)."""
    return list(claim.events.filter(action=ClaimAction.PUBLISH).select_related("verdict")
                .only("id", "claim_id", "rating", "created_at", "verdict__id", "verdict__summary",
                      "verdict__is_correction")
                .order_by("created_at", "id"))


def published_corrections():
    """Corrections readers were shown, newest first: publish events of a correcting verdict on claims
    still published, each with `previous_rating`, the rating the publication before it had."""
    earlier = (ClaimEvent.objects.filter(claim=OuterRef("claim_id"), action=ClaimAction.PUBLISH,
                                         created_at__lt=OuterRef("created_at"))
               .order_by("-created_at", "-id").values("rating")[:1])
    return (ClaimEvent.objects
            .filter(action=ClaimAction.PUBLISH, verdict__is_correction=True, claim__status=ClaimStatus.PUBLISHED)
            .annotate(previous_rating=Subquery(earlier))
            .order_by("-created_at", "-id"))
