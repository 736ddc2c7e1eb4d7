import os
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from itertools import islice
from multiprocessing import get_context
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from claims.seedfiles import SeedFileError, read_seed_file, seed_paths
from claims.models import Article
from claims.services import article_analyse, article_clean, article_ingest

DEFAULT_PATH = Path(settings.BASE_DIR) / "seeds"
PROGRESS_MIN_FILES = 50  # below this a run is quick enough to need no progress line
PARALLEL_MIN_FILES = 50  # below this, starting worker processes costs more than it saves
CHUNK_FILES = 64  # files read, hashed and checked against the database together (memory stays bounded)


def _worker_start(parent_pid: int) -> None:
    """In a forked worker: let go of the parent's database connection without closing it (closing
    would end the parent's session), and exit when the parent dies (e.g. SIGKILL) instead of
    lingering as an orphan that holds that connection open."""
    import threading
    import time

    from django.db import connections

    for connection in connections.all(initialized_only=True):
        connection.connection = None

    def exit_with_parent():
        while os.getppid() == parent_pid:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=exit_with_parent, daemon=True).start()


def batched(items, size):
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


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
        parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                            help="Processes for extraction and language detection (default: one per core).")

    def handle(self, *args, paths, dry_run, atomic, verbosity, workers=1, **options):
        try:
            files = seed_paths(paths or [DEFAULT_PATH])
        except SeedFileError as error:
            raise CommandError(str(error)) from None
        self.totals = {"new": 0, "unchanged": 0, "failed": 0, "claims": 0, "failed_files": 0}
        self.verbosity, self.dry_run, self.workers = verbosity, dry_run, workers
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
        # Extraction and language detection (the CPU work) run in worker processes; this process
        # reads, hashes, skips known content in bulk and writes, one transaction per file.
        use_pool = self.workers > 1 and len(files) >= PARALLEL_MIN_FILES
        pool = ProcessPoolExecutor(self.workers, mp_context=get_context("fork"),
                                   initializer=_worker_start, initargs=(os.getpid(),)) if use_pool else None
        self._number, pending = 0, None
        try:
            # One chunk ahead: the workers analyse the next chunk while this process writes the current one.
            for chunk in batched(files, CHUNK_FILES):
                current = self._prepare(chunk, pool)
                if pending is not None and not self._write(pending, len(files), stop_on_error):
                    return
                pending = current
            if pending is not None:
                self._write(pending, len(files), stop_on_error)
        finally:
            if pool is not None:
                pool.shutdown(cancel_futures=True)

    def _prepare(self, chunk: list[Path], pool):
        read = [(path, self._read(path)) for path in chunk]
        cleans = [clean for _, found in read if not isinstance(found, SeedFileError)
                  for _, clean in found if not isinstance(clean, ValidationError)]
        known = set(Article.objects.filter(content_hash__in=[clean.digest for clean in cleans])
                    .values_list("content_hash", flat=True))
        analyses = None
        if pool is not None:
            fresh = {clean.digest: clean for clean in cleans if clean.digest not in known}
            analyses = (list(fresh), pool.map(article_analyse, fresh.values(), chunksize=4))  # submitted now
        return read, known, analyses

    def _write(self, prepared, total: int, stop_on_error: bool) -> bool:
        read, known, analyses = prepared
        analyses = dict(zip(analyses[0], analyses[1])) if analyses else {}
        for path, found in read:
            self._number += 1
            try:
                if isinstance(found, SeedFileError):
                    raise found
                self._load_file(path, found, known, analyses)
            except SeedFileError as error:
                self.totals["failed_files"] += 1
                self.stderr.write(f"Error: {error}")
                if stop_on_error:
                    return False
            if total >= PROGRESS_MIN_FILES and self.verbosity >= 1 and (
                    self._number % max(1, total // 20) == 0 or self._number == total):
                self.stdout.write(
                    f"  {self._number}/{total} files, {self.totals['new']} new, "
                    f"{self.totals['unchanged']} unchanged", ending="\n")
        return True

    @staticmethod
    def _read(path: Path):
        """The file's articles, each with its clean form (or its ValidationError); or the file's SeedFileError."""
        try:
            articles = read_seed_file(path, max_bytes=settings.CLAIMTRACKER_MAX_ARTICLE_BYTES)
        except SeedFileError as error:
            return error
        found = []
        for article in articles:
            try:
                clean = article_clean(title=article.title, body=article.body, url=article.url,
                                      language=article.language)
            except ValidationError as error:
                clean = error
            found.append((article, clean))
        return found

    def _load_file(self, path: Path, found: list, known: set[str], analyses: dict):
        counts = {"new": 0, "unchanged": 0, "claims": 0}
        articles = [article for article, _ in found]
        with transaction.atomic():  # a file loads whole or not at all
            for article, clean in found:
                if not isinstance(clean, ValidationError) and clean.digest in known:
                    counts["unchanged"] += 1  # stored before this run: nothing to extract or write
                    if self.verbosity >= 2:
                        self.stdout.write(f"{article.where}: unchanged: {clean.title} (0 claims)")
                    continue
                try:
                    if isinstance(clean, ValidationError):
                        raise clean
                    result = article_ingest(
                        title=article.title, body=article.body, url=article.url, source=article.source,
                        published_at=article.published_at, language=article.language,
                        analysis=analyses.get(clean.digest),
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

