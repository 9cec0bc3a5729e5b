"""Name kinds: precision and recall of names.classify on the labelled WMT list; foreign names as pinyin in drafts.

    .venv/bin/python benchmarks/bench_names.py                 # classifier, tune and test halves
    .venv/bin/python benchmarks/bench_names.py --tune          # threshold sweep on the tune half only
    .venv/bin/python benchmarks/bench_names.py --added         # unlicensed_names on the 183 WMT references
    .venv/bin/python benchmarks/bench_names.py --drafts FILE [--columns raw pipeline]
                                                               # foreign names as pinyin, added names

The list (benchmarks/data/names_wmt.tsv) is made by benchmarks/make_names_list.py; names labelled
"none" (no name at all) are left out. "chinese vs not" is the decision that matters: only "chinese"
gets a pinyin hint. --drafts reads a TSV with a zh column and English columns (--columns raw
pipeline, as benchmarks/bench_engine.py --save writes them): for each name jieba tags in zh that
classify() does not call Chinese, it counts the drafts whose English contains the name's pinyin as
a word (特梅尔 -> "Te Mei'er", "Temeier") — the failure issue #11 is about — and the drafts that name a
place, country or people the source does not (names.unlicensed_names, the QA check no_added_names).
"""
from __future__ import annotations

import argparse
import csv
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
    """Print how many of the 183 WMT government references unlicensed_names flags, per half."""
    from pipeline.names.english import unlicensed_names
    from pipeline.names.romanise import kind_in, name_hint
    from pipeline.stages.segment import tag_names

    rows = read_tsv(GOV)
    halves = {"first half (tune)": rows[: len(rows) // 2], "second half (report)": rows[len(rows) // 2:]}
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
    from pipeline.stages.segment import tag_names

    rows = read_tsv(path)
    print("| column | non-Chinese names as pinyin | drafts naming a place the source does not |")
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
    parser.add_argument("--added", action="store_true", help="unlicensed names in the 183 WMT references")
    parser.add_argument("--drafts", type=Path, help="TSV with a zh column and English columns: count foreign "
                                                    "names as pinyin and added names")
    parser.add_argument("--columns", nargs="+", default=["en"], help="the English columns of --drafts (default: en)")
    args = parser.parse_args()
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
