"""Reading for the load pipeline: files in chunks of about CHUNK_ARTICLES articles, each cleaned and
hashed, looked up in the database and handed to the analysis workers before it is written.

Small files are grouped whole into a chunk; a file of more articles than a chunk comes in chunks of
its own (the writer keeps them in one transaction). Reading a file stops early once the writer has
failed it.
"""

import os
import threading
import time
import traceback
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections

from claims.errors import SeedFileError
from claims.ingest.articles import CleanArticle, article_analyse_safely, article_clean, describe_exception
from claims.ingest.seedfiles import SeedArticle, read_seed_file
from claims.models import Article

CHUNK_ARTICLES = 256  # articles cleaned, hashed, looked up, analysed and written together
PARALLEL_MIN_ARTICLES = 50  # below this many articles to analyse, starting workers costs more than it saves
POOL_CHUNKSIZE = 8



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
    read_error: "FileFailed | None" = None  # what ended reading the file, if anything did
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
    known: set = field(default_factory=set)  # content hashes stored before this chunk was read
    urls_taken: dict = field(default_factory=dict)  # url -> id of the stored article that has it
    analyses: dict = field(default_factory=dict)  # content hash -> (body, analysis)


class FileFailed(Exception):
    def __init__(self, where: str, problem: str, trace: str | None = None):
        super().__init__(f"{where}: {problem}")
        self.where, self.problem, self.trace = where, problem, trace


def _field_errors(error: ValidationError) -> str:
    return "; ".join(f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items())


class ChunkReader:
    """The reading half of `SeedLoad`: its files as a stream of prepared chunks."""

    def _chunks(self) -> Iterator[Chunk]:
        group = Chunk([], [])
        for path in self.files:
            file = SeedFileLoad(path)
            articles = self._articles(file)
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

    @staticmethod
    def _articles(file: SeedFileLoad) -> Iterator[SeedArticle]:
        """The file's articles; a read error ends them and is kept as the file's `read_error`."""
        try:
            yield from read_seed_file(file.path, max_bytes=settings.CLAIMTRACKER_MAX_ARTICLE_BYTES)
        except SeedFileError as error:
            where = f"{error.path}:{error.line}" if error.line else str(error.path)
            file.read_error = FileFailed(where, error.message)
        except Exception as error:  # noqa: BLE001 -- reported with the file, the run goes on
            file.read_error = FileFailed(str(file.path), describe_exception(error), traceback.format_exc())

    def _pieces(self, file: SeedFileLoad, head: list[SeedArticle], articles) -> Iterator[Chunk]:
        """A large file in chunks of its own; the last one has `continues` None. Reading stops early
        when the writer has failed the file."""
        waiting = head  # read, not yet in a chunk
        while True:
            piece = Chunk([], [], continues=file)
            if not file.failed:
                for article in articles:
                    waiting.append(article)
                    if len(waiting) > CHUNK_ARTICLES:
                        break
            taken, waiting = waiting[:CHUNK_ARTICLES], waiting[CHUNK_ARTICLES:]
            piece.entries = [self._entry(file, article) for article in taken]
            if file.failed or not waiting or file.read_error:
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

class _Pending:
    """A chunk's analyses: computing in the workers, or to be computed here."""

    def __init__(self, fresh: dict, results):
        self.fresh, self._results, self._done = fresh, results, None

    def results(self, load: "ChunkReader") -> dict:
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
