"""A fact-check's page: canonical address, what a reader needs, its ClaimReview for search engines."""

import json
from html.parser import HTMLParser

import extruct
import pytest
from django.urls import reverse

from claims.models import Rating
from claims.review import workflow
from claims.review.publication import fact_check_path, fact_check_slug, fact_check_url
from tests.factories import ArticleFactory, ClaimantFactory, ClaimFactory, SourceFactory
from tests.public.conftest import EVIDENCE, SUMMARY

pytestmark = pytest.mark.django_db


class _Scripts(HTMLParser):
    """The JSON-LD scripts and the canonical link of a page, as a browser's parser sees them."""

    def __init__(self):
        super().__init__()
        self.json_ld, self.canonical, self._in_script = [], [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_script = True
            self.json_ld.append("")
        if tag == "link" and attrs.get("rel") == "canonical":
            self.canonical.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.json_ld[-1] += data


def parsed(response) -> _Scripts:
    scripts = _Scripts()
    scripts.feed(response.content.decode())
    return scripts


@pytest.fixture
def fact_check(publish):
    claimant = ClaimantFactory(name="Minister Ana Ruiz", description="Minister of Trade")
    article = ArticleFactory(title="Coca and the economy", url="https://news.example/coca",
                             source=SourceFactory(name="Daily Ledger"), body=(
                                 "The minister spoke on Monday. Colombia is the world's largest producer of coca. "
                                 "Exports rose 12% in 2024."))
    start = article.body.index("Colombia")
    claim = ClaimFactory(article=article, claimant=claimant, start=start, end=article.body.index("coca.") + 5)
    return publish(claim, rating=Rating.FALSE)


def test_the_page_shows_the_claim_who_said_it_where_the_rating_explanation_and_evidence(client, fact_check):
    response = client.get(fact_check_path(fact_check))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Colombia is the world&#x27;s largest producer of coca." in html
    assert "<mark>Colombia is the world&#x27;s largest producer of coca.</mark>" in html  # in its passage
    assert "The minister spoke on Monday." in html
    for text in ("Minister Ana Ruiz", "Minister of Trade", "Coca and the economy", "Daily Ledger",
                 'href="https://news.example/coca"', SUMMARY, "False", "Published"):
        assert text in html
    for item in EVIDENCE:
        assert f'href="{item["url"]}"' in html
    assert "UNODC coca survey" in html and EVIDENCE[0]["excerpt"] in html
    assert "Supports the claim" in html and "Refutes the claim" in html
    assert "Corrections" not in html.split("<main")[1].split("</main>")[0].replace("corrections page", "")


def test_a_missing_or_stale_slug_redirects_permanently_to_the_canonical_address(client, fact_check):
    canonical = fact_check_path(fact_check)
    for address in (reverse("public:fact-check-short", kwargs={"pk": fact_check.pk}),
                    reverse("public:fact-check", kwargs={"pk": fact_check.pk, "slug": "an-old-slug"})):
        response = client.get(address)
        assert (response.status_code, response["Location"]) == (301, canonical)
    assert client.get(canonical).status_code == 200


def test_an_unpublished_or_unknown_claim_has_no_page(client, reviewer, editor, fact_check):
    draft = ClaimFactory()
    for claim_pk, slug in ((draft.pk, fact_check_slug(draft)), (10**6, "nothing"), (2**70, "huge")):
        assert client.get(f"/fact-checks/{claim_pk}-{slug}/").status_code == 404
        assert client.get(f"/fact-checks/{claim_pk}/").status_code == 404
    workflow.claim_reopen(claim=fact_check, actor=editor, note="Checking again")
    assert client.get(fact_check_path(fact_check)).status_code == 404


def test_json_ld_parses_back_and_its_url_is_the_canonical_link(client, fact_check):
    response = client.get(fact_check_path(fact_check))
    page = parsed(response)
    assert page.canonical == [fact_check_url(fact_check)]
    assert fact_check_url(fact_check).startswith("http://127.0.0.1:8000/fact-checks/")
    data = extruct.extract(response.content.decode(), base_url=fact_check_url(fact_check),
                           syntaxes=["json-ld"], uniform=True)["json-ld"]
    assert len(data) == 1
    review = data[0]
    assert review["@type"] == "ClaimReview"
    assert review["url"] == page.canonical[0]
    assert review["claimReviewed"] == fact_check.text
    assert review["reviewRating"]["alternateName"] == "False"
    assert review["itemReviewed"]["author"]["name"] == "Minister Ana Ruiz"
    assert review["itemReviewed"]["appearance"]["url"] == "https://news.example/coca"


@pytest.mark.parametrize("summary", [
    "Nonsense.</script><script>alert(1)</script>", "Hidden <!-- <script> comment", "Ampersand & <b>bold</b> ]]>",
])
def test_user_text_cannot_end_the_json_ld_script(client, publish, summary):
    claim = publish(summary=summary)
    response = client.get(fact_check_path(claim))
    html = response.content.decode()
    head = html.split("</head>")[0]
    assert head.count("<script") == 1 and head.count("</script>") == 1
    page = parsed(response)
    assert len(page.json_ld) == 1
    assert json.loads(page.json_ld[0])["reviewBody"] == summary


def test_a_correction_says_what_the_rating_was_what_it_is_and_when(client, fact_check, correct):
    correct(fact_check, rating=Rating.MOSTLY_TRUE)
    correction = fact_check.events.filter(action="publish").latest("created_at")
    response = client.get(fact_check_path(fact_check))
    html = response.content.decode()
    assert 'id="corrections"' in html
    section = html.split('id="corrections"')[1]
    assert "the rating was" in section and "False" in section and "Mostly true" in section
    assert correction.created_at.strftime("%Y-%m-%d") in section  # <time datetime=...>
    assert SUMMARY in section  # the explanation before the correction
    assert "Corrected: new figures" in html
    review = json.loads(parsed(response).json_ld[0])
    assert review["reviewRating"]["alternateName"] == "Mostly true"


def test_the_page_is_cacheable_with_validators_that_change_with_a_correction(client, fact_check, correct):
    path = fact_check_path(fact_check)
    response = client.get(path)
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]
    assert client.get(path, headers={"if-none-match": response["ETag"]}).status_code == 304
    correct(fact_check)
    assert client.get(path, headers={"if-none-match": response["ETag"]}).status_code == 200


def test_pages_answer_get_and_head_only(client, fact_check):
    path = fact_check_path(fact_check)
    assert client.head(path).status_code == 200
    for method in ("post", "put", "patch", "delete"):
        assert getattr(client, method)(path).status_code == 405
    assert client.post(reverse("public:index")).status_code == 405
