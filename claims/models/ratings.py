"""The newsroom's rating scale: the verdicts a reviewer can give, as rows editors manage.

Each rating has a slug (what the API takes and stores on claims, verdicts and events), a label and a
description for readers, and a value on the scale (schema.org `ratingValue`; distinct; the highest is
`bestRating`, the lowest `worstRating`) or none at all, as for "Unproven". Claims, verdicts and events
keep the slug in their `rating` column, and a foreign key in the database (migration 0008) refuses a
slug that is not on the scale and the deletion or renaming of a rating in use.
"""

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q


SLUG_PATTERN = r"^[a-z0-9]+(?:_[a-z0-9]+)*$"


class RatingQuerySet(models.QuerySet):
    def on_scale(self):
        """Best first, then the ratings without a value, by label."""
        return self.order_by(models.F("value").desc(nulls_last=True), "label")


class RatingLevel(models.Model):
    slug = models.CharField(
        max_length=64, unique=True,
        validators=[RegexValidator(SLUG_PATTERN, "Lower-case letters and digits, words joined by _ (missing_context).")],
        help_text="What API clients send and receive (false, mostly_true). Cannot change once a verdict uses it.",
    )
    label = models.CharField(max_length=64, unique=True, help_text="Shown to readers: \"Mostly true\".")
    description = models.TextField(blank=True, help_text="What the rating means, shown to readers with it.")
    value = models.PositiveSmallIntegerField(
        null=True, blank=True, unique=True, validators=[MinValueValidator(1)],
        help_text="Its place on the scale (higher is truer; distinct), or empty for a rating that carries "
                  "no value (Unproven).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RatingQuerySet.as_manager()

    class Meta:
        verbose_name = "rating"
        verbose_name_plural = "rating scale"
        ordering = [models.F("value").desc(nulls_last=True), "label"]
        constraints = [
            models.CheckConstraint(condition=Q(value__isnull=True) | Q(value__gte=1), name="claims_rating_value_positive"),
            models.CheckConstraint(condition=Q(slug__regex=SLUG_PATTERN), name="claims_rating_slug_form"),
            models.CheckConstraint(condition=~Q(label=""), name="claims_rating_label_not_blank"),
        ]

    def __str__(self):
        return self.label


def rating_level_field() -> models.ForeignObject:
    """The scale's row of a model's `rating` slug, for its label and value. It has no column of its own:
    the database's foreign key on `rating` (a migration of the model's app) guards it."""
    return models.ForeignObject(
        "claims.RatingLevel", on_delete=models.DO_NOTHING, from_fields=["rating"], to_fields=["slug"],
        related_name="+", null=True, blank=True, editable=False)

