"""Proof 5 (short, for CI): the mixed workload of `bench.load_mixed` (80% reads, 20% workflow moves)
from 10 clients for 5 s against gunicorn on a small database: no errors. The long run (50 clients,
60 s, 100,000 claims) is `make reliability-long`; its figures are in BENCHMARKS.md."""

import pytest

from bench.load_mixed import run_load
from tests.reliability.conftest import build_world, start_gunicorn, stop, subprocess_env

pytestmark = pytest.mark.django_db(transaction=True)


def test_mixed_load_from_10_clients_for_5_seconds_has_no_errors():
    world = build_world(claims_per_status=3)
    env = subprocess_env(CLAIMTRACKER_API_ANON_RATE="1000000/min", CLAIMTRACKER_API_USER_RATE="1000000/min")
    server, base = start_gunicorn(env, workers=2, threads=4)
    try:
        result = run_load(base, token=world.tokens["reviewer"], claim_ids=world.claim_ids, clients=10, duration=5)
    finally:
        log = stop(server)

    assert result.requests > 100
    assert result.errors == [], (result.errors[:5], log[-2000:])
    assert result.percentile(0.99) < 2.0  # a generous bound for CI; the long run measures p99
