"""Proof 1: schemathesis fuzzes every operation of the project's own OpenAPI schema, as an
anonymous client, a reviewer and an editor: no 5xx, and every response matches the schema.

Runs in-process against the WSGI application, inside the test's transaction; each case is rolled
back afterwards so that every case starts from the same seeded database (reproducible with
derandomize). CLAIMTRACKER_FUZZ_EXAMPLES raises the examples per operation and role for the long
run (`make reliability-long`); CI runs 20 x 17 operations x 3 roles, about 1,020 cases.
"""

import os

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance, response_schema_conformance, status_code_conformance,
)

from claimtracker.wsgi import application

EXAMPLES = int(os.environ.get("CLAIMTRACKER_FUZZ_EXAMPLES", "20"))
CHECKS = [schemathesis.checks.not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]
ROLES = ["anonymous", "reviewer", "editor"]

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture
def in_process_requests():
    """Keep the test's connection (and its transaction) across requests, as Django's test client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def aim_at_stored_rows(case, world) -> None:
    """Small generated ids are mapped onto stored rows, so that most cases reach real objects."""
    value = case.path_parameters.get("id") if case.path_parameters else None
    if not isinstance(value, int) or not 0 <= value < 10_000:
        return
    path = case.operation.path
    ids = (world.article_ids if path.startswith("/api/articles/")
           else world.claimant_ids if path.startswith("/api/claimants/") else world.claim_ids)
    case.path_parameters["id"] = ids[value % len(ids)]


@pytest.mark.parametrize("role", ROLES)
@schema.parametrize()
@settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
def test_api_fuzz_no_server_errors_and_responses_match_schema(case, role, world, in_process_requests):
    headers = {"Authorization": f"Token {world.tokens[role]}"} if role in world.tokens else {}
    aim_at_stored_rows(case, world)
    cache.clear()  # the throttles count per process; fuzzing is not a flood
    with transaction.atomic():
        try:
            case.call_and_validate(headers=headers, checks=CHECKS)
        finally:
            transaction.set_rollback(True)
