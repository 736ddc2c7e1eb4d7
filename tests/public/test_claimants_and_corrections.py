"""A claimant's page with their rating breakdown; the corrections list."""

import re

import pytest
from django.urls import reverse

from claims.models import Rating
from claims.review.publication import claimant_path, fact_check_path
from tests.factories import ClaimantFactory, ClaimFactory

pytestmark = pytest.mark.django_db


def test_a_claimants_page_lists_their_published_fact_checks_and_a_rating_breakdown(client, publish):
    ada, bo = ClaimantFactory(name="Ada Smith"), ClaimantFactory(name="Bo Jones")
    theirs = [publish(ClaimFactory(claimant=ada), rating=rating)
              for rating in (Rating.FALSE, Rating.FALSE, Rating.TRUE)]
    other = publish(ClaimFactory(claimant=bo))
    unpublished = ClaimFactory(claimant=ada)
    response = client.get(claimant_path(ada))
    assert response.status_code == 200
    html = response.content.decode()
    assert all(fact_check_path(claim) in html for claim in theirs)
    assert fact_check_path(other) not in html and fact_check_path(unpublished) not in html
    rows = re.findall(r'<th scope="row"><span class="[^"]+">([^<]+)</span></th>\s*<td>(\d+)</td>', html)
    assert dict(rows) == {"False": "2", "True": "1"}
    assert "Ratings of 3 checked claims" in html


def test_a_claimants_address_redirects_to_the_canonical_one(client, publish):
    ada = ClaimantFactory(name="Ada Smith")
    publish(ClaimFactory(claimant=ada))
    canonical = claimant_path(ada)
    for address in (f"/claimants/{ada.pk}/", f"/claimants/{ada.pk}-someone-else/"):
        response = client.get(address)
        assert (response.status_code, response["Location"]) == (301, canonical)


def test_a_claimant_without_published_fact_checks_has_no_page(client):
    nobody = ClaimantFactory(name="Not Checked")
    ClaimFactory(claimant=nobody)
    assert client.get(claimant_path(nobody)).status_code == 404
    assert client.get("/claimants/99999999/").status_code == 404


def test_corrections_list_what_the_rating_was_and_is(client, publish, correct):
    corrected = correct(publish(), rating=Rating.MOSTLY_TRUE)
    untouched = publish()
    response = client.get(reverse("public:corrections"))
    html = response.content.decode()
    assert response.status_code == 200
    assert fact_check_path(corrected) + "#corrections" in html
    assert fact_check_path(untouched) not in html
    assert re.search(r"Rating was <span[^>]*>False</span>, now <span[^>]*>Mostly true</span>", html)


def test_a_correction_of_a_claim_reopened_again_leaves_the_list(client, publish, correct, editor):
    from claims.review import workflow

    corrected = correct(publish())
    workflow.claim_reopen(claim=corrected, actor=editor, note="Again")
    assert fact_check_path(corrected) not in client.get(reverse("public:corrections")).content.decode()
