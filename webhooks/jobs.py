"""Where webhook deliveries are sent, outside the publishing request (CLAIMTRACKER_WEBHOOKS):

- "celery" (the default with CLAIMTRACKER_BROKER_URL): the task `webhooks.deliver` per delivery on
  the broker; a retry is the same task again with `eta` at its due time;
- "thread" (the default without a broker; nothing but Python): one background thread of this
  process keeps the due times and sends each when it comes; at exit the process waits (briefly)
  only for deliveries due now, and retries it holds are left to `manage.py deliver_webhooks`;
- "inline" (tests): the first attempt runs in the publishing commit itself, retries only when
  `deliver_webhooks` (or `deliver_due`) runs;
- "off": no deliveries are made.

In every mode the database is the truth (`Delivery.status`, `next_attempt_at`): a sender only takes
a delivery that is pending and due, so doubled jobs send once, and `manage.py deliver_webhooks`
from cron sends whatever a crash, a restart or a lost job left due.
"""

from __future__ import annotations

import atexit
import heapq
import logging
import threading
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from webhooks.delivery import delivery_attempt, deliveries_create, event_of

log = logging.getLogger(__name__)

# A job may run this much before its due time (clocks of workers differ a little).
EARLY = timedelta(seconds=5)


def _mode() -> str:
    return settings.CLAIMTRACKER_WEBHOOKS


def on_fact_check_published(sender, *, claim, correction: bool, **kwargs) -> None:
    """fact_check_published's receiver, run after the publishing transaction committed."""
    if _mode() == "off":
        return
    try:
        delivery_ids = deliveries_create(claim_id=claim.pk, event=event_of(correction=correction))
        send_soon(delivery_ids)
    except Exception:  # the claim is published; a webhook's trouble must not turn that into an error
        log.exception("webhooks of claim %s were not queued; `manage.py deliver_webhooks` sends any made", claim.pk)


def send_soon(delivery_ids: list[int], *, at: datetime | None = None) -> None:
    mode = _mode()
    for delivery_id in delivery_ids:
        if mode == "celery":
            from webhooks.tasks import deliver_webhook

            try:  # no publishing waits on a broker that is down: the delivery stays due for deliver_webhooks
                deliver_webhook.apply_async((delivery_id,), eta=at, retry=False)
            except Exception:
                log.exception("webhook delivery %s was not queued on the broker", delivery_id)
        elif mode == "thread":
            _local_sender().schedule(delivery_id, at or timezone.now())
        elif mode == "inline":
            delivery_attempt(delivery_id)


class _LocalSender:
    """One daemon thread sending deliveries at their due times (a heap of (due, id))."""

    def __init__(self):
        self._due: list[tuple[float, int]] = []
        self._busy = 0
        self._condition = threading.Condition()
        threading.Thread(target=self._run, name="claimtracker-webhooks", daemon=True).start()

    def schedule(self, delivery_id: int, at: datetime) -> None:
        with self._condition:
            heapq.heappush(self._due, (at.timestamp(), delivery_id))
            self._condition.notify_all()

    def _next(self) -> int:
        with self._condition:
            while True:
                now = time.time()
                if self._due and self._due[0][0] <= now:
                    self._busy += 1
                    return heapq.heappop(self._due)[1]
                self._condition.wait(timeout=self._due[0][0] - now if self._due else None)

    def _run(self) -> None:
        while True:
            delivery_id = self._next()
            try:
                outcome = delivery_attempt(delivery_id, early=EARLY)
                if outcome.retry_at:
                    self.schedule(delivery_id, outcome.retry_at)
            except Exception:  # it stays pending in the database; deliver_webhooks sends it
                log.exception("webhook delivery %s could not be attempted", delivery_id)
            finally:
                connection.close()
                with self._condition:
                    self._busy -= 1
                    self._condition.notify_all()

    def drain(self, timeout: float) -> None:
        """Wait (at most `timeout` seconds) until nothing due now is waiting or being sent."""
        deadline = time.time() + timeout
        with self._condition:
            while self._busy or (self._due and self._due[0][0] <= time.time()):
                left = deadline - time.time()
                if left <= 0:
                    return
                self._condition.wait(timeout=left)


_sender: _LocalSender | None = None
_sender_lock = threading.Lock()


def _local_sender() -> _LocalSender:
    global _sender
    with _sender_lock:
        if _sender is None:
            _sender = _LocalSender()
            # a command that published ends once its first attempts are made, not its retries
            atexit.register(_sender.drain, settings.CLAIMTRACKER_WEBHOOKS_TIMEOUT + 5)
        return _sender
