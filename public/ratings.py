"""The rating scale as the public pages show it: the newsroom's rows (claims.review.ratings)."""

from claims.models import RatingLevel
from claims.review.ratings import rating_scale


__all__ = ["RatingLevel", "rating_labels", "rating_scale"]


def rating_labels(scale: list[RatingLevel]) -> dict[str, str]:
    return {rating.slug: rating.label for rating in scale}
