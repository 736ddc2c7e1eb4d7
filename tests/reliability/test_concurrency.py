"""Proof 2: many clients making the same workflow moves on the same claims at once, over HTTP
against a live server (each client thread its own session, each server thread its own database
connection); and two load_seeds processes loading the same folder at once."""

import random
import subprocess
import sys
import threading
from collections import Counter

import pytest
import requests
from django.db import connections
from rest_framework.authtoken.models import Token

from claims.models import Article, Claim, ClaimAction, ClaimEvent, ClaimStatus, Rating, Verdict
from tests.factories import ArticleFactory, ClaimFactory, EditorFactory, ReviewerFactory
from tests.reliability.conftest import BASE_DIR, sentence_spans, subprocess_env

# Transactional: the server's threads and other processes must see committed rows (tests/conftest.py
# brings back the review groups of migration 0004, which the flush between tests removes).
pytestmark = pytest.mark.django_db(transaction=True)

CLIENTS = 8
CLAIMS = 4


def token_session(user) -> requests.Session:
    session = requests.Session()
    session.headers["Authorization"] = f"Token {Token.objects.get_or_create(user=user)[0].key}"
    return session


def run_clients(count: int, work) -> list:
    """Run work(index, barrier) in `count` threads started together; returns their results."""
    barrier = threading.Barrier(count)
    results: list = [None] * count
    errors: list = []

    def target(index):
        try:
            results[index] = work(index, barrier)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()  # the thread's own (token look-ups): else open until the test run ends

    threads = [threading.Thread(target=target, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results


@pytest.fixture
def contested_claims():
    article = ArticleFactory(body=" ".join(f"Exports rose {n}% in 2024, the ministry said." for n in range(10)))
    return [ClaimFactory(article=article, start=start, end=end)
            for start, end in sentence_spans(article.body + " ", CLAIMS)]


def assert_history_matches_state(claim_ids, answers):
    """Every move that answered 2xx left its event (at the version it answered with) and no other
    events exist, except the start that a rate from unreviewed records just before it; the version
    counts the events; the status is the last event's."""
    answered = {(claim_id, version): action for claim_id, action, code, version in answers if code == 200}
    for claim in Claim.objects.filter(pk__in=claim_ids):
        events = list(ClaimEvent.objects.filter(claim=claim).order_by("version"))
        assert claim.version == 1 + len(events)
        assert [event.version for event in events] == list(range(2, claim.version + 1))
        for event in events:
            if (claim.pk, event.version) in answered:
                assert answered[(claim.pk, event.version)] == event.action
            else:  # the implicit start of a rate from unreviewed
                assert event.action == ClaimAction.START, (claim.pk, event.version, event.action)
                assert answered.get((claim.pk, event.version + 1)) == ClaimAction.RATE
        assert len({key for key in answered if key[0] == claim.pk}) == sum(
            1 for event in events if (claim.pk, event.version) in answered)
        if events:
            assert claim.status == events[-1].to_status
        assert claim.status in ClaimStatus.values


def test_racing_clients_make_each_move_once_and_losers_get_409(live_server, contested_claims):
    reviewers = [ReviewerFactory(username=f"racer-{n}") for n in range(CLIENTS)]
    editors = [EditorFactory(username=f"publisher-{n}") for n in range(CLIENTS)]
    claim_ids = [claim.pk for claim in contested_claims]
    url = f"{live_server.url}/api/claims/{{}}/transition/"

    def race(index, barrier):
        reviewer, editor = token_session(reviewers[index]), token_session(editors[index])
        answers = []
        steps = [
            (reviewer, {"action": ClaimAction.START}, 1),
            (reviewer, {"action": ClaimAction.RATE, "rating": Rating.FALSE, "summary": f"Verdict of racer {index}.",
                        "evidence": [{"url": "https://example.org/source"}]}, 2),
            (editor, {"action": ClaimAction.PUBLISH}, 3),
        ]
        for session, move, version in steps:
            for claim_id in claim_ids:
                body = {**move, "version": version} if index % 2 else move  # half send the version
                barrier.wait(timeout=60)
                response = session.post(url.format(claim_id), json=body, timeout=60)
                answers.append((claim_id, move["action"], response.status_code, response.json()))
                assert response.status_code in (200, 409), response.json()
        reviewer.close(), editor.close()  # ends keep-alive: the server thread closes its DB connection
        return answers

    answers = [answer for client in run_clients(CLIENTS, race) for answer in client]

    codes = Counter((claim_id, action, code) for claim_id, action, code, _ in answers)
    for claim_id in claim_ids:
        for action in (ClaimAction.START, ClaimAction.RATE, ClaimAction.PUBLISH):
            assert codes[(claim_id, action, 200)] == 1, (claim_id, action, codes)
            assert codes[(claim_id, action, 409)] == CLIENTS - 1, (claim_id, action, codes)
    for _, _, code, body in answers:
        if code == 409:
            assert body["code"] in ("stale_version", "move_not_allowed") and body["version"] is not None
    assert_history_matches_state(claim_ids, [(claim_id, action, code, body.get("version"))
                                             for claim_id, action, code, body in answers])
    for claim in Claim.objects.filter(pk__in=claim_ids):
        assert claim.status == ClaimStatus.PUBLISHED
        assert Verdict.objects.filter(claim=claim).count() == 1  # no verdict lost or duplicated
        assert claim.current_verdict_id == Verdict.objects.get(claim=claim).pk


def test_random_concurrent_moves_keep_history_and_state_consistent(live_server, contested_claims):
    reviewers = [ReviewerFactory(username=f"chaos-{n}") for n in range(CLIENTS)]
    claim_ids = [claim.pk for claim in contested_claims]
    moves = [ClaimAction.START, ClaimAction.RELEASE, ClaimAction.DISMISS, ClaimAction.RESTORE, ClaimAction.RATE,
             ClaimAction.REOPEN]

    def chaos(index, barrier):
        session, rng = token_session(reviewers[index]), random.Random(index)
        answers = []
        barrier.wait(timeout=60)
        for _ in range(15):
            claim_id, action = rng.choice(claim_ids), rng.choice(moves)
            body = {"action": action, "rating": Rating.MIXED, "summary": "Partly.", "note": "Second look."}
            response = session.post(f"{live_server.url}/api/claims/{claim_id}/transition/", json=body, timeout=60)
            answers.append((claim_id, action, response.status_code, response.json().get("version")))
        session.close()
        return answers

    answers = [answer for client in run_clients(CLIENTS, chaos) for answer in client]

    assert {code for _, _, code, _ in answers} <= {200, 403, 409}  # reopen needs an editor: 403
    assert_history_matches_state(claim_ids, answers)
    rated = ClaimEvent.objects.filter(claim_id__in=claim_ids, action=ClaimAction.RATE).count()
    assert Verdict.objects.filter(claim_id__in=claim_ids).count() == rated


def write_seed_folder(folder, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        (folder / f"{number:04d}.txt").write_text(
            f"Report number {number}\n\nExports rose {number}% in 2024, the ministry said. "
            f"The minister said that {number} new factories will open next year.\n")


def test_two_load_seeds_runs_at_once_store_each_article_once(tmp_path):
    write_seed_folder(tmp_path / "seeds", 40)
    command = [sys.executable, "manage.py", "load_seeds", str(tmp_path / "seeds")]

    runs = [subprocess.Popen(command, cwd=BASE_DIR, env=subprocess_env(), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=300) for run in runs]

    assert [run.returncode for run in runs] == [0, 0], outputs
    assert Article.objects.count() == 40
    assert Article.objects.values("content_hash").distinct().count() == 40
    assert not Claim.objects.filter(article__isnull=True).exists()
    spans = Claim.objects.values_list("article_id", "start", "end")
    assert len(spans) == len(set(spans)) > 0
    news = [int(out.split("articles: ")[1].split(" new")[0]) for out, _ in outputs]
    assert sum(news) == 40, outputs
