"""Published fact-checks from elsewhere (issue 16): who published them (Publisher), what they
checked and how they rated it (FactCheck), and how their ratings read on ClaimTracker's scale
(RatingMapping, managed by editors).

A fact-check's natural key is its review URL, normalised (`claims.web_urls.web_url`); a dataset row
without a URL gets a stable dataset key ("liar:2635.json"). Ratings are slugs of the scale
(`claims.RatingLevel`), tied to its rows by foreign keys in the database (migration 0001), as claims'
are (claims migration 0008).
"""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import F, Q

from claims.models import SEARCH_CONFIG
from claims.models.ratings import rating_level_field

KEY_MAX_LENGTH = 2100
URL_MAX_LENGTH = 2000
LABEL_MAX_LENGTH = 200

_SPACES = re.compile(r"\s+")


def label_normalised(label: str) -> str:
    """A textual rating as RatingMapping keys it: case-folded, whitespace collapsed."""
    return _SPACES.sub(" ", label).strip().casefold()


def site_of_host(host: str) -> str:
    """A publisher's site from a URL's host: lower-case, without "www." and a port."""
    host = (host or "").strip().lower().rsplit("@", 1)[-1]
    if host.startswith("["):  # an IPv6 literal keeps its brackets, drops its port
        host = host.split("]", 1)[0] + "]"
    else:
        host = host.split(":", 1)[0]
    host = host.rstrip(".")
    return host[4:] if host.startswith("www.") else host


def own_site() -> str:
    """ClaimTracker's site as publishers' sites are written: CLAIMTRACKER_SITE_URL's host without www."""
    return site_of_host(urlsplit(settings.CLAIMTRACKER_SITE_URL).netloc)


class Publisher(models.Model):
    name = models.CharField(max_length=200)
    site = models.CharField(max_length=255, unique=True,
                            help_text="The review URLs' host without \"www.\", lower-case (snopes.com).")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "site"]
        constraints = [
            models.CheckConstraint(condition=Q(site=models.functions.Lower("site")), name="factchecks_publisher_site_lower"),
            models.CheckConstraint(condition=~Q(site=""), name="factchecks_publisher_site_not_blank"),
        ]

    def __str__(self):
        return f"{self.name} ({self.site})" if self.name and self.name != self.site else self.site


class FactCheckQuerySet(models.QuerySet):
    def newest_first(self):
        return self.order_by(F("review_date").desc(nulls_last=True), "-id")


class FactCheck(models.Model):
    key = models.CharField(max_length=KEY_MAX_LENGTH, unique=True,
                           help_text="The review URL (normalised), or a dataset key (liar:2635.json).")
    url = models.CharField(max_length=URL_MAX_LENGTH, blank=True, help_text="The review URL, when known.")
    publisher = models.ForeignKey(Publisher, on_delete=models.PROTECT, related_name="fact_checks")
    title = models.TextField(blank=True)
    claim_reviewed = models.TextField()
    claimant = models.CharField(max_length=500, blank=True)
    claim_date = models.DateTimeField(null=True, blank=True)
    review_date = models.DateTimeField(null=True, blank=True)
    textual_rating = models.CharField(max_length=LABEL_MAX_LENGTH, blank=True,
                                      help_text="The publisher's own rating (Pants on Fire).")
    rating = models.CharField(max_length=64, null=True, blank=True,
                              help_text="The textual rating on ClaimTracker's scale (RatingLevel slug), through RatingMapping.")
    rating_level = rating_level_field()
    language = models.CharField(max_length=8, blank=True, help_text="ISO 639-1 (en), when known.")
    source = models.CharField(max_length=64, help_text="Which import: liar, snopes-claim-retrieval, claimreview.")
    imported_at = models.DateTimeField(auto_now_add=True)
    search_vector = models.GeneratedField(
        expression=SearchVector("claim_reviewed", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = FactCheckQuerySet.as_manager()

    class Meta:
        ordering = [F("review_date").desc(nulls_last=True), "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(key=""), name="factchecks_factcheck_key_not_blank"),
        ]
        indexes = [
            models.Index(F("review_date").desc(nulls_last=True), F("id").desc(), name="factchecks_review_date"),
            models.Index(fields=["publisher", "-review_date"], name="factchecks_publisher_date"),
            models.Index(fields=["rating"], name="factchecks_rating"),
            models.Index(fields=["language"], name="factchecks_language"),
            GinIndex(fields=["search_vector"], name="factchecks_search"),
            GinIndex(fields=["claim_reviewed"], opclasses=["gin_trgm_ops"], name="factchecks_claim_trgm"),
        ]

    def __str__(self):
        return self.claim_reviewed[:80]


class RatingMapping(models.Model):
    label = models.CharField(max_length=LABEL_MAX_LENGTH, unique=True,
                             help_text="A publisher's textual rating, case-folded, spaces collapsed (pants on fire).")
    rating = models.CharField(max_length=64, null=True, blank=True,
                              help_text="Its rating on ClaimTracker's scale, or empty: kept as text only.")
    rating_level = rating_level_field()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["label"]
        constraints = [
            models.CheckConstraint(condition=~Q(label=""), name="factchecks_ratingmapping_label_not_blank"),
        ]

    def __str__(self):
        return f"{self.label} → {self.rating or '(text only)'}"

    def save(self, *args, **kwargs):
        self.label = label_normalised(self.label)
        super().save(*args, **kwargs)


__all__ = ["FactCheck", "FactCheckQuerySet", "Publisher", "RatingMapping", "label_normalised", "site_of_host",
           "KEY_MAX_LENGTH", "URL_MAX_LENGTH", "LABEL_MAX_LENGTH"]
