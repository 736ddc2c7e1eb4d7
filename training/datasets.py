"""The shared datasets (`../shared/datasets/` beside the repository): the one place that says where they
are, and which check-worthiness files the model is trained and judged on.

Imported by training/, bench/ and tests/; needs numpy only (no scikit-learn, no Django).
"""

from __future__ import annotations

import csv
import json
import re
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


CHECKWORTHINESS_MORE = DATASETS / "checkworthiness-more"
CLAIMBUSTER = CHECKWORTHINESS_MORE / "claimbuster" / "train.json"
CT22_ENGLISH = CHECKWORTHINESS_MORE / "checkthat2022" / "english"
CT22_TRAIN_FILE = "CT22_english_1A_checkworthy_train.tsv"
CT22_DEV_FILE = "CT22_english_1A_checkworthy_dev.tsv"
_TWEET_LINK = re.compile(r"https?://\S+")


def text_key(text: str) -> str:
    """What makes two dataset sentences the same sentence: case and white space ignored."""
    return " ".join(text.casefold().split())


# News sentences labelled for check-worthiness in this repository (training/news/README.md says how).
NEWS_SAMPLE = Path(__file__).resolve().parent / "news" / "sample.tsv"


def load_news(path: Path = NEWS_SAMPLE) -> tuple[list[str], np.ndarray, list[str]]:
    """(texts, labels, source of each: polnear-train or reuters-train) of the labelled news sample."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [r["text"] for r in rows], np.array([int(r["label"]) for r in rows]), [r["source"] for r in rows]


def load_tweets(path: Path) -> tuple[list[str], np.ndarray]:
    """Texts of one CT22 1A tweet TSV (links removed: they carry no words) and their labels (class_label 1)."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    texts = [" ".join(_TWEET_LINK.sub(" ", row["tweet_text"]).split()) for row in rows]
    return texts, np.array([row["class_label"].strip() == "1" for row in rows], dtype=np.int64)


def load_claimbuster(path: Path = CLAIMBUSTER) -> tuple[list[str], np.ndarray]:
    """The ClaimBuster two-class set (label 1 = check-worthy factual claim)."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    return [row["text"] for row in rows], np.array([int(row["label"]) == 1 for row in rows], dtype=np.int64)


def debate_sentences(data: Path = CHECKWORTHINESS) -> tuple[list[str], np.ndarray]:
    """CT24 train + dev and the ClaimBuster set, each sentence once (CT24's label wins): debates 1960-2016."""
    texts: list[str] = []
    labels: list[int] = []
    seen: set[str] = set()
    sources = [load_sentences(data / name) for name in TRAIN_FILES] + [load_claimbuster()]
    for source_texts, source_labels in sources:
        for text, label in zip(source_texts, source_labels):
            key = text_key(text)
            if key and key not in seen:
                seen.add(key)
                texts.append(text)
                labels.append(int(label))
    return texts, np.array(labels, dtype=np.int64)
