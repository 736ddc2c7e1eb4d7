from contextlib import nullcontext
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from claims.seedfiles import SeedFileError, read_seed_file, seed_paths
from claims.services import article_ingest

DEFAULT_PATH = Path(settings.BASE_DIR) / "seeds"
PROGRESS_MIN_FILES = 50  # below this a run is quick enough to need no progress line


class _RollBack(Exception):
    """Raised inside a transaction to undo a dry run or a failed --atomic run."""


class Command(BaseCommand):
    help = (
        "Load articles from seed files (.txt: first line title, then body; .json: an object or a "
        "list; .jsonl: one object a line) and extract their claims. Articles already stored (same "
        "content hash) are left unchanged, so loading twice creates nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path, help=f"Files or folders (default: {DEFAULT_PATH}).")
        parser.add_argument("--dry-run", action="store_true", help="Show what would be loaded; write nothing.")
        parser.add_argument("--atomic", action="store_true", help="All or nothing: any bad file loads none.")

    def handle(self, *args, paths, dry_run, atomic, verbosity, **options):
        try:
            files = seed_paths(paths or [DEFAULT_PATH])
        except SeedFileError as error:
            raise CommandError(str(error)) from None
        self.totals = {"new": 0, "unchanged": 0, "failed": 0, "claims": 0, "failed_files": 0}
        self.verbosity, self.dry_run = verbosity, dry_run
        try:
            # A dry run goes through the same path and then rolls back, so it cannot write.
            with transaction.atomic() if (atomic or dry_run) else nullcontext():
                self._load_files(files, stop_on_error=atomic)
                if dry_run or (atomic and self.totals["failed_files"]):
                    raise _RollBack
        except _RollBack:
            if atomic and self.totals["failed_files"]:
                self.stderr.write("--atomic: a file could not be loaded, so nothing was written.")
                self.totals["new"] = self.totals["claims"] = 0
        self._summary(len(files))
        if self.totals["failed_files"]:
            raise CommandError(f"{self.totals['failed_files']} file(s) could not be loaded; see the errors above.")

    def _load_files(self, files: list[Path], *, stop_on_error: bool):
        for number, path in enumerate(files, start=1):
            try:
                self._load_file(path)
            except SeedFileError as error:
                self.totals["failed_files"] += 1
                self.stderr.write(f"Error: {error}")
                if stop_on_error:
                    return
            if len(files) >= PROGRESS_MIN_FILES and self.verbosity >= 1 and (
                    number % max(1, len(files) // 20) == 0 or number == len(files)):
                self.stdout.write(
                    f"  {number}/{len(files)} files, {self.totals['new']} new, "
                    f"{self.totals['unchanged']} unchanged", ending="\n")

    def _load_file(self, path: Path):
        articles = read_seed_file(path, max_bytes=settings.CLAIMTRACKER_MAX_ARTICLE_BYTES)
        counts = {"new": 0, "unchanged": 0, "claims": 0}
        with transaction.atomic():  # a file loads whole or not at all
            for article in articles:
                try:
                    result = article_ingest(
                        title=article.title, body=article.body, url=article.url, source=article.source,
                        published_at=article.published_at, language=article.language,
                    )
                except ValidationError as error:
                    problems = "; ".join(f"{field}: {' '.join(messages)}"
                                         for field, messages in error.message_dict.items())
                    self.totals["failed"] += len(articles)
                    raise SeedFileError(path, article.line, problems) from None
                counts["new" if result.created else "unchanged"] += 1
                counts["claims"] += result.claims_created
                if self.verbosity >= 2:
                    state = "new" if result.created else "unchanged"
                    self.stdout.write(f"{article.where}: {state}: {result.article.title} "
                                      f"({result.claims_created} claims)")
        for key, value in counts.items():
            self.totals[key] += value

    def _summary(self, files_read: int):
        totals = self.totals
        prefix = "Dry run, nothing written. Would load: " if self.dry_run else ""
        line = (f"{prefix}{files_read} file(s) read, {totals['failed_files']} failed; "
                f"articles: {totals['new']} new, "
                f"{totals['unchanged']} unchanged, {totals['failed']} failed; "
                f"claims created: {totals['claims']}.")
        style = self.style.ERROR if totals["failed_files"] else (
            self.style.SUCCESS if totals["new"] else self.style.NOTICE)
        self.stdout.write(style(line))

