"""schema.org ClaimReview (JSON-LD) for published claims, as Google's fact-check guidelines ask.

The rating comes from the newsroom's scale (`RatingLevel`): `ratingValue` is the rating's value,
`bestRating` and `worstRating` the scale's highest and lowest. A rating without a value ("Unproven")
carries only its label (alternateName), as fact-checkers do for unratable claims. The `url` is the
fact-check's public page (`claims.review.publication.fact_check_url`), the same from the page's
embedded JSON-LD, the API and the feed.
"""

import re

from django.conf import settings
from rest_framework import serializers

from claims.models import Claim, RatingLevel
from claims.review.publication import fact_check_url
from claims.review.ratings import rating_scale, scale_bounds


SCHEMA_ORG = "https://schema.org"
AGENT_TYPES = ("Person", "Organization")

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
    return value.isoformat(timespec="seconds") if value else None


def review_rating(rating: RatingLevel, scale: list[RatingLevel]) -> dict:
    """A schema.org Rating on the newsroom's scale; a rating without a value gets only its label."""
    best, worst = scale_bounds(scale)
    result = {"@type": "Rating", "alternateName": rating.label}
    if rating.value is not None:
        result.update(ratingValue=rating.value, bestRating=best, worstRating=worst)
    return result


def claim_review(claim: Claim, *, url: str | None = None, scale: list[RatingLevel] | None = None) -> dict:
    """The ClaimReview of a published claim; `claim` comes with article, source, claimant, verdict.

    `url` defaults to the fact-check's public page; `scale` (the rating scale, one query) can be
    passed by callers that build many."""
    scale = rating_scale() if scale is None else scale
    rating = next(r for r in scale if r.slug == claim.rating)
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
    if article.published_at:
        appearance["datePublished"] = _date(article.published_at)
    if article.source_id:
        appearance["publisher"] = _agent(article.source.name, organisation=True)
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
        "url": url or fact_check_url(claim),
        "claimReviewed": claim.text,
        "datePublished": _date(claim.first_published_at),
        # A published claim cannot be edited: its last change is its last publication.
        "dateModified": _date(max(claim.updated_at, claim.first_published_at)),
        "author": {
            "@type": "Organization",
            "name": settings.CLAIMTRACKER_ORGANIZATION_NAME,
            "url": settings.CLAIMTRACKER_ORGANIZATION_URL,
        },
        "reviewRating": review_rating(rating, scale),
        "itemReviewed": item_reviewed,
    }
    if article.language:
        review["inLanguage"] = article.language
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
        required=False, help_text="The rating's value on the newsroom's scale; absent for a rating without one."),
    "bestRating": serializers.IntegerField(required=False, help_text="The scale's highest value."),
    "worstRating": serializers.IntegerField(required=False, help_text="The scale's lowest value."),
    "alternateName": serializers.CharField(help_text="The rating's label, e.g. \"False\"."),
})
_CreativeWork = _jsonld_serializer("SchemaOrgCreativeWork", {
    "@type": _at_type("CreativeWork"),
    "url": serializers.URLField(required=False),
    "headline": serializers.CharField(),
    "name": serializers.CharField(),
    "datePublished": serializers.DateTimeField(required=False),
    "publisher": _Agent(required=False, help_text="The outlet."),
})
_ClaimItem = _jsonld_serializer("SchemaOrgClaim", {
    "@type": _at_type("Claim"),
    "author": _Agent(required=False, help_text="The claimant, or the outlet when there is none."),
    "datePublished": serializers.DateTimeField(),
    "appearance": _CreativeWork(),
})


class _ClaimReviewBase(serializers.Serializer):
    def to_representation(self, claim):
        if "rating_scale" not in self.context:  # once per response, shared by a list's items
            self.context["rating_scale"] = rating_scale()
        return claim_review(claim, scale=self.context["rating_scale"])


ClaimReviewSerializer = _jsonld_serializer("ClaimReviewSerializer", {
    "@context": _at_type("https://schema.org"),
    "@type": _at_type("ClaimReview"),
    "url": serializers.URLField(help_text="The fact-check's public page (canonical, on CLAIMTRACKER_SITE_URL)."),
    "claimReviewed": serializers.CharField(),
    "datePublished": serializers.DateTimeField(),
    "dateModified": serializers.DateTimeField(help_text="The last publication: a correction moves it."),
    "inLanguage": serializers.CharField(required=False, help_text="ISO 639-1 code of the claim's article."),
    "author": _Organization(),
    "reviewRating": _Rating(),
    "itemReviewed": _ClaimItem(),
    "reviewBody": serializers.CharField(required=False, help_text="The verdict's summary."),
}, base=_ClaimReviewBase)
