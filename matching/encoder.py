"""The similarity encoder: all-MiniLM-L6-v2 (sentence-transformers' base weights, not the
check-worthiness fine-tune), mean pooling and L2 normalisation inside the graph, int8 ONNX, run with
onnxruntime. A text becomes a unit vector; the dot product of two is their cosine.

Exported by `.venv-train/bin/python -m training.matching --export`; the artefact (model, tokenizer,
metadata) ships in model/, so nothing is downloaded at run time. No Django.

English-trained: other languages still encode (WordPiece falls back to pieces and [UNK]) but their
vectors mean little; the lexical candidates carry them.
"""

from __future__ import annotations

import json
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

from claims.extraction.encoder import encodable, scorer_threads


MODEL_DIR = Path(__file__).resolve().parent / "model"
ENCODER_FILE = "similarity-encoder.onnx"
TOKENIZER_FILE = "similarity-tokenizer.json"
METADATA_FILE = "similarity-model.json"
BATCH = 32


def load_metadata(directory: Path = MODEL_DIR) -> dict:
    return json.loads((directory / METADATA_FILE).read_text(encoding="utf-8"))


class SimilarityEncoder:
    def __init__(self, directory: Path = MODEL_DIR, model_file: str = ENCODER_FILE) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        self.metadata = load_metadata(directory)
        self.version: str = self.metadata["version"]
        self.dimensions: int = self.metadata["dimensions"]
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = scorer_threads()  # the same setting as the check-worthiness encoder's
        options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(
            str(directory / model_file), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self.tokenizer = Tokenizer.from_file(str(directory / TOKENIZER_FILE))
        self.tokenizer.enable_truncation(max_length=self.metadata["max_tokens"])
        self.tokenizer.no_padding()
        # One session runs one batch at a time; callers in threads take turns.
        self._lock = threading.Lock()

    def encode(self, texts: list[str], *, batch: int = BATCH) -> np.ndarray:
        """Unit vectors (float32, len(texts) x dimensions), in the order of `texts`.

        Batched by similar lengths. int8 activations are quantised per batch, padding included, so a
        vector moves a little with its neighbours (cosine to the same text alone: mean 0.99+, measured
        by training.matching); ranking tolerates it, and `batch=1` gives a text's vector alone.
        """
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        if not texts:
            return out
        encodings = self.tokenizer.encode_batch([encodable(text) for text in texts])
        lengths = np.array([len(e.ids) for e in encodings])
        order = np.argsort(lengths, kind="stable")
        with self._lock:
            for chunk in _batches(order, lengths, batch):
                width = int(lengths[chunk].max())
                ids = np.zeros((len(chunk), width), dtype=np.int64)
                mask = np.zeros((len(chunk), width), dtype=np.int64)
                for row, index in enumerate(chunk):
                    sequence = encodings[index].ids
                    ids[row, : len(sequence)] = sequence
                    mask[row, : len(sequence)] = 1
                out[chunk] = self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
        return out


def _batches(order: np.ndarray, lengths: np.ndarray, size: int):
    """Runs of `order` (sorted by length) of at most `size` texts whose longest is at most a third
    longer than the shortest (+4 tokens): little padding, which int8 would otherwise fold in."""
    first = 0
    while first < len(order):
        last = first + 1
        limit = lengths[order[first]] * 4 // 3 + 4
        while last < len(order) and last - first < size and lengths[order[last]] <= limit:
            last += 1
        yield order[first:last]
        first = last


@lru_cache(maxsize=1)
def shipped_encoder() -> SimilarityEncoder:
    return SimilarityEncoder(MODEL_DIR)
