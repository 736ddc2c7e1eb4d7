"""The claim list's "Export selected claims as CSV" action; with "Select all N", everything the filters match."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:claims_claim_changelist")


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
