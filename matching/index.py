"""The stored vectors (matching.models) and their in-memory copy, one per process and kind.

`index_factchecks` / `index_claims` compute and store vectors in batches; a text already stored with
the same encoder and text hash is left alone (idempotent). `VectorCache` holds every stored vector
as float32 with what the filters need (language, publisher site, date), reloads only rows newer than
the newest it has (rows are replaced, never updated), so a check costs one index lookup.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field

import numpy as np
from django.db import connection, transaction

from matching.encoder import shipped_encoder
from matching.ranking import search_config

INDEX_BATCH = 256
REFRESH_SECONDS = 1.0  # a process checks for new vectors at most this often


def indexed_text(claim_reviewed: str, title: str = "") -> str:
    """What is encoded and searched of a fact-check: the claim, then the review's title when it adds words."""
    claim_reviewed = (claim_reviewed or "").strip()
    title = (title or "").strip()
    if title and title.casefold() not in claim_reviewed.casefold():
        return f"{claim_reviewed}\n{title}"
    return claim_reviewed


def text_hash(text: str) -> str:
    return hashlib.md5(text.encode("utf-8", "replace")).hexdigest()


def to_int8(vectors: np.ndarray) -> np.ndarray:
    return np.clip(np.rint(vectors * 127.0), -127, 127).astype(np.int8)


def from_int8(raw: bytes | memoryview, dimensions: int) -> np.ndarray:
    return np.frombuffer(bytes(raw), dtype=np.int8, count=dimensions).astype(np.float32) / 127.0


def _store(table: str, key: str, rows: list[tuple[int, str, str | None]]) -> int:
    """Encode (id, text, language) rows not yet stored as they are, and store them (replacing old ones)."""
    if not rows:
        return 0
    encoder = shipped_encoder()
    hashes = {row_id: text_hash(text) for row_id, text, _ in rows}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {key}, text_hash FROM {table} WHERE model = %s AND {key} = ANY(%s)",
                       [encoder.version, list(hashes)])
        current = {row_id for row_id, stored in cursor.fetchall() if stored == hashes[row_id]}
    todo = [row for row in rows if row[0] not in current]
    from psycopg2.extras import execute_values

    for first in range(0, len(todo), INDEX_BATCH):
        batch = todo[first : first + INDEX_BATCH]
        vectors = to_int8(encoder.encode([text for _, text, _ in batch]))
        values = [(row_id, encoder.version, hashes[row_id], vectors[i].tobytes(), search_config(language), text)
                  for i, (row_id, text, language) in enumerate(batch)]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE {key} = ANY(%s)", [[row[0] for row in batch]])
            execute_values(
                cursor.cursor if hasattr(cursor, "cursor") else cursor,
                f"INSERT INTO {table} ({key}, model, text_hash, vector, search_vector) VALUES %s",
                values, template="(%s, %s, %s, %s, to_tsvector(%s::regconfig, %s))",
            )
    if todo:
        for found in _caches.values():
            found.checked_at = 0.0  # this process looks again at once
    return len(todo)


def index_factchecks(ids: list[int] | None = None) -> int:
    """Compute and store the vectors of these fact-checks (None: every one without a current vector).

    Returns how many were (re)computed; a second call with the same ids returns 0."""
    from factchecks.models import FactCheck

    rows = FactCheck.objects.order_by("id")
    if ids is None:
        from matching.models import FactCheckVector

        current = FactCheckVector.objects.filter(model=shipped_encoder().version).values("fact_check_id")
        rows = rows.exclude(id__in=current)
    else:
        rows = rows.filter(id__in=list(ids))
    done = 0
    batch: list[tuple[int, str, str | None]] = []
    for fc_id, claim_reviewed, title, language in rows.values_list("id", "claim_reviewed", "title", "language").iterator(chunk_size=2000):
        batch.append((fc_id, indexed_text(claim_reviewed, title), language))
        if len(batch) >= 2000:
            done += _store("matching_factcheckvector", "fact_check_id", batch)
            batch = []
    return done + _store("matching_factcheckvector", "fact_check_id", batch)


def index_claims(ids: list[int] | None = None) -> int:
    """Compute and store the vectors of these claims if published (None: every published claim
    without a current vector). Returns how many were (re)computed."""
    from claims.review.publication import published_claims

    rows = published_claims().order_by("id")
    if ids is not None:
        rows = rows.filter(id__in=list(ids))
    else:
        from matching.models import ClaimVector

        rows = rows.exclude(id__in=ClaimVector.objects.filter(model=shipped_encoder().version).values("claim_id"))
    return _store("matching_claimvector", "claim_id",
                  [(c_id, text, language) for c_id, text, language in rows.values_list("id", "text", "article__language")])


@dataclass
class VectorCache:
    """Every stored vector of one kind, as float32 rows, with its owner's id and filter fields."""

    kind: str  # "factcheck" or "claim"
    ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    matrix: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))
    languages: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    sites: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    dates: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float64))  # epoch seconds, nan unknown
    newest: int = 0
    checked_at: float = 0.0
    model: str = ""
    position: dict = field(default_factory=dict)  # owner id -> row
    codes: dict = field(default_factory=dict)  # language or site -> its small integer code in the arrays
    lock: threading.Lock = field(default_factory=threading.Lock)

    def _select(self) -> str:
        if self.kind == "factcheck":
            return """SELECT v.id, v.fact_check_id, v.vector, f.language, p.site,
                             extract(epoch FROM greatest(coalesce(f.claim_date, f.review_date), coalesce(f.review_date, f.claim_date)))
                      FROM matching_factcheckvector v JOIN factchecks_factcheck f ON f.id = v.fact_check_id
                      JOIN factchecks_publisher p ON p.id = f.publisher_id
                      WHERE v.id > %s AND v.model = %s ORDER BY v.id"""
        return """SELECT v.id, v.claim_id, v.vector, a.language, '', extract(epoch FROM c.first_published_at)
                  FROM matching_claimvector v JOIN claims_claim c ON c.id = v.claim_id
                  JOIN claims_article a ON a.id = c.article_id
                  WHERE v.id > %s AND v.model = %s ORDER BY v.id"""

    def refresh(self) -> None:
        now = time.monotonic()
        if now - self.checked_at < REFRESH_SECONDS:
            return
        encoder = shipped_encoder()
        with self.lock:
            if self.model != encoder.version:
                self.__init__(kind=self.kind)  # a new encoder: start over
                self.model = encoder.version
            table = "matching_factcheckvector" if self.kind == "factcheck" else "matching_claimvector"
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT max(id) FROM {table}")
                newest = cursor.fetchone()[0] or 0
                if newest > self.newest:
                    cursor.execute(self._select(), [self.newest, encoder.version])
                    self._append(cursor.fetchall(), encoder.dimensions)
                    self.newest = newest
            self.checked_at = time.monotonic()

    def _append(self, rows: list[tuple], dimensions: int) -> None:
        if not rows:
            return
        owner = np.array([r[1] for r in rows], dtype=np.int64)
        vectors = np.frombuffer(b"".join(bytes(r[2]) for r in rows), dtype=np.int8).reshape(len(rows), dimensions)
        vectors = vectors.astype(np.float32) / 127.0
        languages = np.array([self.codes.setdefault(r[3] or "", len(self.codes)) for r in rows], dtype=np.int32)
        sites = np.array([self.codes.setdefault(r[4] or "", len(self.codes)) for r in rows], dtype=np.int32)
        dates = np.array([float(r[5]) if r[5] is not None else np.nan for r in rows], dtype=np.float64)
        if len(self.ids):
            # A replaced row: its old copy goes.
            keep = ~np.isin(self.ids, owner)
            self.ids, self.languages, self.sites, self.dates = (self.ids[keep], self.languages[keep], self.sites[keep], self.dates[keep])
            self.matrix = self.matrix[keep]
            self.ids = np.concatenate([self.ids, owner])
            self.matrix = np.concatenate([self.matrix, vectors])
            self.languages = np.concatenate([self.languages, languages])
            self.sites = np.concatenate([self.sites, sites])
            self.dates = np.concatenate([self.dates, dates])
        else:
            self.ids, self.matrix, self.languages, self.sites, self.dates = owner, vectors, languages, sites, dates
        self.position = {int(owner_id): row for row, owner_id in enumerate(self.ids.tolist())}

    def nearest(self, query: np.ndarray, k: int, *, language: str | None = None, site: str | None = None,
                since: float | None = None) -> list[tuple[int, float]]:
        """The k owners nearest to the unit vector `query` (id, cosine), among those the filters let through."""
        with self.lock:
            ids, matrix = self.ids, self.matrix
            mask = None
            if language:
                mask = self.languages == self.codes.get(language, -1)
            if site:
                same_site = self.sites == self.codes.get(site, -1)
                mask = same_site if mask is None else mask & same_site
            if since is not None:
                recent = self.dates >= since  # nan (no date) is never recent
                mask = recent if mask is None else mask & recent
        if not len(ids):
            return []
        cosines = matrix @ query  # the whole matrix, then the filters: a masked copy would cost more
        if mask is not None:
            allowed = np.flatnonzero(mask)
            if not len(allowed):
                return []
            ids, cosines = ids[allowed], cosines[allowed]
        k = min(k, len(ids))
        top = np.argpartition(-cosines, k - 1)[:k]
        return [(int(ids[i]), float(cosines[i])) for i in top]

    def allows(self, owner: int, filters) -> bool:
        """Whether an owner passes the filters (language, publisher_site, since), as far as this copy
        knows; one it does not hold yet passes (the final rows are filtered by the database)."""
        with self.lock:
            row = self.position.get(owner)
            if row is None:
                return True
            if filters.language and self.languages[row] != self.codes.get(filters.language, -1):
                return False
            if filters.publisher_site and self.sites[row] != self.codes.get(filters.publisher_site, -1):
                return False
            return filters.since is None or bool(self.dates[row] >= filters.since)

    def vector_of(self, owner: int) -> np.ndarray | None:
        with self.lock:
            row = self.position.get(owner)
            return None if row is None else self.matrix[row]


_caches: dict[str, VectorCache] = {}
_caches_lock = threading.Lock()


def cache(kind: str) -> VectorCache:
    with _caches_lock:
        if kind not in _caches:
            _caches[kind] = VectorCache(kind=kind)
    found = _caches[kind]
    found.refresh()
    return found
