"""schema.org ClaimReview (JSON-LD) for published claims.

Ratings map to a 1..5 scale (5 = true). "Unproven" has no place on that scale: its reviewRating
carries no ratingValue, only the label (alternateName), as fact-checkers do for unratable claims.
"""

import re

from django.conf import settings
from rest_framework import serializers
from rest_framework.reverse import reverse

from claims.models import Claim, Rating


SCHEMA_ORG = "https://schema.org"
AGENT_TYPES = ("Person", "Organization")
BEST_RATING, WORST_RATING = 5, 1
RATING_VALUES: dict[str, int | None] = {
    Rating.TRUE: 5,
    Rating.MOSTLY_TRUE: 4,
    Rating.MIXED: 3,
    Rating.MISLEADING: 2,
    Rating.MOSTLY_FALSE: 2,
    Rating.FALSE: 1,
    Rating.UNPROVEN: None,
}

# Words that make a claimant's name an organisation rather than a person.
_ORGANISATION_WORDS = re.compile(
    r"\b(analysts?|experts|officials|ministry|ministries|government|department|agency|office|council|"
    r"committee|commission|party|bank|company|corporation|corp|inc|ltd|llc|plc|group|university|"
    r"institute|association|union|federation|foundation|authority|board|police|army|military|"
    r"administration|court|parliament|congress|senate|white house|kremlin|news|network|press|"
    r"times|post|agency|organi[sz]ation|un|nato|imf|eu|fund|bureau|service|cabinet|"
    r"researchers|scientists|survey|report|spokes(?:man|woman|person)s?|media)\b",
    re.IGNORECASE,
)


def is_organisation(name: str) -> bool:
    return bool(_ORGANISATION_WORDS.search(name))


def _agent(name: str, *, organisation: bool | None = None) -> dict:
    kind = "Organization" if (organisation if organisation is not None else is_organisation(name)) else "Person"
    return {"@type": kind, "name": name}


def _date(value) -> str | None:
    return value.date().isoformat() if value else None


def review_rating(rating: str) -> dict:
    """A schema.org Rating on the 1..5 scale; "unproven" gets only its label."""
    value = RATING_VALUES.get(rating)
    result = {"@type": "Rating", "bestRating": BEST_RATING, "worstRating": WORST_RATING,
              "alternateName": Rating(rating).label}
    if value is not None:
        result["ratingValue"] = value
    return result


def claim_review(claim: Claim, *, url: str) -> dict:
    """The ClaimReview of a published claim; `claim` comes with article, source, claimant, verdict."""
    article = claim.article
    if claim.claimant_id:
        claim_author = _agent(claim.claimant.name)
    elif article.source_id:
        claim_author = _agent(article.source.name, organisation=True)
    else:
        claim_author = None
    appearance = {"@type": "CreativeWork", "headline": article.title, "name": article.title}
    if article.url:
        appearance["url"] = article.url
    item_reviewed = {
        "@type": "Claim",
        "datePublished": _date(article.published_at or article.created_at),
        "appearance": appearance,
    }
    if claim_author:
        item_reviewed["author"] = claim_author
    review = {
        "@context": SCHEMA_ORG,
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": claim.text,
        "datePublished": _date(claim.first_published_at),
        "author": {
            "@type": "Organization",
            "name": settings.CLAIMTRACKER_ORGANIZATION_NAME,
            "url": settings.CLAIMTRACKER_ORGANIZATION_URL,
        },
        "reviewRating": review_rating(claim.rating),
        "itemReviewed": item_reviewed,
    }
    if claim.current_verdict_id:
        review["reviewBody"] = claim.current_verdict.summary
    return review


# --- schema.org ClaimReview (JSON-LD) ---
# The body is built by `claims.api.claimreview`; the declared fields document it in the OpenAPI schema.
# JSON-LD keys ("@type") are not Python names, hence the classes built with type().

def _jsonld_serializer(name: str, fields: dict, base=serializers.Serializer):
    return type(name, (base,), {"__module__": __name__, **fields})


def _at_type(value: str, **kwargs):
    return serializers.CharField(default=value, help_text=f'"{value}"', **kwargs)


_Agent = _jsonld_serializer("SchemaOrgAgent", {
    "@type": serializers.ChoiceField(choices=AGENT_TYPES),
    "name": serializers.CharField(),
})
_Organization = _jsonld_serializer("SchemaOrgOrganization", {
    "@type": _at_type("Organization"), "name": serializers.CharField(), "url": serializers.URLField(),
})
_Rating = _jsonld_serializer("SchemaOrgRating", {
    "@type": _at_type("Rating"),
    "ratingValue": serializers.IntegerField(
        required=False, help_text="1 (false) to 5 (true); absent for unproven."),
    "bestRating": serializers.IntegerField(),
    "worstRating": serializers.IntegerField(),
    "alternateName": serializers.CharField(help_text="The rating's label, e.g. \"False\"."),
})
_CreativeWork = _jsonld_serializer("SchemaOrgCreativeWork", {
    "@type": _at_type("CreativeWork"),
    "url": serializers.URLField(required=False),
    "headline": serializers.CharField(),
    "name": serializers.CharField(),
})
_ClaimItem = _jsonld_serializer("SchemaOrgClaim", {
    "@type": _at_type("Claim"),
    "author": _Agent(required=False, help_text="The claimant, or the outlet when there is none."),
    "datePublished": serializers.DateField(),
    "appearance": _CreativeWork(),
})


class _ClaimReviewBase(serializers.Serializer):
    def to_representation(self, claim):
        url = reverse("claim-claimreview", args=[claim.pk], request=self.context.get("request"))
        return claim_review(claim, url=url)


ClaimReviewSerializer = _jsonld_serializer("ClaimReviewSerializer", {
    "@context": _at_type("https://schema.org"),
    "@type": _at_type("ClaimReview"),
    "url": serializers.URLField(),
    "claimReviewed": serializers.CharField(),
    "datePublished": serializers.DateField(),
    "author": _Organization(),
    "reviewRating": _Rating(),
    "itemReviewed": _ClaimItem(),
    "reviewBody": serializers.CharField(required=False, help_text="The verdict's summary."),
}, base=_ClaimReviewBase)
