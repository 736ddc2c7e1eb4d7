"""The benchmark suite on a tiny database, so that it cannot rot: data, server, load, plans, ingest."""

import os
import shutil
import socket
from io import StringIO

import pytest
from django.db import connection

from bench import datagen, run
from claims.models import Article, Claim, ClaimEvent, ClaimStatus, Verdict

# Real transactions: gunicorn reads the rows from another process (tests/conftest.py restores the groups).
pytestmark = pytest.mark.django_db(transaction=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def tiny_dataset():
    return datagen.generate(claims=200, articles=10, log=None)


def test_generated_claims_are_exact_spans_with_verdicts_and_history(tiny_dataset):
    assert (Article.objects.count(), Claim.objects.count()) == (10, 200)
    for claim in Claim.objects.select_related("article"):
        assert claim.article.body[claim.start:claim.end] == claim.text
    rated = Claim.objects.filter(status__in=[ClaimStatus.REVIEWED, ClaimStatus.PUBLISHED])
    assert not rated.filter(current_verdict__isnull=True).exists()
    assert Verdict.objects.count() == rated.count()
    moved = Claim.objects.exclude(status=ClaimStatus.UNREVIEWED)
    assert ClaimEvent.objects.filter(claim__in=moved).count() >= moved.count()


def test_a_second_generation_of_the_same_size_is_reused(tiny_dataset):
    assert datagen.ensure(claims=200, articles=10, log=None) is None


# .ci/run installs wrk: in CI a missing wrk fails rather than skips.
@pytest.mark.skipif(shutil.which("wrk") is None and not os.environ.get("CI"),
                    reason="wrk is not installed (apt-get install wrk)")
def test_suite_prints_every_figure_with_its_baseline_and_plans_use_indexes(tiny_dataset):
    out = StringIO()

    status = run.run(seconds=1, workers=1, port=free_port(), ingest_files=12, quick=True, corpora=False, out=out)

    report = out.getvalue()
    assert status == 0, report
    for title in ("1. Claim queue page", "2. Claim detail", "3a. Full-text search", "3b. Similar claims",
                  "4. Admin claim change list", "5. load_seeds, new", "5. load_seeds, all unchanged",
                  "Peak RSS of a gunicorn worker"):
        assert title in report
    queue_row = next(line for line in report.splitlines() if line.startswith("| 1. Claim queue page"))
    assert queue_row.count("|") == 12 and "– | – | –" not in queue_row  # has its baseline and ratio
    assert "SEQ SCAN OF claims_claim" not in report
    assert "1 file(s) read, 0 failed; articles: 12 new" in report
    assert connection.settings_dict["NAME"].startswith("test_")
