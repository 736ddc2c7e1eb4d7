"""How claims and articles are searched: configuration and candidate limits."""


SEARCH_CONFIG = "english"
SEARCH_CANDIDATES = 1000
SIMILAR_CANDIDATES = 500
SIMILARITY_MIN = 0.3  # trigram similarity from which two claims are shown as saying the same thing
# Events shown with a claim (API detail, admin page): a claim moved back and forth for years must
# not make its page unbounded; the whole history is a paginated list away.
RECENT_HISTORY = 20


def _tsquery_literal(lexeme: str) -> str:
    """A lexeme quoted for to_tsquery (quotes doubled, backslashes escaped)."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"
