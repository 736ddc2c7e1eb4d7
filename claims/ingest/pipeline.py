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

import traceback
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from django.db import InterfaceError, OperationalError, transaction

from claims.errors import AnalysisError, IngestMessage
from claims.ingest.articles import NewArticle, article_analyse_safely, articles_store, describe_exception
from claims.ingest.chunks import Chunk, ChunkReader, Entry, FileFailed, SeedFileLoad, _one_ahead
from claims.ingest.rescore import rescores_held
from claims.review.matches import matches_held


class LoadAborted(Exception):
    """The run cannot go on (the database went away): nothing more can be stored."""


class LoadReport:
    """What the pipeline tells its caller; `load_seeds` prints it. Override what you need."""

    def article(self, outcome: "ArticleOutcome") -> None:
        pass

    def failed(self, error: FileFailed) -> None:
        pass

    def progress(self, files_done: int, files_total: int, totals: dict) -> None:
        pass


class SeedLoad(ChunkReader):
    """One run of the pipeline over a list of files."""

    def __init__(self, files: list[Path], *, workers: int = 0, report: LoadReport | None = None):
        self.files, self.workers, self.report = files, workers, report or LoadReport()
        self.totals = {"new": 0, "unchanged": 0, "failed": 0, "claims": 0, "failed_files": 0}
        self.files_done = 0
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
        # A local re-scoring thread starts only after the load: none runs while workers are forked,
        # and the load's CPU stays with the load.
        try:
            with rescores_held(), matches_held(), transaction.atomic() if (atomic or dry_run) else nullcontext():
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

    # --- Writing ----------------------------------------------------------------------------------

    def _write_group(self, chunk: Chunk):
        """Whole files: one batch for all of them; file by file when the batch fails."""
        analyses = chunk.analyses.results(self)
        for file in chunk.files:
            if file.read_error:
                self._fail(file, file.read_error)
        files = [file for file in chunk.files if not file.read_error]
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
                    if file.read_error:  # read (one chunk ahead) up to a bad record: it fails whole
                        raise file.read_error
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


