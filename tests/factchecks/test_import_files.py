"""import_factchecks: the shared datasets (LIAR, Snopes claims), ClaimReview documents in every form,
bad items reported with their position and skipped, unmapped ratings reported, importing twice."""

import json
import time
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from factchecks.importing import factchecks_import_files
from factchecks.models import FactCheck, Publisher, RatingMapping
from tests.datasets import DATASETS, require


pytestmark = pytest.mark.django_db

LIAR = DATASETS / "factchecks" / "liar"
SNOPES = DATASETS / "factchecks" / "snopes-claim-retrieval" / "verified_claims.docs.tsv"


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_factchecks", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def claimreview(n, **extra):
    return {"@context": "https://schema.org", "@type": "ClaimReview",
            "url": f"https://www.checkers.example/fact-check/{n}",
            "claimReviewed": f"Claim number {n} about the budget doubling.",
            "author": {"@type": "Organization", "name": "Checkers", "url": "https://checkers.example/"},
            "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "Ann Example"},
                             "datePublished": "2021-03-01"},
            "datePublished": "2021-03-04T10:00:00+01:00",
            "reviewRating": {"@type": "Rating", "ratingValue": 1, "alternateName": "Pants on Fire"},
            "inLanguage": "en-GB", **extra}


def test_liar_train_and_valid_import_then_reimport_as_nothing_new():
    train, valid = require(LIAR / "train.tsv"), require(LIAR / "valid.tsv")
    started = time.perf_counter()
    out, _ = run("--no-index", train, valid)  # storing alone is timed; indexing is the matcher's
    seconds = time.perf_counter() - started
    assert f"{train}: 10269 new, 0 already there, 0 skipped" in out
    assert f"{valid}: 1284 new, 0 already there, 0 skipped" in out
    assert 11553 / seconds > 1000, f"{11553 / seconds:.0f} reviews/s"
    first = FactCheck.objects.get(key="liar:2635.json")
    assert first.publisher.site == "politifact.com" and first.publisher.name == "PolitiFact"
    assert (first.claimant, first.textual_rating, first.rating, first.language, first.source, first.url) == (
        "Dwayne Bohac", "false", "false", "en", "liar", "")
    assert FactCheck.objects.get(key="liar:10540.json").rating == "mixed"  # half-true
    assert not FactCheck.objects.filter(source="liar", rating__isnull=True).exists()  # every LIAR label mapped
    assert "unmapped ratings" not in out

    out, _ = run("--no-index", train, valid)
    assert f"{train}: 0 new, 10269 already there, 0 skipped" in out
    assert f"{valid}: 0 new, 1284 already there, 0 skipped" in out
    assert FactCheck.objects.count() == 11553


def test_snopes_claims_import_with_their_titles_and_reimport():
    path = require(SNOPES)
    out, _ = run("--no-index", path)
    assert f"{path}: 10375 new, 0 already there, 0 skipped" in out
    first = FactCheck.objects.get(key="snopes-claim-retrieval:0")
    assert first.claim_reviewed.startswith("122 detainees released from confinement at Guantanamo Bay")
    assert first.title == "Did 122 Prisoners Released from Guantanamo by President Obama Return to the Battlefield?"
    assert (first.publisher.site, first.publisher.name, first.url, first.rating) == ("snopes.com", "Snopes", "", None)
    # A quoted claim that runs over two lines is one claim.
    assert FactCheck.objects.get(key="snopes-claim-retrieval:3057").claim_reviewed.endswith(
        "at a Veterans Administration hospital.")
    out, _ = run("--no-index", path)
    assert f"{path}: 0 new, 10375 already there, 0 skipped" in out


def test_a_datafeed_imports_each_review_its_elements_wrap(tmp_path):
    feed = {"@context": "http://schema.org", "@type": "DataFeed", "dateModified": "2021-03-05T00:00:00Z",
            "dataFeedElement": [
                {"@type": "DataFeedItem", "dateCreated": "2021-03-04", "item": [claimreview(1)]},
                {"@type": "DataFeedItem", "item": claimreview(2, reviewRating={"@type": "Rating", "name": "Mixture"})},
                claimreview(3, inLanguage={"@type": "Language", "name": "French", "alternateName": "fr"}),
            ]}
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(feed, indent=2))
    out, _ = run(path)
    assert f"{path}: 3 new, 0 already there, 0 skipped" in out
    one = FactCheck.objects.get(key="https://www.checkers.example/fact-check/1")
    assert one.url == one.key
    assert (one.publisher.name, one.publisher.site) == ("Checkers", "checkers.example")
    assert (one.claimant, one.textual_rating, one.rating, one.language) == ("Ann Example", "Pants on Fire", "false", "en")
    assert one.review_date.isoformat() == "2021-03-04T09:00:00+00:00"
    assert one.claim_date.isoformat() == "2021-03-01T00:00:00+00:00"
    assert FactCheck.objects.get(key__endswith="/2").rating == "mixed"
    assert FactCheck.objects.get(key__endswith="/3").language == "fr"
    out, _ = run(path)
    assert f"{path}: 0 new, 3 already there, 0 skipped" in out


def test_a_graph_a_list_and_json_lines(tmp_path):
    graph = tmp_path / "graph.jsonld"
    graph.write_text(json.dumps({"@context": "https://schema.org", "@graph": [
        {"@type": "WebPage", "name": "a page"}, claimreview(10), {"@type": "Organization", "name": "Checkers"}]}))
    listed = tmp_path / "list.json"
    listed.write_text(json.dumps([claimreview(11), claimreview(12)]))
    lines = tmp_path / "reviews.jsonl"
    lines.write_text("\n".join(json.dumps(claimreview(n)) for n in (13, 14, 15)) + "\n")
    out, _ = run(graph, listed, lines)
    assert f"{graph}: 1 new, 0 already there, 0 skipped" in out
    assert f"{listed}: 2 new, 0 already there, 0 skipped" in out
    assert f"{lines}: 3 new, 0 already there, 0 skipped" in out


PAGE = """<!doctype html><html><head><title>Fact check</title>
<link rel="canonical" href="https://www.pagecheck.example/checks/moon">
<script type="application/ld+json">{json}</script></head><body><p>Text</p></body></html>"""

MICRODATA = """<html><body>
<div itemscope itemtype="https://schema.org/ClaimReview">
  <link itemprop="url" href="https://factcheck.micro.example/2020/05/cheese/">
  <h1 itemprop="headline">Is the moon made of cheese?</h1>
  <span itemprop="claimReviewed">The moon is made of cheese.</span>
  <div itemprop="author" itemscope itemtype="https://schema.org/Organization"><span itemprop="name">Micro Checks</span></div>
  <div itemprop="itemReviewed" itemscope itemtype="https://schema.org/Claim">
    <div itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">Wallace</span></div>
    <meta itemprop="datePublished" content="2020-05-01">
  </div>
  <div itemprop="reviewRating" itemscope itemtype="https://schema.org/Rating"><span itemprop="alternateName">Four Pinocchios</span></div>
  <meta itemprop="datePublished" content="2020-05-03">
  <meta itemprop="inLanguage" content="en">
</div></body></html>"""


def test_html_pages_with_json_ld_and_with_microdata(tmp_path):
    jsonld = tmp_path / "jsonld.html"
    review = claimreview(20)
    del review["url"]  # the page's canonical address stands in
    jsonld.write_text(PAGE.format(json=json.dumps(review)))
    micro = tmp_path / "micro.html"
    micro.write_text(MICRODATA)
    out, _ = run(jsonld, micro)
    assert f"{jsonld}: 1 new, 0 already there, 0 skipped" in out
    assert f"{micro}: 1 new, 0 already there, 0 skipped" in out
    assert FactCheck.objects.filter(key="https://www.pagecheck.example/checks/moon", publisher__site="pagecheck.example").exists()
    cheese = FactCheck.objects.get(publisher__site="factcheck.micro.example")
    assert (cheese.claim_reviewed, cheese.claimant, cheese.title, cheese.textual_rating, cheese.rating) == (
        "The moon is made of cheese.", "Wallace", "Is the moon made of cheese?", "Four Pinocchios", None)
    assert f"{micro}: unmapped ratings: 'Four Pinocchios' (1)" in out


def test_bad_items_are_reported_with_their_position_and_skipped(tmp_path):
    listed = tmp_path / "list.json"
    listed.write_text(json.dumps([claimreview(30), {"@type": "ClaimReview", "claimReviewed": "no url"},
                                  claimreview(31, url="ftp://nope.example/x"), 42,
                                  claimreview(32, claimReviewed=""), {"@type": "NewsArticle"}, claimreview(33)]))
    lines = tmp_path / "bad.jsonl"
    lines.write_text(json.dumps(claimreview(34)) + "\n{not json\n" + json.dumps(claimreview(35)) + "\n")
    tsv = tmp_path / "liar-like.tsv"
    good = "1.json\tfalse\tA statement.\ttax\tann-smith\t\t\t\t0\t0\t0\t0\t0\ta speech\n"
    tsv.write_text(good + "2.json\ttrue\tShort row.\n" + good.replace("1.json", "3.json"))
    out, err = run(listed, lines, tsv)
    assert f"{listed}: 2 new, 0 already there, 5 skipped" in out
    assert f"{listed}:[1]: no review URL (url)" in err
    assert f"{listed}:[2]: the review URL is not an http or https URL: 'ftp://nope.example/x'" in err
    assert f"{listed}:[3]: not a JSON object but a number" in err
    assert f"{listed}:[4]: no claimReviewed" in err
    assert f"{listed}:[5]: not a ClaimReview (@type newsarticle)" in err
    assert f"{lines}: 2 new, 0 already there, 1 skipped" in out
    assert f"{lines}:2: not JSON" in err
    assert f"{tsv}: 2 new, 0 already there, 1 skipped" in out  # detected as LIAR by its first row
    assert f"{tsv}:2: 3 columns, column 5 expected" in err


def test_a_file_that_cannot_be_read_at_all_fails_the_command_and_the_others_load(tmp_path):
    good = tmp_path / "good.json"
    good.write_text(json.dumps(claimreview(40)))
    junk = tmp_path / "junk.json"
    junk.write_text("this is not JSON")
    with pytest.raises(CommandError, match="2 file"):
        run(junk, good, tmp_path / "missing.json")
    assert FactCheck.objects.filter(key__endswith="/40").exists()


def test_a_delimited_file_through_a_column_mapping(tmp_path):
    path = tmp_path / "checks.csv"
    path.write_text('link,verdict,statement,who\n'
                    'https://fullfact.example/a,Incorrect,"Crime has doubled, they said",Jo Bloggs\n'
                    'https://fullfact.example/b,Correct,"Trains are faster",Sam\n')
    out, _ = run("--format", "tsv", "--columns", "url=link,textual_rating=verdict,claim_reviewed=statement,"
                                                 "claimant=who,publisher==Full Fact", "--source", "fullfact", path)
    assert f"{path}: 2 new, 0 already there, 0 skipped" in out
    crime = FactCheck.objects.get(url="https://fullfact.example/a")
    assert (crime.claim_reviewed, crime.claimant, crime.rating, crime.publisher.name, crime.source) == (
        "Crime has doubled, they said", "Jo Bloggs", "false", "Full Fact", "fullfact")


def test_unmapped_labels_are_counted_and_an_editors_mapping_applies_next_time(tmp_path):
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([claimreview(n, reviewRating={"@type": "Rating", "alternateName": "Four  Pinocchios"})
                                for n in range(50, 62)]))
    out, _ = run(path)
    assert f"{path}: unmapped ratings: 'Four Pinocchios' (12)" in out
    RatingMapping.objects.create(label="Four Pinocchios", rating="false")
    assert RatingMapping.objects.get(rating="false", label="four pinocchios")
    other = tmp_path / "more.json"
    other.write_text(json.dumps([claimreview(70, reviewRating={"alternateName": "FOUR PINOCCHIOS"})]))
    out, _ = run(other)
    assert "unmapped ratings" not in out
    assert FactCheck.objects.get(key__endswith="/70").rating == "false"


def test_large_files_stream_in_small_pieces(tmp_path, monkeypatch):
    from factchecks.importing import jsonstream
    monkeypatch.setattr(jsonstream, "CHUNK_CHARS", 64)  # every review spans several reads
    path = tmp_path / "feed.json"
    path.write_text(json.dumps({"@type": "DataFeed", "dataFeedElement": [
        {"@type": "DataFeedItem", "item": [claimreview(n)]} for n in range(2500)]}))
    reports, unreadable = factchecks_import_files([path], batch_size=300)
    assert not unreadable and (reports[0].new, reports[0].skipped) == (2500, 0)
    assert Publisher.objects.filter(site="checkers.example").count() == 1


def test_what_is_imported_is_handed_to_the_matcher_once_and_only_what_is_new(tmp_path, monkeypatch):
    import matching
    calls = []
    monkeypatch.setattr(matching, "index_factchecks", lambda ids: calls.append(sorted(ids)))
    path = tmp_path / "list.json"
    path.write_text(json.dumps([claimreview(80), claimreview(81)]))
    out, _ = run(path)
    assert calls == [sorted(FactCheck.objects.filter(key__contains="/fact-check/8").values_list("id", flat=True))]
    assert "Indexed 2 new fact-checks for matching." in out
    run(path)
    assert len(calls) == 1  # nothing new, nothing to index


def test_an_import_has_the_stale_matches_of_pending_claims_recomputed(tmp_path, django_capture_on_commit_callbacks):
    from claims.review.matches import stale_matches
    from tests.factories import ArticleFactory, ClaimFactory

    # Never matched: stale (as one matched before the import is; within this test's one transaction
    # the database's now(), the import's time, does not move, so that case is not made here).
    claim = ClaimFactory(article=ArticleFactory(body="The budget doubled, says claim number 90. More follows."))
    assert stale_matches([claim.pk]).exists()
    path = tmp_path / "one.json"
    path.write_text(json.dumps(claimreview(90)))
    with django_capture_on_commit_callbacks(execute=True):
        out, _ = run(path)
        assert stale_matches([claim.pk]).exists()  # recomputed once the import commits
    assert f"{path}: 1 new" in out and "Indexed 1 new fact-checks for matching." in out
    assert not stale_matches([claim.pk]).exists()
    assert [m.fact_check.key for m in claim.claim_matches.all()] == ["https://www.checkers.example/fact-check/90"]


def test_a_column_given_in_non_ascii_digits_is_a_header_name_not_a_crash(tmp_path):
    path = tmp_path / "checks.csv"
    path.write_text("link,verdict,statement\nhttps://fullfact.example/a,Incorrect,Crime has doubled\n")
    err = StringIO()
    with pytest.raises(CommandError, match="1 file"):
        call_command("import_factchecks", "--format", "tsv", "--columns",
                     "url=link,textual_rating=²,claim_reviewed=statement", str(path), stdout=StringIO(), stderr=err)
    message = err.getvalue()
    assert f"{path}:" in message and "²" in message and "invalid literal" not in message, message  # the column named
