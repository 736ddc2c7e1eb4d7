"""The load pipeline (load_seeds): duplicates are one article, one bad file or article never stops
the run, exports of any size stream, and every failure is `path:line: problem`."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from claims import extraction
from claims.extraction import ExtractedClaim
from claims.ingest import chunks
from claims.models import Article, Claim

pytestmark = pytest.mark.django_db


def run(*paths, expect_failure=False, **options) -> str:
    out = StringIO()
    options.setdefault("workers", 2)
    if expect_failure:
        with pytest.raises(CommandError) as failed:
            call_command("load_seeds", *[str(p) for p in paths], stdout=out, stderr=out, **options)
        return out.getvalue() + str(failed.value)
    call_command("load_seeds", *[str(p) for p in paths], stdout=out, stderr=out, **options)
    return out.getvalue()


def write_articles(folder, count, *, start=0):
    for number in range(start, start + count):
        (folder / f"{number:03}.txt").write_text(
            f"Report {number}\n\nThe ministry said exports rose {number}% in 2024. Officials expect more.\n"
            f"Analysts said the figure was the highest since {1900 + number}.\n")


def test_texts_equal_but_for_white_space_are_one_article_with_workers(tmp_path):
    # Regression: with worker processes, analyses were keyed by content hash, so the second file got
    # the first one's spans, one character off, and the span trigger stopped the whole run.
    write_articles(tmp_path, 60)
    body = "The works council said output fell 4% in March.\n\nThe bank said profits rose 12% in 2025."
    (tmp_path / "010.txt").write_text(f"Twins\n\n{body}\n")
    (tmp_path / "011.txt").write_text(f"Twins\n\n{body.replace(chr(10) + chr(10), ' ')}\n")

    output = run(tmp_path)

    assert f"{tmp_path / '011.txt'}:1: unchanged (same text as {tmp_path / '010.txt'}:1)" in output
    assert "59 new, 1 unchanged, 0 failed" in output
    twins = Article.objects.get(title="Twins")
    assert twins.body == body  # the first file's text
    assert all(twins.body[c.start:c.end] == c.text for c in twins.claims.all())


def test_duplicates_across_chunks_and_runs_are_reported_as_the_first(tmp_path, monkeypatch):
    monkeypatch.setattr(chunks, "CHUNK_ARTICLES", 4)
    write_articles(tmp_path, 9)
    (tmp_path / "zz-copy.txt").write_text((tmp_path / "001.txt").read_text().replace(" ", "  "))

    output = run(tmp_path)
    again = run(tmp_path)

    assert f"unchanged (same text as {tmp_path / '001.txt'}:1)" in output
    assert Article.objects.count() == 9
    assert "0 new, 10 unchanged" in again


def test_an_exception_inside_extraction_fails_that_file_only(tmp_path, monkeypatch):
    real = extraction.extract

    def extract(body, language=None, **options):
        if "EXPLODE" in body:
            raise RuntimeError("the extractor broke")
        return real(body, language)

    monkeypatch.setattr(extraction, "extract", extract)
    write_articles(tmp_path, 60)
    (tmp_path / "030.txt").write_text("Bad one\n\nThis body will EXPLODE in the extractor.\n")

    output = run(tmp_path, expect_failure=True)

    assert f"{tmp_path / '030.txt'}:1: RuntimeError: the extractor broke" in output
    assert "Traceback" not in output
    assert "59 new, 0 unchanged, 1 failed" in output
    assert not Article.objects.filter(title="Bad one").exists()


def test_traceback_option_shows_the_whole_traceback(tmp_path, monkeypatch):
    monkeypatch.setattr(extraction, "extract", lambda body, language=None, **options: 1 / 0)
    (tmp_path / "a.txt").write_text("Title\n\nExports rose 5% in 2024.\n")

    output = run(tmp_path, expect_failure=True, traceback=True)

    assert f"{tmp_path / 'a.txt'}:1: ZeroDivisionError: division by zero" in output
    assert "Traceback (most recent call last)" in output


def test_a_database_refusal_is_pinned_on_its_article_and_the_rest_loads(tmp_path, monkeypatch):
    real = extraction.extract

    def extract(body, language=None, **options):
        found = real(body, language)
        if "SKEW" in body:  # an extractor defect: a span one character off, which the trigger refuses
            first = found[0]
            found[0] = ExtractedClaim(first.start, first.end, first.text[1:] + " ", first.claimant, first.kind,
                                      first.check_worthiness, first.extractor)
        return found

    monkeypatch.setattr(extraction, "extract", extract)
    lines = [json.dumps({"title": f"T{n}", "body": f"Exports rose {n}% in 2024{' SKEW' if n == 3 else ''}."})
             for n in range(6)]
    (tmp_path / "a.jsonl").write_text("\n".join(lines) + "\n")
    (tmp_path / "b.txt").write_text("Fine\n\nImports fell 2% in 2023.\n")

    output = run(tmp_path, expect_failure=True)

    assert f"{tmp_path / 'a.jsonl'}:4: IntegrityError: claim span" in output
    assert list(Article.objects.values_list("title", flat=True)) == ["Fine"]  # a.jsonl loads whole or not at all


def test_an_export_larger_than_the_article_limit_loads_whole(tmp_path, settings):
    # Regression: a newsroom's one-file export was refused whole for its size.
    settings.CLAIMTRACKER_MAX_ARTICLE_BYTES = 1000
    articles = [{"title": f"Story {n}", "body": f"Unemployment fell to {n}.1% in October, the office said."}
                for n in range(40)]
    (tmp_path / "export.jsonl").write_text("\n".join(json.dumps(a) for a in articles))
    (tmp_path / "export.json").write_text(json.dumps([{**a, "title": a["title"] + "!"} for a in articles], indent=1))
    assert (tmp_path / "export.jsonl").stat().st_size > 2000

    output = run(tmp_path)

    assert "80 new, 0 unchanged, 0 failed" in output
    assert Article.objects.count() == 80


def test_an_article_over_the_limit_in_an_export_is_named_by_its_line(tmp_path, settings):
    settings.CLAIMTRACKER_MAX_ARTICLE_BYTES = 1000
    lines = [json.dumps({"title": f"S{n}", "body": "Prices rose. " * (100 if n == 2 else 2)}) for n in range(4)]
    (tmp_path / "export.jsonl").write_text("\n".join(lines))

    output = run(tmp_path, expect_failure=True)

    assert f"{tmp_path / 'export.jsonl'}:3: body: The article is 1299 bytes; the limit is 1000 bytes." in output
    assert Article.objects.count() == 0


def test_a_large_file_is_one_transaction_over_all_its_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr(chunks, "CHUNK_ARTICLES", 5)
    lines = [json.dumps({"title": f"S{n}", "body": f"Wheat rose {n}% in 2024."}) for n in range(23)]
    lines[17] = json.dumps({"title": "S17", "body": "Text.", "published_at": "not a date"})
    (tmp_path / "big.jsonl").write_text("\n".join(lines))
    (tmp_path / "small.txt").write_text("Small\n\nCorn fell 3% in 2023.\n")

    output = run(tmp_path, expect_failure=True)

    assert f"{tmp_path / 'big.jsonl'}:18: published_at 'not a date'" in output
    assert list(Article.objects.values_list("title", flat=True)) == ["Small"]

    lines[17] = json.dumps({"title": "S17", "body": "Wheat rose 17% in 2024."})
    (tmp_path / "big.jsonl").write_text("\n".join(lines))
    assert "23 new, 1 unchanged, 0 failed" in run(tmp_path)
    assert Article.objects.count() == 24


def test_a_url_used_twice_in_one_run_names_the_first(tmp_path):
    lines = [json.dumps({"title": "A", "body": "Exports rose 5%.", "url": "https://news.example/a"}),
             json.dumps({"title": "B", "body": "Imports fell 2%.", "url": "https://news.example/a"})]
    (tmp_path / "a.jsonl").write_text(lines[0] + "\n")
    (tmp_path / "b.jsonl").write_text(lines[1] + "\n")

    output = run(tmp_path, expect_failure=True)

    assert f"{tmp_path / 'b.jsonl'}:1: url: The article at {tmp_path / 'a.jsonl'}:1 has this URL already." in output
    assert list(Article.objects.values_list("title", flat=True)) == ["A"]


def test_control_characters_are_taken_out_before_offsets(tmp_path):
    body = "Exports rose\x0c 5%\x03 in 2024, the ministry said.\x1d Officials\x7f expect more\x85 next year."
    (tmp_path / "a.jsonl").write_text(json.dumps({"title": "Wire\x1e copy\x01", "body": body}) + "\n")

    run(tmp_path)

    article = Article.objects.get()
    assert article.title == "Wire copy"
    assert article.body == "Exports rose  5% in 2024, the ministry said.  Officials expect more  next year."
    for claim in Claim.objects.all():
        assert article.body[claim.start:claim.end] == claim.text
