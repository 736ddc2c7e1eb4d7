"""The Celery task of webhooks (CLAIMTRACKER_WEBHOOKS=celery): see webhooks.jobs."""

from celery import shared_task
from django.db import OperationalError

from webhooks.delivery import delivery_attempt
from webhooks.jobs import EARLY


@shared_task(name="webhooks.deliver", acks_late=True, autoretry_for=(OperationalError,),
             retry_backoff=True, max_retries=5)
def deliver_webhook(delivery_id: int) -> str | None:
    """One attempt at this delivery if it is due (a doubled or early job sends nothing), and the
    next one scheduled at its due time when it failed with retries left."""
    outcome = delivery_attempt(delivery_id, early=EARLY)
    if outcome.retry_at:
        deliver_webhook.apply_async((delivery_id,), eta=outcome.retry_at)
    return outcome.status
