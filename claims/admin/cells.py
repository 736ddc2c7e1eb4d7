"""How a claim's check-worthiness and status look wherever the admin lists claims (the claim list and
an article's claims): a small bar with its band, and a coloured badge with the rating's label."""

from django.utils.html import format_html

from claims import extraction
from claims.extraction import CHECKWORTHY_THRESHOLD
from claims.admin.filters import worthiness_band
from claims.models import REVIEWER_SCORE
from claims.review.matches import ALREADY_CHECKED_SCORE


def below_threshold(claim) -> bool:
    """Under the check-worthiness threshold: what the extractor would not call check-worthy."""
    return claim.check_worthiness < CHECKWORTHY_THRESHOLD


def is_first_score(claim) -> bool:
    """The fast score at ingest, until the precise model re-scores the claim in the background."""
    return claim.check_worthiness_model not in (extraction.PRECISE_MODEL, REVIEWER_SCORE)


def worthiness_bar(claim):
    score = claim.check_worthiness
    band = worthiness_band(score)
    first = is_first_score(claim)
    title = f"{score:.2f}, " + (f"first score ({claim.check_worthiness_model}): the precise model re-scores it soon"
                               if first else "a reviewer's" if claim.check_worthiness_model == REVIEWER_SCORE
                               else claim.check_worthiness_model)
    return format_html(
        '<span class="worthiness band-{}{}" title="{}"><span class="worthiness-bar"><span style="width: {}%">'
        '</span></span>{}</span>', band, " first-score" if first else "", title, round(score * 100), band)


def status_badge(claim, rating_label: str = ""):
    """The status as a badge, the rating's label beside it (when rated) and "already checked" (when
    the queryset annotated `already_checked`)."""
    rating = format_html(' <span class="claim-rating">{}</span>', rating_label) if claim.rating else ""
    checked = format_html(' <span class="already-checked" title="{}">already checked</span>',
                          f"A match scores {ALREADY_CHECKED_SCORE} or more: see the claim's page."
                          ) if getattr(claim, "already_checked", False) else ""
    return format_html('<span class="claim-status status-{}">{}</span>{}{}', claim.status,
                       claim.get_status_display(), rating, checked)
