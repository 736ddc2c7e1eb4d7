"""The seed article driven over HTTP: from extraction to a published ClaimReview."""

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from rest_framework.test import APIClient

from claims.models import Article, Claim, ClaimStatus, Rating, Stance

pytestmark = pytest.mark.django_db

SEED = Path(settings.BASE_DIR) / "seeds" / "000_852c5d5ab8b24171.txt"
COCA_SENTENCE = "As the world’s largest producer of coca"


def token_client(user):
    out = StringIO()
    call_command("issue_token", user.username, stdout=out)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {out.getvalue().strip()}")
    return client


def test_seed_claim_is_reviewed_published_and_read_as_claimreview(reviewer, editor):
    call_command("load_seeds", str(SEED), stdout=StringIO())
    article = Article.objects.get()
    as_reviewer, as_editor, anon = token_client(reviewer), token_client(editor), APIClient()

    # The reviewer's queue: the seed's claims, most check-worthy first.
    response = as_reviewer.get("/api/claims/", {"article": article.pk, "ordering": "-check_worthiness",
                                                "page_size": 200})
    assert response.status_code == 200
    queue = response.json()["results"]
    assert len(queue) == Claim.objects.filter(article=article).count() > 0
    worthiness = [claim["check_worthiness"] for claim in queue]
    assert worthiness == sorted(worthiness, reverse=True)

    coca = next((claim for claim in queue if COCA_SENTENCE in claim["text"]), None)
    if coca is None:  # extraction missed the sentence: the reviewer adds it by hand
        start = article.body.index(COCA_SENTENCE)
        end = article.body.index(".", start) + 1
        coca = as_reviewer.post("/api/claims/", {"article": article.pk, "start": start, "end": end}).json()
    claim_url = f"/api/claims/{coca['id']}/"

    # Start it, with the ETag of the detail as If-Match.
    detail = as_reviewer.get(claim_url)
    assert "start" in detail.json()["allowed_actions"]
    started = as_reviewer.post(claim_url + "transition/", {"action": "start"}, HTTP_IF_MATCH=detail["ETag"])
    assert started.status_code == 200, started.json()
    assert started.json()["status"] == ClaimStatus.IN_REVIEW

    rated = as_reviewer.post(claim_url + "transition/", {
        "action": "rate", "rating": Rating.FALSE, "version": started.json()["version"],
        "summary": "Coca cultivation figures do not support this.",
        "evidence": [{"url": "https://www.unodc.org/documents/crop-monitoring/", "title": "UNODC survey",
                      "excerpt": "Coca cultivation in Colombia ...", "stance": Stance.REFUTES}],
    })
    assert rated.status_code == 200, rated.json()
    assert (rated.json()["status"], rated.json()["rating"]) == (ClaimStatus.REVIEWED, Rating.FALSE)

    refused = as_reviewer.post(claim_url + "transition/", {"action": "publish"})
    assert refused.status_code == 403
    assert refused.json()["code"] == "permission_denied"

    published = as_editor.post(claim_url + "transition/", {"action": "publish", "version": rated.json()["version"]})
    assert published.status_code == 200, published.json()
    assert published.json()["status"] == ClaimStatus.PUBLISHED

    # The public reads the ClaimReview, and finds the claim by searching.
    review = anon.get(claim_url + "claimreview/")
    assert review.status_code == 200
    assert review.headers["Content-Type"] == "application/ld+json"
    review = review.json()
    assert review["claimReviewed"] == coca["text"]
    assert review["reviewRating"]["alternateName"] == "False"
    assert review["reviewRating"]["ratingValue"] == 1
    assert review["itemReviewed"]["appearance"]["headline"] == article.title
    assert review["author"]["name"] == settings.CLAIMTRACKER_ORGANIZATION_NAME

    found = anon.get("/api/claims/", {"q": "coca"}).json()["results"]
    assert [claim["id"] for claim in found] == [coca["id"]]
    assert found[0]["rank"] > 0
    feed = anon.get("/api/claimreview/").json()["results"]
    assert [item["claimReviewed"] for item in feed] == [coca["text"]]
    assert [row["id"] for row in anon.get("/api/articles/").json()["results"]] == [article.pk]
