"""Searching fact-checks, imported and ClaimTracker's own published ones, for `claims:search`.

`search()` is the one entry: the matcher's `matching.search` when it is there (it ranks a query of
any length by meaning), else `fallback_search` here (PostgreSQL full-text, any of the query's words,
plus trigram similarity). A query left empty (Google allows it with a publisher site) lists that
publisher's fact-checks newest first.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramSimilarity
from django.db import connection
from django.db.models import F, Q
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from claims.models import SEARCH_CONFIG, Claim
from claims.models.search import _tsquery_literal
from claims.review.publication import published_claims
from factchecks.models import FactCheck, site_of_host

QUERY_MAX_CHARS = 2000  # what the ranking reads of a query (a tweet is 280)
QUERY_MAX_WORDS = 32
CANDIDATES = 1000


@dataclass(frozen=True)
class Hit:
    """A result: an imported fact-check or a published claim (one of them), and how well it matches."""

    fact_check: FactCheck | None
    claim: Claim | None
    score: float


def own_site() -> str:
    """ClaimTracker's site as publishers' sites are written: CLAIMTRACKER_SITE_URL's host without www."""
    return site_of_host(urlsplit(settings.CLAIMTRACKER_SITE_URL).netloc)


def _engine():
    return getattr(importlib.import_module("matching"), "search", None) or fallback_search


def search(query: str, *, language: str | None = None, publisher_site: str | None = None,
           max_age_days: int | None = None, offset: int = 0, limit: int = 10) -> list[Hit]:
    """The best `limit` hits from `offset` on, best first."""
    query = (query or "").strip()[:QUERY_MAX_CHARS]
    if not query:
        return newest(language=language, publisher_site=publisher_site, max_age_days=max_age_days,
                      offset=offset, limit=limit)
    return list(_engine()(query, language=language, publisher_site=publisher_site, max_age_days=max_age_days,
                          offset=offset, limit=limit))


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


def _lexemes(query: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tsvector_to_array(to_tsvector(%s::regconfig, %s))", [SEARCH_CONFIG, query])
        lexemes = cursor.fetchone()[0] or []
    return sorted(lexemes, key=lambda w: (-len(w), w))[:QUERY_MAX_WORDS]


def fallback_search(query: str, *, language=None, publisher_site=None, max_age_days=None, offset=0,
                    limit=10) -> list[Hit]:
    """Any of the query's words (full text), ranked by text rank plus trigram similarity."""
    lexemes = _lexemes(query)
    if not lexemes:
        return []
    terms = SearchQuery(" | ".join(_tsquery_literal(w) for w in lexemes), search_type="raw", config="simple")
    end = offset + limit
    similar_to = query[:500]
    hits = []
    fact_checks = _fact_checks(language=language, publisher_site=publisher_site, max_age_days=max_age_days)
    for row in (fact_checks.filter(search_vector=terms)
                .annotate(score=SearchRank(F("search_vector"), terms) + TrigramSimilarity("claim_reviewed", similar_to))
                .order_by("-score", "-id")[:min(end, CANDIDATES)]):
        hits.append(Hit(row, None, float(row.score)))
    claims = _claims(language=language, publisher_site=publisher_site, max_age_days=max_age_days)
    if claims is not None:
        for row in (claims.filter(search_vector=terms)
                    .annotate(score=SearchRank(F("search_vector"), terms) + TrigramSimilarity("text", similar_to))
                    .order_by("-score", "-id")[:min(end, CANDIDATES)]):
            hits.append(Hit(None, row, float(row.score)))
    hits.sort(key=lambda h: -h.score)
    return hits[offset:end]
