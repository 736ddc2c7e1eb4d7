"""Writing Reviews as FactChecks: in batches, one INSERT ... ON CONFLICT (key) DO NOTHING per batch,
publishers found or created by site, ratings through RatingMapping; what is new and what was already
there counted, problems kept as `path:position: problem`, unmapped labels counted."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable

from django.db import connection, transaction

from factchecks.importing.claimreview import ItemProblem, Review
from factchecks.models import Publisher, RatingMapping, label_normalised

BATCH_SIZE = 1000
PROBLEMS_KEPT = 200  # problems shown of one file (all are counted)


@dataclass
class ImportReport:
    """What one file (or one posted document) gave."""

    path: str
    new: int = 0
    existing: int = 0
    skipped: int = 0
    problems: list[str] = field(default_factory=list)
    unmapped: Counter = field(default_factory=Counter)
    unmapped_forms: dict = field(default_factory=dict)  # normalised label -> the form first seen
    new_ids: list[int] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def read(self) -> int:
        return self.new + self.existing + self.skipped

    def problem(self, position: str, message: str) -> None:
        self.skipped += 1
        if len(self.problems) < PROBLEMS_KEPT:
            self.problems.append(f"{self.path}:{position}: {message}")

    def summary(self) -> str:
        return f"{self.new} new, {self.existing} already there, {self.skipped} skipped"

    def unmapped_summary(self) -> str:
        return ", ".join(f"{self.unmapped_forms[label]!r} ({count})" for label, count in self.unmapped.most_common())

    def as_dict(self) -> dict:
        return {"new": self.new, "existing": self.existing, "skipped": self.skipped, "problems": self.problems,
                "unmapped_ratings": [{"label": self.unmapped_forms[label], "count": count}
                                     for label, count in self.unmapped.most_common()]}


_INSERT = """
INSERT INTO factchecks_factcheck (key, url, publisher_id, title, claim_reviewed, claimant, claim_date, review_date,
                                  textual_rating, rating, language, source, imported_at)
SELECT r.key, r.url, r.publisher_id, r.title, r.claim_reviewed, r.claimant, r.claim_date, r.review_date,
       r.textual_rating, r.rating, r.language, r.source, now()
FROM unnest(%s::varchar[], %s::varchar[], %s::bigint[], %s::text[], %s::text[], %s::varchar[], %s::timestamptz[],
            %s::timestamptz[], %s::varchar[], %s::varchar[], %s::varchar[], %s::varchar[])
     AS r(key, url, publisher_id, title, claim_reviewed, claimant, claim_date, review_date, textual_rating, rating,
          language, source)
ON CONFLICT (key) DO NOTHING
RETURNING id
"""


class FactCheckWriter:
    """Stores Reviews a batch at a time; one writer serves a whole run (publishers and mappings cached)."""

    def __init__(self, *, batch_size: int = BATCH_SIZE):
        self.batch_size = batch_size
        self.mappings = dict(RatingMapping.objects.values_list("label", "rating"))
        self.publishers: dict[str, int] = {}

    def write(self, items: Iterable[tuple[str, Review | ItemProblem]], report: ImportReport, *,
              progress: Callable[[ImportReport], None] | None = None, every: int = 10_000) -> ImportReport:
        started = time.perf_counter()
        batch: list[Review] = []
        next_progress = every
        for position, item in items:
            if isinstance(item, ItemProblem):
                report.problem(position, str(item))
            else:
                batch.append(item)
                if len(batch) >= self.batch_size:
                    self._store(batch, report)
                    batch = []
            if progress and report.read >= next_progress:
                next_progress += every
                report.seconds = time.perf_counter() - started
                progress(report)
        if batch:
            self._store(batch, report)
        report.seconds = time.perf_counter() - started
        return report

    def _rating(self, label: str, report: ImportReport) -> str | None:
        if not label:
            return None
        normalised = label_normalised(label)
        if normalised in self.mappings:
            return self.mappings[normalised]
        report.unmapped[normalised] += 1
        report.unmapped_forms.setdefault(normalised, label)
        return None

    def _publisher_ids(self, batch: list[Review]) -> None:
        missing = {}
        for review in batch:
            if review.publisher_site not in self.publishers:
                missing.setdefault(review.publisher_site, review.publisher_name)
        if not missing:
            return
        Publisher.objects.bulk_create([Publisher(site=site, name=name) for site, name in missing.items()],
                                      ignore_conflicts=True)
        self.publishers.update(Publisher.objects.filter(site__in=list(missing)).values_list("site", "id"))

    def _store(self, batch: list[Review], report: ImportReport) -> None:
        with transaction.atomic():
            self._publisher_ids(batch)
            columns = [[] for _ in range(12)]
            for r in batch:
                values = (r.key, r.url, self.publishers[r.publisher_site], r.title, r.claim_reviewed, r.claimant,
                          r.claim_date, r.review_date, r.textual_rating, self._rating(r.textual_rating, report),
                          r.language, r.source)
                for column, value in zip(columns, values):
                    column.append(value)
            with connection.cursor() as cursor:
                cursor.execute(_INSERT, columns)
                ids = [row[0] for row in cursor.fetchall()]
        report.new += len(ids)
        report.existing += len(batch) - len(ids)
        report.new_ids.extend(ids)
