"""Whether to keep storing the engine's drafts in the memory (issue 32, docs/decisions/engine-drafts.md).

    .venv/bin/python benchmarks/bench_drafts.py

No model: what a stored draft can still do once it is never an example is show a reviewer the earlier
unreviewed English of the same sentence ("earlier draft, not reviewed 100 %"), so repeated sentences stay
consistent before anyone has reviewed them. This prints how often that can happen and what it costs:

  * repeats: the 2021-2025 government work reports (benchmarks/corpus, one office's yearly release) in order,
    each sentence looked up exactly in the memory of the earlier years, the share that repeats one; and the
    same for the paragraph documents and WMT rows bench_trust.py translates;
  * cost: a memory of the reports' sentences as reviewed units, then the same plus one engine draft per
    sentence of the next year: units stored, file size, and the recall's lookups (exact, trusted fuzzy)
    per sentence of the last year, timed over the same sentences in alternating rounds (the least of four).
"""
from __future__ import annotations

import csv
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.memory import Memory, Unit, normalise_key  # noqa: E402
from pipeline.stages.segment import split_sentences  # noqa: E402

REPORTS = ROOT / "benchmarks" / "corpus" / "government_work_reports_2021-2025.jsonl"
PARAGRAPHS = ROOT / "benchmarks" / "data" / "paragraphs" / "paragraphs.tsv"
WMT = ROOT / "benchmarks" / "data" / "gov_subset_zh_en.tsv"
TRUSTED = ("reviewed", "aligned")


def sentences(text: str) -> list[str]:
    return [s for line in text.splitlines() for s in split_sentences(line.strip()) if normalise_key(s)]


def reports() -> list[tuple[str, list[str]]]:
    rows = [json.loads(line) for line in REPORTS.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(str(row["year"]), sentences(row["content"])) for row in sorted(rows, key=lambda r: r["year"])]


def repeats(releases: list[tuple[str, list[str]]]) -> tuple[int, int]:
    """Return (sentences of the later releases, those whose normalised text an earlier release has)."""
    seen: set[str] = set()
    total = repeated = 0
    for number, (_, release) in enumerate(releases):
        keys = [normalise_key(s) for s in release]
        if number:
            total += len(keys)
            repeated += sum(1 for key in keys if key in seen)
        seen.update(keys)
    return total, repeated


def timed(memory: Memory, queries: list[str]) -> tuple[float, float]:
    """Return milliseconds per sentence of the recall's two lookups: reviewed exact, trusted fuzzy."""
    started = time.perf_counter()
    for zh in queries:
        memory.exact(zh, origins=("reviewed",))
    exact = time.perf_counter() - started
    started = time.perf_counter()
    for zh in queries:
        memory.fuzzy(zh, limit=None, origins=TRUSTED)
    fuzzy = time.perf_counter() - started
    return 1000 * exact / len(queries), 1000 * fuzzy / len(queries)


def cost(years: list[tuple[str, list[str]]]) -> None:
    earlier = [s for _, release in years[:-2] for s in release]
    drafted, queries = years[-2][1], years[-1][1]
    with tempfile.TemporaryDirectory() as folder:
        results = {}
        for label, drafts in (("reviewed only", False), ("reviewed + drafts", True)):
            path = Path(folder) / f"{drafts}.sqlite"
            with Memory(path) as memory:
                memory.store_many(Unit(s, f"English {i}", origin="reviewed") for i, s in enumerate(earlier))
                if drafts:
                    memory.store_many(Unit(s, f"draft {i}", origin="engine") for i, s in enumerate(drafted))
                units = memory.stats()["units"]
                first = timed(memory, queries)
            size = sum(part.stat().st_size for part in Path(folder).glob(f"{path.name}*"))  # with its WAL
            results[label] = (units, size, *first)
        # three more rounds, alternating: on a shared machine the least of four timings is the honest one
        for _ in range(3):
            for label in reversed(list(results)):
                with Memory(Path(folder) / f"{label == 'reviewed + drafts'}.sqlite") as memory:
                    exact, fuzzy = timed(memory, queries)
                units, size, best_exact, best_fuzzy = results[label]
                results[label] = (units, size, min(exact, best_exact), min(fuzzy, best_fuzzy))
    print(f"\nCost: reports {years[0][0]}-{years[-3][0]} as reviewed units; + drafts of {years[-2][0]}; "
          f"{len(queries)} sentences of {years[-1][0]} looked up (ms per sentence, least of 4 alternating rounds)")
    print("| memory | units | file kB | exact ms | trusted fuzzy ms |\n|---|---:|---:|---:|---:|")
    for label, (units, size, exact, fuzzy) in results.items():
        print(f"| {label} | {units} | {size / 1e3:.0f} | {exact:.2f} | {fuzzy:.2f} |")


def main() -> None:
    years = reports()
    total, repeated = repeats(years)
    print(f"Work reports {years[0][0]}-{years[-1][0]}: {repeated} of {total} sentences of the later years "
          f"({100 * repeated / max(total, 1):.1f} %) repeat a sentence of an earlier year exactly")
    with open(PARAGRAPHS, encoding="utf-8", newline="") as handle:
        docs: dict[str, list[str]] = {}
        for row in csv.DictReader(handle, delimiter="\t"):
            docs.setdefault(row["doc"], []).extend(sentences(row["zh"]))
    with open(WMT, encoding="utf-8", newline="") as handle:
        wmt = [(f"wmt{i}", sentences(row["zh"])) for i, row in enumerate(csv.DictReader(handle, delimiter="\t"))]
    total, repeated = repeats(list(docs.items()) + wmt)
    print(f"bench_trust.py's sequence (paragraph documents, then WMT rows): {repeated} of {total} later sentences "
          f"repeat an earlier one exactly")
    cost(years)


if __name__ == "__main__":
    main()
