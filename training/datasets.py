"""The shared datasets (`../shared/datasets/` beside the repository): the one place that says where they
are, and which check-worthiness files the model is trained and judged on.

Imported by training/, bench/ and tests/; needs numpy only (no scikit-learn, no Django).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

DATASETS = Path(__file__).resolve().parents[1].parent / "shared" / "datasets"
CHECKWORTHINESS = DATASETS / "checkworthiness"
REUTERS = DATASETS / "news" / "reuters21578-train.jsonl"
POLNEAR = DATASETS / "attribution" / "polnear"

# CLEF-2024 CheckThat! English check-worthiness: trained (and tuned, calibrated) on these...
TRAIN_FILES = ("CT24_checkworthy_english_train.tsv", "CT24_checkworthy_english_dev.tsv")
# ...and judged on this one only, never trained, tuned or calibrated on.
HELD_OUT_FILE = "CT24_checkworthy_english_dev-test.tsv"


def sentence_rows(path: Path) -> list[dict[str, str]]:
    """The rows of one check-worthiness TSV (header Sentence_id, Text, class_label), as `csv` reads them."""
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def load_sentences(path: Path) -> tuple[list[str], np.ndarray]:
    """Texts of one check-worthiness TSV and their labels (1 = check-worthy, `class_label` Yes)."""
    rows = sentence_rows(path)
    return [row["Text"] for row in rows], np.array([row["class_label"] == "Yes" for row in rows], dtype=np.int64)
