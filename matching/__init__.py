"""Already checked: a claim's (or any text's) best matches among imported fact-checks and
ClaimTracker's published claims (issue 16).

    search(query, *, language=None, publisher_site=None, max_age_days=None, offset=0, limit=10) -> list[Hit]
    matches_for_texts(texts, languages, *, limit=5, exclude_claim_ids=None) -> list[list[Hit]]
    index_factchecks(ids=None) -> int      index_claims(ids=None) -> int

Imported lazily: the package loads before Django's apps do.
"""

_EXPORTS = {
    "Hit": "matching.core", "search": "matching.core", "matches_for_texts": "matching.core",
    "index_factchecks": "matching.index", "index_claims": "matching.index",
}

__all__ = list(_EXPORTS)


def __getattr__(name):
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'matching' has no attribute {name!r}")
