"""The precise check-worthiness model: fine-tuned MiniLM, int8 ONNX, run with onnxruntime.

Trained by `python -m training.encoder`, calibrated by `python -m training.calibrate`; the artefact
(model, tokenizer, calibration) ships in model/, so nothing is downloaded at run time.
"""

from __future__ import annotations

import json
import os
import re
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np


MODEL_DIR = Path(__file__).resolve().parent / "model"
ENCODER_FILE = "checkworthiness-encoder.onnx"
TOKENIZER_FILE = "checkworthiness-tokenizer.json"
CALIBRATION_FILE = "checkworthiness-calibration.json"
MAX_TOKENS = 64


def scorer_threads() -> int:
    """Threads onnxruntime may use: CLAIMTRACKER_SCORER_THREADS, else up to 2 (more rarely pays for itself)."""
    configured = os.environ.get("CLAIMTRACKER_SCORER_THREADS", "")
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return max(1, min(2, os.cpu_count() or 1))


def load_calibration(directory: Path = MODEL_DIR) -> dict:
    return json.loads((directory / CALIBRATION_FILE).read_text(encoding="utf-8"))


_SURROGATE = re.compile("[\ud800-\udfff]")


def encodable(text: str) -> str:
    """The text, with lone surrogates (which the tokenizer refuses; no UTF-8 has them) as U+FFFD."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)
    return text


class EncoderModel:
    def __init__(self, directory: Path = MODEL_DIR) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = scorer_threads()
        options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(
            str(directory / ENCODER_FILE), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self.tokenizer = Tokenizer.from_file(str(directory / TOKENIZER_FILE))
        self.tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self.tokenizer.no_padding()
        # One session runs one batch at a time; callers in threads (the local re-scorer) take turns.
        self._lock = threading.Lock()

    def logits(self, texts: list[str]) -> np.ndarray:
        """The raw score (logit) of each text taken as one sentence.

        One sentence per run, on purpose: int8 quantisation scales activations per tensor, so in a
        batch a sentence's score would depend on its neighbours (by up to 0.02 measured). A score
        is a function of the sentence alone.
        """
        out = np.zeros(len(texts), dtype=np.float64)
        if not texts:
            return out
        encodings = self.tokenizer.encode_batch([encodable(text) for text in texts])
        with self._lock:
            for i, encoding in enumerate(encodings):
                ids = np.array([encoding.ids], dtype=np.int64)
                out[i] = self.session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})[0][0]
        return out


@lru_cache(maxsize=1)
def shipped_encoder() -> EncoderModel:
    return EncoderModel(MODEL_DIR)
