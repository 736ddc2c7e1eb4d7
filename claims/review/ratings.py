"""The rating scale as the review road reads it: which ratings exist, in what order, what they are
worth. The workflow validates against it, and the API, admin, public pages and ClaimReview list it.
One query each; the scale is a handful of rows.
"""

from __future__ import annotations

from django.db import connection
from psycopg2 import sql

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
    """Whatever names it: a row of any table whose foreign key points at the scale (verdicts, claims,
    their history, imported fact-checks, rating mappings). The database's own list of those keys, so a
    new one is counted too, and the database would refuse to delete or rename the rating."""
    with connection.cursor() as cursor:
        cursor.execute(  # single-column foreign keys onto the scale's slug: (schema, table, column)
            "SELECT n.nspname, t.relname, a.attname FROM pg_constraint c "
            "JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
            "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
            "JOIN pg_attribute r ON r.attrelid = c.confrelid AND r.attnum = c.confkey[1] "
            "WHERE c.contype = 'f' AND c.confrelid = %s::regclass AND cardinality(c.conkey) = 1 AND r.attname = 'slug'",
            [RatingLevel._meta.db_table])
        for schema, table, column in cursor.fetchall():
            cursor.execute(sql.SQL("SELECT EXISTS (SELECT 1 FROM {} WHERE {} = %s)").format(
                sql.Identifier(schema, table), sql.Identifier(column)).as_string(cursor.connection), [rating.slug])
            if cursor.fetchone()[0]:
                return True
    return False