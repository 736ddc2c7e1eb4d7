"""The matcher: a query's best matches among imported fact-checks and published claims.

Candidates from three roads (matching.ranking says which and how many), reranked by one score.
The database does the full-text candidates and the final rows; the vectors are searched in memory
(matching.index.VectorCache, exact dot products). Filters apply on every road and on the rows.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Iterable

import numpy as np
from django.db import connection

from matching import ranking
from matching.encoder import shipped_encoder
from matching.index import cache, indexed_text


@dataclass(frozen=True)
class Hit:
    """A match: an imported fact-check or a published claim (one of them), and its score in [0, 1]
    (ranking.score: increasing in cosine and coverage, calibrated on Snopes TRAIN tweets)."""

    fact_check: object | None  # factchecks.models.FactCheck
    claim: object | None  # claims.models.Claim
    score: float
    cosine: float = 0.0
    coverage: float = 0.0


@dataclass(frozen=True)
class Filters:
    language: str | None = None
    publisher_site: str | None = None
    since: float | None = None  # epoch seconds; the newer of claim and review date must be at or after it

    @classmethod
    def of(cls, language, publisher_site, max_age_days) -> "Filters":
        since = None
        if max_age_days is not None:
            # No earlier than year 100: PostgreSQL's to_timestamp refuses what lies far beyond.
            since = max(time.time() - float(max_age_days) * 86400.0, -59e9)
        return cls(language=(language or None), publisher_site=(publisher_site or "").lower() or None, since=since)


def _claims_allowed(filters: Filters) -> bool:
    from factchecks.models import own_site

    return not filters.publisher_site or filters.publisher_site == own_site()


def _claim_conditions(filters: Filters) -> tuple[str, list]:
    sql, params = [], []
    if filters.language:
        sql.append("a.language = %s")
        params.append(filters.language)
    if filters.since is not None:
        sql.append("c.first_published_at >= to_timestamp(%s)")
        params.append(filters.since)
    return "".join(f" AND {s}" for s in sql), params


def _lexemes(cursor, query: str, config: str) -> list[str]:
    cursor.execute("SELECT tsvector_to_array(to_tsvector(%s::regconfig, %s))", [config, query])
    lexemes = cursor.fetchone()[0] or []
    if config == "simple":
        lexemes = [w for w in lexemes if w not in ranking.STOP_WORDS and len(w) > 1]
    return lexemes


def _lexical_candidates(query: str, filters: Filters, config: str) -> tuple[list[int], list[int]]:
    """(fact-check ids, claim ids): the best full-text matches of any of the query's lexemes (read in
    the text search configuration `config`). Fact-checks are ranked unfiltered and filtered after, in
    memory (VectorCache.allows): a join for the filters cost up to 90 ms at 100,000 fact-checks."""
    fact_checks: list[int] = []
    claims: list[int] = []
    with connection.cursor() as cursor:
        expression = ranking.or_tsquery(_lexemes(cursor, query, config))
        if expression:
            cursor.execute(
                f"""SELECT fact_check_id FROM (
                        SELECT fact_check_id, search_vector FROM matching_factcheckvector
                        WHERE search_vector @@ %s::tsquery LIMIT {ranking.LEXICAL_MATCHES_RANKED}) m
                    ORDER BY ts_rank(search_vector, %s::tsquery) DESC, fact_check_id LIMIT {ranking.LEXICAL_RANKED}""",
                [expression, expression])
            allowed = cache("factcheck").allows
            fact_checks = [row[0] for row in cursor.fetchall() if allowed(row[0], filters)][: ranking.LEXICAL_CANDIDATES]
            if _claims_allowed(filters):
                where, params = _claim_conditions(filters)
                cursor.execute(
                    f"""SELECT id FROM (
                            SELECT c.id, c.search_vector FROM claims_claim c JOIN claims_article a ON a.id = c.article_id
                            WHERE c.status = 'published' AND c.search_vector @@ %s::tsquery{where}
                            LIMIT {ranking.LEXICAL_MATCHES_RANKED}) m
                        ORDER BY ts_rank(search_vector, %s::tsquery) DESC, id LIMIT {ranking.LEXICAL_CANDIDATES}""",
                    [expression, *params, expression])
                claims = [row[0] for row in cursor.fetchall()]
    return fact_checks, claims


def _rows(fact_check_ids: Iterable[int], claim_ids: Iterable[int], filters: Filters):
    from claims.review.publication import published_claims
    from factchecks.models import FactCheck

    fact_checks = FactCheck.objects.select_related("publisher").filter(id__in=list(fact_check_ids))
    if filters.language:
        fact_checks = fact_checks.filter(language=filters.language)
    if filters.publisher_site:
        fact_checks = fact_checks.filter(publisher__site=filters.publisher_site)
    rows = list(fact_checks)
    if filters.since is not None:
        rows = [fc for fc in rows if _newest_date(fc) is not None and _newest_date(fc).timestamp() >= filters.since]
    claims = []
    claim_ids = list(claim_ids)
    if claim_ids and _claims_allowed(filters):
        found = published_claims().filter(id__in=claim_ids)
        if filters.language:
            found = found.filter(article__language=filters.language)
        claims = list(found)
        if filters.since is not None:
            claims = [c for c in claims if c.first_published_at and c.first_published_at.timestamp() >= filters.since]
    return rows, claims


def _newest_date(fact_check):
    dates = [d for d in (fact_check.claim_date, fact_check.review_date) if d is not None]
    return max(dates) if dates else None


def _rank(query: str, vector: np.ndarray, filters: Filters, config: str, wanted: int,
          exclude_claim_ids: frozenset[int]) -> list[Hit]:
    fact_check_cache, claim_cache = cache("factcheck"), cache("claim")
    fact_check_ids, claim_ids = _lexical_candidates(query, filters, config)
    near = fact_check_cache.nearest(vector, ranking.EMBEDDING_CANDIDATES, language=filters.language,
                                    site=filters.publisher_site, since=filters.since)
    fact_check_ids = list(dict.fromkeys(fact_check_ids + [owner for owner, _ in near]))
    if _claims_allowed(filters):
        near_claims = claim_cache.nearest(vector, ranking.EMBEDDING_CANDIDATES, language=filters.language, since=filters.since)
        claim_ids = list(dict.fromkeys(claim_ids + [owner for owner, _ in near_claims]))
    claim_ids = [c for c in claim_ids if c not in exclude_claim_ids]
    fact_checks, claims = _rows(fact_check_ids, claim_ids, filters)

    candidates = [(fc, None, indexed_text(fc.claim_reviewed, fc.title), fact_check_cache.vector_of(fc.id)) for fc in fact_checks]
    candidates += [(None, c, c.text, claim_cache.vector_of(c.id)) for c in claims]
    missing = [i for i, candidate in enumerate(candidates) if candidate[3] is None]
    if missing:  # not indexed yet (or indexed after this process last looked): encoded now
        encoded = shipped_encoder().encode([candidates[i][2] for i in missing])
        for row, i in enumerate(missing):
            candidates[i] = (*candidates[i][:3], encoded[row])
    query_words = ranking.content_words(query)
    hits = []
    for fact_check, claim, text, candidate_vector in candidates:
        cosine = float(np.dot(candidate_vector, vector))
        cover = ranking.coverage(query_words, ranking.content_words(text))
        hits.append(Hit(fact_check=fact_check, claim=claim, score=ranking.score(cosine, cover), cosine=cosine, coverage=cover))
    hits.sort(key=lambda h: (-h.score, h.claim is not None, (h.fact_check or h.claim).pk))
    return hits[:wanted]


def search(query: str, *, language: str | None = None, publisher_site: str | None = None,
           max_age_days: int | None = None, offset: int = 0, limit: int = 10) -> list[Hit]:
    """The best matches of `query` (any text) among imported fact-checks and published claims, best
    first, from `offset` on; at most about a hundred in all (the candidates). [] for an empty query."""
    query = ranking.clean_query(query)
    if not query.strip() or limit <= 0:
        return []
    offset = max(0, offset)
    vector = shipped_encoder().encode([query])[0]
    filters = Filters.of(language, publisher_site, max_age_days)
    config = ranking.search_config(language)
    return _rank(query, vector, filters, config, offset + limit, frozenset())[offset:]


def matches_for_texts(texts: list[str], languages: list[str | None], *, limit: int = 5,
                      exclude_claim_ids=None) -> list[list[Hit]]:
    """The best `limit` matches of each text (a claim's), in the order of `texts`. `languages` gives
    each text's language (None: unknown); it chooses the full-text configuration and filters nothing.
    `exclude_claim_ids`: claims never returned (the claims themselves)."""
    if len(languages) != len(texts):
        raise ValueError("matches_for_texts: one language per text (None when unknown).")
    queries = [ranking.clean_query(text) for text in texts]
    vectors = shipped_encoder().encode(queries)
    excluded = frozenset(int(i) for i in (exclude_claim_ids or ()))
    results = []
    for query, language, vector in zip(queries, languages, vectors):
        if not query.strip() or limit <= 0:
            results.append([])
            continue
        results.append(_rank(query, vector, Filters(), ranking.search_config(language), limit, excluded))
    return results
