"""`press glossary suggest` as a maintainer meets it: proposals over the WMT government subset and the published
paragraph documents, each labelled approvable as written / fixable / wrong (issue 31).

    .venv/bin/python benchmarks/bench_suggest.py                 # proposals and the labelled summary
    .venv/bin/python benchmarks/bench_suggest.py --unlabelled    # proposals the label file does not hold yet
    .venv/bin/python benchmarks/bench_suggest.py --corpora wmt-tune,paragraphs-tune   # the tune halves only

Each WMT row is one release file (a neutral headline, 政府新闻, and the row as its body) with its reference as the reviewed English
(`--english`); each paragraph document is one release (its paragraphs the body) with its
published English, under the same neutral headline. Both corpora go through api.suggest_names, the function behind the command, with the
shipped glossary and no translation memory. Labels (benchmarks/data/suggest_labels.tsv, columns corpus,
zh, en, kind, label, class, note) were given by hand to the proposals as printed; a proposal whose English
or kind changes needs a new label (it is listed as unlabelled). `class` names what is wrong with a proposal that
is not approvable: fragment, common word, organisation as pinyin, wrong English, wrong kind, no name. A row whose
English is rightly empty and says so (issue 31 item 3: "needs an English name"; issue 33 item 4: a foreign official,
English left to the maintainer) is labelled "english to enter" (benchmarks/data/suggest_labels.md gives the rule);
the tables count it apart and show approvable as written beside approvable with English to enter.

Precision is the share of proposals approvable as written (strict) and of proposals that name something worth
an entry (approvable or fixable). Recall, on the WMT halves only, is against the names labelled in their
sentences for issue 30 (benchmarks/data/names_gov.tsv: every word the tagger took for a name, labelled a name or
not; names the tagger missed entirely are not in it): of the labelled names no glossary entry covers, how many
are proposed (itself, or inside the longer name it belongs to: 武隆 in 武隆区), and how many with a label approvable as written; and how many words labelled "not a name"
are proposed.
"""
from __future__ import annotations

import argparse
import csv
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline import api  # noqa: E402

WMT = REPO / "benchmarks" / "data" / "gov_subset_zh_en.tsv"
PARAGRAPHS = REPO / "benchmarks" / "data" / "paragraphs" / "paragraphs.tsv"
LABELS = REPO / "benchmarks" / "data" / "suggest_labels.tsv"
NAMES = REPO / "benchmarks" / "data" / "names_gov.tsv"
TUNE_ROWS = 92
TO_ENTER = "english to enter"  # approvable, English to enter (benchmarks/data/suggest_labels.md)
HEADLINE = ("政府新闻", "Government news")


def read_tsv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def corpora(folder: Path) -> dict[str, tuple[list[Path], list[Path]]]:
    """Write the two corpora as release files with their English; return {corpus: (releases, english)}."""
    found: dict[str, tuple[list[Path], list[Path]]] = {}
    for half, rows in (("wmt-tune", read_tsv(WMT)[:TUNE_ROWS]), ("wmt-report", read_tsv(WMT)[TUNE_ROWS:])):
        start = 1 if half == "wmt-tune" else TUNE_ROWS + 1
        # a release file needs a headline and a body: a neutral headline holds no name
        found[half] = _write(folder / half, [(f"row{start + i:03d}", f"{HEADLINE[0]}\n\n{row['zh']}",
                                              f"{HEADLINE[1]}\n\n{row['en']}") for i, row in enumerate(rows)])
    documents: dict[tuple[str, str], list[dict]] = {}
    for row in read_tsv(PARAGRAPHS):
        documents.setdefault((row["split"], row["doc"]), []).append(row)
    for split in ("tune", "report"):
        texts = [(doc, "\n\n".join([HEADLINE[0], *(r["zh"] for r in rows)]),
                  "\n\n".join([HEADLINE[1], *(r["en"] for r in rows)]))
                 for (part, doc), rows in sorted(documents.items()) if part == split]
        found[f"paragraphs-{split}"] = _write(folder / f"paragraphs-{split}", texts)
    return found


def _write(folder: Path, texts: list[tuple[str, str, str]]) -> tuple[list[Path], list[Path]]:
    folder.mkdir(parents=True)
    releases, english = [], []
    for name, zh, en in texts:
        (folder / f"{name}.zh.txt").write_text(zh + "\n", encoding="utf-8")
        (folder / f"{name}.en.txt").write_text(en + "\n", encoding="utf-8")
        releases.append(folder / f"{name}.zh.txt")
        english.append(folder / f"{name}.en.txt")
    return releases, english


def proposals(folder: Path) -> list[dict]:
    """Return every proposal of every corpus as {corpus, zh, en, kind, note, source}."""
    rows = []
    for corpus, (releases, english) in corpora(folder).items():
        text, _count = api.suggest_names(releases, REPO / "glossary", english, memory=folder / "no-memory.sqlite")
        for line in text.replace(f"{folder}/{corpus}/", "").splitlines()[1:]:
            cells = line.split("\t")
            if line.startswith("# "):
                rows.append({"corpus": corpus, "zh": cells[0][2:], "en": "", "kind": cells[2], "source": cells[1],
                             "note": cells[3]})
            else:
                rows.append({"corpus": corpus, "zh": cells[0], "en": cells[1], "kind": cells[2], "source": cells[6],
                             "note": cells[7]})
    return rows


def _key(row: dict) -> tuple[str, str, str, str]:
    return row["corpus"], row["zh"], row["en"], row["kind"]


def summary(rows: list[dict], labels: dict[tuple[str, str, str], dict]) -> None:
    """Print, per corpus, how many proposals are approvable as written, fixable, wrong, and what is wrong."""
    print("| corpus | proposals | approvable as written | English to enter | approvable, English to enter included "
          "| fixable | wrong | unlabelled | fragment | common word | organisation as pinyin |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    groups = {corpus: [r for r in rows if r["corpus"] == corpus] for corpus in dict.fromkeys(r["corpus"] for r in rows)}
    groups["all"] = rows
    for corpus, part in groups.items():
        found = [labels.get(_key(r)) for r in part]
        counts = Counter(label["label"] if label else "unlabelled" for label in found)
        classes = Counter(label["class"] for label in found if label)
        share = 100 * counts["approvable"] / len(part) if part else 0.0
        both = counts["approvable"] + counts[TO_ENTER]
        print(f"| {corpus} | {len(part)} | {counts['approvable']} ({share:.0f} %) | {counts[TO_ENTER]} | "
              f"{both} ({100 * both / len(part) if part else 0.0:.0f} %) | {counts['fixable']} | "
              f"{counts['wrong']} | {counts['unlabelled']} | {classes['fragment']} | {classes['common word']} | "
              f"{classes['organisation as pinyin']} |")


def precision_recall(rows: list[dict], labels: dict[tuple[str, str, str], dict]) -> None:
    """Print precision per corpus and, for the two WMT halves, recall against benchmarks/data/names_gov.tsv."""
    from pipeline.glossary import Glossary

    glossary = Glossary.load(REPO / "glossary")

    def covered(zh: str) -> bool:
        return any(hit.start == 0 and hit.end == len(zh) for hit in glossary.find(zh))

    print("\n| corpus | proposals | precision: approvable | precision: approvable, English to enter included | "
          "precision: worth an entry | labelled names not in the glossary | proposed | recall | proposed approvable | "
          "recall approvable | non-names proposed |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    names = read_tsv(NAMES)
    for corpus in dict.fromkeys(r["corpus"] for r in rows):
        part = [r for r in rows if r["corpus"] == corpus]
        found = [labels.get(_key(r), {}).get("label", "") for r in part]
        strict, entering = found.count("approvable"), found.count("approvable") + found.count(TO_ENTER)
        lenient = entering + found.count("fixable")
        cells = f"| {corpus} | {len(part)} | {strict / len(part):.2f} | {entering / len(part):.2f} | " \
                f"{lenient / len(part):.2f} |"
        if not corpus.startswith("wmt"):
            print(cells + " – | – | – | – | – | – |")
            continue
        rows_of_half = [r for r in names if (int(r["row"]) <= TUNE_ROWS) == (corpus == "wmt-tune")]
        expected = {r["zh"] for r in rows_of_half if r["kind"] != "none" and not covered(r["zh"])}
        nonnames = {r["zh"] for r in rows_of_half if r["kind"] == "none"}
        proposed = {r["zh"] for r in part}
        approvable = {r["zh"] for r, label in zip(part, found, strict=True) if label == "approvable"}
        # a name proposed inside the longer whole name it belongs to (武隆 in 武隆区) counts as proposed
        hit = {zh for zh in expected if any(zh in other for other in proposed)}
        good = {zh for zh in expected if any(zh in other for other in approvable)}
        print(cells + f" {len(expected)} | {len(hit)} | {len(hit) / len(expected):.2f} | {len(good)} | "
              f"{len(good) / len(expected):.2f} | {len(nonnames & proposed)} of {len(nonnames)} |")
        missed = sorted(expected - hit)
        print(f"<!-- {corpus} not proposed: {' '.join(missed)} -->")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unlabelled", action="store_true", help="print the proposals without a label, as TSV")
    parser.add_argument("--corpora", default="", help="comma-separated corpora to print (wmt-tune,paragraphs-tune "
                        "while tuning: the report halves are neither shown nor summed); default all four")
    args = parser.parse_args()
    labels = {(r["corpus"], r["zh"], r["en"], r["kind"]): r for r in read_tsv(LABELS)} if LABELS.is_file() else {}
    with tempfile.TemporaryDirectory() as scratch:
        rows = proposals(Path(scratch))
    if args.corpora:
        rows = [r for r in rows if r["corpus"] in args.corpora.split(",")]
    if args.unlabelled:
        print("corpus\tzh\ten\tkind\tlabel\tclass\tnote")
        for r in rows:
            if _key(r) not in labels:
                print(f"{r['corpus']}\t{r['zh']}\t{r['en']}\t{r['kind']}\t\t\t{r['source'][:90]}; {r['note'][:110]}")
        return 0
    for r in rows:
        label = labels.get(_key(r), {}).get("label", "unlabelled")
        print(f"  {r['corpus']:16} {label:10} {r['zh']} → {r['en'] or '(needs an English name)'} [{r['kind']}]")
    summary(rows, labels)
    precision_recall(rows, labels)
    return 0


if __name__ == "__main__":
    sys.exit(main())
