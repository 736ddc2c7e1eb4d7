import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims.errors import SeedFileError
from claims.ingest.chunks import PARALLEL_MIN_ARTICLES, FileFailed
from claims.ingest.pipeline import LoadAborted, LoadReport, SeedLoad
from claims.ingest.seedfiles import seed_paths

DEFAULT_PATH = Path(settings.BASE_DIR) / "seeds"
PROGRESS_MIN_FILES = 50  # below this a run is quick enough to need no progress line
PROGRESS_ARTICLES = 1000  # and within a large file, a line every this many articles
# Measured on 4,000 Reuters articles on this 2-core machine: 1 worker 7.1 s, 2 workers 8.9 s, 3 10.6 s.
DEFAULT_WORKERS = max(1, (os.cpu_count() or 2) - 1)


class _Printer(LoadReport):
    def __init__(self, command, *, verbosity: int, traceback: bool):
        self.command, self.verbosity, self.traceback = command, verbosity, traceback
        self.last_files, self.last_articles = 0, 0

    def article(self, outcome):
        if outcome.same_as and self.verbosity >= 1:
            self.command.stdout.write(f"{outcome.where}: unchanged (same text as {outcome.same_as}): {outcome.title}")
        elif self.verbosity >= 2:
            self.command.stdout.write(f"{outcome.where}: {outcome.state}: {outcome.title} ({outcome.claims} claims)")

    def failed(self, error: FileFailed):
        self.command.stderr.write(f"Error: {error.where}: {error.problem}")
        if self.traceback and error.trace:
            self.command.stderr.write(error.trace)

    def progress(self, files_done, files_total, totals):
        articles = totals["new"] + totals["unchanged"] + totals["failed"]
        step = max(1, files_total // 20)
        due = (files_done // step > self.last_files // step or files_done == files_total
               or articles - self.last_articles >= PROGRESS_ARTICLES)
        if self.verbosity >= 1 and due and (files_total >= PROGRESS_MIN_FILES or articles >= PROGRESS_ARTICLES):
            self.command.stdout.write(f"  {files_done}/{files_total} files, {articles} articles: {totals['new']} new, "
                                      f"{totals['unchanged']} unchanged, {totals['failed']} failed")
            self.last_files, self.last_articles = files_done, articles


class Command(BaseCommand):
    help = (
        "Load articles from seed files (.txt: first line title, then body; .json: an object or a "
        "list; .jsonl: one object a line) and extract their claims. Articles already stored (same "
        "content hash) are left unchanged, so loading twice creates nothing. A file loads whole or "
        "not at all; a bad file is reported as path:line: problem and the others still load."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path, help=f"Files or folders (default: {DEFAULT_PATH}).")
        parser.add_argument("--dry-run", action="store_true", help="Show what would be loaded; write nothing.")
        parser.add_argument("--atomic", action="store_true", help="All or nothing: any bad file loads none.")
        parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS,
                            help="Processes for extraction and language detection, used from "
                                 f"{PARALLEL_MIN_ARTICLES} new articles on; 0 analyses in this process "
                                 f"(default: one per core but one, which the writer and the database need: "
                                 f"{DEFAULT_WORKERS} here).")

    def handle(self, *args, paths, dry_run, atomic, verbosity, workers=DEFAULT_WORKERS, **options):
        try:
            files = seed_paths(paths or [DEFAULT_PATH])
        except SeedFileError as error:
            raise CommandError(str(error)) from None
        report = _Printer(self, verbosity=verbosity, traceback=options.get("traceback", False))
        load = SeedLoad(files, workers=workers, report=report)
        try:
            totals = load.run(atomic=atomic, dry_run=dry_run)
        except LoadAborted as error:
            raise CommandError(f"The database went away; the run stopped: {error}") from None
        if atomic and totals["failed_files"]:
            self.stderr.write("--atomic: a file could not be loaded, so nothing was written.")
        prefix = "Dry run, nothing written. Would load: " if dry_run else ""
        line = (f"{prefix}{len(files)} file(s) read, {totals['failed_files']} failed; "
                f"articles: {totals['new']} new, {totals['unchanged']} unchanged, {totals['failed']} failed; "
                f"claims created: {totals['claims']}.")
        style = self.style.ERROR if totals["failed_files"] else (
            self.style.SUCCESS if totals["new"] else self.style.NOTICE)
        self.stdout.write(style(line))
        if totals["failed_files"]:
            raise CommandError(f"{totals['failed_files']} file(s) could not be loaded; see the errors above.")
