"""The local job engine that needs nothing but Python: one background thread per kind of job.

Used where no Celery broker is configured (claims.ingest.rescore, claims.review.matches). The thread
starts on the first job; the process waits for its queue before it exits, so a command ends with its
jobs done. A failed job is logged and dropped: each kind has a catch-up command.
"""

from __future__ import annotations

import atexit
import logging
import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connection


log = logging.getLogger(__name__)


class LocalWorker:
    def __init__(self, name: str, run: Callable[[object], object], failed: Callable[[object], str]):
        self.name, self._run, self._failed = name, run, failed  # failed(job): what the log says went wrong
        self._queue: queue.Queue | None = None
        self._lock = threading.Lock()

    def put(self, job) -> None:
        self._started().put(job)

    def join(self) -> None:
        """Wait until every job put so far is done."""
        if self._queue is not None:
            self._queue.join()

    def _started(self) -> queue.Queue:
        with self._lock:
            if self._queue is None:
                self._queue = queue.Queue()
                threading.Thread(target=self._work, args=(self._queue,), name=self.name, daemon=True).start()
                atexit.register(self.join)
            return self._queue

    def _work(self, jobs: queue.Queue) -> None:
        while True:
            job = jobs.get()
            try:
                self._run(job)
            except Exception:  # noqa: BLE001 - the job's catch-up command redoes it
                log.exception("%s", self._failed(job))
            finally:
                connection.close()  # the thread's own connection: else open until the process ends
                jobs.task_done()


class HeldJobs:
    """Jobs handed over inside `hold()` wait until the block ends, then go to `release` all together:
    a load hands its articles to the local worker once everything is stored, not chunk by chunk."""

    def __init__(self, release: Callable[[list], None]):
        self._release = release
        self._jobs: list | None = None

    @contextmanager
    def hold(self, active: bool = True) -> Iterator[None]:
        if not active or self._jobs is not None:  # nested: the outer block releases
            yield
            return
        self._jobs = []
        try:
            yield
        finally:
            jobs, self._jobs = self._jobs, None
            self._release(jobs)

    def keep(self, job) -> bool:
        """Keep the job for the block's end; False when no block holds."""
        if self._jobs is None:
            return False
        self._jobs.append(job)
        return True

