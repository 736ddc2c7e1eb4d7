"""Already checked: every claim's best matches among imported fact-checks and ClaimTracker's own
published claims (issue 16), stored as `ClaimMatch` rows, best first, with a `ClaimMatchRun` per claim.

The work (`claims_match`) asks the matcher (`matching.matches_for_texts`) for a batch of claims and
replaces their rows; it is idempotent, so a doubled or retried job is harmless. When it runs, as the
re-scorer does (claims.ingest.rescore):

- after a commit that stored new claims (ingest, re-extraction), made one by hand or changed its span:
  `matches_after_commit`, on the job engine of CLAIMTRACKER_MATCH: `celery` (the task
  `claims.match_claims`), `thread` (one background thread of this process), `inline` (in the commit:
  tests) or `off`;
- after fact-checks are imported: `matches_refresh_soon()` recomputes the stale matches of the claims
  reviewers work on (pending, most check-worthy first, at most REFRESH_MAX); others are recomputed
  when shown (`claim_matches`) or by `manage.py match_claims --stale`;
- after a claim is published: the claims most similar to it (`Claim.objects.similar_to`) are recomputed,
  and the published claim is indexed for the matcher (`fact_check_published`, claims.apps);
- on demand: `claim_matches(claim)` recomputes a claim's matches when they are stale.

A claim's matches are stale when never computed, computed by another matcher version, or computed
before the newest fact-check was imported.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from datetime import datetime, timezone as dt_timezone

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from claims.models import Claim, ClaimMatch, ClaimMatchRun, ClaimStatus, Stance
from claimtracker.background import HeldJobs, LocalWorker


log = logging.getLogger(__name__)

MATCHES_KEPT = 5
# The matcher's score (matching.ranking.score) is a logistic model of "this candidate checks the
# claim", calibrated on Snopes tweets and their gold fact-checks: below one chance in five a row is
# noise a reviewer would have to read past (unrelated texts score under 0.01, loose topical neighbours
# around 0.1); from one chance in two on ("more likely than not") a claim counts as already checked.
MATCH_MIN_SCORE = 0.2
ALREADY_CHECKED_SCORE = 0.5
BATCH = 32  # claims per matcher call and per write
CLAIMS_PER_JOB = 256
REFRESH_MAX = 10_000  # pending claims refreshed in the background after an import
SIMILAR_REFRESHED = 50  # claims refreshed after a publication


# --- What is stale ------------------------------------------------------------------------------

def matcher_version() -> str:
    """The matcher's version as stored with matches: the encoder's and a digest of the ranking weights."""
    try:
        from matching.encoder import load_metadata
        from matching.ranking import shipped_weights

        weights = shipped_weights()
        digest = hashlib.md5(f"{weights.cosine}:{weights.coverage}:{weights.bias}".encode()).hexdigest()[:8]
        return f"{load_metadata()['version']}+{digest}"[:64]
    except Exception:  # noqa: BLE001 -- the matcher's internals are not its interface
        return "matching"


def _newest_import():
    from factchecks.models import FactCheck

    # Fact-checks are inserted with now(): the newest id is the newest import (one index probe, no scan).
    newest = Subquery(FactCheck.objects.order_by("-id").values("imported_at")[:1])
    return Coalesce(newest, Value(_EPOCH))


_EPOCH = datetime(1970, 1, 1, tzinfo=dt_timezone.utc)


def _fresh_runs(version: str):
    return ClaimMatchRun.objects.filter(claim_id=OuterRef("pk"), matcher=version, computed_at__gte=_newest_import())


def stale_matches(claim_ids: Iterable[int] | None = None, *, article_ids: Iterable[int] | None = None):
    """Claims whose matches are stale (never computed, another matcher, older than the newest import)."""
    claims = Claim.objects.filter(~Exists(_fresh_runs(matcher_version())))
    if claim_ids is not None:
        claims = claims.filter(id__in=list(claim_ids))
    if article_ids is not None:
        claims = claims.filter(article_id__in=list(article_ids))
    return claims


# --- The work -----------------------------------------------------------------------------------

def _digest(text: str) -> str:
    return hashlib.md5(text.encode("utf-8", "replace")).hexdigest()


def claims_match(claim_ids: Iterable[int] | None = None, *, article_ids: Iterable[int] | None = None,
                 only_stale: bool = True, progress=None) -> int:
    """Compute and store the matches of these claims (of these articles; of all with neither), those
    that are stale only unless `only_stale` is False. Returns how many claims were matched."""
    import matching

    if only_stale:
        claims = stale_matches(claim_ids, article_ids=article_ids)
    else:
        claims = Claim.objects.all()
        if claim_ids is not None:
            claims = claims.filter(id__in=list(claim_ids))
        if article_ids is not None:
            claims = claims.filter(article_id__in=list(article_ids))
    claims = claims.order_by("id")
    version = matcher_version()
    anything = _anything_to_match()
    done, after = 0, 0
    while True:
        rows = list(claims.filter(id__gt=after).values_list("id", "text", "article__language")[:BATCH])
        if not rows:
            return done
        after = rows[-1][0]
        # The claims themselves are dropped here, not through exclude_claim_ids: that would hide a
        # published claim of the batch from the others.
        if anything:
            hits = matching.matches_for_texts([text for _, text, _ in rows], [language or None for _, _, language in rows],
                                              limit=MATCHES_KEPT + 1)
        else:  # nothing imported or published yet (a fresh demo): no encoder to load, "none found" to record
            hits = [[] for _ in rows]
        done += _store(rows, hits, version)
        if progress:
            progress(done)


def _anything_to_match() -> bool:
    from factchecks.models import FactCheck

    return FactCheck.objects.exists() or Claim.objects.published().exists()


def _store(rows: list[tuple[int, str, str]], hits: list[list], version: str) -> int:
    now = timezone.now()
    with transaction.atomic():
        # Locked, so that two jobs on one claim write one after the other; a claim deleted or edited
        # since it was read is left to its own job.
        current = dict(Claim.objects.filter(id__in=[row[0] for row in rows]).order_by("id")
                       .select_for_update(of=("self",)).values_list("id", "text"))
        kept = [(claim_id, found) for (claim_id, text, _), found in zip(rows, hits)
                if claim_id in current and _digest(current[claim_id]) == _digest(text)]
        ids = [claim_id for claim_id, _ in kept]
        ClaimMatch.objects.filter(claim_id__in=ids).delete()
        matches, runs = [], []
        for claim_id, found in kept:
            best = [hit for hit in found if hit.score >= MATCH_MIN_SCORE
                    and not (hit.claim is not None and hit.claim.pk == claim_id)][:MATCHES_KEPT]
            matches += [ClaimMatch(claim_id=claim_id, fact_check=hit.fact_check, published_claim=hit.claim,
                                   score=min(1.0, max(0.0, float(hit.score))), rank=rank, matcher=version,
                                   computed_at=now)
                        for rank, hit in enumerate(best, start=1)]
            runs.append(ClaimMatchRun(claim_id=claim_id, matcher=version, computed_at=now, found=len(best)))
        ClaimMatch.objects.bulk_create(matches)
        ClaimMatchRun.objects.bulk_create(runs, update_conflicts=True, unique_fields=["claim"],
                                          update_fields=["matcher", "computed_at", "found"])
    return len(kept)


# --- Reading ------------------------------------------------------------------------------------

def matches_shown(claim_ids: Iterable[int]):
    """The stored matches of these claims that are still worth showing, best first, with what a row shows."""
    return (ClaimMatch.objects.shown().filter(claim_id__in=list(claim_ids)).best_first()
            .select_related("fact_check__publisher", "fact_check__rating_level", "published_claim__rating_level"))


def claim_matches(claim: Claim | int, *, refresh: bool = True) -> list[ClaimMatch]:
    """A claim's matches, best first; computed first when stale (and `refresh`). A matcher that fails
    leaves the stored ones (logged): a reviewer's page must not fail with it."""
    claim_id = claim.pk if isinstance(claim, Claim) else int(claim)
    if refresh and stale_matches([claim_id]).exists():
        try:
            claims_match([claim_id], only_stale=False)
        except Exception:  # noqa: BLE001
            log.exception("matching claim %s failed; its stored matches are shown", claim_id)
    return list(matches_shown([claim_id]))


def claim_matches_soon(claim: Claim | int) -> tuple[list[ClaimMatch], bool]:
    """A claim's stored matches, best first, and whether they are stale, in which case they are computed
    again in the background (for pages that must not wait for the matcher: the admin's). Two queries."""
    claim_id = claim.pk if isinstance(claim, Claim) else int(claim)
    stale = stale_matches([claim_id]).exists()
    if stale:
        matches_refresh_soon([claim_id])
    return list(matches_shown([claim_id])), stale


def match_target_rating(match: ClaimMatch):
    """The matched review's rating on ClaimTracker's scale (a RatingLevel), or None."""
    return match.fact_check.rating_level if match.fact_check_id else match.published_claim.rating_level


def match_url(match: ClaimMatch) -> str:
    """Where the matched review is read: the fact-check's review URL, or our own public page."""
    if match.fact_check_id:
        return match.fact_check.url
    from claims.review.publication import fact_check_url

    return fact_check_url(match.published_claim)


def stance_of(rating_level, scale=None) -> str:
    """What a review rated `rating_level` says of a claim that says the same: the top quarter of the
    scale supports it, the bottom quarter refutes it, the rest (and unrated labels) give context."""
    if rating_level is None or rating_level.value is None:
        return Stance.CONTEXT
    from claims.review.ratings import rating_scale, scale_bounds

    best, worst = scale_bounds(scale if scale is not None else rating_scale())
    if best is None or best == worst:
        return Stance.CONTEXT
    position = (rating_level.value - worst) / (best - worst)
    if position >= 0.75:
        return Stance.SUPPORTS
    if position <= 0.25:
        return Stance.REFUTES
    return Stance.CONTEXT


def match_evidence(match: ClaimMatch) -> dict | None:
    """An evidence row for a verdict (url, title, excerpt, stance) from a match; None without a URL
    (a dataset row such as LIAR's). The workflow validates it like any other evidence."""
    url = match_url(match)
    if not url:
        return None
    rating = match_target_rating(match)
    if match.fact_check_id:
        fact_check = match.fact_check
        rated = fact_check.textual_rating or (rating.label if rating else "")
        title = fact_check.title or fact_check.claim_reviewed
        excerpt = f"{fact_check.publisher.name}: {rated}." if rated else fact_check.publisher.name
    else:
        title = match.published_claim.text
        excerpt = f"ClaimTracker: {rating.label}." if rating else "ClaimTracker"
    from claims.review.workflow import EVIDENCE_TITLE_MAX_LENGTH

    return {"url": url, "title": title[:EVIDENCE_TITLE_MAX_LENGTH], "excerpt": excerpt, "stance": stance_of(rating)}


# --- When: the job engine (as claims.ingest.rescore) --------------------------------------------

def _mode() -> str:
    return settings.CLAIMTRACKER_MATCH


def matches_after_commit(*, claim_ids: list[int] | None = None, article_ids: list[int] | None = None) -> None:
    """Match these claims (the claims of these articles) in the background once the transaction commits."""
    if _mode() == "off" or not (claim_ids or article_ids):
        return
    job = {"claim_ids": list(claim_ids or ()), "article_ids": list(article_ids or ())}
    transaction.on_commit(lambda: matches_soon(job))


def matches_refresh_soon(claim_ids: list[int] | None = None) -> None:
    """Recompute stale matches in the background: of these claims, or (None, after an import) of the
    REFRESH_MAX most check-worthy pending claims. Others are recomputed when shown or by match_claims."""
    if _mode() == "off":
        return
    if claim_ids is None:
        claim_ids = list(stale_matches().filter(status__in=[ClaimStatus.UNREVIEWED, ClaimStatus.IN_REVIEW])
                         .order_by("-check_worthiness", "-id").values_list("id", flat=True)[:REFRESH_MAX])
    if claim_ids:
        job = {"claim_ids": list(claim_ids), "article_ids": []}
        if transaction.get_connection().in_atomic_block:
            transaction.on_commit(lambda: matches_soon(job))
        else:
            matches_soon(job)


def on_fact_check_published(sender, *, claim, correction: bool, **kwargs) -> None:
    """fact_check_published's receiver (after the commit): the published claim becomes findable, and
    the claims most like it are matched again (bounded: SIMILAR_REFRESHED)."""
    if _mode() == "off":
        return
    try:
        similar = list(Claim.objects.similar_to(claim, limit=SIMILAR_REFRESHED).values_list("id", flat=True))
        matches_soon({"claim_ids": similar, "article_ids": [], "published": claim.pk})
    except Exception:  # noqa: BLE001 -- the other receivers (webhooks) still run; match_claims --stale catches up
        log.exception("matching after publishing claim %s failed", claim.pk)


def matches_run(job: dict) -> int:
    """One job: index a newly published claim, then match the claims (stale ones of the articles)."""
    if published := job.get("published"):
        import matching

        matching.index_claims([published])
    done = 0
    if job.get("claim_ids"):
        done += claims_match(job["claim_ids"], only_stale=False)
    if job.get("article_ids"):
        done += claims_match(article_ids=job["article_ids"])
    return done


# A load's jobs, held until it ends (matches_held).
_held = HeldJobs(lambda jobs: [matches_soon(job) for job in jobs])


def matches_held():
    """Local matching waits until the block ends (a load), then starts; Celery jobs go at once."""
    return _held.hold(_mode() == "thread")


def _split(job: dict) -> list[dict]:
    """Jobs of at most CLAIMS_PER_JOB claims (and as many articles' worth)."""
    parts = []
    for key in ("claim_ids", "article_ids"):
        ids = job.get(key) or []
        step = CLAIMS_PER_JOB if key == "claim_ids" else max(1, CLAIMS_PER_JOB // 8)
        parts += [{"claim_ids": [], "article_ids": [], key: ids[first : first + step]} for first in range(0, len(ids), step)]
    if job.get("published"):
        parts = parts or [{"claim_ids": [], "article_ids": []}]
        parts[0]["published"] = job["published"]
    return parts


def matches_soon(job: dict) -> None:
    mode = _mode()
    if mode == "thread" and _held.keep(job):
        return
    for part in _split(job):
        if mode == "celery":
            from claims.tasks import match_claims

            match_claims.delay(part)
        elif mode == "inline":
            matches_run(part)
        elif mode == "thread":
            _local_worker().put(part)


# The local default (no broker): the claims stay stale if a job fails (shown on demand; `match_claims --stale`).
_worker = LocalWorker("claimtracker-match", matches_run,
                      lambda job: f"matching claims {job.get('claim_ids', [])[:5]} / articles "
                                  f"{job.get('article_ids', [])[:5]} failed")


def _local_worker() -> LocalWorker:
    return _worker
