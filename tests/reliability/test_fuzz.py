"""Proof 1: schemathesis fuzzes every operation of the project's own OpenAPI schema, as an
anonymous client, a reviewer and an editor, with all of its checks (no 5xx, responses match the
schema, schema-violating requests refused, schema-valid ones accepted, auth enforced where the schema
says it is, ...) on positive and negative data.

Runs in-process against the WSGI application, inside the test's transaction; each case is rolled
back afterwards so that every case starts from the same seeded database (reproducible with
derandomize). CLAIMTRACKER_FUZZ_EXAMPLES raises the examples per operation and role for the long
run (`make reliability-long`); CI runs 60 x 18 operations x 3 roles, about 3,200 cases.

What a schema cannot say, generated valid data is mapped onto (positive cases only; negative ones
go as generated): small ids onto stored rows, a cursor onto one the API issued for the same list,
a new claim's span onto a sentence of a stored article that is not a claim yet, a rating onto a
slug of the scale, and a `claims:search` without `query` or `reviewPublisherSiteFilter` (Google's
rule: one of them) onto a query word, its pageToken onto one the API gave, and a fact-check import's
document onto a ClaimReview (JSON, or an HTML page with its JSON-LD). Each stands for
data a real client has: ids it was given, cursors it was given, text it read.
"""

import json
import os
from collections import Counter
from urllib.parse import parse_qs, urlsplit

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import negative_data_rejection
from werkzeug.test import Client

from claimtracker.wsgi import application


EXAMPLES = int(os.environ.get("CLAIMTRACKER_FUZZ_EXAMPLES", "60"))
ROLES = ["anonymous", "reviewer", "editor"]

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
schema.config.generation.update(modes=["positive", "negative"])


CASES = Counter()  # (mode, answered status class) of every case sent


def case_report() -> str:
    """The cases sent, by mode and by class of answer: the figure BENCHMARKS.md gives (printed at the
    end of the run by tests/reliability/conftest.py)."""
    modes, statuses = Counter(), Counter()
    for (mode, status), count in CASES.items():
        modes[mode] += count
        statuses[status] += count
    answers = ", ".join(f"{status}: {count}" for status, count in sorted(statuses.items()))
    return (f"fuzzing: {sum(CASES.values())} cases ({modes['positive']} positive, {modes['negative']} negative); "
            f"answers by class: {answers}")


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


def is_positive(case) -> bool:
    return case.meta is None or case.meta.generation.mode == GenerationMode.POSITIVE


def issued_cursor(case, headers) -> str | None:
    """The `next` cursor the API gives for the case's list with one row a page, or None."""
    query = {key: value for key, value in (case.query or {}).items() if key not in ("cursor", "format")}
    query["page_size"] = 1  # of the JSON list: CSV has no pages
    path = case.operation.path.format(**(case.path_parameters or {}))
    # Straight to the WSGI application, as schemathesis calls it (Django's test client would connect
    # close_old_connections again, and end the test's transaction).
    response = Client(application).get(path, query_string=query, headers=headers)
    following = json.loads(response.get_data()).get("next") if response.status_code == 200 else None
    return parse_qs(urlsplit(following).query)["cursor"][0] if following else None


CLAIMS_SEARCH = "/v1alpha1/claims:search"
CLAIMS_SEARCH_QUERY = "Colombia"  # a word of the seed article, whose claims (some published) it finds


def _given(value, *, site: bool = False) -> bool:
    """Whether claims:search reads a value as given (as its view does: stripped; a site without www.)."""
    text = "" if value is None else str(value).strip()
    return bool(text.lower().removeprefix("www.") if site else text)


def issued_page_token(case) -> str | None:
    """The nextPageToken claims:search gives for the case's search with one result a page, or None."""
    query = {key: value for key, value in case.query.items() if key not in ("pageToken", "offset")}
    query["pageSize"] = 1
    response = Client(application).get(CLAIMS_SEARCH, query_string=query)
    return json.loads(response.get_data()).get("nextPageToken") if response.status_code == 200 else None


def aim_claims_search(case) -> None:
    """claims:search needs `query` or `reviewPublisherSiteFilter`, which OpenAPI cannot say; a page
    token is one the API gave for the same search."""
    query = case.query if case.query is not None else {}
    if not _given(query.get("query")) and not _given(query.get("reviewPublisherSiteFilter"), site=True):
        query["query"] = CLAIMS_SEARCH_QUERY
    case.query = query
    if _given(query.get("pageToken")):
        token = issued_page_token(case)
        if token is None:
            del query["pageToken"]
        else:
            query["pageToken"] = token


FACTCHECKS_IMPORT = "/api/factchecks/import/"


def aim_factchecks_import(case) -> None:
    """An import's document is a fact-checker's ClaimReview (the schema says only: an object, or text/html)."""
    from tests.factchecks.test_import_files import claimreview

    review = claimreview(1)
    if isinstance(case.body, str) and case.media_type == "text/html":
        case.body = f'<html><script type="application/ld+json">{json.dumps(review)}</script></html>'
    else:  # a JSON document, or none at all (the schema cannot say that a document is needed)
        case.body, case.media_type = review, "application/json"


def free_sentence(world, article_id=None) -> tuple[int, int, int, str]:
    """(article id, start, end, text) of a sentence of a stored article that no claim holds yet."""
    from claims.models import Article, Claim
    from tests.reliability.conftest import sentence_spans

    article = Article.objects.get(pk=article_id or world.article_ids[0])
    taken = set(Claim.objects.filter(article=article).values_list("start", "end"))
    start, end = next(span for span in sentence_spans(article.body, 200) if span not in taken)
    return article.pk, start, end, article.body[start:end]


def scale_slugs() -> list[str]:
    from claims.review.ratings import rating_slugs

    return rating_slugs()


def aim_positive_data_at_real_data(case, world, headers) -> None:
    if not is_positive(case):
        return
    if case.query and case.query.get("cursor"):
        cursor = issued_cursor(case, headers)
        if cursor is None:
            del case.query["cursor"]
        else:
            case.query["cursor"] = cursor
    body = case.body if isinstance(case.body, dict) else None
    method, path = case.operation.method.upper(), case.operation.path
    if method == "GET" and path == CLAIMS_SEARCH:
        aim_claims_search(case)
    if method == "POST" and path == FACTCHECKS_IMPORT:
        aim_factchecks_import(case)
    # A rating is a slug of the scale editors keep (GET /api/ratings/): the schema gives its form only.
    slugs = scale_slugs()
    if body is not None and isinstance(body.get("rating"), str) and body["rating"]:
        body["rating"] = slugs[len(body["rating"]) % len(slugs)]
    if case.query and case.query.get("rating"):
        given = case.query["rating"] if isinstance(case.query["rating"], list) else [case.query["rating"]]
        case.query["rating"] = [slugs[len(str(v)) % len(slugs)] if v not in ("", None) else v for v in given]
    if body is not None and method == "POST" and path == "/api/claims/":
        body["article"], body["start"], body["end"], body["text"] = free_sentence(world)
    if body is not None and method == "PATCH" and path == "/api/claims/{id}/" and ({"start", "end"} & body.keys()):
        from claims.models import Claim

        claim = Claim.objects.filter(pk=case.path_parameters["id"]).values("article_id").first()
        if claim:  # a new span: a sentence of the claim's own article
            _, body["start"], body["end"], _ = free_sentence(world, claim["article_id"])


def _wire(value) -> str:
    if value is None or isinstance(value, bool):
        return {True: "true", False: "false", None: ""}[value]
    return value if isinstance(value, str) else repr(value)


def sent_as_valid(case) -> bool:
    """A negative case whose query goes on the wire as valid values, and nothing else negative:
    schemathesis compares array parameters' values before serialisation, so a boolean true in
    `rating` counts as invalid although it is sent as "true", a rating's slug. Only such a case,
    judged by each parameter's enum (for `rating`, the scale), is spared the negative-data check."""
    if is_positive(case) or not case.query or case.meta is None:
        return False
    if any(location != ParameterLocation.QUERY and component.mode == GenerationMode.NEGATIVE
           for location, component in case.meta.components.items()):
        return False
    declared = {parameter.name: parameter.definition.get("schema", {}) for parameter in case.operation.query}
    for name, value in case.query.items():
        schema = declared.get(name)
        items = schema.get("items", {}) if schema and schema.get("type") == "array" else None
        valid = items.get("enum") if items else None
        if name == "rating" and items:
            valid = scale_slugs()  # the scale, whose slugs the schema gives by form only
        if not valid:
            return False
        values = value if isinstance(value, list) else [value]
        if not all(_wire(item) in valid or _wire(item) == "" for item in values):
            return False
    return True


@pytest.mark.parametrize("role", ROLES)
@schema.parametrize()
@settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
def test_api_fuzz_no_server_errors_and_responses_match_schema(case, role, world, in_process_requests):
    headers = {"Authorization": f"Token {world.tokens[role]}"} if role in world.tokens else {}
    aim_at_stored_rows(case, world)
    aim_positive_data_at_real_data(case, world, headers)
    cache.clear()  # the throttles count per process; fuzzing is not a flood
    with transaction.atomic():
        try:
            excluded = [negative_data_rejection] if sent_as_valid(case) else []
            response = case.call_and_validate(headers=headers, excluded_checks=excluded)
            mode = "positive" if is_positive(case) else "negative"
            CASES[(mode, f"{response.status_code // 100}xx")] += 1
        finally:
            transaction.set_rollback(True)
