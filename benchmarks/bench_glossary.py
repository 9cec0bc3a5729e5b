"""Glossary matcher benchmark: a 100,000-term glossary against a 100-term one, per release.

    .venv/bin/python benchmarks/bench_glossary.py [--terms 100000] [--repeat 200] [--seed 7]

The small glossary is 100 entries of the shipped glossary (every entry the samples hit, then the
rest in file order). The large one is the whole shipped glossary, plus every Chinese division name
of glossary/sources/cn-admin-divisions-pinyin (full and short forms, all levels), plus random Han
strings of 2-8 characters until it holds --terms entries. The characters are drawn with their
frequency in the government work reports (glossary/sources/cn-gov-work-report-zh), i.e. as common
as in real Chinese prose; --alphabet samples draws them from the samples' own characters instead,
a worst case in which random terms match the releases far more often than real names do. Per-release cost is Glossary.find() over each
sample's normalised text (best of --repeat runs, summed over the samples); the automaton build is
timed separately and not part of the per-release cost. Prints a Markdown table and the ratio,
and exits 1 when the ratio exceeds 2.
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.glossary import Entry, Glossary  # noqa: E402
from pipeline.names.suggest import release_text  # noqa: E402

ADMIN = REPO / "glossary" / "sources" / "cn-admin-divisions-pinyin" / "ok_data_level3.csv"
CORPUS = REPO / "glossary" / "sources" / "cn-gov-work-report-zh" / "government_work_reports_2021-2025.jsonl"
LIMIT = 2.0


def small_glossary(shipped: Glossary, texts: list[str]) -> list[Entry]:
    """Return 100 shipped entries, those the samples hit first."""
    hit = {h.zh for text in texts for h in shipped.find(text)}
    entries = [e for e in shipped.entries if e.zh in hit]
    entries += [e for e in shipped.entries if e.zh not in hit]
    return entries[:100]


def han_characters(texts: list[str], alphabet: str) -> list[str]:
    """Return the Han characters to draw from, each as often as it occurs in the chosen text."""
    if alphabet == "samples":
        return sorted({c for text in texts for c in text if "\u4e00" <= c <= "\u9fff"})
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    return [c for line in lines for c in json.loads(line)["content"] if "\u4e00" <= c <= "\u9fff"]


def large_glossary(shipped: Glossary, texts: list[str], size: int, seed: int,
                   alphabet: str = "corpus") -> list[Entry]:
    """Return `size` entries: the shipped ones, real division names, then random Han strings."""
    entries, taken = list(shipped.entries), set(shipped.forms)
    with ADMIN.open(encoding="utf-8-sig", newline="") as handle:
        for record in csv.DictReader(handle):
            for form in (record["ext_name"], record["name"]):
                if len(form) >= 2 and form not in taken:
                    taken.add(form)
                    entries.append(Entry(form, record["pinyin"].title(), "region", source="bench"))
    characters = han_characters(texts, alphabet)
    rng = random.Random(seed)
    while len(entries) < size:
        form = "".join(rng.choice(characters) for _ in range(rng.randint(2, 8)))
        if form not in taken:
            taken.add(form)
            entries.append(Entry(form, f"Term {len(entries)}", "term", source="bench"))
    return entries[:size]


def timed_build(entries: list[Entry]) -> tuple[Glossary, float]:
    start = time.perf_counter()
    glossary = Glossary(entries)
    return glossary, time.perf_counter() - start


def per_release(glossary: Glossary, texts: list[str], repeat: int) -> tuple[float, int]:
    """Return (seconds for one find() pass over every text, best of `repeat`; hits of that pass)."""
    best, hits = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        hits = sum(len(glossary.find(text)) for text in texts)
        best = min(best, time.perf_counter() - start)
    return best, hits


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--terms", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--alphabet", choices=("corpus", "samples"), default="corpus",
                        help="where the random terms' characters come from (see the module docstring)")
    args = parser.parse_args(argv)
    shipped = Glossary.load(REPO / "glossary")
    samples = sorted((REPO / "samples").glob("*/source.zh.txt"))
    texts = [release_text(path, shipped) for path in samples]
    rows = []
    for label, entries in (("100 terms", small_glossary(shipped, texts)),
                           (f"{args.terms:,} terms", large_glossary(shipped, texts, args.terms, args.seed, args.alphabet))):
        glossary, build = timed_build(entries)
        seconds, hits = per_release(glossary, texts, args.repeat)
        rows.append((label, len(glossary), len(glossary.forms), build, seconds / len(texts), hits))
    chars = sum(len(t) for t in texts)
    print(f"{len(texts)} sample releases, {chars} characters; best of {args.repeat} runs; "
          f"random terms from the {args.alphabet} alphabet\n")
    print("| glossary | entries | forms | automaton build | find() per release | hits (all samples) |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, count, forms, build, seconds, hits in rows:
        print(f"| {label} | {count:,} | {forms:,} | {build * 1000:.1f} ms | {seconds * 1e6:.1f} µs | {hits} |")
    ratio = rows[1][4] / rows[0][4]
    print(f"\nratio large/small per release: {ratio:.2f}x (limit {LIMIT:.0f}x)")
    return 0 if ratio <= LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
