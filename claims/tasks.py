"""Background jobs (Celery): see claims.ingest.rescore for when they run and where."""

from celery import shared_task
from django.db import OperationalError

from claims.ingest.rescore import claims_rescore


@shared_task(name="claims.rescore_articles", acks_late=True, autoretry_for=(OperationalError,),
             retry_backoff=True, max_retries=5)
def rescore_articles(article_ids: list[int]) -> int:
    """The precise check-worthiness for the claims of these articles; safe to run twice."""
    return claims_rescore(article_ids)


@shared_task(name="claims.match_claims", acks_late=True, autoretry_for=(OperationalError,),
             retry_backoff=True, max_retries=5)
def match_claims(job: dict) -> int:
    """Already-checked matches for these claims or articles (claims.review.matches); safe to run twice."""
    from claims.review.matches import matches_run

    return matches_run(job)
