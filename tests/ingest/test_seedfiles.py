"""Seed files are read as streams: an export of any size in bounded memory, errors at their line."""

import json
import tracemalloc

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from claims.errors import SeedFileError, SeedFileMessage
from claims.ingest.seedfiles import read_seed_file
from tests.datasets import reuters_lines

LIMIT = 5 * 2**20


def test_a_large_jsonl_export_is_read_in_bounded_memory(tmp_path):
    path = tmp_path / "export.jsonl"
    lines = reuters_lines(400)
    with path.open("w", encoding="utf-8") as export:
        for copy in range(40):  # 16,000 real articles, about 17 MB
            export.writelines(lines)
    assert path.stat().st_size > 15 * 2**20

    tracemalloc.start()
    try:
        count = sum(1 for _ in read_seed_file(path, max_bytes=LIMIT))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert count == 16_000
    assert peak < 8 * 2**20, f"reading held {peak / 2**20:.1f} MB at once"


def test_a_large_json_list_is_read_in_bounded_memory(tmp_path):
    path = tmp_path / "export.json"
    articles = [json.loads(line) for line in reuters_lines(400)]
    with path.open("w", encoding="utf-8") as export:
        export.write("[\n")
        export.write(",\n".join(json.dumps(article, indent=2) for _ in range(30) for article in articles))
        export.write("\n]\n")

    tracemalloc.start()
    try:
        found = [article.line for article in read_seed_file(path, max_bytes=LIMIT)]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert len(found) == 12_000 and found[:2] == [2, 9]
    assert peak < 8 * 2**20, f"reading held {peak / 2**20:.1f} MB at once"


def test_articles_before_an_error_are_read_and_the_error_names_its_line(tmp_path):
    path = tmp_path / "export.jsonl"
    path.write_text('{"title": "A", "body": "One."}\n{"title": "B", "body": "Two."}\n{"title": "C", "body": \n')
    reader = read_seed_file(path, max_bytes=LIMIT)
    assert [next(reader).title, next(reader).title] == ["A", "B"]
    with pytest.raises(SeedFileError, match=rf"{path}:3: invalid JSON"):
        next(reader)


json_article = st.fixed_dictionaries({"title": st.text(min_size=1), "body": st.text(min_size=1)})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(articles=st.lists(json_article, min_size=1, max_size=8), indent=st.sampled_from([None, 1, 4]),
       block=st.integers(min_value=1, max_value=64))
def test_a_json_list_reads_the_same_whatever_the_block_size(tmp_path_factory, monkeypatch, articles, indent, block):
    from claims.ingest import seedfiles

    monkeypatch.setattr(seedfiles, "BLOCK_BYTES", block)  # cuts land inside strings, escapes, numbers
    path = tmp_path_factory.mktemp("json") / "list.json"
    path.write_text(json.dumps(articles, indent=indent, ensure_ascii=False), encoding="utf-8")
    try:
        read = [(a.title, a.body) for a in read_seed_file(path, max_bytes=LIMIT)]
    except SeedFileError as error:  # only articles that are blank are refused, and then at their line
        assert SeedFileMessage.FIELD_MISSING.split("{")[0] in error.message
        assert any(not a["title"].strip() or not a["body"].strip() for a in articles)
        return
    assert read == [(a["title"], a["body"]) for a in articles]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=0, max_value=4000), block=st.integers(min_value=1, max_value=300))
def test_bad_utf8_is_found_at_its_line_and_column_whatever_the_block_size(tmp_path_factory, monkeypatch, cut, block):
    from claims.ingest import seedfiles

    monkeypatch.setattr(seedfiles, "BLOCK_BYTES", block)
    data = "".join(reuters_lines(4)).encode("utf-8")
    cut = min(cut, len(data) - 1)
    broken = data[:cut] + b"\xff" + data[cut:]
    path = tmp_path_factory.mktemp("utf8") / "broken.jsonl"
    path.write_bytes(broken)
    line = broken.count(b"\n", 0, cut) + 1
    column = cut - (broken.rfind(b"\n", 0, cut) + 1) + 1

    with pytest.raises(SeedFileError) as failed:
        list(read_seed_file(path, max_bytes=LIMIT))

    assert (failed.value.line, failed.value.message) == (line, SeedFileMessage.NOT_UTF8.format(byte=0xFF, column=column))
