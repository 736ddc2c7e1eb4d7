"""Ingest stores the fast score; the precise model re-scores in the background, on a real job engine.

The suite's settings run the re-scoring in the commit (CLAIMTRACKER_RESCORE=inline); the last test
runs a real Celery worker on the machine's Redis.
"""

import subprocess
import sys
import time
import uuid

import pytest
from django.db import connection

from claims import extraction
from claims.ingest.articles import article_ingest
from claims.ingest.rescore import claims_rescore, stale_scores
from claims.models import REVIEWER_SCORE, Claim
from claims.review.edits import claim_create
from tests.reliability.conftest import subprocess_env


BODY = (
    "Unemployment fell to 3.5 percent last year, the lowest rate in 50 years, the minister said. "
    "Thank you all for coming tonight. The new bridge cost 40 million euros more than planned."
)


def _ingest(body=BODY, **options):
    return article_ingest(title="Rescore", body=body, **options).article


def test_ingest_stores_the_fast_score_and_the_commit_refines_it(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article = _ingest()
    first = list(article.claims.order_by("start"))
    assert first and {c.check_worthiness_model for c in first} == {extraction.FAST_MODEL}
    assert [c.check_worthiness for c in first] == pytest.approx(extraction.fast_scores([c.text for c in first], extraction.NEWS))
    assert all(c.check_worthiness_scored_at is not None for c in first)

    for callback in callbacks:  # the commit
        callback()
    refined = list(article.claims.order_by("start"))
    assert {c.check_worthiness_model for c in refined} == {extraction.PRECISE_MODEL}
    assert [c.check_worthiness for c in refined] == pytest.approx(extraction.precise_scores([c.text for c in refined], extraction.NEWS))
    # A refined score is not an edit: version and updated_at stay, so no reviewer's ETag goes stale.
    assert [(c.version, c.updated_at) for c in refined] == [(c.version, c.updated_at) for c in first]
    assert all(r.check_worthiness_scored_at >= f.check_worthiness_scored_at for r, f in zip(refined, first))


def test_rescoring_twice_changes_nothing_and_keeps_a_reviewers_score(db, reviewer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        article = _ingest()
    by_hand = article.claims.order_by("start").first()
    by_hand.delete()
    by_hand = claim_create(article=article, start=by_hand.start, end=by_hand.end, actor=reviewer, check_worthiness=0.99)
    assert by_hand.check_worthiness_model == REVIEWER_SCORE
    waiting = stale_scores([article.pk]).count()
    assert waiting == article.claims.count() - 1 > 0
    assert claims_rescore([article.pk]) == waiting
    assert claims_rescore([article.pk]) == 0
    by_hand.refresh_from_db()
    assert (by_hand.check_worthiness, by_hand.check_worthiness_model) == (0.99, REVIEWER_SCORE)


def test_a_score_read_before_a_change_is_not_written_over_it(db, django_capture_on_commit_callbacks, monkeypatch):
    """The job reads, scores (slowly), then writes: a reviewer's score in between wins."""
    with django_capture_on_commit_callbacks(execute=False):
        article = _ingest()
    target = article.claims.order_by("start").first()
    real = extraction.precise_scores

    def slow_scores(texts, genre):
        Claim.objects.filter(pk=target.pk).update(check_worthiness=0.01, check_worthiness_model=REVIEWER_SCORE)
        return real(texts, genre)

    monkeypatch.setattr(extraction, "precise_scores", slow_scores)
    assert claims_rescore([article.pk]) == article.claims.count() - 1
    target.refresh_from_db()
    assert (target.check_worthiness, target.check_worthiness_model) == (0.01, REVIEWER_SCORE)


def test_a_hand_made_claim_gets_the_precise_score_and_a_span_edit_rescores(db, reviewer):
    from claims.review.edits import claim_edit

    article = _ingest(body="Thank you. " + BODY)
    article.claims.all().delete()
    end = len("Thank you.")
    claim = claim_create(article=article, start=0, end=end, actor=reviewer)
    assert claim.check_worthiness_model == extraction.PRECISE_MODEL
    assert claim.check_worthiness == pytest.approx(extraction.precise_scores(["Thank you."], extraction.NEWS)[0])
    sentence_end = end + 1 + BODY.index(".") + 1
    edited = claim_edit(claim=claim, actor=reviewer, end=sentence_end)
    assert edited.check_worthiness == pytest.approx(extraction.precise_scores([edited.text], extraction.NEWS)[0])
    assert edited.check_worthiness > claim.check_worthiness


@pytest.mark.django_db(transaction=True)
def test_a_celery_worker_on_redis_rescores_what_ingest_stored(settings, tmp_path):
    """The real job engine: the task goes through Redis to a `celery worker` process."""
    from claimtracker.celery import app

    broker = "redis://127.0.0.1:6379/14"
    queue = f"rescore-test-{uuid.uuid4().hex[:8]}"
    settings.CLAIMTRACKER_RESCORE = "celery"
    app.conf.broker_url, app.conf.task_default_queue = broker, queue
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "claimtracker", "worker", "--pool=solo", "-Q", queue,
         "--without-heartbeat", "--without-gossip", "--without-mingle", "--loglevel=INFO"],
        env=subprocess_env(CLAIMTRACKER_BROKER_URL=broker, CLAIMTRACKER_RESCORE="celery"),
        stdout=open(tmp_path / "worker.log", "wb"), stderr=subprocess.STDOUT,
    )
    try:
        article = _ingest()  # commits (transaction=True): the task goes to the broker
        claims = article.claims.all()
        assert claims.exists()
        deadline = time.monotonic() + 90
        while stale_scores([article.pk]).exists():
            assert worker.poll() is None, (tmp_path / "worker.log").read_text()
            assert time.monotonic() < deadline, (tmp_path / "worker.log").read_text()[-3000:]
            time.sleep(0.2)
        assert {c.check_worthiness_model for c in claims} == {extraction.PRECISE_MODEL}
        assert "claims.rescore_articles" in (tmp_path / "worker.log").read_text()
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        app.conf.broker_url, app.conf.task_default_queue = "", "celery"
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_the_local_default_rescores_in_a_thread_once_the_load_is_done(settings, tmp_path, monkeypatch):
    """No broker: a background thread of the loading process, started after the load."""
    from claims.ingest import rescore
    from claims.ingest.pipeline import SeedLoad

    settings.CLAIMTRACKER_RESCORE = "thread"
    started = []
    real_worker = rescore._local_worker
    monkeypatch.setattr(rescore, "_local_worker", lambda: started.append(Claim.objects.count()) or real_worker())
    (tmp_path / "a.txt").write_text("First\n\n" + BODY, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Second\n\nThe port handled 12 million containers in 2023, officials said.\n",
                                    encoding="utf-8")
    totals = SeedLoad(sorted(tmp_path.iterdir())).run()
    assert totals["new"] == 2
    assert started and started[0] == totals["claims"]  # the thread got its work after everything was stored
    real_worker().join()
    assert not stale_scores().exists()
    assert set(Claim.objects.values_list("check_worthiness_model", flat=True)) == {extraction.PRECISE_MODEL}
