"""Proof 5 (short, for CI): the mixed workload of `bench.load_mixed` (80% reads, 20% workflow moves)
from 10 clients for 5 s against gunicorn on a small database, from both generators: no errors. The
long runs (50 clients, 60 s, 100,000 claims) are `make reliability-long`; figures in BENCHMARKS.md."""

import shutil
from types import SimpleNamespace

import pytest

from bench.load_mixed import run_load, run_wrk
from tests.reliability.conftest import build_world, start_gunicorn, stop, subprocess_env

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def served():
    """A small world behind gunicorn with throttles raised; `served.stop()` returns the server's log."""
    world = build_world(claims_per_status=3)
    env = subprocess_env(CLAIMTRACKER_API_ANON_RATE="1000000/min", CLAIMTRACKER_API_USER_RATE="1000000/min")
    server, base = start_gunicorn(env, workers=2, threads=4)
    yield SimpleNamespace(base=base, token=world.tokens["reviewer"], claim_ids=world.claim_ids,
                          stop=lambda: stop(server))
    stop(server)


def test_mixed_load_from_10_clients_for_5_seconds_has_no_errors(served):
    result = run_load(served.base, token=served.token, claim_ids=served.claim_ids, clients=10, duration=5)
    log = served.stop()

    assert result.requests > 100
    assert result.errors == [], (result.errors[:5], log[-2000:])
    assert result.percentile(0.99) < 2.0  # a generous bound for CI; the long run measures p99


@pytest.mark.skipif(not shutil.which("wrk"), reason="wrk is installed by .ci/run")
def test_mixed_load_from_wrk_has_no_errors_and_counts_the_ones_it_meets(served):
    figures = run_wrk(served.base, token=served.token, claim_ids=served.claim_ids, clients=10, duration=5)
    refused = run_wrk(served.base, token="not-a-token", claim_ids=served.claim_ids, clients=2, duration=1)
    log = served.stop()

    assert figures["requests"] > 100
    assert figures["start"] > 0 and figures["release"] > 0 and figures["search"] > 0
    assert (figures["errors"], figures["socket_errors"], figures["timeouts"]) == (0, 0, 0), \
        (figures["error_sample"], log[-2000:])
    # The generator's own error count works: every request with a bad token is a 401.
    assert refused["requests"] > 0 and refused["errors"] == refused["requests"]
    assert "401" in refused["error_sample"]
