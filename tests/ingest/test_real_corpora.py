"""Real corpora loaded as a newsroom would: samples of the Reuters wire (one JSONL export, hard line
breaks, tables, all-caps titles, duplicates) and of PolNeAR's political news (one .txt per article),
with the default options. Each distinct text is stored once, every claim keeps every invariant, and
a second run stores nothing."""

import json
import shutil
import unicodedata
from io import StringIO

import pytest
from django.core.management import call_command

from claims.extraction.claimants import CLAIMANT_STOP_WORDS
from claims.ingest.articles import article_clean
from claims.ingest.seedfiles import read_seed_file
from claims.models import Article, Claim
from tests.datasets import polnear_texts, reuters_lines

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    (folder / "polnear").mkdir(parents=True)
    # One line in 16 over the whole Reuters file, and one PolNeAR text in 8: spread over dates and outlets.
    (folder / "reuters.jsonl").write_text("".join(reuters_lines(800, every=16)), encoding="utf-8")
    for path in polnear_texts()[::8]:
        shutil.copy(path, folder / "polnear" / path.name)
    return folder


def load(folder) -> str:
    out = StringIO()
    call_command("load_seeds", str(folder), stdout=out, stderr=out)
    return out.getvalue()


def distinct_texts(folder) -> set[str]:
    return {article_clean(title=a.title, body=a.body).digest
            for path in sorted(folder.rglob("*.*")) for a in read_seed_file(path, max_bytes=10**9)}


def claim_problems(claim: Claim) -> list[str]:
    body, problems = claim.article.body, []
    if body[claim.start:claim.end] != claim.text:
        problems.append("span does not match the body")
    if not any(unicodedata.category(c)[0] in "LN" for c in claim.text):
        problems.append("span has no letter or digit")
    if claim.text != claim.text.strip():
        problems.append("span starts or ends with white space")
    if claim.claimant is not None:
        name = claim.claimant.name
        if any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co") for c in name):
            problems.append(f"claimant {name!r} has control characters")
        words = name.split()
        if words[0].lower() in CLAIMANT_STOP_WORDS and not (words[0].lower() == "the" and len(words) > 1):
            problems.append(f"claimant {name!r} starts with a function or time word")
        article_text = " ".join(f"{claim.article.title} {body}".split()).casefold()
        if " ".join(words).casefold() not in article_text:
            problems.append(f"claimant {name!r} does not appear in the article")
    return problems


def test_real_news_loads_whole_once_with_every_invariant(corpus):
    expected = distinct_texts(corpus)

    output = load(corpus)

    assert "Traceback" not in output and "Error" not in output, output[-3000:]
    assert Article.objects.count() == len(expected) > 800
    assert set(Article.objects.values_list("content_hash", flat=True)) == expected
    claims = Claim.objects.select_related("article", "claimant")
    assert claims.count() > 5000
    problems = {claim.pk: found for claim in claims if (found := claim_problems(claim))}
    assert not problems, list(problems.items())[:20]


def test_real_news_loaded_again_stores_nothing(corpus):
    load(corpus)
    claims = Claim.objects.count()
    read = sum(1 for path in corpus.rglob("*.*") for _ in read_seed_file(path, max_bytes=10**9))

    output = load(corpus)

    assert f"articles: 0 new, {read} unchanged, 0 failed" in output
    assert Claim.objects.count() == claims


def test_duplicates_in_the_wire_are_reported_as_the_same_text(corpus):
    lines = reuters_lines(800, every=16)
    twice = {article_clean(**{k: v for k, v in json.loads(line).items() if k in ("title", "body")}).digest
             for line in lines}
    output = load(corpus)
    assert output.count("unchanged (same text as") == len(lines) - len(twice)
