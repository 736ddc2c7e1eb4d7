"""The claim list's "Export selected claims as CSV" action; with "Select all N", everything the filters match."""

import csv
import io

import pytest
from django.contrib.admin import helpers
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import ClaimKind
from claims.review.exports import CLAIM_CSV_COLUMNS
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:claims_claim_changelist")


def export(client, claims, *, query="", select_across=False):
    data = {"action": "export_csv", helpers.ACTION_CHECKBOX_NAME: [claim.pk for claim in claims], "index": 0,
            "select_across": "1" if select_across else "0"}
    return client.post(CHANGELIST + query, data)


def csv_of(response) -> tuple[list[str], list[dict]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="claims-')
    reader = csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8"), newline=""))
    rows = list(reader)
    return reader.fieldnames, rows


def test_export_selected_claims_gives_those_claims_with_every_column(reviewer_client, reviewer):
    chosen = ClaimFactory(check_worthiness=0.9, assigned_to=reviewer)
    also = ClaimFactory(check_worthiness=0.4)
    ClaimFactory(check_worthiness=0.7)  # not selected
    header, rows = csv_of(export(reviewer_client, [also, chosen]))
    assert header == [column.header for column in CLAIM_CSV_COLUMNS]
    assert [int(row["id"]) for row in rows] == [chosen.pk, also.pk]  # the change list's order
    assert rows[0]["assigned_to"] == reviewer.username


def test_select_all_exports_every_claim_matching_the_change_lists_filters(reviewer_client):
    statistics = ClaimFactory.create_batch(3, kind=ClaimKind.STATISTIC)
    ClaimFactory.create_batch(2, kind=ClaimKind.OPINION)
    response = export(reviewer_client, statistics[:1], query=f"?kind__exact={ClaimKind.STATISTIC}", select_across=True)
    _, rows = csv_of(response)
    assert {int(row["id"]) for row in rows} == {claim.pk for claim in statistics}


def test_select_all_keeps_the_change_lists_search(reviewer_client):
    wanted = ClaimFactory(article=ArticleFactory(body="Inflation hit 9 percent in May. More."))
    ClaimFactory()
    _, rows = csv_of(export(reviewer_client, [wanted], query="?q=Inflation", select_across=True))
    assert [int(row["id"]) for row in rows] == [wanted.pk]


def test_export_cells_are_formula_safe(reviewer_client):
    claim = ClaimFactory(article=ArticleFactory(title="=1+1", body="-40 percent, the mayor said. More."))
    _, rows = csv_of(export(reviewer_client, [claim]))
    assert rows[0]["article_title"] == "'=1+1"
    assert rows[0]["text"] == "'-40 percent, the mayor said."


def queries_to_export(client, claims) -> int:
    with CaptureQueriesContext(connection) as captured:
        csv_of(export(client, claims))
    return len(captured.captured_queries)


def test_export_queries_do_not_grow_with_the_number_of_claims(reviewer_client):
    claims = ClaimFactory.create_batch(3)
    few = queries_to_export(reviewer_client, claims)
    assert queries_to_export(reviewer_client, [*claims, *ClaimFactory.create_batch(8)]) == few


def test_every_admin_page_is_named_claimtracker(reviewer_client, client):
    pages = {"login": client.get(reverse("admin:login")), "index": reviewer_client.get(reverse("admin:index")),
             "claims": reviewer_client.get(CHANGELIST)}
    for name, page in pages.items():
        html = page.content.decode()
        assert page.status_code == 200, name
        assert "Django administration" not in html and "Django site admin" not in html, name
        assert "| ClaimTracker</title>" in html, name
        assert '<div id="site-name"><a href="/admin/">ClaimTracker</a></div>' in html, name
    assert "<title>Newsroom | ClaimTracker</title>" in pages["index"].content.decode()
