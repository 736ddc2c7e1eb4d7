"""The rating scale as the public pages show it: slug, label and what the rating means.

The one place that knows where the scale lives: the newsroom's rows (claims.review.ratings) when
they exist, the fixed choices of claims.models.Rating otherwise.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class RatingOption:
    slug: str
    label: str
    description: str = ""


def rating_scale() -> list[RatingOption]:
    """Every rating, in the scale's order (one query when the scale is rows, none otherwise)."""
    try:
        from claims.review.ratings import rating_scale as newsroom_scale
    except ImportError:
        from claims.models import Rating

        if hasattr(Rating, "objects"):
            rows = Rating.objects.order_by("position")
        else:
            return [RatingOption(slug, label) for slug, label in Rating.choices]
    else:
        rows = newsroom_scale()
    return [RatingOption(row.slug, row.label, getattr(row, "description", "") or "") for row in rows]


def rating_labels(scale: list[RatingOption]) -> dict[str, str]:
    return {rating.slug: rating.label for rating in scale}
