"""Fixtures of the reliability proofs: a database with a claim in every status, accounts with
tokens, and the address of the test database for subprocesses (manage.py, gunicorn)."""

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from rest_framework.authtoken.models import Token

from claims.review import workflow
from claims.models import Claim, ClaimStatus, Rating
from claims.ingest.articles import content_hash
from claims.ingest.seedfiles import read_seed_file
from tests.factories import ArticleFactory, ClaimantFactory, ClaimFactory, EditorFactory, ReviewerFactory

BASE_DIR = Path(settings.BASE_DIR)
SEED_FILE = BASE_DIR / "seeds" / "000_852c5d5ab8b24171.txt"
STATUSES_WANTED = [
    ClaimStatus.UNREVIEWED, ClaimStatus.IN_REVIEW, ClaimStatus.REVIEWED, ClaimStatus.PUBLISHED,
    ClaimStatus.DISMISSED,
]


@dataclass
class World:
    """What the seeded database holds, for tests to aim at."""

    reviewer: object
    editor: object
    tokens: dict = field(default_factory=dict)  # role -> token key
    article_ids: list = field(default_factory=list)
    claim_ids: list = field(default_factory=list)
    claimant_ids: list = field(default_factory=list)


def sentence_spans(body: str, limit: int) -> list[tuple[int, int]]:
    """(start, end) of up to `limit` sentences of `body` (split on '. ')."""
    spans, start = [], 0
    while len(spans) < limit:
        end = body.find(". ", start)
        if end < 0:
            break
        spans.append((start, end + 1))
        start = end + 2
    return spans


def build_world(*, claims_per_status: int = 2) -> World:
    """The seed article plus a second article, with `claims_per_status` claims in every status."""
    reviewer = ReviewerFactory(username="rel-reviewer")
    editor = EditorFactory(username="rel-editor")
    world = World(reviewer=reviewer, editor=editor)
    for role, user in (("reviewer", reviewer), ("editor", editor)):
        world.tokens[role] = Token.objects.get_or_create(user=user)[0].key
    seed = next(read_seed_file(SEED_FILE, max_bytes=settings.CLAIMTRACKER_MAX_ARTICLE_BYTES))
    body = seed.body.replace("\r\n", "\n").strip()
    articles = [
        ArticleFactory(title=seed.title, body=body, language="en", title_language="nl",
                       content_hash=content_hash(seed.title, body)),
        ArticleFactory(),
    ]
    claimant = ClaimantFactory(name="Gustavo Petro")
    spans = [(article, span) for article in articles for span in sentence_spans(article.body, 20)]
    needed = claims_per_status * len(STATUSES_WANTED)
    assert len(spans) >= needed, "the seed article has too few sentences for the world"
    for number, (article, (start, end)) in enumerate(spans[:needed]):
        claim = ClaimFactory(article=article, start=start, end=end, claimant=claimant if number % 2 else None)
        target = STATUSES_WANTED[number % len(STATUSES_WANTED)]
        move_to(claim, target, reviewer=reviewer, editor=editor)
        world.claim_ids.append(claim.pk)
    world.article_ids = [article.pk for article in articles]
    world.claimant_ids = [claimant.pk]
    assert set(Claim.objects.values_list("status", flat=True)) == set(STATUSES_WANTED)
    return world


def move_to(claim: Claim, target: str, *, reviewer, editor) -> None:
    if target == ClaimStatus.IN_REVIEW:
        workflow.claim_start(claim=claim, actor=reviewer)
    elif target in (ClaimStatus.REVIEWED, ClaimStatus.PUBLISHED):
        workflow.claim_rate(claim=claim, actor=reviewer, rating=Rating.FALSE, summary="The survey says otherwise.",
                            evidence=[{"url": "https://example.org/survey", "title": "Survey"}])
        if target == ClaimStatus.PUBLISHED:
            workflow.claim_publish(claim=claim, actor=editor)
    elif target == ClaimStatus.DISMISSED:
        workflow.claim_dismiss(claim=claim, actor=reviewer)


@pytest.fixture
def world(db):
    cache.clear()
    yield build_world()
    cache.clear()


def database_url(name: str | None = None) -> str:
    """A DATABASE_URL for the database the tests use now (the test_ database), for subprocesses."""
    db = connection.settings_dict
    host = db.get("HOST") or "127.0.0.1"
    user = quote(db.get("USER") or "postgres", safe="")
    password = db.get("PASSWORD") or ""
    auth = f"{user}:{quote(password, safe='')}@" if password else f"{user}@"
    port = db.get("PORT") or "5432"
    return f"postgres://{auth}{quote(host, safe='')}:{port}/{name or db['NAME']}"


def subprocess_env(**extra) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "claimtracker.settings.test",
           "DATABASE_URL": database_url(), "PYTHONUNBUFFERED": "1"}
    env.pop("CLAIMTRACKER_STATEMENT_TIMEOUT_MS", None)  # set here once claimtracker.wsgi was imported
    env.update({key: str(value) for key, value in extra.items()})
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listens on port {port} after {timeout} s")


def start_gunicorn(env: dict, *, workers: int = 2, threads: int = 4, timeout: int = 30) -> tuple[subprocess.Popen, str]:
    """gunicorn serving the project on a free loopback port; returns the process and base URL."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "claimtracker.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--threads", str(threads), "--timeout", str(timeout),
         "--graceful-timeout", "5", "--log-level", "warning"],
        cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        wait_for_port(port, process)
    except Exception:
        process.kill()
        raise
    return process, f"http://127.0.0.1:{port}"


def stop(process: subprocess.Popen) -> str:
    """Stop a subprocess this test started; returns what it wrote to stderr."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.stderr.read().decode(errors="replace") if process.stderr else ""


def pytest_terminal_summary(terminalreporter):
    fuzz = sys.modules.get("tests.reliability.test_fuzz")
    if fuzz is not None and fuzz.CASES:
        terminalreporter.write_line(fuzz.case_report())
