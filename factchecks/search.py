"""Searching fact-checks, imported and ClaimTracker's own published ones, for `claims:search`.

`search()` is the one entry: a query is ranked by the matcher (`matching.search`: by meaning, a query
of any length); a query left empty (Google allows it with a publisher site) lists that publisher's
fact-checks newest first (`newest`).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

import matching
from claims.review.publication import published_claims
from factchecks.models import FactCheck, own_site
from matching.core import Hit

# The matcher's score from which a hit is shown: a reader's question keeps loose paraphrases (about 0.1:
# "covid jabs ... tracking chips" for "Vaccines contain microchips"), unrelated texts score under 0.01.
# Lower than a claim's kept matches (claims.review.matches.MATCH_MIN_SCORE), which a reviewer reads.
SEARCH_MIN_SCORE = 0.05
QUERY_MAX_CHARS = 2000  # what the ranking reads of a query (a tweet is 280)


def search(query: str, *, language: str | None = None, publisher_site: str | None = None,
           max_age_days: int | None = None, offset: int = 0, limit: int = 10) -> list[Hit]:
    """The best `limit` hits from `offset` on, best first."""
    query = (query or "").strip()[:QUERY_MAX_CHARS]
    if not query:
        return newest(language=language, publisher_site=publisher_site, max_age_days=max_age_days,
                      offset=offset, limit=limit)
    # Only hits worth showing, as Google returns no unrelated fact-checks (hits come best first, so the
    # cut keeps later pages consistent).
    hits = matching.search(query, language=language, publisher_site=publisher_site, max_age_days=max_age_days,
                           offset=offset, limit=limit)
    return [hit for hit in hits if hit.score >= SEARCH_MIN_SCORE]


def _since(max_age_days: int | None) -> dt.datetime | None:
    if max_age_days is None:
        return None
    try:
        return timezone.now() - dt.timedelta(days=max_age_days)
    except OverflowError:
        return None


def _fact_checks(*, language, publisher_site, max_age_days):
    rows = FactCheck.objects.select_related("publisher")
    if language:
        rows = rows.filter(language=language)
    if publisher_site:
        rows = rows.filter(publisher__site=publisher_site)
    since = _since(max_age_days)
    if since:
        rows = rows.annotate(age_date=Greatest(Coalesce("claim_date", "review_date"), Coalesce("review_date", "claim_date"))
                             ).filter(age_date__gte=since)
    return rows


def _claims(*, language, publisher_site, max_age_days):
    if publisher_site and publisher_site != own_site():
        return None
    rows = published_claims().select_related("rating_level")
    if language:
        rows = rows.filter(article__language=language)
    since = _since(max_age_days)
    if since:
        rows = rows.filter(Q(first_published_at__gte=since) | Q(article__published_at__gte=since))
    return rows


def newest(*, language=None, publisher_site=None, max_age_days=None, offset=0, limit=10) -> list[Hit]:
    end = offset + limit
    fact_checks = [Hit(f, None, 0.0) for f in _fact_checks(language=language, publisher_site=publisher_site,
                                                           max_age_days=max_age_days).newest_first()[:end]]
    claims = _claims(language=language, publisher_site=publisher_site, max_age_days=max_age_days)
    own = [] if claims is None else [Hit(None, c, 0.0) for c in claims.order_by("-first_published_at", "-id")[:end]]
    epoch = dt.datetime.min.replace(tzinfo=dt.timezone.utc)
    merged = sorted(fact_checks + own, key=lambda h: (h.fact_check.review_date if h.fact_check else
                                                      h.claim.first_published_at) or epoch, reverse=True)
    return merged[offset:end]
