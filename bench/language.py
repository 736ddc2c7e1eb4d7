"""Language detection on the shared data, the product's (CLD2, then lingua) against lingua alone:
share of texts given their known language, and milliseconds per text.

    python -m bench.language
"""

import csv
import json
import os
import time
from itertools import islice


def _samples() -> dict:
    from training.datasets import DATASETS, POLNEAR, REUTERS

    sets = {}
    for folder, code in (("dutch", "nl"), ("spanish", "es"), ("english", "en")):
        texts = []
        for path in sorted((DATASETS / "checkworthiness-more" / "checkthat2022" / folder).glob("*.tsv")):
            with path.open(encoding="utf-8") as handle:
                texts += [row["tweet_text"] for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)]
        sets[f"CT22 {folder} tweets"] = (code, texts)
    with REUTERS.open(encoding="utf-8") as handle:
        sets["Reuters bodies (first 2,000)"] = ("en", [json.loads(line)["body"] for line in islice(handle, 2000)])
    sets["PolNeAR bodies"] = ("en", [path.read_text(encoding="utf-8").split("\n", 2)[-1]
                                     for path in sorted(POLNEAR.glob("*/text/*.txt"))])
    return sets


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimtracker.settings.test")
    from claims.ingest import language

    print("| texts | n | product: right | ms/text | lingua alone: right | ms/text |")
    print("|---|---|---|---|---|---|")
    for name, (code, texts) in _samples().items():
        cells = []
        for detect in (language.detect_language, language._lingua):
            started = time.perf_counter()
            found = [detect(text) for text in texts]
            cells += [f"{sum(f == code for f in found) / len(texts):.3f}",
                      f"{(time.perf_counter() - started) / len(texts) * 1000:.2f}"]
        print(f"| {name} | {len(texts)} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
