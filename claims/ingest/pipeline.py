"""The load pipeline behind `load_seeds`: files read as streams, articles cleaned and hashed, the
ones already stored skipped in bulk, the rest analysed in worker processes and written in chunks.

What is one unit:
- a file loads whole or not at all. Small files are grouped into chunks of about CHUNK_ARTICLES
  articles and written in one batch (one statement per table); only when a batch fails is it written
  again file by file, each in its own savepoint, so the failure is pinned on its file. A file of more
  articles than a chunk is one transaction over all its chunks.
- an article's text is stored once: texts equal under the content hash are one article, whatever
  the chunk, the run or the number of workers; the later ones are reported as the same text as the
  first. An analysis is only ever used for the very body it was computed on.
Any failure in one file (bad input, an exception in extraction or language detection, a database
error) fails that file, is reported as `path:line: problem`, and the run goes on.
"""

import os
import threading
import time
import traceback
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import nullcontext
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import InterfaceError, OperationalError, connections, transaction

from claims.errors import AnalysisError, IngestMessage, SeedFileError
from claims.ingest.articles import (
    CleanArticle, NewArticle, article_analyse_safely, article_clean, articles_store, describe_exception,
)
from claims.ingest.seedfiles import SeedArticle, read_seed_file
from claims.models import Article

CHUNK_ARTICLES = 256  # articles cleaned, hashed, looked up, analysed and written together
PARALLEL_MIN_ARTICLES = 50  # below this many articles to analyse, starting workers costs more than it saves
POOL_CHUNKSIZE = 8


class LoadAborted(Exception):
    """The run cannot go on (the database went away): nothing more can be stored."""


def _worker_start(parent_pid: int) -> None:
    """In a forked worker: let go of the parent's database connection without closing it (closing
    would end the parent's session), and exit when the parent dies (e.g. SIGKILL) instead of
    lingering as an orphan that holds that connection open."""
    for connection in connections.all(initialized_only=True):
        connection.connection = None

    def exit_with_parent():
        while os.getppid() == parent_pid:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=exit_with_parent, daemon=True).start()


@dataclass(eq=False)
class SeedFileLoad:
    """One file's way through the run."""

    path: Path
    failed: bool = False
    new: int = 0
    unchanged: int = 0
    claims: int = 0
    articles: int = 0


@dataclass(eq=False)
class Entry:
    """One article of a file, cleaned (or refused)."""

    file: SeedFileLoad
    article: SeedArticle
    clean: CleanArticle | None = None
    refused: str | None = None


@dataclass(eq=False)
class Chunk:
    entries: list[Entry]
    files: list[SeedFileLoad]  # the files that end in this chunk
    continues: SeedFileLoad | None = None  # a large file that goes on in the next chunk
    errors: dict = field(default_factory=dict)  # file -> (where, problem, traceback) of a read error
    known: set = field(default_factory=set)  # content hashes stored before this chunk was read
    urls_taken: dict = field(default_factory=dict)  # url -> id of the stored article that has it
    analyses: dict = field(default_factory=dict)  # content hash -> (body, analysis)


class FileFailed(Exception):
    def __init__(self, where: str, problem: str, trace: str | None = None):
        super().__init__(f"{where}: {problem}")
        self.where, self.problem, self.trace = where, problem, trace


class LoadReport:
    """What the pipeline tells its caller; `load_seeds` prints it. Override what you need."""

    def article(self, outcome: "ArticleOutcome") -> None:
        pass

    def failed(self, error: FileFailed) -> None:
        pass

    def progress(self, files_done: int, files_total: int, totals: dict) -> None:
        pass


def _field_errors(error: ValidationError) -> str:
    return "; ".join(f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items())


class SeedLoad:
    """One run of the pipeline over a list of files."""

    def __init__(self, files: list[Path], *, workers: int = 0, report: LoadReport | None = None):
        self.files, self.workers, self.report = files, workers, report or LoadReport()
        self.totals = {"new": 0, "unchanged": 0, "failed": 0, "claims": 0, "failed_files": 0}
        self.files_done = 0
        self.max_bytes = settings.CLAIMTRACKER_MAX_ARTICLE_BYTES
        self.first_seen: dict[str, str] = {}  # content hash -> where it was first read in this run
        self.stored: dict[str, str] = {}  # content hash -> where the text was stored from, this run
        self.stored_urls: dict[str, str] = {}  # url -> where, this run
        self.pending: dict[str, str] = {}  # the same, for a large file not yet committed
        self.pending_urls: dict[str, str] = {}
        self.analysed = 0
        self.pool = None

    # --- Running ---------------------------------------------------------------------------------

    def run(self, *, atomic: bool = False, dry_run: bool = False) -> dict:
        """Load every file. With `atomic`, the first failed file rolls everything back; a dry run
        goes through the same path and rolls back at the end, so it cannot write."""
        try:
            with transaction.atomic() if (atomic or dry_run) else nullcontext():
                self._load(stop_on_error=atomic)
                if dry_run or (atomic and self.totals["failed_files"]):
                    transaction.set_rollback(True)
        finally:
            if self.pool is not None:
                self.pool.shutdown(cancel_futures=True)
        if atomic and self.totals["failed_files"]:
            self.totals["new"] = self.totals["claims"] = 0
        return self.totals

    def _load(self, *, stop_on_error: bool):
        chunks = _one_ahead(self._chunks())  # the workers analyse the next chunk while this one is written
        for chunk in chunks:
            if chunk.continues is not None:
                self._write_large_file(chunk, chunks)
            else:
                self._write_group(chunk)
            self.report.progress(self.files_done, len(self.files), self.totals)
            if stop_on_error and self.totals["failed_files"]:
                return

    # --- Reading and preparing ----------------------------------------------------------------------

    def _chunks(self) -> Iterator[Chunk]:
        group = Chunk([], [])
        for path in self.files:
            file = SeedFileLoad(path)
            articles = self._articles(file, group)
            head = []
            for article in articles:
                head.append(article)
                if len(head) > CHUNK_ARTICLES:
                    break
            else:  # the whole file fits: it joins the group
                group.entries.extend(self._entry(file, article) for article in head)
                group.files.append(file)
                if len(group.entries) >= CHUNK_ARTICLES:
                    yield self._prepare(group)
                    group = Chunk([], [])
                continue
            if group.files:
                yield self._prepare(group)
                group = Chunk([], [])
            yield from self._pieces(file, head, articles)
        if group.files:
            yield self._prepare(group)

    def _articles(self, file: SeedFileLoad, chunk_for_errors: Chunk) -> Iterator[SeedArticle]:
        """The file's articles; a read error ends them and is noted on the chunk the file ends in."""
        self._errors = chunk_for_errors.errors
        try:
            yield from read_seed_file(file.path, max_bytes=self.max_bytes)
        except SeedFileError as error:
            where = f"{error.path}:{error.line}" if error.line else str(error.path)
            self._errors[file] = FileFailed(where, error.message)
        except Exception as error:  # noqa: BLE001 -- reported with the file, the run goes on
            self._errors[file] = FileFailed(str(file.path), describe_exception(error), traceback.format_exc())

    def _pieces(self, file: SeedFileLoad, head: list[SeedArticle], articles) -> Iterator[Chunk]:
        """A large file in chunks of its own; the last one has `continues` None. Reading stops early
        when the writer has failed the file."""
        waiting = head  # read, not yet in a chunk
        while True:
            piece = Chunk([], [], continues=file)
            self._errors = piece.errors
            if not file.failed:
                for article in articles:
                    waiting.append(article)
                    if len(waiting) > CHUNK_ARTICLES:
                        break
            taken, waiting = waiting[:CHUNK_ARTICLES], waiting[CHUNK_ARTICLES:]
            piece.entries = [self._entry(file, article) for article in taken]
            if file.failed or not waiting or piece.errors:
                piece.continues, piece.files = None, [file]
                yield self._prepare(piece)
                return
            yield self._prepare(piece)

    def _entry(self, file: SeedFileLoad, article: SeedArticle) -> Entry:
        entry = Entry(file, article)
        file.articles += 1
        try:
            entry.clean = article_clean(title=article.title, body=article.body, url=article.url,
                                        language=article.language)
        except ValidationError as error:
            entry.refused = _field_errors(error)
        except Exception as error:  # noqa: BLE001
            entry.refused = describe_exception(error)
        return entry

    def _prepare(self, chunk: Chunk) -> Chunk:
        """Look the chunk's texts and URLs up in the database and start analysing the new ones."""
        cleans = [entry.clean for entry in chunk.entries if entry.clean is not None]
        chunk.known = set(Article.objects.filter(content_hash__in={c.digest for c in cleans})
                          .values_list("content_hash", flat=True))
        urls = {c.url for c in cleans if c.url and c.digest not in chunk.known}
        if urls:
            chunk.urls_taken = dict(Article.objects.filter(url__in=urls).values_list("url", "id"))
        fresh = {}
        for entry in chunk.entries:
            clean = entry.clean
            if clean is None or clean.digest in chunk.known or clean.digest in self.first_seen:
                continue
            self.first_seen[clean.digest] = entry.article.where
            fresh[clean.digest] = clean
        self.analysed += len(fresh)
        if self.pool is None and self.workers > 0 and self.analysed >= PARALLEL_MIN_ARTICLES:
            self.pool = ProcessPoolExecutor(self.workers, mp_context=get_context("fork"),
                                            initializer=_worker_start, initargs=(os.getpid(),))
        if self.pool is not None and fresh:
            results = self.pool.map(article_analyse_safely, fresh.values(), chunksize=POOL_CHUNKSIZE)  # submitted now
            chunk.analyses = _Pending(fresh, results)
        else:
            chunk.analyses = _Pending(fresh, None)
        return chunk

    # --- Writing ----------------------------------------------------------------------------------

    def _write_group(self, chunk: Chunk):
        """Whole files: one batch for all of them; file by file when the batch fails."""
        analyses = chunk.analyses.results(self)
        for file in chunk.files:
            if file in chunk.errors:
                self._fail(file, chunk.errors[file])
        files = [file for file in chunk.files if file not in chunk.errors]
        try:
            with transaction.atomic():
                plans = self._plans(chunk, files, analyses, fail_fast=False)
                outcomes = self._store(plans)
        except (OperationalError, InterfaceError) as error:
            raise LoadAborted(describe_exception(error)) from error
        except Exception:  # noqa: BLE001 -- the batch failed: find the file it failed on
            return self._write_files_one_by_one(chunk, files, analyses)
        for file, plan in plans.items():
            if isinstance(plan, FileFailed):
                self._fail(file, plan)
            else:
                self._finish(file, outcomes[file])

    def _write_files_one_by_one(self, chunk: Chunk, files, analyses):
        for file in files:
            try:
                with transaction.atomic():
                    outcomes = self._store(self._plans(chunk, [file], analyses, fail_fast=True))[file]
            except FileFailed as error:
                self._fail(file, error)
            except (OperationalError, InterfaceError) as error:
                raise LoadAborted(describe_exception(error)) from error
            except Exception as error:  # noqa: BLE001
                self._fail(file, FileFailed(str(file.path), describe_exception(error), traceback.format_exc()))
            else:
                self._finish(file, outcomes)

    def _write_large_file(self, first: Chunk, chunks):
        """A file of many chunks, in one transaction: it loads whole or not at all."""
        file, piece, outcomes, failure = first.continues, first, [], None
        try:
            with transaction.atomic():
                while True:
                    if file in piece.errors:
                        raise piece.errors[file]
                    done = self._store(self._plans(piece, [file], piece.analyses.results(self), fail_fast=True))[file]
                    outcomes.extend(done)
                    self._note_pending(done)
                    self.report.progress(self.files_done, len(self.files), self._totals_with(outcomes))
                    if piece.continues is not file:
                        break
                    piece = next(chunks)
        except FileFailed as error:
            failure = error
        except (OperationalError, InterfaceError) as error:
            raise LoadAborted(describe_exception(error)) from error
        except Exception as error:  # noqa: BLE001
            failure = FileFailed(str(file.path), describe_exception(error), traceback.format_exc())
        self.pending, self.pending_urls = {}, {}
        if failure is None:
            return self._finish(file, outcomes)
        self._fail(file, failure)
        while piece.continues is file:  # the rest of the file is not read
            piece = next(chunks)

    def _store(self, plans: dict) -> dict:
        """Write the new articles of the files planned (one batch); each file's outcomes, in file order."""
        batch = [(file, entry, new) for file, plan in plans.items() if isinstance(plan, _FilePlan)
                 for entry, new in plan.new]
        try:
            with transaction.atomic():
                results = articles_store([new for _, _, new in batch])
        except (OperationalError, InterfaceError):
            raise
        except Exception as error:  # noqa: BLE001 -- pinned on the article it failed on
            raise self._culprit(batch, error) from error
        outcomes = {file: [ArticleOutcome.of(entry, "unchanged", 0, same_as) for entry, same_as in plan.same]
                    for file, plan in plans.items() if isinstance(plan, _FilePlan)}
        for (file, entry, _), result in zip(batch, results):
            state = "new" if result.created else "unchanged"
            outcomes[file].append(ArticleOutcome.of(entry, state, result.claims_created, None))
        for found in outcomes.values():
            found.sort(key=lambda outcome: outcome.line)
        return outcomes

    @staticmethod
    def _culprit(batch: list, error: Exception) -> FileFailed:
        """The first article of a failed batch that fails alone (each tried in a savepoint rolled back)."""
        for file, entry, new in batch:
            try:
                with transaction.atomic():
                    articles_store([new])
                    transaction.set_rollback(True)
            except (OperationalError, InterfaceError):
                raise
            except Exception as alone:  # noqa: BLE001
                return FileFailed(entry.article.where, describe_exception(alone), traceback.format_exc())
        return FileFailed(str(batch[0][0].path), describe_exception(error), "".join(traceback.format_exception(error)))

    # --- Plans: what each article of a file comes to -----------------------------------------------

    def _plans(self, chunk: Chunk, files, analyses, *, fail_fast: bool) -> dict:
        """For each file, the articles to store and the ones that are the same text as another; or
        the FileFailed that stops the file. Nothing is written here."""
        plans, batch_texts, batch_urls = {file: _FilePlan() for file in files}, {}, {}
        for entry in chunk.entries:
            plan = plans.get(entry.file)
            if not isinstance(plan, _FilePlan):
                continue
            try:
                self._plan_entry(entry, chunk, analyses, plan, batch_texts, batch_urls)
            except FileFailed as error:
                if fail_fast:
                    raise
                for _, new in plan.new:  # later files must not count on this file's texts
                    batch_texts.pop(new.clean.digest, None)
                    batch_urls.pop(new.clean.url, None)
                plans[entry.file] = error
        return plans

    def _plan_entry(self, entry, chunk, analyses, plan, batch_texts, batch_urls):
        where, clean = entry.article.where, entry.clean
        if clean is None:
            raise FileFailed(where, entry.refused)
        same_as = batch_texts.get(clean.digest) or self.stored.get(clean.digest) or self.pending.get(clean.digest)
        if clean.digest in chunk.known or same_as:
            plan.same.append((entry, same_as))
            return
        if clean.url:
            if clean.url in chunk.urls_taken:
                raise FileFailed(where, "url: " + IngestMessage.URL_TAKEN.format(id=chunk.urls_taken[clean.url]))
            if holder := (batch_urls.get(clean.url) or self.stored_urls.get(clean.url)
                          or self.pending_urls.get(clean.url)):
                raise FileFailed(where, "url: " + IngestMessage.URL_TAKEN_IN_RUN.format(where=holder))
        analysed = analyses.get(clean.digest)
        # Texts equal under the hash may differ in white space: an analysis serves only its own body.
        analysis = analysed[1] if analysed and analysed[0] == clean.body else article_analyse_safely(clean)
        if isinstance(analysis, AnalysisError):
            raise FileFailed(where, analysis.problem, analysis.trace)
        batch_texts[clean.digest] = where
        if clean.url:
            batch_urls[clean.url] = where
        article = entry.article
        plan.new.append((entry, NewArticle(clean, analysis, source=article.source, published_at=article.published_at)))

    def _note_pending(self, outcomes):
        """A large file's stored texts and URLs, seen by its later chunks before the file commits."""
        for outcome in outcomes:
            if outcome.state == "new":
                self.pending[outcome.digest] = outcome.where
                if outcome.url:
                    self.pending_urls[outcome.url] = outcome.where

    # --- Accounts -----------------------------------------------------------------------------------

    def _finish(self, file: SeedFileLoad, outcomes: list):
        """After the file's commit: count it, remember its texts, report its articles."""
        for outcome in outcomes:
            if outcome.state == "new":
                file.new += 1
                file.claims += outcome.claims
                self.stored[outcome.digest] = outcome.where
                if outcome.url:
                    self.stored_urls[outcome.url] = outcome.where
            else:
                file.unchanged += 1
            self.report.article(outcome)
        self.files_done += 1
        self.totals["new"] += file.new
        self.totals["unchanged"] += file.unchanged
        self.totals["claims"] += file.claims

    def _fail(self, file: SeedFileLoad, error: FileFailed):
        file.failed = True
        self.files_done += 1
        self.totals["failed_files"] += 1
        self.totals["failed"] += file.articles
        self.report.failed(error)

    def _totals_with(self, outcomes: list) -> dict:
        totals = dict(self.totals)
        for outcome in outcomes:
            totals[outcome.state] += 1
        return totals


@dataclass
class _FilePlan:
    new: list = field(default_factory=list)  # (entry, NewArticle)
    same: list = field(default_factory=list)  # (entry, where the same text was first read this run, or None)


@dataclass(frozen=True)
class ArticleOutcome:
    """What became of one article: small, so that a large file's outcomes can wait for its commit."""

    where: str
    line: int
    title: str
    digest: str
    url: str | None
    state: str  # "new" or "unchanged"
    claims: int
    same_as: str | None  # where the same text was read first in this run

    @classmethod
    def of(cls, entry: Entry, state: str, claims: int, same_as: str | None) -> "ArticleOutcome":
        clean = entry.clean
        return cls(entry.article.where, entry.article.line, clean.title, clean.digest, clean.url, state, claims,
                   same_as)


class _Pending:
    """A chunk's analyses: computing in the workers, or to be computed here."""

    def __init__(self, fresh: dict, results):
        self.fresh, self._results, self._done = fresh, results, None

    def results(self, load: SeedLoad) -> dict:
        if self._done is None:
            try:
                found = list(self._results) if self._results is not None else None
            except BrokenProcessPool:  # a worker died: analyse here, and from now on without workers
                load.pool, found = None, None
            if found is None:
                found = [article_analyse_safely(clean) for clean in self.fresh.values()]
            self._done = {digest: (clean.body, analysis)
                          for (digest, clean), analysis in zip(self.fresh.items(), found)}
        return self._done


def _one_ahead(items):
    """Iterate one item ahead, so that preparing item n+1 overlaps consuming item n."""
    iterator = iter(items)
    try:
        current = next(iterator)
    except StopIteration:
        return
    for following in iterator:
        yield current
        current = following
    yield current
