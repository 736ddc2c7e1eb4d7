"""The rating scale as the review road reads it: which ratings exist, in what order, what they are
worth. The workflow validates against it, and the API, admin, public pages and ClaimReview list it.
One query each; the scale is a handful of rows.
"""

from __future__ import annotations

from claims.models import RatingLevel


def rating_scale() -> list[RatingLevel]:
    """Every rating, best first; those without a value last."""
    return list(RatingLevel.objects.on_scale())


def rating_choices() -> list[tuple[str, str]]:
    """(slug, label) of every rating, best first: for forms, filters and the API schema."""
    return [(r.slug, r.label) for r in rating_scale()]


def rating_slugs() -> list[str]:
    return [slug for slug, _ in rating_choices()]


def scale_bounds(scale: list[RatingLevel]) -> tuple[int | None, int | None]:
    """(bestRating, worstRating): the highest and lowest value on the scale."""
    values = [r.value for r in scale if r.value is not None]
    return (max(values), min(values)) if values else (None, None)


def rating_in_use(rating: RatingLevel) -> bool:
    """A verdict, a claim or an event names it (the database refuses to delete it then)."""
    from claims.models import Claim, ClaimEvent, Verdict

    return any(model.objects.filter(rating=rating.slug).exists() for model in (Verdict, Claim, ClaimEvent))
