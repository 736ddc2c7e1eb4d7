"""GET /api/claims/?format=csv (or Accept: text/csv): the whole filtered list as CSV, as the JSON list sees it."""

import csv
import io
import re

import pytest

from claims.models import ClaimKind, ClaimStatus
from claims.review.exports import CLAIM_CSV_COLUMNS, csv_cell
from tests.factories import ArticleFactory, ClaimantFactory, ClaimFactory

pytestmark = pytest.mark.django_db

HEADER = [column.header for column in CLAIM_CSV_COLUMNS]
PUBLIC_HEADER = [header for header in HEADER if header != "assigned_to"]


def csv_rows(response) -> list[dict]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = list(reader)
    return reader.fieldnames, rows


def json_ids(client, query) -> list[int]:
    ids, url, params = [], "/api/claims/", {**query, "page_size": 200}
    while url:
        page = client.get(url, params).json()
        ids += [row["id"] for row in page["results"]]
        url, params = page["next"], None
    return ids


def test_csv_has_a_header_and_the_json_lists_rows_in_its_order_with_the_same_filters(as_staff):
    claimant = ClaimantFactory(name="The ministry")
    for score in (0.2, 0.5, 0.7, 0.9):
        ClaimFactory(check_worthiness=score, claimant=claimant)
        ClaimFactory(check_worthiness=score, kind=ClaimKind.OPINION)
    query = {"kind": ClaimKind.STATISTIC, "min_check_worthiness": 0.4}
    header, rows = csv_rows(as_staff.get("/api/claims/", {**query, "format": "csv"}))
    assert header == HEADER
    assert [int(row["id"]) for row in rows] == json_ids(as_staff, query)
    assert len(rows) == 3
    assert {row["claimant"] for row in rows} == {"The ministry"}


def test_accept_text_csv_gives_the_same_csv_as_format_csv(as_staff):
    ClaimFactory.create_batch(3)
    by_header = csv_rows(as_staff.get("/api/claims/", HTTP_ACCEPT="text/csv"))
    by_format = csv_rows(as_staff.get("/api/claims/", {"format": "csv"}))
    assert by_header == by_format
    assert len(by_header[1]) == 3


def test_csv_is_not_paginated_and_follows_the_requested_ordering(as_staff):
    claims = ClaimFactory.create_batch(7)
    _, rows = csv_rows(as_staff.get("/api/claims/", {"format": "csv", "page_size": 2, "ordering": "created_at"}))
    assert [int(row["id"]) for row in rows] == [claim.pk for claim in claims]


def test_csv_with_search_keeps_the_search_rank_order(as_staff):
    ClaimFactory.create_batch(3)
    query = {"q": "Colombia"}
    _, rows = csv_rows(as_staff.get("/api/claims/", {**query, "format": "csv"}))
    searched = as_staff.get("/api/claims/", query).json()["results"]
    assert [int(row["id"]) for row in rows] == [row["id"] for row in searched]


def test_anonymous_gets_published_claims_only_and_no_staff_columns(anon, as_outsider, published_claim, reviewer):
    ClaimFactory(assigned_to=reviewer)
    for client in (anon, as_outsider):
        header, rows = csv_rows(client.get("/api/claims/", {"format": "csv"}))
        assert header == PUBLIC_HEADER
        assert [int(row["id"]) for row in rows] == [published_claim.pk]
        assert rows[0]["status"] == ClaimStatus.PUBLISHED


def test_staff_see_who_a_claim_is_assigned_to(as_staff, reviewer):
    ClaimFactory(assigned_to=reviewer)
    _, rows = csv_rows(as_staff.get("/api/claims/", {"format": "csv"}))
    assert rows[0]["assigned_to"] == reviewer.username


def test_cells_are_spelled_as_in_the_json_list(as_staff, published_claim):
    _, rows = csv_rows(as_staff.get("/api/claims/", {"format": "csv"}))
    shown = as_staff.get("/api/claims/").json()["results"][0]
    row = rows[0]
    for field in ("start", "end", "text", "kind", "status", "rating", "check_worthiness_model",
                  "first_published_at", "created_at", "updated_at"):
        assert row[field] == str(shown[field]), field
    assert float(row["check_worthiness"]) == shown["check_worthiness"]
    assert row["already_checked"] == "false"
    assert row["article_id"] == str(shown["article"]["id"])
    assert row["article_title"] == shown["article"]["title"]
    assert row["source"] == ""  # a claim's article without an outlet
    assert row["first_published_at"].endswith("Z")


def test_formula_cells_are_prefixed_with_a_quote(as_staff):
    article = ArticleFactory(title="=HYPERLINK(\"http://evil.example\")", body="+1 is what the ministry said. More.")
    ClaimFactory(article=article, claimant=ClaimantFactory(name="@handle"))
    _, rows = csv_rows(as_staff.get("/api/claims/", {"format": "csv"}))
    assert rows[0]["article_title"] == "'=HYPERLINK(\"http://evil.example\")"
    assert rows[0]["text"] == "'+1 is what the ministry said."
    assert rows[0]["claimant"] == "'@handle"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_quoted(start):
    assert csv_cell(f"{start}1") == f"'{start}1"
    assert csv_cell(f"a{start}1") == f"a{start}1"


def test_non_ascii_text_round_trips_in_utf8(as_staff):
    body = "En Bogotá el 40 % dijo «sí» — 中文 ✓. Otra frase."
    ClaimFactory(article=ArticleFactory(title="Colombia: ¿cuánto?", body=body), claimant=ClaimantFactory(name="Ña Ñu"))
    _, rows = csv_rows(as_staff.get("/api/claims/", {"format": "csv"}))
    assert rows[0]["text"] == "En Bogotá el 40 % dijo «sí» — 中文 ✓."
    assert rows[0]["article_title"] == "Colombia: ¿cuánto?"
    assert rows[0]["claimant"] == "Ña Ñu"


def test_the_download_is_named_with_a_utc_timestamp(as_staff):
    response = as_staff.get("/api/claims/", {"format": "csv"})
    assert re.fullmatch(r'attachment; filename="claims-\d{8}T\d{6}Z\.csv"', response["Content-Disposition"])


@pytest.mark.parametrize("ask", [{"format": "csv"}, {}])
def test_a_bad_filter_is_a_json_400_with_field_errors(as_staff, ask):
    headers = {} if ask else {"HTTP_ACCEPT": "text/csv"}
    response = as_staff.get("/api/claims/", {**ask, "min_check_worthiness": "lots"}, **headers)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "min_check_worthiness" in response.json()


def test_an_unknown_format_is_a_400(as_staff):
    response = as_staff.get("/api/claims/", {"format": "xlsx"})
    assert response.status_code == 400
    assert response.json() == {"format": ["Give json or csv."]}


def test_format_json_and_an_empty_format_give_the_json_page(as_staff):
    ClaimFactory()
    for value in ("json", ""):
        response = as_staff.get("/api/claims/", {"format": value})
        assert response.status_code == 200
        assert len(response.json()["results"]) == 1


def test_csv_is_one_query_whatever_the_number_of_rows(as_staff, django_assert_max_num_queries):
    ClaimFactory.create_batch(3)
    with django_assert_max_num_queries(6) as few:
        csv_rows(as_staff.get("/api/claims/", {"format": "csv"}))
    ClaimFactory.create_batch(7)
    with django_assert_max_num_queries(len(few.captured_queries)):
        _, rows = csv_rows(as_staff.get("/api/claims/", {"format": "csv"}))
    assert len(rows) == 10


def test_a_method_not_allowed_is_a_405_whatever_the_format(as_staff):
    response = as_staff.generic("TRACE", "/api/claims/?format=csv")
    assert response.status_code == 405


@pytest.mark.parametrize("bad", [{"page_size": "0"}, {"page_size": "many"}, {"cursor": "not-a-cursor"},
                                 {"q": "Colombia", "page": "first"}])
def test_bad_page_parameters_are_refused_as_for_json_though_csv_has_no_pages(as_staff, bad):
    as_json = as_staff.get("/api/claims/", bad)
    as_csv = as_staff.get("/api/claims/", {**bad, "format": "csv"})
    assert as_json.status_code == as_csv.status_code == 400
    assert as_csv.json() == as_json.json()
