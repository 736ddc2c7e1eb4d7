"""Sending webhooks: the deliveries of a published fact-check, one attempt at a delivery, what is due.

Each request is a POST of the JSON body {"event", "claim_id", "claimReview"} with

    Content-Type: application/json
    X-ClaimTracker-Event: published | corrected
    X-ClaimTracker-Delivery: <delivery id>            (the same on every retry: receivers dedupe on it)
    X-ClaimTracker-Timestamp: <Unix seconds of this attempt>
    X-ClaimTracker-Signature: sha256=<hex HMAC-SHA256 with the endpoint's secret of "<timestamp>.<body bytes>">

The timestamp is signed with the body so a captured request cannot be replayed later: receivers
recompute the HMAC over the header's timestamp, a full stop and the raw body, compare in constant
time, and refuse a timestamp far from their clock.

A 2xx answer delivers. A network error, a 5xx or a 429 is retried after each of
CLAIMTRACKER_WEBHOOKS_RETRY_DELAYS in turn (a 429's Retry-After is honoured up to the longest);
any other answer (4xx, a redirect, which is not followed) fails at once, as does the last retry.
Where attempts run (Celery, a local thread, inline) is `webhooks.jobs`.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import logging
import socket
import ssl
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from claims.api.claimreview import claim_review
from claims.models import Claim
from claims.review.publication import fact_check_url, published_claims
from claimtracker.numbers import ascii_digits
from webhooks.addresses import AddressRefused, HostUnresolved, resolve
from webhooks.models import ERROR_MAX_LENGTH, Delivery, DeliveryStatus, Endpoint, WebhookEvent

log = logging.getLogger(__name__)

EVENT_HEADER = "X-ClaimTracker-Event"
DELIVERY_HEADER = "X-ClaimTracker-Delivery"
TIMESTAMP_HEADER = "X-ClaimTracker-Timestamp"
SIGNATURE_HEADER = "X-ClaimTracker-Signature"
USER_AGENT = "ClaimTracker-Webhooks/1"
RESPONSE_EXCERPT_BYTES = 300
# An attempt holds its delivery this long beyond the timeout: no second sender takes it meanwhile,
# and one that died mid-attempt leaves it due again afterwards.
LEASE_MARGIN = timedelta(seconds=30)


class DeliveryMessage:
    INACTIVE = "The endpoint is not active."
    REDIRECT = "HTTP {code}: redirects are not followed (Location: {location})."


def event_of(*, correction: bool) -> str:
    return WebhookEvent.CORRECTED if correction else WebhookEvent.PUBLISHED


def deliveries_create(*, claim_id: int, event: str) -> list[int]:
    """One pending delivery per active endpoint subscribed to `event`, due now; their ids."""
    endpoint_ids = list(Endpoint.objects.subscribed(event).values_list("id", flat=True))
    if not endpoint_ids:
        return []
    try:
        claim = published_claims().get(pk=claim_id)
    except Claim.DoesNotExist:  # reopened (or deleted) since it was published: nothing public to send
        return []
    payload = {"event": event, "claim_id": claim.pk, "claimReview": claim_review(claim, url=fact_check_url(claim))}
    now = timezone.now()
    with transaction.atomic():
        created = Delivery.objects.bulk_create([
            Delivery(endpoint_id=endpoint_id, claim_id=claim.pk, event=event, payload=payload, next_attempt_at=now)
            for endpoint_id in endpoint_ids])
    return [delivery.pk for delivery in created]


def body_bytes(payload: dict) -> bytes:
    return json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """The X-ClaimTracker-Signature value: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">."""
    digest = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


@dataclass(frozen=True)
class Outcome:
    """What one call of `delivery_attempt` did: `sent` False when the delivery was not due (or gone);
    `retry_at` when it stays pending after a failed attempt."""

    sent: bool
    status: str | None = None
    retry_at: datetime | None = None


NOT_SENT = Outcome(sent=False)


def _retry_delays() -> list[int]:
    return settings.CLAIMTRACKER_WEBHOOKS_RETRY_DELAYS


def delivery_attempt(delivery_id: int, *, early: timedelta = timedelta(0)) -> Outcome:
    """Send this delivery if it is pending and due (within `early`), and record how it went."""
    timeout = settings.CLAIMTRACKER_WEBHOOKS_TIMEOUT
    now = timezone.now()
    # Taking the delivery is one conditional UPDATE: of two senders, one wins, the other sends nothing.
    taken = Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.PENDING,
                                    next_attempt_at__lte=now + early).update(
        attempts=F("attempts") + 1, next_attempt_at=now + timedelta(seconds=timeout) + LEASE_MARGIN)
    if not taken:
        return NOT_SENT
    delivery = Delivery.objects.select_related("endpoint").get(pk=delivery_id)
    endpoint = delivery.endpoint
    if not endpoint.active:
        return _record(delivery, code=None, error=DeliveryMessage.INACTIVE, retryable=False)

    body = body_bytes(delivery.payload)
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        EVENT_HEADER: delivery.event,
        DELIVERY_HEADER: str(delivery.pk),
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: signature(endpoint.secret, timestamp, body),
    }
    try:
        code, response_headers, excerpt = _post(endpoint.url, body, headers, timeout=timeout)
    except AddressRefused as refused:  # a name that does not resolve may come back; a private address not
        return _record(delivery, code=None, error=str(refused), retryable=isinstance(refused, HostUnresolved))
    except (OSError, http.client.HTTPException, ValueError) as error:
        return _record(delivery, code=None, error=f"{type(error).__name__}: {error}", retryable=True)

    if 200 <= code < 300:
        return _record(delivery, code=code, error="", retryable=False)
    if 300 <= code < 400:
        error = DeliveryMessage.REDIRECT.format(code=code, location=response_headers.get("Location", ""))
    else:
        error = f"HTTP {code}: {excerpt}".rstrip(": ")
    retry_after = _retry_after(response_headers.get("Retry-After")) if code == 429 else 0
    return _record(delivery, code=code, error=error, retryable=code >= 500 or code == 429, retry_after=retry_after)


def _retry_after(value: str | None) -> int:
    return int(value) if value and ascii_digits(value.strip()) else 0


def _record(delivery: Delivery, *, code: int | None, error: str, retryable: bool, retry_after: int = 0) -> Outcome:
    now = timezone.now()
    delays = _retry_delays()
    fields = {"last_status_code": code, "last_error": error[:ERROR_MAX_LENGTH]}
    retry_at = None
    if code is not None and 200 <= code < 300:
        fields.update(status=DeliveryStatus.DELIVERED, delivered_at=now, next_attempt_at=None)
    elif retryable and delivery.attempts <= len(delays):
        delay = max(delays[delivery.attempts - 1], min(retry_after, max(delays)))
        retry_at = now + timedelta(seconds=delay)
        fields.update(status=DeliveryStatus.PENDING, next_attempt_at=retry_at)
    else:
        fields.update(status=DeliveryStatus.FAILED, next_attempt_at=None)
    Delivery.objects.filter(pk=delivery.pk).update(**fields)
    if fields["status"] != DeliveryStatus.DELIVERED:
        log.warning("webhook delivery %s (endpoint %s, attempt %s) %s: %s", delivery.pk, delivery.endpoint_id,
                    delivery.attempts, "will be retried" if retry_at else "failed", fields["last_error"])
    return Outcome(sent=True, status=fields["status"], retry_at=retry_at)


def deliveries_due(now: datetime | None = None):
    return Delivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now or timezone.now())


def deliver_due(*, limit: int | None = None) -> dict[str, int]:
    """Attempt every delivery due now, oldest due first; how many ended in each status."""
    ids = list(deliveries_due().order_by("next_attempt_at", "id").values_list("id", flat=True)[:limit])
    counts = {status: 0 for status in DeliveryStatus.values}
    for delivery_id in ids:
        outcome = delivery_attempt(delivery_id)
        if outcome.sent:
            counts[outcome.status] += 1
    return counts


def deliveries_retry(deliveries) -> list[int]:
    """Failed deliveries back to pending, due now (one more attempt; more if it fails with a retry
    left, which after a full schedule there is not); their ids. The caller has them sent."""
    with transaction.atomic():
        ids = list(deliveries.filter(status=DeliveryStatus.FAILED).select_for_update().values_list("id", flat=True))
        Delivery.objects.filter(pk__in=ids).update(status=DeliveryStatus.PENDING, next_attempt_at=timezone.now())
    return ids


# --- HTTP: one POST, no redirects, to an address checked and then connected to ---

class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, *, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, *, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _post(url: str, body: bytes, headers: dict, *, timeout: float) -> tuple[int, http.client.HTTPMessage, str]:
    parts = urlsplit(url)
    https = parts.scheme.lower() == "https"
    host = parts.hostname.encode("idna").decode("ascii")
    port = parts.port or (443 if https else 80)
    # Connect to the address that was checked: a name re-resolving to a private address in between
    # (DNS rebinding) is not followed.
    address = resolve(host, port)[0]
    connection_class = _PinnedHTTPSConnection if https else _PinnedHTTPConnection
    connection = connection_class(host, port, address=address, timeout=timeout)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("POST", target, body=body, headers=headers)
        response = connection.getresponse()
        excerpt = response.read(RESPONSE_EXCERPT_BYTES).decode("utf-8", "replace")
        return response.status, response.headers, " ".join(excerpt.split())
    finally:
        connection.close()

