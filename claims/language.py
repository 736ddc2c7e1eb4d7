"""Language detection for titles and bodies, with lingua (maintained, accurate on short text)."""

from functools import lru_cache

# Long bodies are judged on their opening; a few thousand characters settle the language.
SAMPLE_CHARACTERS = 4000


@lru_cache(maxsize=1)
def _detector():
    from lingua import LanguageDetectorBuilder

    # Low-accuracy mode loads small models (about 100 MB, under a second) instead of 900 MB.
    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language, or "" when it cannot be told."""
    sample = text[:SAMPLE_CHARACTERS].strip()
    if not sample:
        return ""
    language = _detector().detect_language_of(sample)
    return language.iso_code_639_1.name.lower() if language else ""
