"""Articles, the claims found in them, and the verification of each claim.

Status and rating of a claim change only through `claims.review.workflow`; the history of those
changes (`ClaimEvent`) is append-only. The app label stays `claims`: models live in submodules and
are all importable from here.
"""

from claims.models.articles import Article, ArticleQuerySet, Claimant, Source
from claims.models.claims import (
    LIST_ROW_FIELDS, REVIEW_FIRST, REVIEW_ORDER, Claim, ClaimQuerySet, span_errors
)
from claims.models.matches import ClaimMatch, ClaimMatchQuerySet, ClaimMatchRun, already_checked
from claims.models.ratings import RatingLevel
from claims.models.review import ClaimEvent, Evidence, Verdict
from claims.models.search import (
    RECENT_HISTORY, SEARCH_CANDIDATES, SEARCH_CONFIG, SIMILAR_CANDIDATES, SIMILARITY_MIN
)
from claims.models.vocabulary import (
    MANUAL_EXTRACTOR, REVIEWER_SCORE, ClaimAction, ClaimKind, ClaimStatus, Rating, Role, Stance
)


__all__ = [
    "LIST_ROW_FIELDS", "MANUAL_EXTRACTOR", "RECENT_HISTORY", "REVIEWER_SCORE", "REVIEW_FIRST", "REVIEW_ORDER", "SEARCH_CANDIDATES",
    "SEARCH_CONFIG", "SIMILAR_CANDIDATES", "SIMILARITY_MIN", "Article", "ArticleQuerySet", "Claim", "ClaimAction",
    "ClaimEvent", "ClaimMatch", "ClaimMatchQuerySet", "ClaimMatchRun", "already_checked", "ClaimKind", "ClaimQuerySet", "ClaimStatus", "Claimant", "Evidence", "Rating", "RatingLevel", "Role", "Source",
    "Stance", "Verdict", "span_errors",
]
