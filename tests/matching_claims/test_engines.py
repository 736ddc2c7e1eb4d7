"""Matching on the real job engines: a thread of the loading process (the local default), and Celery."""

import subprocess
import sys
import time
import uuid

import pytest
from django.db import connection

from claims.models import Claim, ClaimMatch
from claims.review import matches as service
from tests.matching_claims.conftest import FACT_CHECKS
from tests.reliability.conftest import subprocess_env

pytestmark = pytest.mark.django_db(transaction=True)

BODY = "Colombia is the world's largest producer of coca, the report said. Exports rose 12% in 2024.\n"


@pytest.fixture
def imported(transactional_db, request):
    return request.getfixturevalue("fact_checks")


def test_the_local_default_matches_in_a_thread_once_the_load_is_done(settings, tmp_path, monkeypatch, imported):
    from claims.ingest.pipeline import SeedLoad

    settings.CLAIMTRACKER_MATCH = "thread"
    started = []
    real_worker = service._local_worker
    monkeypatch.setattr(service, "_local_worker", lambda: started.append(Claim.objects.count()) or real_worker())
    (tmp_path / "a.txt").write_text("First\n\n" + BODY, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Second\n\nDrinking hot water kills the coronavirus, a post claimed.\n",
                                    encoding="utf-8")
    totals = SeedLoad(sorted(tmp_path.iterdir())).run()
    assert totals["new"] == 2
    assert started and started[0] == totals["claims"]  # the thread got its work after everything was stored
    real_worker().join()
    assert not service.stale_matches().exists()
    coca = Claim.objects.get(text__contains="coca")
    assert ClaimMatch.objects.filter(claim=coca, rank=1).get().fact_check.claim_reviewed == FACT_CHECKS[0][0]


def test_a_celery_worker_on_redis_matches_what_ingest_stored(settings, tmp_path, imported):
    from claimtracker.celery import app
    from claims.ingest.articles import article_ingest

    broker = "redis://127.0.0.1:6379/14"
    queue = f"match-test-{uuid.uuid4().hex[:8]}"
    settings.CLAIMTRACKER_MATCH = "celery"
    app.conf.broker_url, app.conf.task_default_queue = broker, queue
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "claimtracker", "worker", "--pool=solo", "-Q", queue,
         "--without-heartbeat", "--without-gossip", "--without-mingle", "--loglevel=INFO"],
        env=subprocess_env(CLAIMTRACKER_BROKER_URL=broker, CLAIMTRACKER_MATCH="celery", CLAIMTRACKER_RESCORE="off"),
        stdout=open(tmp_path / "worker.log", "wb"), stderr=subprocess.STDOUT,
    )
    try:
        article = article_ingest(title="Coca", body=BODY).article  # commits: the task goes to the broker
        deadline = time.monotonic() + 120
        while service.stale_matches(article_ids=[article.pk]).exists():
            assert worker.poll() is None, (tmp_path / "worker.log").read_text()
            assert time.monotonic() < deadline, (tmp_path / "worker.log").read_text()[-3000:]
            time.sleep(0.2)
        assert ClaimMatch.objects.filter(claim__article=article).exists()
        assert "claims.match_claims" in (tmp_path / "worker.log").read_text()
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        app.conf.broker_url, app.conf.task_default_queue = "", "celery"
        connection.close()
