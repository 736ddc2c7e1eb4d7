import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from claims.errors import SeedFileMessage
from claims.models import Article, Claim, Source

SEEDS = Path(settings.BASE_DIR) / "seeds"
SEED_TITLE = "Trump en Petro: onverwachte verstandhouding in Witte Huis"
GOOD_TEXT = "A good article\n\nThe ministry said exports rose 12% in 2024. Officials expect more.\n"

pytestmark = pytest.mark.django_db


def load(*paths, **options) -> str:
    out = StringIO()
    call_command("load_seeds", *[str(p) for p in paths], stdout=out, stderr=out, **options)
    return out.getvalue()


def load_failing(*paths, **options) -> str:
    out = StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("load_seeds", *[str(p) for p in paths], stdout=out, stderr=out, **options)
    return out.getvalue() + str(failed.value)


def counts():
    return Article.objects.count(), Claim.objects.count(), Source.objects.count()


def test_seed_loads_with_title_languages_and_exact_claims():
    output = load()

    assert "1 new, 0 unchanged, 0 failed" in output
    article = Article.objects.get()
    assert article.title == SEED_TITLE
    assert (article.title_language, article.language) == ("nl", "en")
    assert article.body.startswith("In a remarkable diplomatic turnaround")
    assert len(article.content_hash) == 64
    claims = list(article.claims.all())
    assert len(claims) >= 10
    assert all(article.body[c.start:c.end] == c.text for c in claims)
    assert all(c.extractor and 0 <= c.check_worthiness <= 1 for c in claims)


def test_second_load_of_same_seed_creates_nothing():
    load()
    before = counts()
    output = load()
    assert "0 new, 1 unchanged" in output
    assert counts() == before


def test_a_folder_is_read_recursively_in_path_order_skipping_hidden_files(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "2.txt").write_text("Second\n\nThe second body says 40% of voters agree.")
    (tmp_path / "1.txt").write_text("First\n\nThe first body says coca output doubled in 2023.")
    (tmp_path / ".hidden" / "3.txt").write_text("Hidden\n\nNever loaded.")
    (tmp_path / ".draft.txt").write_text("Draft\n\nNever loaded either.")
    (tmp_path / "notes.md").write_text("not a seed")

    output = load(tmp_path, verbosity=2)

    assert list(Article.objects.order_by("id").values_list("title", flat=True)) == ["First", "Second"]
    assert "2 file(s) read" in output


def test_json_and_jsonl_articles_load_with_optional_fields(tmp_path):
    (tmp_path / "one.json").write_text(json.dumps({
        "title": "Budget vote", "body": "The senate passed a $2 billion budget on Monday.",
        "url": "https://news.example/budget", "source": "Example News",
        "published_at": "2026-11-02T08:30:00Z", "language": "en",
    }))
    (tmp_path / "many.jsonl").write_text(
        json.dumps({"title": "A", "body": "Unemployment fell to 4.1% in October."}) + "\n\n"
        + json.dumps({"title": "B", "body": "Wheat prices doubled since 2020.", "published_at": "2026-01-05"})
        + "\n")

    load(tmp_path)

    budget = Article.objects.get(title="Budget vote")
    assert (budget.url, budget.source.name, budget.language) == ("https://news.example/budget", "Example News", "en")
    assert budget.published_at.isoformat() == "2026-11-02T08:30:00+00:00"
    assert Article.objects.get(title="B").published_at.isoformat() == "2026-01-05T00:00:00+00:00"


def test_same_content_with_other_line_ends_is_the_same_article(tmp_path):
    (tmp_path / "unix.txt").write_bytes(b"Title\n\nLine one says 5% rose.\nLine two.\n")
    (tmp_path / "windows.txt").write_bytes(b"\xef\xbb\xbfTitle\r\n\r\nLine one says 5% rose.\r\nLine two.\r\n")
    output = load(tmp_path)
    assert "1 new, 1 unchanged" in output
    assert "\r" not in Article.objects.get().body


BAD_FILES = [
    ("latin1.txt", "Caf\xe9 prices\n\nPrices rose 5%.".encode("latin-1"), 1,
     SeedFileMessage.NOT_UTF8.format(byte=0xE9, column=4)),
    ("empty.txt", b"", 1, SeedFileMessage.EMPTY),
    ("blank.txt", b"\n\n   \n", 1, SeedFileMessage.EMPTY),
    ("title-only.txt", b"\n\nJust a title\n\n", 3, "has no body"),
    ("binary.txt", b"Title\n\nBody\x00\x01\x02", 3, SeedFileMessage.NUL_BYTE),
    ("broken.json", b'{"title": "A",\n "body": }', 2, "invalid JSON"),
    ("no-body.json", b'[\n  {"title": "A", "body": "Fine body text."},\n  {"title": "B"}\n]', 3,
     SeedFileMessage.FIELD_MISSING.format(field="body")),
    ("no-title.jsonl", b'{"title": "A", "body": "Fine."}\n{"body": "No title here."}\n', 2,
     SeedFileMessage.FIELD_MISSING.format(field="title")),
    ("wrong-type.json", b'{"title": 12, "body": "Text."}', 1, "'title' must be a string, got a number"),
    ("not-object.json", b'["just a string"]', 1, "expected a JSON object"),
    ("bad-date.jsonl", b'{"title": "A", "body": "Text.", "published_at": "yesterday"}\n', 1,
     SeedFileMessage.BAD_DATE.format(value="yesterday")),
    ("bad-url.jsonl", b'{"title": "A", "body": "Text.", "url": "not a url"}\n', 1, "url: Enter a valid URL."),
]


@pytest.mark.parametrize(("name", "content", "line", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_file_names_file_line_and_problem_and_writes_nothing(tmp_path, name, content, line, message):
    path = tmp_path / name
    path.write_bytes(content)

    output = load_failing(path)

    assert f"{path}:{line}: " in output
    assert message in output
    assert counts() == (0, 0, 0)


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path, settings):
    settings.CLAIMTRACKER_MAX_ARTICLE_BYTES = 1000
    path = tmp_path / "huge.txt"
    path.write_text("Title\n\n" + "Prices rose. " * 200)
    output = load_failing(path)
    assert f"{path}: " in output and "the limit is 1000 bytes" in output
    assert counts() == (0, 0, 0)


def test_path_that_does_not_exist_is_a_command_error(tmp_path):
    missing = tmp_path / "nowhere"
    with pytest.raises(CommandError, match=f"{missing}: {SeedFileMessage.MISSING}"):
        load(missing)


def test_good_files_still_load_beside_a_bad_one_and_the_run_fails(tmp_path):
    (tmp_path / "a-good.txt").write_text(GOOD_TEXT)
    (tmp_path / "b-bad.txt").write_bytes(b"")
    output = load_failing(tmp_path)
    assert "1 new" in output and "1 failed" in output
    assert Article.objects.count() == 1


def test_atomic_loads_nothing_when_any_file_is_bad(tmp_path):
    (tmp_path / "a-good.txt").write_text(GOOD_TEXT)
    (tmp_path / "b-bad.txt").write_bytes(b"")
    output = load_failing(tmp_path, atomic=True)
    assert "nothing was written" in output
    assert counts() == (0, 0, 0)


def test_a_json_file_loads_whole_or_not_at_all(tmp_path):
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps([{"title": "Good", "body": "Exports rose 5%."},
                                {"title": "Bad", "body": "x\x00y"}]))
    load_failing(path)
    assert counts() == (0, 0, 0)


def test_dry_run_reports_and_writes_nothing(tmp_path):
    shutil.copy(SEEDS / "000_852c5d5ab8b24171.txt", tmp_path)
    output = load(tmp_path, dry_run=True)
    assert "Dry run, nothing written" in output and "1 new" in output
    assert counts() == (0, 0, 0)


def test_many_files_show_progress(tmp_path):
    for number in range(60):
        (tmp_path / f"{number:03}.txt").write_text(f"Title {number}\n\nInflation reached {number}% in 2025.")
    output = load(tmp_path)
    assert "60/60 files" in output
    assert Article.objects.count() == 60
