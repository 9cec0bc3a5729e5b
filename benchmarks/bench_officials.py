"""Foreign officials (issue 33): romanised, dropped, list items lost, and the time added — this tree beside another.

    .venv/bin/python benchmarks/bench_officials.py --names [--baseline DIR]      # no model: hints and Notes
    .venv/bin/python benchmarks/bench_officials.py --references                  # list check on human English
    nice -n 5 .venv/bin/python benchmarks/bench_officials.py --draft --baseline DIR [--save FILE]
    .venv/bin/python benchmarks/bench_officials.py --newstest wmt20           # held out: every official found

--names runs the stages up to `names` on every row of benchmarks/data/officials/labelled.tsv (officials in
context from the WMT government subset and the published paragraphs) in this tree and, with --baseline,
in another checkout (e.g. `git archive main | tar -x -C /tmp/base`), each in its own process: an official
is *romanised* when its hints or Notes give pinyin for it or a piece of it, *fragmented* when jieba's
pieces of it are hinted. --references counts the rows with a list (、, 3 items or more) whose human English
has fewer separators than the list needs (the warning of QA's list_items_kept), per half.
--draft runs `press translate` (real model, the embedded engine) on the written releases of
benchmarks/data/officials/ and on the published paragraphs naming officials, each tree in its own
process with a fresh PRESS_HOME (no drafts cache), alternating which goes first; it reports per release
the seconds, the officials romanised in the English, dropped (neither kept open as [name], nor the
reference's English, nor any spelling of the name) and the list items lost (their glossary English,
pinyin or official missing).
--newstest prints every official found in one WMT newstest set (rows outside the government subset, which
the title table was not built from; $PRESS_WMT_DIR, see make_names_list.py), for judging by hand.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if "--child-names" not in sys.argv:  # a child imports the tree its PYTHONPATH names
    sys.path.insert(0, str(REPO))

DATA = REPO / "benchmarks" / "data"
LABELLED = DATA / "officials" / "labelled.tsv"
WRITTEN = sorted((DATA / "officials").glob("*.zh.txt"))
PARAGRAPH_DOCS = ("cq-world-2019-minsk-region-visit", "chengdu-perth-2022-10th-anniversary")
# the officials of the written releases, by hand (not by the finder under test)
WRITTEN_OFFICIALS = {
    "nine-diplomats": "石立德 高洋 马丁内斯 傅恩莱 白雅婷 安黎 卢安德 施密特 李婉宁",
    "five-mayors": "小川和夫 赵庆浩 韦伯 罗德里格斯 佩雷拉",
    "seven-consuls": "贾博文 安德烈 金镇浩 陈德华 素拉蓬 贝丽莎 白丽安",
}


def read_tsv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def child_names() -> None:
    """Print, as JSON lines, the hints and Notes the stages up to `names` give each labelled row."""
    from pipeline.config import Config
    from pipeline.runner import build_context, prepare
    ctx = build_context(Config(engine="none", quiet=True, glossary=str(Path.cwd() / "glossary")))
    with tempfile.TemporaryDirectory() as folder:
        for index, row in enumerate(read_tsv(LABELLED)):
            path = Path(folder) / f"row{index}.txt"
            path.write_text("标题\n\n" + row["zh"] + "\n", encoding="utf-8")
            release = prepare(path, ctx)
            print(json.dumps({"hints": [[h.zh, h.en, h.kind] for s in release.segments for h in s.hints],
                              "notes": [n for s in release.segments for n in s.notes]}, ensure_ascii=False))
        for path in WRITTEN:
            release = prepare(path, ctx)
            print(json.dumps({"hints": [[h.zh, h.en, h.kind] for s in release.segments for h in s.hints],
                              "notes": [n for s in release.segments for n in s.notes], "written": path.name},
                             ensure_ascii=False))


def in_tree(tree: Path, *args: str, home: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(tree))
    if home is not None:
        env["PRESS_HOME"] = str(home)
    return subprocess.run([sys.executable, *args], cwd=tree, env=env, capture_output=True, text=True, check=True)


def name_outcome(name: str, result: dict) -> tuple[bool, bool, bool]:
    """Return (romanised, fragmented, whole official) for one official from a child's hints and Notes."""
    pieces = [h for h in result["hints"] if h[0] != name and h[0] in name and len(h[0]) < len(name)]
    romanised = any(h[0] in name and h[2] == "chinese" and h[1] for h in result["hints"]) or any(
        "automatic romanisation" in note and f" {name} →" in note for note in result["notes"])
    return romanised, bool(pieces), any(h[0] == name and h[2] == "official" for h in result["hints"])


def names_report(trees: dict[str, Path]) -> None:
    rows = read_tsv(LABELLED)
    results = {label: [json.loads(line) for line in in_tree(tree, str(Path(__file__).resolve()), "--child-names")
                       .stdout.splitlines()] for label, tree in trees.items()}
    print("| tree | kind | split | n | kept whole as an official | romanised as pinyin | fragmented |")
    print("|---|---|---|---|---|---|---|")
    for label in trees:
        labelled = results[label][:len(rows)]
        for kind in ("official", "name-first", "chinese"):
            for split in ("tune", "report"):
                chosen = [(row, res) for row, res in zip(rows, labelled, strict=True)
                          if row["kind"] == kind and row["split"] == split]
                print(_outcome_row(label, kind, split, [name_outcome(row["name"], res) for row, res in chosen]))
        written = [name_outcome(name, res) for res in results[label][len(rows):]
                   for name in WRITTEN_OFFICIALS[res["written"].removesuffix(".zh.txt")].split()]
        print(_outcome_row(label, "official", "written", written))
    for label in trees:
        for row, res in zip(rows, results[label][:len(rows)], strict=True):
            romanised, fragmented, whole = name_outcome(row["name"], res)
            if row["kind"] != "chinese" and (romanised or fragmented or not whole):
                print(f"  {label}: {row['source']} {row['name']} ({row['title']}): romanised={romanised} "
                      f"fragmented={fragmented} whole={whole}")


def _outcome_row(label: str, kind: str, split: str, outcomes: list[tuple[bool, bool, bool]]) -> str:
    return (f"| {label} | {kind} | {split} | {len(outcomes)} | {sum(o[2] for o in outcomes)} | "
            f"{sum(o[0] for o in outcomes)} | {sum(o[1] for o in outcomes)} |")


def newstest_report(name: str) -> None:
    from pipeline.names import officials
    from pipeline.stages.segment import tokens
    folder = Path(os.environ.get("PRESS_WMT_DIR", REPO.parent / "shared" / "data" / "wmt-zh2en-newstest"))
    subset = {row["zh"] for row in read_tsv(DATA / "gov_subset_zh_en.tsv")}
    with open(folder / f"damo_mt_testsets_zh2en_news_{name}.csv", newline="", encoding="utf-8") as handle:
        rows = [(index, zh, en) for index, (zh, en) in enumerate(list(csv.reader(handle))[1:]) if zh not in subset]
    found = [(index, official, en) for index, zh, en in rows for official in officials.find(zh, tokens(zh))]
    print(f"{name}: {len(rows)} rows outside the subset, {len(found)} officials found")
    for index, official, en in found:
        print(f"  row {index}: {official.title} | {official.zh} | {en[:120]}")


def references_report() -> None:
    from pipeline.names.lists import enumerations, separators
    rows = [(r["zh"], r["en"], "tune" if i <= 92 else "report") for i, r in
            enumerate(read_tsv(DATA / "gov_subset_zh_en.tsv"), start=1)]
    rows += [(r["zh"], r["en"], r["split"]) for r in read_tsv(DATA / "paragraphs" / "paragraphs.tsv")]
    for split in ("tune", "report"):
        with_lists = [(zh, en) for zh, en, s in rows if s == split and enumerations(zh)]
        short = [zh for zh, en in with_lists if separators(en) < sum(len(e.items) - 1 for e in enumerations(zh))]
        print(f"{split}: {len(with_lists)} rows with a list of 3+ items, {len(short)} whose reference has too few "
              f"separators {short}")


def paragraphs_release(folder: Path) -> Path:
    """Write the published paragraphs that name officials as one release (headline = the first doc's)."""
    chosen = [r for r in read_tsv(DATA / "paragraphs" / "paragraphs.tsv") if r["doc"] in PARAGRAPH_DOCS]
    path = folder / "published-paragraphs.zh.txt"
    path.write_text("外国官员来访\n\n来源：重庆市政府外办　日期：2019-03-26\n\n" + "\n\n".join(r["zh"] for r in chosen)
                    + "\n", encoding="utf-8")
    return path


def expected_officials(stem: str) -> list[tuple[str, str]]:
    """Return (name, reference English or "") of a release's officials."""
    if stem in WRITTEN_OFFICIALS:
        return [(name, "") for name in WRITTEN_OFFICIALS[stem].split()]
    if stem != "published-paragraphs":
        return []
    return [(r["name"], r["en"]) for r in read_tsv(LABELLED)
            if r["kind"] == "official" and any(r["source"].endswith(f"{doc}:1") for doc in PARAGRAPH_DOCS)]


def draft_outcomes(release_json: dict, officials_expected: list[tuple[str, str]]) -> dict:
    """Return the officials romanised and dropped and the list items lost in one drafted release."""
    from pipeline.glossary import Glossary
    from pipeline.model import Segment
    from pipeline.names import lists
    from pipeline.names.english import rendering_of
    from pipeline.names.romanise import pinyin_written
    from pipeline.stages.check import term_used
    from pipeline.stages.names import official_spans, release_officials, tagged
    from pipeline.stages.segment import tokens
    from pipeline.stages.terms import find
    glossary = Glossary.load(REPO / "glossary")
    romanised, dropped, lost, items = [], [], [], 0
    for seg in release_json["segments"]:
        zh, en = seg["zh"], seg["en"]
        for name, reference in officials_expected:
            if name not in zh:
                continue
            if pinyin_written(name, en):
                romanised.append(name)
            kept = f"[{name}]" in en or (reference and reference.split()[-1] in en) or pinyin_written(name, en) \
                or rendering_of(name, "foreign", en)
            if not kept:
                dropped.append(name)
        cut = tokens(zh)
        terms = find(zh, glossary, cut=cut)
        segment = Segment(seg["id"], zh, tokens=cut, terms=terms, names=tagged(cut, terms))
        spans = official_spans(segment, release_officials_of(zh, release_officials))
        people = {name for _, _, name in spans}
        traces = [t for t in lists.traces(segment) if zh[t.start:t.end] not in people]
        traces += [lists.Trace(s, e, (f"[{n}]",), True) for s, e, n in spans]
        for enumeration in lists.enumerations(zh):
            items += len(enumeration.items)
        for _count, gone in lists.items_lost(zh, en, traces, lambda form, text: _present(form, text, term_used)):
            lost += [zh[t.start:t.end] for t in gone if not (t.person and zh[t.start:t.end] not in dropped)]
    return {"romanised": romanised, "dropped": dropped, "items": items, "lost": lost}


def release_officials_of(zh: str, finder) -> dict:
    from pipeline.model import Release, Segment
    return finder(Release(Path("x"), zh, segments=(Segment("p1.s1", zh),)))


def _present(form: str, en: str, term_used) -> bool:
    return form in en if "[" in form else term_used(form, en)


def draft_report(trees: dict[str, Path], save: Path | None, chosen: list[Path] | None = None) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        sources = [path.resolve() for path in chosen] if chosen else WRITTEN + [paragraphs_release(folder)]
        models = REPO / ".press" / "models"
        rows = []
        for number, source in enumerate(sources):
            order = list(trees.items()) if number % 2 == 0 else list(trees.items())[::-1]
            for label, tree in order:
                home, out = folder / f"home-{label}-{number}", folder / f"out-{label}-{number}"
                home.mkdir()
                (home / "models").symlink_to(models.resolve())
                started = time.perf_counter()
                in_tree(tree, "-m", "pipeline", "translate", str(source), "-o", str(out), "-q",
                        "--glossary", str(tree / "glossary"), home=home)
                seconds = time.perf_counter() - started
                drafted = json.loads((out / (source.name.removesuffix(".txt") + ".json")).read_text("utf-8"))
                stem = source.name.removesuffix(".zh.txt")
                outcome = draft_outcomes(drafted, expected_officials(stem))
                row = {"release": source.parent.name if stem == "source" else stem, "tree": label, "seconds": round(seconds, 1), **outcome,
                       "officials": len(expected_officials(stem)),
                       "english": [s["en"] for s in drafted["segments"]]}
                rows.append(row)
                print(json.dumps({k: v for k, v in row.items() if k != "english"}, ensure_ascii=False), flush=True)
        if save:
            save.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print("| release | tree | seconds | officials | romanised | dropped | list items | lost |")
    print("|---|---|---|---|---|---|---|---|")
    for row in rows:
        print(f"| {row['release']} | {row['tree']} | {row['seconds']} | {row['officials']} | {len(row['romanised'])} "
              f"| {len(row['dropped'])} | {row['items']} | {len(row['lost'])} |")
    for label in trees:
        total = sum(r["seconds"] for r in rows if r["tree"] == label)
        print(f"{label}: {total:.0f} s in all")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--names", action="store_true")
    parser.add_argument("--references", action="store_true")
    parser.add_argument("--draft", action="store_true")
    parser.add_argument("--baseline", type=Path, help="another checkout to run beside this one (e.g. main's)")
    parser.add_argument("--save", type=Path, help="--draft: write every row (with the English) as JSON")
    parser.add_argument("--releases", type=Path, nargs="+", help="--draft: these releases instead (e.g. a sample "
                        "without officials, for the time added)")
    parser.add_argument("--newstest", help="a WMT newstest set (wmt18, wmt19, wmt20): the officials found in it")
    parser.add_argument("--child-names", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_names:
        return child_names()
    trees = {"this": REPO} | ({"baseline": args.baseline.resolve()} if args.baseline else {})
    if args.newstest:
        return newstest_report(args.newstest)
    if not (args.names or args.references or args.draft):
        args.names = args.references = True  # `make bench`: what needs no model
    if args.names:
        names_report(trees)
    if args.references:
        references_report()
    if args.draft:
        draft_report(trees, args.save, args.releases)


if __name__ == "__main__":
    main()
