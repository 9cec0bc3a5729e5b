"""Trust order in recall (issue 32): a sequence of releases translated into one memory, against each alone.

    PRESS_HOME=/tmp/trust-bench nice -n 5 .venv/bin/python benchmarks/bench_trust.py --save benchmarks/results/trust

The sequence: the published paragraph documents (benchmarks/data/paragraphs, in file order, one release
per document), then the 183 WMT government rows (benchmarks/data/gov_subset_zh_en.tsv, one release per row).
Four passes, one loaded model, the drafts cache shared (an identical request is answered from it, so only
requests that differ cost model time; greedy decoding gives the same answer to the same request):

  alone           every release into an empty memory (no examples, nothing remembered)
  all origins     one memory; fuzzy matches of every origin are examples, the engine's own drafts included:
                  the recall main had before the trust order (same query, same ranking, same best 3)
  trust order     one memory; examples only from reviewed and aligned units (the default [memory] trusted)
  trust+review    as trust order, and after each WMT release its published English is stored as a
                  reviewed unit (what an office's reviewer would do), so later releases get reviewed examples

Only the releases a memory match can touch are drafted (--all drafts every one): a release whose sentences
score under 75 % against every earlier release's (the recall threshold, the same Memory.fuzzy query) gets no
example in any pass, so its requests, and from the shared cache its drafts, are those of translating it
alone; and no later release can be given its draft as an example. Which releases those are depends on the
Chinese only, so it is found before any drafting, with the memory's own fuzzy lookup.

Printed per pass, over the drafted later releases (all but the first) and over those that had an example:
chrF and TER against the published English, releases whose draft names a person or place its source does
not (QA's no_added_names), how many of those were not flagged alone and had an example, and the examples by
origin.
"""
from __future__ import annotations

import argparse
import csv
import dataclasses
import sys
import tempfile
import time
from pathlib import Path

import sacrebleu

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import config, runner  # noqa: E402
from pipeline.memory import Memory, Unit, release_label  # noqa: E402
from pipeline.model import UNIT_ORIGINS, Release  # noqa: E402

WMT = ROOT / "benchmarks" / "data" / "gov_subset_zh_en.tsv"
PARAGRAPHS = ROOT / "benchmarks" / "data" / "paragraphs" / "paragraphs.tsv"
PASSES = {"alone": None, "all origins": UNIT_ORIGINS, "trust order": config.TRUSTED, "trust+review": config.TRUSTED}


def read_tsv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def sequence(limit: int | None, documents: bool = True) -> list[tuple[str, tuple[str, ...], str, bool]]:
    """Return (name, Chinese paragraphs, published English, reviewable) per release, in translation order
    (without the paragraph documents when not `documents`: the WMT rows only)."""
    docs: dict[str, list[dict]] = {}
    for row in read_tsv(PARAGRAPHS) if documents else []:
        docs.setdefault(row["doc"], []).append(row)
    releases = [(doc, tuple(r["zh"] for r in rows), " ".join(r["en"] for r in rows), False)
                for doc, rows in docs.items()]
    releases += [(f"wmt{number:03d}", (row["zh"],), row["en"], True)
                 for number, row in enumerate(read_tsv(WMT), start=1)]
    return releases[:limit] if limit else releases


def touched(ctx, releases) -> set[int]:
    """Return the positions of the releases a memory match can touch: those with a sentence scoring at least
    the recall threshold against an earlier release's sentence, and those earlier releases."""
    found: set[int] = set()
    with tempfile.TemporaryDirectory() as folder, Memory(Path(folder) / "zh.sqlite") as memory:
        for number, (name, paragraphs, _, _) in enumerate(releases):
            release = Release(path=Path(f"{name}.zh.txt"), headline="", paragraphs=paragraphs)
            segments = runner.run(release, ctx, stop_after="segment").segments
            for segment in segments:
                for match in memory.fuzzy(segment.zh, limit=None):
                    found |= {number, int(match.en)}
            memory.store_many(Unit(segment.zh, str(number), origin="engine") for segment in segments
                              if segment.zh.strip())
    return found


def translate(ctx, name: str, paragraphs: tuple[str, ...]) -> Release:
    release = Release(path=Path(f"{name}.zh.txt"), headline="", paragraphs=paragraphs)
    return runner.run(release, ctx, stop_after="remember")


def run_pass(ctx, label: str, releases, memory_dir: Path) -> list[dict]:
    trusted = PASSES[label]
    ctx.config = dataclasses.replace(ctx.config, trusted=trusted or config.TRUSTED)
    ctx.memory = Memory(memory_dir / f"{label.replace(' ', '-').replace('+', '-')}.sqlite") if trusted else None
    rows, started = [], time.perf_counter()
    for number, (name, paragraphs, reference, reviewable) in enumerate(releases, start=1):
        release = translate(ctx, name, paragraphs)
        segments = release.segments
        english = " ".join(seg.en for seg in segments if seg.en)
        examples = [seg.matches[0].origin for seg in segments if seg.matches]
        drafts = [note for seg in segments for note in seg.notes if note.startswith("earlier draft")]
        names = [issue.message for issue in release.issues if issue.check == "no_added_names"]
        rows.append({"pass": label, "release": name, "en": english, "reference": reference,
                     "examples": ",".join(examples), "earlier_drafts": len(drafts),
                     "same_as_earlier": sum(1 for seg in segments for note in seg.notes if note.startswith(
                         "earlier draft") and note.split(": ", 1)[1] == seg.en),
                     "names": " | ".join(names)})
        if label == "trust+review" and reviewable and len(segments) == 1 and ctx.memory is not None:
            ctx.memory.store(Unit(segments[0].zh, reference, origin="reviewed", reviewer="published",
                                  release=release_label(release)))
        print(f"  {label} {number}/{len(releases)}", file=sys.stderr, flush=True)
    if ctx.memory is not None:
        stats = ctx.memory.stats()["by_origin"]
        print(f"{label}: memory holds {stats} after {time.perf_counter() - started:.0f} s", flush=True)
        ctx.memory.close()
    return rows


def scores(rows: list[dict]) -> str:
    if not rows:
        return "   -      -  "
    hyps, refs = [r["en"] for r in rows], [[r["reference"] for r in rows]]
    chrf, ter = sacrebleu.corpus_chrf(hyps, refs).score, sacrebleu.metrics.TER().corpus_score(hyps, refs).score
    return f"{chrf:5.1f}  {ter:5.1f}"


def report(results: dict[str, list[dict]]) -> None:
    alone = {r["release"]: r for r in results["alone"]}
    print("\n| pass | chrF / TER, later releases | chrF / TER, releases with an example (n) | examples by origin "
          "| releases naming what the source does not | of those, new and with an example |")
    print("|---|---:|---:|---|---:|---:|")
    for label, rows in results.items():
        later = rows[1:]
        with_example = [r for r in later if r["examples"]]
        same_alone = [alone[r["release"]] for r in with_example]
        origins: dict[str, int] = {}
        for r in later:
            for origin in filter(None, r["examples"].split(",")):
                origins[origin] = origins.get(origin, 0) + 1
        named = [r for r in later if r["names"]]
        caused = [r for r in named if r["examples"] and not alone[r["release"]]["names"]]
        print(f"| {label} | {scores(later)} | {scores(with_example)} vs alone {scores(same_alone)} "
              f"({len(with_example)}) | {origins or '-'} | {len(named)} | {len(caused)} |")
        for r in caused:
            print(f"    {label}: {r['release']}: {r['names']} — {r['en'][:100]}")
    for label in ("trust order", "trust+review"):
        rows = results.get(label, [])
        print(f"{label}: {sum(r['earlier_drafts'] for r in rows)} segments showed an earlier unreviewed draft of "
              f"the same sentence; the new draft equalled it in {sum(r['same_as_earlier'] for r in rows)}")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N releases of the sequence")
    parser.add_argument("--passes", nargs="+", default=list(PASSES), choices=list(PASSES))
    parser.add_argument("--save", type=Path, default=None, help="folder for sequence.tsv (every draft of every pass)")
    parser.add_argument("--all", action="store_true", help="draft every release, not only those a match can touch")
    parser.add_argument("--wmt-only", action="store_true",
                        help="leave out the paragraph documents (two long ones): the WMT rows only, a shorter run")
    args = parser.parse_args(argv)
    releases = sequence(args.limit, documents=not args.wmt_only)
    ctx = runner.build_context(config.load({"memory": str(Path(tempfile.mkdtemp()) / "unused.sqlite")}))
    ctx.memory.close()
    if not args.all:
        kept = touched(ctx, releases)
        print(f"{len(kept)} of {len(releases)} releases can be touched by a memory match: "
              f"{', '.join(releases[i][0] for i in sorted(kept))}", flush=True)
        releases = [release for number, release in enumerate(releases) if number in kept]
    results = {}
    with tempfile.TemporaryDirectory() as memories:
        for label in ["alone", *[p for p in args.passes if p != "alone"]]:
            results[label] = run_pass(ctx, label, releases, Path(memories))
    report(results)
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        with open(args.save / "sequence.tsv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(results["alone"][0]), delimiter="\t")
            writer.writeheader()
            for rows in results.values():
                writer.writerows(rows)


if __name__ == "__main__":
    main()
