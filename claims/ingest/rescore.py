"""Re-scoring stored claims with the precise check-worthiness model, soon after ingest.

Ingest stores machine claims with the fast score (the linear model: ingest must stay fast); once
its transaction commits, `rescore_after_commit` hands the articles to the job engine:

- CLAIMTRACKER_BROKER_URL set: the Celery task `claims.rescore_articles` on that broker (Redis or
  RabbitMQ); workers run anywhere with `celery -A claimtracker worker`;
- unset, the local default that needs nothing but Python: one background thread in this process,
  which the process waits for before it exits (so `load_seeds` ends with every score refined);
- CLAIMTRACKER_RESCORE = "inline" (tests) runs it in the commit itself; "off" never does.

`claims_rescore` is the work, and idempotent: it refines only scores a model other than the
precise one gave, of texts that have not changed since, so a retried or doubled job is harmless.
A reviewer's own score ("reviewer") is never replaced. `manage.py rescore_claims` catches up.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.conf import settings
from django.db import connection, transaction
from psycopg2.extras import execute_values

from claims import extraction
from claims.models import REVIEWER_SCORE, Claim
from claimtracker.background import HeldJobs, LocalWorker


BATCH = 512  # claims scored and written per statement
ARTICLES_PER_JOB = 64


def stale_scores(article_ids: Iterable[int] | None = None):
    """Claims whose score is not the precise model's (nor a reviewer's)."""
    claims = Claim.objects.exclude(check_worthiness_model__in=[extraction.PRECISE_MODEL, REVIEWER_SCORE])
    return claims if article_ids is None else claims.filter(article_id__in=list(article_ids))


def claims_rescore(article_ids: Iterable[int] | None = None, *, progress=None) -> int:
    """Give the precise score to every stale claim of these articles (of all, with None); how many."""
    claims = stale_scores(article_ids).order_by("id")
    rescored, after = 0, 0
    while True:
        rows = list(claims.filter(id__gt=after).values_list("id", "text", "check_worthiness_model")[:BATCH])
        if not rows:
            return rescored
        after = rows[-1][0]
        scores = extraction.precise_scores([text for _, text, _ in rows], extraction.NEWS)
        precise = extraction.PRECISE_MODEL
        values = [(pk, min(1.0, max(0.0, score)), model, hashlib.md5(text.encode("utf-8")).hexdigest(), precise)
                  for (pk, text, model), score in zip(rows, scores)]
        with transaction.atomic(), connection.cursor() as cursor, connection.wrap_database_errors:
            # Only rows still as they were read: an edit or a reviewer's score in between wins.
            # updated_at and version stay: a refined score is not an edit (no stale ETag for a reviewer).
            updated = execute_values(
                cursor.cursor,
                f"UPDATE {Claim._meta.db_table} AS c SET check_worthiness = v.score, "
                "check_worthiness_model = v.precise, check_worthiness_scored_at = clock_timestamp() "
                "FROM (VALUES %s) AS v(id, score, model, digest, precise) "
                "WHERE c.id = v.id AND c.check_worthiness_model = v.model AND md5(c.text) = v.digest "
                "RETURNING c.id",
                values, template="(%s::bigint, %s::double precision, %s::text, %s::text, %s::text)",
                page_size=len(values), fetch=True,
            )
        rescored += len(updated)
        if progress:
            progress(rescored)


def _mode() -> str:
    return settings.CLAIMTRACKER_RESCORE


def rescore_after_commit(article_ids: list[int]) -> None:
    """Refine these articles' scores in the background once the current transaction commits."""
    if not article_ids or _mode() == "off":
        return
    ids = list(article_ids)
    transaction.on_commit(lambda: rescore_soon(ids))


# A load's articles, held until it ends (rescores_held).
_held = HeldJobs(lambda jobs: rescore_soon([article_id for job in jobs for article_id in job]))


def rescores_held():
    """Local re-scoring waits until the block ends (a load), then starts; Celery jobs go at once."""
    return _held.hold(_mode() == "thread")


def rescore_soon(article_ids: list[int]) -> None:
    mode = _mode()
    if mode == "thread" and _held.keep(article_ids):
        return
    for first in range(0, len(article_ids), ARTICLES_PER_JOB):
        job = article_ids[first : first + ARTICLES_PER_JOB]
        if mode == "celery":
            from claims.tasks import rescore_articles

            rescore_articles.delay(job)
        elif mode == "inline":
            claims_rescore(job)
        elif mode == "thread":
            _local_worker().put(job)


# The local default (no broker): the claims keep their fast score if a job fails; `rescore_claims` catches up.
_worker = LocalWorker("claimtracker-rescore", claims_rescore,
                      lambda ids: f"re-scoring the claims of articles {ids[:5]} failed")


def _local_worker() -> LocalWorker:
    return _worker
