"""Where deliveries run: Celery (the task and its eta), a local thread (real time, short delays)."""

import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from claims.review import workflow
from tests.factories import ClaimFactory
from tests.webhooks.conftest import SECRET, rate
from webhooks import tasks
from webhooks.models import Delivery, DeliveryStatus, Endpoint


@pytest.mark.django_db
def test_celery_mode_queues_a_task_and_a_retry_at_its_due_time(claim, endpoint, receiver, publish, settings,
                                                                monkeypatch):
    settings.CLAIMTRACKER_WEBHOOKS = "celery"
    queued = []
    monkeypatch.setattr(tasks.deliver_webhook, "apply_async", lambda args, eta=None, **kw: queued.append((args, eta)))
    receiver.answers.extend([502])
    publish(claim)

    delivery = Delivery.objects.get()
    assert queued == [((delivery.pk,), None)] and receiver.requests == []  # the request only queued it

    assert tasks.deliver_webhook(delivery.pk) == DeliveryStatus.PENDING
    delivery.refresh_from_db()
    assert queued[1] == ((delivery.pk,), delivery.next_attempt_at)
    assert tasks.deliver_webhook(delivery.pk) is None  # early (a doubled job, or the broker's): sends nothing

    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    assert tasks.deliver_webhook(delivery.pk) == DeliveryStatus.DELIVERED
    assert len(receiver.wait_for(2)) == 2 and len(queued) == 2


@pytest.mark.django_db(transaction=True)
def test_thread_mode_sends_after_the_commit_and_retries_on_time(receiver, settings, reviewer, editor):
    settings.CLAIMTRACKER_WEBHOOKS = "thread"
    settings.CLAIMTRACKER_WEBHOOKS_RETRY_DELAYS = [1]
    Endpoint.objects.create(name="Partner", url=f"{receiver.url}/hooks", secret=SECRET)
    claim = ClaimFactory()
    receiver.answers.extend([500])
    rate(claim, reviewer)

    workflow.claim_publish(claim=claim.pk, actor=editor)  # commits (no test transaction): the thread sends

    assert len(receiver.wait_for(2, timeout=15)) == 2
    deadline = timezone.now() + timedelta(seconds=10)
    while Delivery.objects.get().status == DeliveryStatus.PENDING and timezone.now() < deadline:
        time.sleep(0.05)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 2)


@pytest.mark.django_db
def test_deliver_webhooks_dry_run_sends_nothing(claim, endpoint, receiver, publish, capsys):
    receiver.answers.extend([500])
    publish(claim)
    Delivery.objects.update(next_attempt_at=timezone.now())
    call_command("deliver_webhooks", dry_run=True)
    assert "1 webhook delivery due." in capsys.readouterr().out
    assert len(receiver.requests) == 1
    call_command("deliver_webhooks")
    assert "1 delivered, 0 to retry later, 0 failed" in capsys.readouterr().out
