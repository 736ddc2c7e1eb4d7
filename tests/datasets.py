"""The shared datasets (`../shared/datasets/` beside the repository) for the tests: found through
`training.datasets`, the one place that says where they are; a test skips when one is absent."""

import json
from itertools import islice
from pathlib import Path

import pytest

from training.datasets import DATASETS, POLNEAR, REUTERS

__all__ = ["DATASETS", "POLNEAR", "REUTERS", "polnear_texts", "require", "reuters_articles", "reuters_lines"]


def require(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"the shared dataset {path} is not here")
    return path


def reuters_lines(count: int, *, every: int = 1) -> list[str]:
    """Raw JSON lines of the Reuters file: `count` of them, one in every `every` (spread over the file)."""
    with require(REUTERS).open(encoding="utf-8") as handle:
        return list(islice(handle, 0, count * every, every))


def reuters_articles(count: int, *, every: int = 1) -> list[dict]:
    return [json.loads(line) for line in reuters_lines(count, every=every)]


def polnear_texts(count: int | None = None) -> list[Path]:
    """PolNeAR article texts (seed format: title line, blank line, body), train and dev, in name order."""
    return sorted(require(POLNEAR).glob("*/text/*.txt"))[:count]
