"""Recall and false flags of adequacy detectors on benchmarks/data/adequacy (issue 24), side by side.

    python benchmarks/bench_adequacy.py --split tune                     # the lexical detector
    python benchmarks/bench_adequacy.py --split report --detector lexical --detector contrastive-gated \
        --score-cache /tmp/cc-scores.jsonl
    python benchmarks/bench_adequacy.py --split report --detector lexical --detector cc=mymodule:detect
    python benchmarks/bench_adequacy.py --split both --limit 30 --save /tmp/flags.tsv

A detector is a function (zh, en) -> (missing, added): the Chinese clauses it finds missing from the
English and the English sentences it finds added (any iterables of strings; an object with `.missing`
and `.added` works too). `--detector NAME=module:function` plugs one in (the module importable from
the repository root); `lexical`, `contrastive` and `contrastive-gated` (benchmarks/bench_contrastive.py,
with the embedded model) are built in. With two or more detectors a `combined` one (a flag of any) is
scored too. Printed per split and detector: omission recall (the inserted clause flagged),
addition recall (the appended sentence flagged), the share of untouched pairs with any flag, the
share of modified pairs with a flag elsewhere, and seconds per pair.
"""
from __future__ import annotations

import argparse
import csv
import importlib
import re
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

DATA = ROOT / "benchmarks" / "data" / "adequacy"
_PLAIN = re.compile(r"[\s，,。.；;：:、！!？?“”\"'‘’]")
Detector = Callable[[str, str], tuple]


def lexical_detector() -> Detector:
    """Return the lexical detector as `press translate` runs it: the repository glossary's terms, jieba's words."""
    from pipeline.adequacy import lexical
    from pipeline.adequacy.checks import analyse
    from pipeline.config import REPO_GLOSSARY
    from pipeline.glossary import Glossary

    glossary = Glossary.load(REPO_GLOSSARY)

    def detect(zh: str, en: str) -> tuple:
        words, terms, names = analyse(zh, glossary)
        coverage = lexical.assess(zh, en, terms, words, names)
        return [item.clause.text for item in coverage.missing], list(coverage.added)
    return detect


def built_in(score_cache: Path | None = None, threads: int | None = None) -> dict[str, Callable[[], Detector]]:
    """Return the built-in detectors by name: lexical, and contrastive conditioning (benchmarks/bench_contrastive.py)
    on every clause or on the clauses lexical coverage doubts, its scores kept in `score_cache`."""
    import bench_contrastive

    return {"lexical": lexical_detector,
            "contrastive": lambda: bench_contrastive.contrastive_detector(score_cache, threads),
            "contrastive-gated": lambda: bench_contrastive.gated_detector(score_cache, threads)}


def load_detector(spec: str, score_cache: Path | None = None, threads: int | None = None) -> tuple[str, Detector]:
    """Return (name, detector) for a built-in one (lexical, contrastive, contrastive-gated) or
    "NAME=module:function"."""
    detectors = built_in(score_cache, threads)
    if spec in detectors:
        return spec, detectors[spec]()
    name, _, target = spec.partition("=")
    module, _, function = target.partition(":")
    if not (name and module and function):
        raise SystemExit(f"--detector {spec!r}: write NAME=module:function")
    return name, getattr(importlib.import_module(module), function)


def _plain(text: str) -> str:
    return _PLAIN.sub("", text)


def overlaps(flag: str, truth: str) -> bool:
    """Return whether a flagged clause or sentence is (part of) the inserted one, or holds it."""
    flag, truth = _plain(flag), _plain(truth)
    return bool(flag) and (flag in truth or truth in flag)


def rows(split: str, limit: int | None) -> list[dict]:
    with open(DATA / f"{split}.tsv", encoding="utf-8", newline="") as handle:
        found = list(csv.DictReader(handle, delimiter="\t"))
    if limit:  # the first `limit` source pairs, each with its three rows
        origins = list(dict.fromkeys(row["origin"] for row in found))[:limit]
        found = [row for row in found if row["origin"] in origins]
    return found


def run(detector: Detector, pairs: list[dict]) -> list[dict]:
    """Return each pair with the detector's flags and seconds."""
    results = []
    for row in pairs:
        started = time.perf_counter()
        answer = detector(row["zh"], row["en"])
        seconds = time.perf_counter() - started
        missing, added = (answer.missing, answer.added) if hasattr(answer, "missing") else answer
        results.append({**row, "missing": [str(m) for m in missing], "added": [str(a) for a in added],
                        "seconds": seconds})
    return results


def combine(*runs: list[dict]) -> list[dict]:
    """Return the flags of any of the runs, pair by pair, and their summed seconds."""
    return [{**group[0], "missing": [m for r in group for m in r["missing"]],
             "added": [a for r in group for a in r["added"]], "seconds": sum(r["seconds"] for r in group)}
            for group in zip(*runs, strict=True)]


def score(results: list[dict]) -> dict:
    """Return recall per kind, false-flag shares and seconds per pair."""
    def hit(row: dict) -> bool:
        flags = row["missing"] if row["kind"] == "omission" else row["added"]
        return any(overlaps(flag, row["inserted"]) for flag in flags)

    def elsewhere(row: dict) -> bool:
        wrong = [f for f in row["missing"] + row["added"] if not overlaps(f, row["inserted"])]
        return bool(wrong)

    kinds = {kind: [row for row in results if row["kind"] == kind] for kind in ("omission", "addition", "untouched")}
    share = lambda found, pool: found / len(pool) if pool else float("nan")  # noqa: E731
    modified = kinds["omission"] + kinds["addition"]
    return {
        "omission recall": share(sum(map(hit, kinds["omission"])), kinds["omission"]),
        "addition recall": share(sum(map(hit, kinds["addition"])), kinds["addition"]),
        "untouched flagged": share(sum(bool(r["missing"] or r["added"]) for r in kinds["untouched"]),
                                   kinds["untouched"]),
        "modified, flag elsewhere": share(sum(map(elsewhere, modified)), modified),
        "seconds per pair": share(sum(r["seconds"] for r in results), results),
        "pairs": len(results),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("tune", "report", "both"), default="tune")
    parser.add_argument("--detector", action="append",
                        help="lexical, contrastive, contrastive-gated, or NAME=module:function (repeatable)")
    parser.add_argument("--score-cache", type=Path, help="keep contrastive conditioning's scores in this file")
    parser.add_argument("--threads", type=int, help="the embedded model's threads (default: up to 4 cores)")
    parser.add_argument("--limit", type=int, help="only the first N source pairs of each split (3 rows each)")
    parser.add_argument("--save", type=Path, help="write every pair's flags to this TSV")
    args = parser.parse_args(argv)
    detectors = [load_detector(spec, args.score_cache, args.threads) for spec in (args.detector or ["lexical"])]
    saved = []
    for split in ("tune", "report") if args.split == "both" else (args.split,):
        pairs = rows(split, args.limit)
        runs = {name: run(detector, pairs) for name, detector in detectors}
        if len(runs) > 1:
            runs["combined"] = combine(*runs.values())
        print(f"\n{split} ({len(pairs)} pairs)")
        table = {name: score(results) for name, results in runs.items()}
        print(f"{'':28}" + "".join(f"{name:>14}" for name in table))
        for measure in next(iter(table.values())):
            cells = "".join(f"{values[measure]:>14.3f}" if measure != "pairs" else f"{values[measure]:>14}"
                            for values in table.values())
            print(f"{measure:28}{cells}")
        saved += [{**row, "detector": name} for name, results in runs.items() for row in results]
    if args.save:
        with open(args.save, "w", encoding="utf-8", newline="") as handle:
            out = csv.writer(handle, delimiter="\t")
            out.writerow(["detector", "id", "kind", "hit_text", "missing", "added", "seconds"])
            for row in saved:
                out.writerow([row["detector"], row["id"], row["kind"], row["inserted"], " | ".join(row["missing"]),
                              " | ".join(row["added"]), f"{row['seconds']:.4f}"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
