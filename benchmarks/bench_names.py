"""Name kinds: precision and recall of names.classify on the labelled WMT list; foreign names as pinyin in drafts.

    .venv/bin/python benchmarks/bench_names.py                 # classifier, tune and test halves
    .venv/bin/python benchmarks/bench_names.py --tune          # threshold sweep on the tune half only
    .venv/bin/python benchmarks/bench_names.py --added         # unlicensed_names on the 183 WMT references
                                                               # and the 23 published paragraphs
    .venv/bin/python benchmarks/bench_names.py --gov           # the 183 WMT government names, in context
    .venv/bin/python benchmarks/bench_names.py --time ../main  # seconds per release here and in another checkout
    .venv/bin/python benchmarks/bench_names.py --renderings DIR/wmt.tsv  # DIR: bench_engine.py --save DIR
                                                               # foreign names as the reference writes them
    .venv/bin/python benchmarks/bench_names.py --drafts FILE [--columns raw pipeline]
                                                               # foreign names as pinyin, added names

The list (benchmarks/data/names_wmt.tsv) is made by benchmarks/make_names_list.py; names labelled
"none" (no name at all) are left out. "chinese vs not" is the decision that matters: only "chinese"
gets a pinyin hint. --drafts reads a TSV with a zh column and English columns (--columns raw
pipeline, as benchmarks/bench_engine.py --save writes them): for each name jieba tags in zh that
classify() does not call Chinese, it counts the drafts whose English contains the name's pinyin as
a word (特梅尔 -> "Te Mei'er", "Temeier") — the failure issue #11 is about — and the drafts that name a
place, country, people or person the source does not (names.unlicensed_names, the QA check no_added_names).
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.glossary import Glossary  # noqa: E402
from pipeline.names.classify import classify  # noqa: E402
from pipeline.names.kinds import KINDS, data  # noqa: E402

LABELLED = REPO / "benchmarks" / "data" / "names_wmt.tsv"
GOV = REPO / "benchmarks" / "data" / "gov_subset_zh_en.tsv"
PARAGRAPHS = REPO / "benchmarks" / "data" / "paragraphs" / "paragraphs.tsv"


def read_tsv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def scores(rows: list[dict]) -> dict:
    """Return {class: (precision, recall, support)} plus the binary chinese-vs-not scores and errors."""
    gold = [r["kind"] for r in rows]
    guess = [classify(r["zh"], r["tag"]) for r in rows]
    result = {}
    for kind in KINDS + ("not chinese",):
        def hit(label, kind=kind):
            return label != "chinese" if kind == "not chinese" else label == kind
        tp = sum(hit(g) and hit(p) for g, p in zip(gold, guess))
        predicted, actual = sum(hit(p) for p in guess), sum(hit(g) for g in gold)
        result[kind] = (tp / predicted if predicted else float("nan"), tp / actual if actual else float("nan"), actual)
    result["errors"] = [(r["zh"], r["tag"], g, p) for r, g, p in zip(rows, gold, guess)
                        if (g == "chinese") != (p == "chinese")]
    return result


def print_table(halves: dict[str, list[dict]]) -> None:
    results = {name: scores(rows) for name, rows in halves.items()}
    print("| class | " + " | ".join(f"{h} precision | {h} recall | {h} n" for h in halves) + " |")
    print("|---|" + "---|---|---|" * len(halves))
    for kind in ("chinese", "not chinese") + KINDS[1:]:
        cells = []
        for name in halves:
            precision, recall, support = results[name][kind]
            cells += [f"{precision:.3f}", f"{recall:.3f}", str(support)]
        print(f"| {kind} | " + " | ".join(cells) + " |")
    for name, result in results.items():
        print(f"\n{name} errors (chinese vs not): " +
              ", ".join(f"{zh}/{tag} {gold}→{guess}" for zh, tag, gold, guess in result["errors"]))


GOV_NAMES = REPO / "benchmarks" / "data" / "names_gov.tsv"


def gov(glossary) -> None:
    """Print, per half of the 183 WMT government sentences, how the names of benchmarks/data/names_gov.tsv
    (labelled in their sentences) fare: pinyin given to a Chinese name and withheld from any other, by the
    classifier before this branch (names.kinds.classify on the tagger's pieces, a middle dot aside) and
    by the names stage (dictionary, rules, whole names); and how many tagged words that name nothing
    get a hint."""
    from pipeline.config import Config
    from pipeline.context import Context
    from pipeline.model import Release
    from pipeline.names import kinds
    from pipeline.stages.names import hint_names, tagged
    from pipeline.stages.segment import segment, tokens

    rows = read_tsv(GOV)
    ctx = Context(config=Config(quiet=True), glossary=glossary)
    labelled: dict[int, list[dict]] = {}
    for label in read_tsv(GOV_NAMES):
        labelled.setdefault(int(label["row"]), []).append(label)
    tallies = {half: Counter() for half in ("tune 1-92", "report 93-183")}
    for number, labels in sorted(labelled.items()):
        zh = rows[number - 1]["zh"]
        release = segment(Release(path=Path("gov"), headline="政府新闻", paragraphs=(zh,)), ctx)
        body = [s for s in release.segments if s.paragraph]
        hinted = [s for s in hint_names(release, ctx).segments if s.paragraph]
        tally = tallies["tune 1-92" if number <= 92 else "report 93-183"]
        for label in labels:
            old = [kinds.classify(n.zh, n.tag) == "chinese" and not any(d in s.zh for d in "·•‧・")
                   for s in body for n in (s.names or tagged(tokens(s.zh), ()))  # the segment's, or as tagged
                   if n.tag[:2] in ("nr", "ns") and _overlaps(s.zh, label["zh"], n)]
            new = [(h.kind == "chinese" and h.en and not h.source, h) for s in hinted for h in s.hints
                   if h.zh in label["zh"] or label["zh"] in h.zh]
            if label["kind"] == "none":
                tally["none"] += 1
                tally["none hinted before"] += bool(old)
                tally["none hinted now"] += bool(new)
                continue
            gold = label["kind"] == "chinese"
            for name, pinyin in (("before", any(old)), ("now", any(p for p, _ in new))):
                tally[f"{name} {'tp' if gold and pinyin else 'fp' if pinyin else 'fn' if gold else 'tn'}"] += 1
    print("| half | names | Chinese | pinyin precision before → now | pinyin recall before → now | no pinyin for "
          "other names: precision before → now | recall before → now | non-names hinted before → now |")
    print("|---|---:|---:|---|---|---|---|---|")
    for half, t in tallies.items():
        cells = []
        for name in ("before", "now"):
            tp, fp, fn, tn = (t[f"{name} {k}"] for k in ("tp", "fp", "fn", "tn"))
            cells.append((tp / (tp + fp), tp / (tp + fn), tn / (tn + fn), tn / (tn + fp)))
        (a, b) = cells
        total = sum(t[f"now {k}"] for k in ("tp", "fp", "fn", "tn"))
        print(f"| {half} | {total} | {t['now tp'] + t['now fn']} | {a[0]:.3f} → {b[0]:.3f} | {a[1]:.3f} → {b[1]:.3f} "
              f"| {a[2]:.3f} → {b[2]:.3f} | {a[3]:.3f} → {b[3]:.3f} | {t['none hinted before']} → "
              f"{t['none hinted now']} of {t['none']} |")


def timing(other: Path, runs: int) -> None:
    """Print the CPU and wall seconds `press translate --engine none` takes over the sample releases with
    this checkout and with `other` (e.g. a worktree of main), interleaved, median of `runs` each."""
    import resource
    import statistics
    import subprocess
    import tempfile
    import time

    samples = sorted(str(path) for path in (REPO / "samples").glob("*/source.zh.txt"))
    measured: dict[str, list[tuple[float, float]]] = {"this": [], "other": []}
    for _ in range(runs):
        for name, root in (("other", other), ("this", REPO)):
            with tempfile.TemporaryDirectory() as out:
                before, started = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
                subprocess.run([sys.executable, "-m", "pipeline", "translate", *samples, "-o", out, "--engine", "none",
                                "--quiet"], cwd=root, env={**__import__("os").environ, "PYTHONPATH": str(root)},
                               check=True, capture_output=True)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
                measured[name].append((cpu, time.perf_counter() - started))
    for name in ("other", "this"):
        cpu = statistics.median(c for c, _ in measured[name]) / len(samples)
        wall = statistics.median(w for _, w in measured[name]) / len(samples)
        print(f"{name}: {cpu:.2f} s CPU, {wall:.2f} s wall per release (median of {runs}, {len(samples)} releases, "
              "--engine none, one process per run)")


def renderings(drafts: Path, baseline: Path) -> None:
    """Print, per half, how many of the non-Chinese names of names_gov.tsv that the reference renders the raw
    model, the pipeline of `baseline` (a bench_engine wmt.tsv) and the pipeline of `drafts` (this branch;
    rows it lacks have the baseline's request unchanged, so their drafts are the baseline's) write as the
    reference does (any of the accepted forms of the label, accents and case aside)."""
    from pipeline.names.kinds import fold

    def written(form: str, en: str) -> bool:
        words = re.findall(r"[a-z0-9]+", fold(form))
        return bool(words) and re.search(r"\b" + r"\W+".join(words) + r"\b", fold(en)) is not None

    old = {int(row["row"]): row for row in read_tsv(baseline)}
    new = {int(row["row"]): row for row in read_tsv(drafts)}
    columns = (("raw model", lambda n: old[n]["raw"]), ("pipeline before", lambda n: old[n]["pipeline"]),
               ("pipeline now", lambda n: (new.get(n) or old[n])["pipeline"]))
    labels = [r for r in read_tsv(GOV_NAMES) if r["kind"] not in ("chinese", "none") and r["en"]]
    print("| half | names | " + " | ".join(name for name, _ in columns) + " |")
    print("|---|---:|" + "---:|" * len(columns))
    for half, part in (("tune 1-92", [r for r in labels if int(r["row"]) <= 92]),
                       ("report 93-183", [r for r in labels if int(r["row"]) > 92])):
        cells = []
        for _name, english in columns:
            right = sum(any(written(form, english(int(r["row"]))) for form in r["en"].split("|")) for r in part)
            cells.append(f"{right} ({100 * right / len(part):.0f} %)")
        print(f"| {half} | {len(part)} | " + " | ".join(cells) + " |")
    for r in labels:
        n = int(r["row"])
        marks = ["+" if any(written(form, english(n)) for form in r["en"].split("|")) else "-" for _, english in columns]
        print(f"    row {n} {r['zh']} ({r['en'].split('|')[0]}): raw {marks[0]} before {marks[1]} now {marks[2]}")


def _overlaps(text: str, zh: str, name) -> bool:
    start = text.find(zh)
    return start >= 0 and name.start < start + len(zh) and start < name.start + len(name.zh)


def tune(rows: list[dict]) -> None:
    """Print chinese-vs-not precision and recall on `rows` for a grid of the two thresholds."""
    tables = data()
    saved = tables["person_threshold"], tables["threshold"]
    print("person threshold | place threshold | chinese P | chinese R | not-chinese P | not-chinese R")
    for person in (-1.0, -0.75, -0.5, -0.25, 0.0, 0.25, 0.5):
        for place in (-1.0, -0.5, 0.0, 0.5):
            tables["person_threshold"], tables["threshold"] = person, place
            result = scores(rows)
            print(f"{person:+.2f} | {place:+.2f} | {result['chinese'][0]:.3f} | {result['chinese'][1]:.3f} | "
                  f"{result['not chinese'][0]:.3f} | {result['not chinese'][1]:.3f}")
    tables["person_threshold"], tables["threshold"] = saved


def added(glossary) -> None:
    """Print how many of the 183 WMT government references, and of the 23 published paragraphs (never used
    to shape the check), unlicensed_names flags."""
    from pipeline.names.english import unlicensed_names
    from pipeline.names.romanise import kind_in, name_hint
    from pipeline.stages.names import tag_names

    rows = read_tsv(GOV)
    halves = {"first half (tune)": rows[: len(rows) // 2], "second half (report)": rows[len(rows) // 2:],
              "published paragraphs": read_tsv(PARAGRAPHS)}
    for name, part in halves.items():
        flagged = []
        for row in part:
            terms = glossary.find(row["zh"])
            hints = [name_hint(word, tag, kind_in(row["zh"], word, tag, start))
                     for word, tag, start in tag_names(row["zh"], glossary)]
            names = unlicensed_names(row["zh"], row["en"], terms, hints)
            if names:
                flagged.append((row["en"][:90], names))
        print(f"{name}: {len(flagged)}/{len(part)} references flagged ({100 * len(flagged) / len(part):.1f} %)")
        for en, names in flagged:
            print(f"    {names}  {en}")


def drafts(path: Path, glossary, columns: list[str]) -> None:
    """Print, per English column of `path`, the non-Chinese names written as pinyin and the added names."""
    from pipeline.names.english import unlicensed_names
    from pipeline.names.romanise import kind_in, name_hint, pinyin_written
    from pipeline.stages.names import tag_names

    rows = read_tsv(path)
    print("| column | non-Chinese names as pinyin | drafts naming a person or place the source does not |")
    print("|---|---:|---:|")
    for column in columns:
        count, seen, added = 0, 0, 0
        for row in rows:
            hints = [name_hint(word, tag, kind_in(row["zh"], word, tag, start))
                     for word, tag, start in tag_names(row["zh"], glossary)]
            for hint in hints:
                if hint.tag[:2] not in ("nr", "ns") or hint.kind == "chinese":
                    continue
                seen += 1
                written = pinyin_written(hint.zh, row[column], hint.tag)
                if written:
                    count += 1
                    print(f"    {column}: {hint.zh} ({hint.kind}) written as pinyin '{written}': {row[column][:90]}")
            names = unlicensed_names(row["zh"], row[column], glossary.find(row["zh"]), hints)
            if names:
                added += 1
                print(f"    {column}: names {names}: {row[column][:90]}")
        print(f"| {column} | {count} of {seen} | {added} of {len(rows)} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tune", action="store_true", help="threshold sweep on the tune half")
    parser.add_argument("--time", type=Path, metavar="CHECKOUT",
                        help="time press translate --engine none on the samples here and in CHECKOUT, interleaved")
    parser.add_argument("--runs", type=int, default=3, help="with --time: runs per checkout (default 3)")
    parser.add_argument("--renderings", type=Path, metavar="WMT.tsv",
                        help="bench_engine drafts of this branch: foreign names written as the reference writes them")
    parser.add_argument("--baseline", type=Path, default=REPO / "benchmarks" / "results" / "run19" / "wmt.tsv",
                        help="with --renderings: the drafts before (raw and pipeline columns; default run19)")
    parser.add_argument("--gov", action="store_true", help="the names of the 183 WMT government sentences, in "
                                                           "their sentences (benchmarks/data/names_gov.tsv)")
    parser.add_argument("--added", action="store_true", help="unlicensed names in the 183 WMT references")
    parser.add_argument("--drafts", type=Path, help="TSV with a zh column and English columns: count foreign "
                                                    "names as pinyin and added names")
    parser.add_argument("--columns", nargs="+", default=["en"], help="the English columns of --drafts (default: en)")
    args = parser.parse_args()
    if args.time:
        timing(args.time, args.runs)
        return 0
    if args.gov:
        gov(Glossary.load(REPO / "glossary"))
        return 0
    if args.renderings:
        renderings(args.renderings, args.baseline)
        return 0
    if args.added or args.drafts:
        glossary = Glossary.load(REPO / "glossary")
        if args.added:
            added(glossary)
        if args.drafts:
            drafts(args.drafts, glossary, args.columns)
        return 0
    rows = [r for r in read_tsv(LABELLED) if r["kind"] != "none"]
    halves = {"tune": [r for r in rows if r["split"] == "tune"], "test": [r for r in rows if r["split"] == "test"]}
    if args.tune:
        tune(halves["tune"])
        return 0
    print_table(halves)
    return 0


if __name__ == "__main__":
    sys.exit(main())
