import hashlib
import hmac
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from claims.review import workflow
from claims.review.publication import fact_check_url
from tests.webhooks.conftest import SECRET, rate
from webhooks.delivery import (
    DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, deliver_due, signature
)
from webhooks.models import Delivery, DeliveryStatus, Endpoint, WebhookEvent


pytestmark = pytest.mark.django_db


def expected_signature(request) -> str:
    timestamp = request.headers[TIMESTAMP_HEADER]
    digest = hmac.new(SECRET.encode(), timestamp.encode() + b"." + request.body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def make_due(delivery: Delivery) -> None:
    """Time passes: the delivery's retry is due now (no sleeping)."""
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))


def test_publishing_posts_the_signed_claimreview_once(claim, endpoint, receiver, publish):
    publish(claim)

    [request] = receiver.wait_for(1)
    delivery = Delivery.objects.get()
    assert request.path == "/hooks/claimtracker?desk=1"
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers[EVENT_HEADER] == "published"
    assert request.headers[DELIVERY_HEADER] == str(delivery.pk)
    assert abs(int(request.headers[TIMESTAMP_HEADER]) - time.time()) < 60
    assert hmac.compare_digest(request.headers[SIGNATURE_HEADER], expected_signature(request))
    body = request.json
    assert body["event"] == "published" and body["claim_id"] == claim.pk
    review = body["claimReview"]
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == claim.text
    claim.refresh_from_db()
    assert review["url"] == fact_check_url(claim)
    assert review["reviewRating"]["alternateName"]
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (DeliveryStatus.DELIVERED, 1, 200)
    assert delivery.delivered_at is not None and delivery.next_attempt_at is None
    assert delivery.payload == body


def test_the_signature_covers_timestamp_and_body():
    assert signature("k" * 16, "1700000000", b"{}") == "sha256=" + hmac.new(
        b"k" * 16, b"1700000000.{}", hashlib.sha256).hexdigest()
    assert signature("k" * 16, "1700000001", b"{}") != signature("k" * 16, "1700000000", b"{}")


def test_a_correction_sends_event_corrected(claim, endpoint, receiver, publish, reviewer, editor,
                                            django_capture_on_commit_callbacks):
    publish(claim)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.claim_reopen(claim=claim.pk, actor=editor, note="New figures came out.")
        rate(claim, reviewer, rating="true", summary="The new survey confirms it.")
        workflow.claim_publish(claim=claim.pk, actor=editor)

    first, second = receiver.wait_for(2)
    assert first.headers[EVENT_HEADER] == "published"
    assert second.headers[EVENT_HEADER] == "corrected"
    assert second.json["event"] == "corrected"
    assert second.json["claimReview"]["reviewBody"] == "The new survey confirms it."
    assert hmac.compare_digest(second.headers[SIGNATURE_HEADER], expected_signature(second))
    assert list(Delivery.objects.order_by("id").values_list("event", "status")) == [
        ("published", "delivered"), ("corrected", "delivered")]


def test_only_active_endpoints_subscribed_to_the_event_get_it(claim, endpoint, receiver, publish, editor):
    Endpoint.objects.create(name="Off", url=f"{receiver.url}/off", secret=SECRET, active=False)
    Endpoint.objects.create(name="Corrections only", url=f"{receiver.url}/corrections", secret=SECRET,
                            events=[WebhookEvent.CORRECTED])
    publish(claim)

    assert [request.path for request in receiver.wait_for(1)] == ["/hooks/claimtracker?desk=1"]
    assert Delivery.objects.get().endpoint == endpoint


def test_a_server_error_is_retried_when_due_and_then_delivered(claim, endpoint, receiver, publish):
    receiver.answers.extend([500])
    before = timezone.now()
    publish(claim)

    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (DeliveryStatus.PENDING, 1, 500)
    assert delivery.last_error.startswith("HTTP 500")
    # the first retry waits the first delay of the schedule (60 s)
    assert before + timedelta(seconds=59) < delivery.next_attempt_at < timezone.now() + timedelta(seconds=61)
    assert deliver_due() == {"pending": 0, "delivered": 0, "failed": 0}  # not due yet: nothing sent
    assert len(receiver.requests) == 1

    make_due(delivery)
    call_command("deliver_webhooks", verbosity=0)

    first, second = receiver.wait_for(2)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (DeliveryStatus.DELIVERED, 2, 200)
    assert delivery.last_error == ""
    assert first.headers[DELIVERY_HEADER] == second.headers[DELIVERY_HEADER]  # receivers dedupe on it
    assert first.body == second.body
    assert hmac.compare_digest(second.headers[SIGNATURE_HEADER], expected_signature(second))


def test_a_client_error_fails_at_once_without_retry(claim, endpoint, receiver, publish):
    receiver.answers.extend([400])
    publish(claim)

    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (DeliveryStatus.FAILED, 1, 400)
    assert delivery.next_attempt_at is None
    assert deliver_due() == {"pending": 0, "delivered": 0, "failed": 0}
    assert len(receiver.requests) == 1


def test_too_many_requests_is_retried(claim, endpoint, receiver, publish):
    receiver.answers.extend([429])
    publish(claim)
    assert Delivery.objects.get().status == DeliveryStatus.PENDING


def test_the_last_retry_failing_fails_the_delivery(claim, endpoint, receiver, publish, settings):
    settings.CLAIMTRACKER_WEBHOOKS_RETRY_DELAYS = [60, 300]
    receiver.answers.extend([503, 503, 503, 200])
    publish(claim)
    delivery = Delivery.objects.get()
    for _ in range(2):
        make_due(delivery)
        deliver_due()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (DeliveryStatus.FAILED, 3, 503)
    assert len(receiver.requests) == 3


def test_a_refused_connection_is_retried(claim, receiver, publish, editor):
    receiver.server.server_close()  # nothing listens on that port any more
    Endpoint.objects.create(name="Gone", url=f"{receiver.url}/hooks", secret=SECRET)
    publish(claim)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (DeliveryStatus.PENDING, 1, None)
    assert "Connection" in delivery.last_error or "refused" in delivery.last_error


def test_a_redirect_is_not_followed(claim, endpoint, receiver, publish):
    receiver.answers.extend([302])
    publish(claim)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.last_status_code) == (DeliveryStatus.FAILED, 302)
    assert len(receiver.requests) == 1


def test_nothing_is_sent_when_the_publish_transaction_rolls_back(claim, endpoint, receiver, reviewer, editor,
                                                                 django_capture_on_commit_callbacks):
    rate(claim, reviewer)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            workflow.claim_publish(claim=claim.pk, actor=editor)
            raise RuntimeError("the request failed after publishing")

    assert callbacks == []
    assert not Delivery.objects.exists()
    assert deliver_due() == {"pending": 0, "delivered": 0, "failed": 0}
    time.sleep(0.1)
    assert receiver.requests == []


def test_a_doubled_job_sends_once(claim, endpoint, receiver, publish):
    from webhooks.delivery import delivery_attempt

    publish(claim)
    delivery = Delivery.objects.get()
    assert delivery_attempt(delivery.pk).sent is False  # already delivered
    assert len(receiver.requests) == 1


def test_a_webhook_failure_does_not_fail_the_publish(claim, endpoint, publish, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr("webhooks.jobs.deliveries_create", broken)
    claim = publish(claim)
    assert claim.status == "published"


def test_off_makes_no_deliveries(claim, endpoint, receiver, publish, settings):
    settings.CLAIMTRACKER_WEBHOOKS = "off"
    publish(claim)
    assert not Delivery.objects.exists()


@pytest.mark.parametrize(("header", "seconds"), [("120", 120), (" 7 ", 7), ("²", 0), ("١٢", 0), ("soon", 0), (None, 0)])
def test_a_partners_retry_after_is_read_only_as_ascii_seconds(header, seconds):
    from webhooks.delivery import _retry_after

    assert _retry_after(header) == seconds
