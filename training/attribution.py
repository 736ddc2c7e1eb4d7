"""How often the extractor's claimant is the right one, on real news (issue 14).

    python -m training.attribution [--compartment train|dev|both] [--reuters N]

PolNeAR (../shared/datasets/attribution/polnear, train and dev compartments; the test compartment is
withheld and never looked for). Tune on train only; dev is the honest figure.

Rules of the measurement:

* One annotation per article: an article annotated by several annotators is judged on its sorted-first
  `.ann` file. Discontinuous spans ("10 20;30 40") are joined with a space.
* A Source is NAMED when it has a head name (below): a capitalised word that is neither a pronoun,
  determiner or other function word (`UNNAMED_CAPITALISED`) nor a title or party word
  (`TITLE_WORDS`): "Trump", "Mr. Trump", "Trump's campaign", "Democrats" are named; "he",
  "officials", "the campaign", "It", "The Democratic presidential candidate" are not (a description
  like the last is judged only through the claims it is resolved in, not here). Attributions without
  a Source are left out.
* The claim judged for an attribution is the claim of `extract(article text)` that overlaps its
  Content span by the most characters (the whole file is extracted, title line included, so the
  offsets are the annotation's). No overlapping claim counts as no claimant.
* The claimant is RIGHT when its words (casefolded, possessive and punctuation stripped) include the
  head of the Source: the source is cut at its first "(", " who ", " whose " or " which "; of its
  comma-separated pieces the first that ends on a capitalised word is the name ("his wife, Jane," ->
  "Jane"; "Paul Huntley, a Sanders delegate" -> "Paul Huntley"), else the first piece; that is split
  at " and " / " & ", a part is cut before " of " when a name ends there ("Senator John McCain of
  Arizona" -> McCain), and each part's head is its last capitalised word that is neither a title
  ("Mr.", "Sen.", "President", see `TITLE_WORDS`) nor a function word. Any part's head will do
  ("Clinton and Sanders" is right as "Sanders").
* ATTEMPTED means a claimant was given at all (not None): accuracy is reported as right / all and
  right / attempted.
* Kinds, first that applies: (d) according: the Cue holds "according to"; (a) quote: the Content
  starts with a quotation mark; (c) trailing: the Cue comes after the Content ("..., X said",
  "..., said X"); (b) before: the Source comes before the Cue and the Cue before the Content
  ("X said that ..."); (f) other. Kind (e) pronoun: the Source is "he" or "she"; it is right when
  the claimant matches the nearest preceding NAMED Source of the same article (an approximation of
  "the person the pronoun refers to": annotated sources only, no gender check). (e) is reported
  apart and is not part of the named figures.
* Reuters (the first N articles of reuters21578-train.jsonl, 750 by default): a claimant is JUNK when
  it holds a control or format character, its first word is a function or time word, weekday or
  month (`JUNK_FIRST_WORDS`), or it is a GENERIC description: determiners dropped, a group or role
  noun alone, whatever its case, or after one lower-case word (`GENERIC_NOUNS`: "the company",
  "officials", "Analysts", "the report", "a spokesman", "company spokesman"; not "Pentagon officials"). A SUB-FORM is a distinct claimant of an article whose
  words, titles dropped, are a strict word-subsequence of another claimant's of the same article that
  is a name (all words capitalised): "Petro" and "Gustavo Petro", "President Petro" and "Gustavo
  Petro", "Anna" and "Anna Vries"; not "Clinton" and "Clinton supporters".
"""

from __future__ import annotations

import argparse
import json
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import inspect

from claims.extraction import extract as _extract
from training.datasets import POLNEAR, REUTERS

# Claimants do not depend on the check-worthiness scorer: use the fast one when there is a choice.
_FAST = {"precise": False} if "precise" in inspect.signature(_extract).parameters else {}


def extract(body: str):
    return _extract(body, **_FAST)

KINDS = ("quote", "before", "trailing", "according", "other")
KIND_LABELS = {
    "quote": "(a) direct quote",
    "before": "(b) X said that",
    "trailing": "(c) trailing, said X",
    "according": "(d) according to X",
    "other": "(f) other",
    "pronoun": "(e) pronoun he/she",
}
UNNAMED_CAPITALISED = frozenset(
    "i he she it they we you who which that this these those the a an his her its their our my your him them us me "
    "one some many most both all each others another there here what whose whom if but and or so as in on at for "
    "after while when".split()
)
TITLE_WORDS = frozenset(
    "mr mrs ms miss dr prof professor sen senator rep representative gov governor president vice minister prime "
    "secretary chancellor general gen judge justice mayor ambassador chairman chairwoman ceo premier commissioner "
    "director speaker leader king queen pope rev sir lord lady former presidential candidate nominee gop "
    "democratic republican".split()
)
PRONOUN_SOURCES = frozenset({"he", "she"})
QUOTE_MARKS = "\"“”‘’'«»"
JUNK_FIRST_WORDS = frozenset(
    (
        "a an the and but or nor so yet at on in by for from to of with into onto over under after before since "
        "during about against among amid between through until despite upon via per as like than if when while "
        "where although though because whether unless also however meanwhile then still even only just now not "
        "this that these those there here it its his her their which who "
        "monday tuesday wednesday thursday friday saturday sunday yesterday today tonight tomorrow earlier later "
        "last next recently january february march april june july august september october november december "
        "jan feb mar apr jun jul aug sep sept oct nov dec"
    ).split()
)
GENERIC_NOUNS = frozenset(
    "company companies firm group report study statement survey poll data official officials spokesman "
    "spokeswoman spokesperson source sources analyst analysts expert experts economist economists authorities "
    "government ministry department agency bank court police administration campaign committee commission "
    "union party military army people residents witnesses critics observers researchers scientists "
    "investigators prosecutors lawyers diplomats aides advisers sources insiders dealers traders executives "
    "executive newspaper paper agency officer officers leaders members".split()
)
_DETERMINERS = frozenset("the a an some many several other most two three one of these those its their his her".split())
DEFAULT_REUTERS_ARTICLES = 750


@dataclass(frozen=True)
class Attribution:
    source: str
    source_start: int
    cue: str
    cue_start: int
    content_start: int
    content_end: int
    content: str


def _words(text: str) -> list[str]:
    out = []
    for word in text.split():
        word = word.strip(".,;:!?()[]{}" + QUOTE_MARKS)
        for suffix in ("’s", "'s", "’", "'"):
            if word.endswith(suffix):
                word = word[: -len(suffix)]
                break
        if word:
            out.append(word)
    return out


def is_named(source: str) -> bool:
    """The source has a head name (`source_heads`): "The Democratic presidential candidate" has none."""
    return bool(source_heads(source))


def _head(part: str) -> str | None:
    capitalised = [
        w for w in _words(part) if w[:1].isupper() and w.casefold().rstrip(".") not in TITLE_WORDS | UNNAMED_CAPITALISED
    ]
    return capitalised[-1].casefold() if capitalised else None


def source_heads(source: str) -> set[str]:
    cut = source
    for stop in ("(", " who ", " whose ", " which "):
        at = cut.find(stop)
        if at > 0:
            cut = cut[:at]
    pieces = [p for p in cut.split(",") if p.strip()]
    # "his wife, Jane," / "Florida's attorney general, Pam Bondi,": a piece ending on a lower-case word
    # is a description; the name is the first piece that ends on a capitalised one.
    chosen = next((p for p in pieces if _words(p) and _words(p)[-1][:1].isupper()), pieces[0] if pieces else cut)
    heads = set()
    for part in chosen.replace(" & ", " and ").split(" and "):
        before_of = part.split(" of ", 1)[0]
        if before_of != part and _words(before_of) and _head(before_of) == _words(before_of)[-1].casefold():
            part = before_of  # "Senator John McCain of Arizona" -> McCain, not Arizona
        head = _head(part)
        if head:
            heads.add(head)
    return heads


def claimant_matches(claimant: str | None, source: str) -> bool:
    if not claimant:
        return False
    words = {w.casefold() for w in _words(claimant)}
    return bool(words & source_heads(source))


def attribution_kind(a: Attribution) -> str:
    if "according to" in a.cue.casefold():
        return "according"
    if a.content.lstrip()[:1] in QUOTE_MARKS:
        return "quote"
    if a.cue_start > a.content_start:
        return "trailing"
    if a.source_start < a.cue_start < a.content_start:
        return "before"
    return "other"


def _span(offsets: str, text: str) -> tuple[int, int, str]:
    pieces = [tuple(map(int, piece.split())) for piece in offsets.split(";")]
    return pieces[0][0], pieces[-1][1], " ".join(text[s:e] for s, e in pieces)


def parse_ann(ann: str, text: str) -> list[Attribution]:
    """The attributions of one brat file that have a Source, a Cue and a Content."""
    spans: dict[str, tuple[str, int, int, str]] = {}
    events: list[dict[str, str]] = []
    for line in ann.splitlines():
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 2:
            label, _, offsets = fields[1].partition(" ")
            try:
                start, end, covered = _span(offsets, text)
            except ValueError:
                continue
            spans[fields[0]] = (label, start, end, covered)
        elif line.startswith("E") and len(fields) >= 2:
            roles = dict(part.split(":", 1) for part in fields[1].split() if ":" in part)
            events.append(roles)
    found = []
    for roles in events:
        if not {"Source", "Cue", "Content"} <= roles.keys():
            continue
        try:
            _, source_start, _, source = spans[roles["Source"]]
            _, cue_start, _, cue = spans[roles["Cue"]]
            _, content_start, content_end, content = spans[roles["Content"]]
        except KeyError:
            continue
        found.append(Attribution(source, source_start, cue, cue_start, content_start, content_end, content))
    return found


def polnear_articles(compartment: str, root: Path = POLNEAR) -> list[tuple[str, str, list[Attribution]]]:
    """(name, text, attributions) of every article of a PolNeAR compartment ("train" or "dev")."""
    folder = root / compartment
    anns = sorted((folder / "attributions").glob("*.ann"))
    articles = []
    for text_path in sorted((folder / "text").glob("*.txt")):
        mine = [a for a in anns if a.name.rsplit("_", 1)[0] == text_path.stem]
        if not mine:
            continue
        text = text_path.read_text(encoding="utf-8")
        articles.append((text_path.stem, text, parse_ann(mine[0].read_text(encoding="utf-8"), text)))
    return articles


def claim_for(claims, start: int, end: int):
    best, best_overlap = None, 0
    for claim in claims:
        overlap = min(end, claim.end) - max(start, claim.start)
        if overlap > best_overlap:
            best, best_overlap = claim, overlap
    return best


def subform_count(claimants: set[str]) -> int:
    """Distinct claimants that are, titles dropped, a strict word-subsequence of another one."""
    forms = {c: [w.casefold() for w in _words(c) if w.casefold().rstrip(".") not in TITLE_WORDS] for c in claimants}

    def within(short: list[str], long: list[str]) -> bool:
        it = iter(long)
        return all(w in it for w in short)

    names = {c for c in claimants if all(w[:1].isupper() or w in {"of", "de", "van", "von", "the", "and"} for w in c.split())}
    return sum(
        1
        for a, fa in forms.items()
        if fa and any(b in names and fa != fb and len(fa) < len(fb) and within(fa, fb) for b, fb in forms.items())
    )


def is_generic(claimant: str) -> bool:
    words = claimant.split()
    while words and words[0].casefold() in _DETERMINERS:
        words = words[1:]
    if not words or len(words) > 2 or any(w[:1].isupper() for w in words[1:]):
        return False
    if words[0][:1].isupper() and len(words) > 1:
        return False  # "Pentagon officials"
    return words[-1].casefold() in GENERIC_NOUNS


def junk_reason(claimant: str) -> str | None:
    if any(unicodedata.category(c) in {"Cc", "Cf", "Cs", "Co"} for c in claimant):
        return "control"
    words = _words(claimant)
    if not words:
        return "control"
    if words[0].casefold() in JUNK_FIRST_WORDS and not is_generic(claimant):
        return "first word"
    if is_generic(claimant):
        return "generic"
    return None


def evaluate_polnear(compartment: str, examples: int = 0) -> dict:
    totals: dict[str, Counter] = defaultdict(Counter)
    misses: list[tuple[str, str, str | None, str]] = []
    subforms = 0
    articles = polnear_articles(compartment)
    for name, text, attributions in articles:
        claims = extract(text)
        subforms += subform_count({c.claimant for c in claims if c.claimant})
        ordered = sorted(attributions, key=lambda a: a.source_start)
        last_named: str | None = None
        for a in ordered:
            bare = a.source.strip().casefold()
            named = is_named(a.source)
            if not named and bare not in PRONOUN_SOURCES:
                continue
            claim = claim_for(claims, a.content_start, a.content_end)
            claimant = claim.claimant if claim else None
            if named:
                kind = attribution_kind(a)
                right = claimant_matches(claimant, a.source)
                last_named = a.source
            else:
                kind = "pronoun"
                if last_named is None:
                    continue
                right = claimant_matches(claimant, last_named)
            counts = totals[kind]
            counts["all"] += 1
            counts["attempted"] += claimant is not None
            counts["right"] += right
            if not right and len(misses) < examples and kind != "pronoun":
                misses.append((kind, a.source, claimant, (claim.text if claim else "")[:220]))
    named = Counter()
    for kind in KINDS:
        named.update(totals[kind])
    return {
        "compartment": compartment,
        "articles": len(articles),
        "named": dict(named),
        "by_kind": {kind: dict(totals[kind]) for kind in (*KINDS, "pronoun")},
        "subforms": subforms,
        "misses": misses,
    }


def evaluate_reuters(count: int = DEFAULT_REUTERS_ARTICLES) -> dict:
    reasons: Counter = Counter()
    examples: dict[str, Counter] = defaultdict(Counter)
    subforms = claimants_total = 0
    with REUTERS.open(encoding="utf-8") as lines:
        for line in islice(lines, count):
            claims = extract(json.loads(line)["body"])
            names = [c.claimant for c in claims if c.claimant]
            claimants_total += len(names)
            subforms += subform_count(set(names))
            for name in names:
                reason = junk_reason(name)
                if reason:
                    reasons[reason] += 1
                    examples[reason][name] += 1
    return {
        "articles": count,
        "claimants": claimants_total,
        "junk": sum(reasons.values()),
        "junk_by_reason": dict(reasons),
        "junk_examples": {r: c.most_common(8) for r, c in examples.items()},
        "subforms": subforms,
    }


def figures(compartments: tuple[str, ...] = ("dev",), reuters: int = DEFAULT_REUTERS_ARTICLES, examples: int = 0) -> dict:
    """The figures as a dict: {"polnear": {compartment: ...}, "reuters": ...}."""
    return {
        "polnear": {c: evaluate_polnear(c, examples) for c in compartments},
        "reuters": evaluate_reuters(reuters) if reuters else None,
    }


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "  -  "


def print_figures(result: dict) -> None:
    for compartment, found in result["polnear"].items():
        print(f"PolNeAR {compartment}: {found['articles']} articles; claimant right on attributions")
        print(f"  {'kind':24} {'n':>6} {'right':>6} {'right/all':>10} {'right/att':>10}")
        rows = [(KIND_LABELS[k], found["by_kind"][k]) for k in (*KINDS, "pronoun")]
        rows.insert(len(KINDS), ("named sources, all", found["named"]))
        for label, c in rows:
            n, right, att = c.get("all", 0), c.get("right", 0), c.get("attempted", 0)
            print(f"  {label:24} {n:6d} {right:6d} {_ratio(right, n):>10} {_ratio(right, att):>10}")
        print(f"  sub-form claimants (all articles): {found['subforms']}")
        for kind, source, claimant, text in found["misses"]:
            print(f"    MISS {kind}: source={source!r} claimant={claimant!r} :: {text!r}")
    reuters = result.get("reuters")
    if reuters:
        print(
            f"Reuters first {reuters['articles']} articles: {reuters['claimants']} claimants, "
            f"junk {reuters['junk']} {reuters['junk_by_reason']}, sub-forms {reuters['subforms']}"
        )
        for reason, common in reuters["junk_examples"].items():
            print(f"    {reason}: {common}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--compartment", choices=("train", "dev", "both"), default="dev")
    parser.add_argument("--reuters", type=int, default=DEFAULT_REUTERS_ARTICLES, help="Reuters articles for the junk count (0: none)")
    parser.add_argument("--examples", type=int, default=0, help="print this many misses (train only: never tune on dev)")
    args = parser.parse_args(argv)
    compartments = ("train", "dev") if args.compartment == "both" else (args.compartment,)
    started = time.process_time()
    print_figures(figures(compartments, args.reuters, args.examples))
    print(f"({time.process_time() - started:.1f} s CPU)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
