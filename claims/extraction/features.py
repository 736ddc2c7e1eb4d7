"""Features of one sentence for the check-worthiness model, shared by training and run time.

Training and scoring call the same functions, so the shipped linear model reproduces the
training-time decision function exactly without scikit-learn.
"""

from __future__ import annotations

import re
from itertools import repeat

import numpy as np

CHAR_NGRAM_SIZES = (2, 3, 4)
CHAR_HASH_BITS = 20
_HASH_BASE = np.uint64(1_000_003)
_HASH_MIX = np.uint64(0x9E3779B97F4A7C15)
_HASH_SHIFT = np.uint64(64 - CHAR_HASH_BITS)

# Curly apostrophes and quotes fold into straight ones; digits fold into 0 so "1,200" and "3,400" share n-grams.
_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"', **{str(d): "0" for d in range(10)}})
_WORD = re.compile(r"\w+(?:'\w+)*|[%$€£?!\"]")

_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"(?<!\d)(?:1[89]\d\d|20\d\d)s?(?!\d)")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Each hand-made feature fires when the sentence holds one of its words or word pairs (folded form).
_HAND_WORDS: tuple[tuple[str, frozenset[str]], ...] = (
    ("percent", _words("% percent percentage per cent")),
    ("money", _words("$ € £ dollar dollars euro euros pound pounds peso pesos yuan budget tax taxes deficit debt spending cost costs")),
    ("magnitude", _words("hundred hundreds thousand thousands million millions billion billions trillion trillions dozen dozens half twice double doubled triple tripled quarter third majority minority")),
    ("date", _words("january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday yesterday ago") | frozenset({"last week", "last month", "last year"})),
    ("comparative", frozenset({"more than", "less than", "fewer than", "higher than", "lower than", "greater than", "bigger than", "larger than", "smaller than"}) | _words("increase increased decrease decreased rose risen fell fallen grew grown doubled tripled cut dropped decline declined")),
    ("superlative", _words("most least largest biggest highest lowest best worst first only record fastest greatest smallest")),
    ("reporting", _words("said says reported announced confirmed stated claimed told declared denied acknowledged") | frozenset({"according to"})),
    ("hedge", _words("may might could perhaps possibly probably likely seem seems appear appears suggest suggests believe think feel hope guess")),
    ("opinion", _words("great terrible wonderful horrible disaster amazing beautiful good bad wrong right should must ought shame ridiculous incredible tremendous substantial remarkable significant")),
    ("future", _words("will won't would forecast") | frozenset({"going to", "plan to", "plans to", "planned to", "expect to", "expects to", "expected to"})),
    ("first_person", _words("i me my we our us i'm i've we're we've")),
    ("second_person", _words("you your you're you've")),
    ("question", _words("?")),
    ("quotation", _words('"')),
    ("law", _words("law bill act vote voted legislation sanction sanctions court illegal tariff tariffs treaty")),
)
# Sentence length and counts of capitalised words were tried and left out: news sentences are longer
# and richer in names than debate sentences, so those features would inflate every news score.
HAND_FEATURE_NAMES: tuple[str, ...] = ("digit", "year") + tuple(name for name, _ in _HAND_WORDS)
# term -> the word features it switches on (after "digit" and "year"): one lookup per term.
_FEATURES_OF_TERM: dict[str, tuple[int, ...]] = {}
for _index, (_, _words) in enumerate(_HAND_WORDS, start=2):
    for _word in _words:
        _FEATURES_OF_TERM[_word] = (*_FEATURES_OF_TERM.get(_word, ()), _index)


def fold(text: str) -> str:
    """Lower-case text with quotes and digits folded, whitespace collapsed to single spaces."""
    return " ".join(text.lower().translate(_FOLD).split())


def word_terms(folded: str) -> list[str]:
    """Word unigrams and bigrams of a folded sentence."""
    words = _WORD.findall(folded)
    return words + [a + " " + b for a, b in zip(words, words[1:])]


def char_hashes(folded_texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(row, bucket) of every character n-gram (2..4) of each folded text padded with spaces.

    Hashed with numpy over code points, a few microseconds per sentence: a stable polynomial hash
    (wrapping uint64 arithmetic, so the same on every machine) folded to CHAR_HASH_BITS bits.
    """
    padded = [" " + f + " " for f in folded_texts]
    lengths = np.fromiter(map(len, padded), dtype=np.int64, count=len(padded))
    # surrogatepass: a lone surrogate (a Python str may hold one) hashes as its code point instead of raising.
    codes = np.frombuffer("".join(padded).encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64)
    text_end = np.cumsum(lengths)
    row_of = np.repeat(np.arange(len(padded), dtype=np.int64), lengths)
    rows, buckets = [], []
    for n in CHAR_NGRAM_SIZES:
        count = len(codes) - n + 1
        if count <= 0:
            continue
        value = np.full(count, n, dtype=np.uint64)
        for k in range(n):
            value = value * _HASH_BASE + codes[k : k + count]
        bucket = ((value * _HASH_MIX) >> _HASH_SHIFT).astype(np.int64)
        inside = np.arange(count, dtype=np.int64) + n <= text_end[row_of[:count]]
        rows.append(row_of[:count][inside])
        buckets.append(bucket[inside])
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(rows), np.concatenate(buckets)


def hand_features(text: str, terms: list[str] | None = None) -> list[float]:
    """Hand-made features that carry over from debates to news, each 0 or 1.

    `terms` are the sentence's word_terms when the caller already has them.
    """
    values = [0.0] * len(HAND_FEATURE_NAMES)
    values[0] = 1.0 if _DIGIT.search(text) else 0.0
    values[1] = 1.0 if _YEAR.search(text) else 0.0
    features_of = _FEATURES_OF_TERM.get
    for term in terms if terms is not None else word_terms(fold(text)):
        for index in features_of(term, ()):
            values[index] = 1.0
    return values


def term_indices(terms_per_text: list[list[str]], vocabulary: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """(row, column) of every known term occurrence; unknown terms are dropped."""
    columns: list[int] = []
    lengths: list[int] = []
    get = vocabulary.get
    for terms in terms_per_text:
        columns.extend(map(get, terms, repeat(-1)))  # C-level loop; unknown terms become -1
        lengths.append(len(terms))
    column_array = np.array(columns, dtype=np.int64)
    row_array = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
    known = column_array >= 0
    return row_array[known], column_array[known]


def tfidf_entries(
    rows: np.ndarray, columns: np.ndarray, n_rows: int, n_columns: int, idf: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sublinear tf-idf, l2-normalised per row, as sorted unique (row, column, value) entries."""
    keys = rows * n_columns + columns
    unique_keys, counts = np.unique(keys, return_counts=True)
    entry_rows = unique_keys // n_columns
    entry_columns = unique_keys % n_columns
    values = (1.0 + np.log(counts)) * idf[entry_columns]
    norms = np.sqrt(np.bincount(entry_rows, weights=values * values, minlength=n_rows))
    values = values / np.where(norms > 0, norms, 1.0)[entry_rows]
    return entry_rows, entry_columns, values
