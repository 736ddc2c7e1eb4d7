"""The fixed vocabularies of ClaimTracker (statuses, ratings, kinds, stances, history actions) and
the names of the newsroom's groups."""


from django.db import models
from django.db.models import Q


class ClaimStatus(models.TextChoices):
    UNREVIEWED = "unreviewed", "Unreviewed"
    IN_REVIEW = "in_review", "In review"
    REVIEWED = "reviewed", "Reviewed"
    PUBLISHED = "published", "Published"
    DISMISSED = "dismissed", "Dismissed"


class Rating(models.TextChoices):
    """The slugs of the scale a new database starts with (migration 0008). The scale itself is the
    `RatingLevel` rows editors manage: validate and list ratings from those, never from this."""

    TRUE = "true", "True"
    MOSTLY_TRUE = "mostly_true", "Mostly true"
    MIXED = "mixed", "Mixed"
    MOSTLY_FALSE = "mostly_false", "Mostly false"
    FALSE = "false", "False"
    MISLEADING = "misleading", "Misleading"
    UNPROVEN = "unproven", "Unproven"


class ClaimKind(models.TextChoices):
    QUOTE = "quote", "Quote"
    STATISTIC = "statistic", "Statistic"
    EVENT = "event", "Event"
    ATTRIBUTION = "attribution", "Attribution"
    PREDICTION = "prediction", "Prediction"
    OPINION = "opinion", "Opinion"
    OTHER = "other", "Other"


class Stance(models.TextChoices):
    SUPPORTS = "supports", "Supports the claim"
    REFUTES = "refutes", "Refutes the claim"
    CONTEXT = "context", "Gives context"


class ClaimAction(models.TextChoices):
    """What a history event records: the workflow moves, plus creation and hand edits."""

    CREATE = "create", "Created"
    EDIT = "edit", "Edited"
    START = "start", "Started review"
    RELEASE = "release", "Released"
    RATE = "rate", "Rated"
    PUBLISH = "publish", "Published"
    REOPEN = "reopen", "Reopened"
    DISMISS = "dismiss", "Dismissed"
    RESTORE = "restore", "Restored"


MANUAL_EXTRACTOR = "manual"
# check_worthiness_model of a score a reviewer gave by hand (no model re-scores it).
REVIEWER_SCORE = "reviewer"


def _choices_constraint(field: str, choices: type[models.TextChoices], *, nullable: bool = False):
    condition = Q(**{f"{field}__in": choices.values})
    if nullable:
        condition |= Q(**{f"{field}__isnull": True})
    return models.CheckConstraint(condition=condition, name=f"%(app_label)s_%(class)s_{field}_valid")


class Role:
    """Names of the groups created by migration 0004."""

    REVIEWERS = "Reviewers"
    EDITORS = "Editors"
