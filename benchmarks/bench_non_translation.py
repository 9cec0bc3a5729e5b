"""Non-translations (issue 24, item 2): how many stored drafts the check catches, and human references it flags.

    python benchmarks/bench_non_translation.py                        # stored drafts and the references in the repo
    python benchmarks/bench_non_translation.py --references FILE.csv  # also other (zh, en) references, e.g. WMT18-20
    python benchmarks/bench_non_translation.py --redraft              # the caught WMT rows drafted again (real model)

Stored drafts: every pipeline and raw-model draft of the WMT government subset kept in
benchmarks/results/run*/wmt.tsv and every first draft in benchmarks/results/tune-profiles/*.jsonl (the
answer before any retry). References: the 183 of the subset and the published paragraphs. `--redraft`
runs the draft stage (with its retry) on the subset rows whose stored first draft was caught and prints
what comes out now: a translation, or nothing and the not_empty error.
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.adequacy.meta import meta_reply  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
WMT = ROOT / "benchmarks" / "data" / "gov_subset_zh_en.tsv"
PARAGRAPHS = ROOT / "benchmarks" / "data" / "paragraphs" / "paragraphs.tsv"


def _tsv(path: Path) -> list[dict]:
    csv.field_size_limit(1 << 30)
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def stored_drafts() -> list[tuple[str, int, str, str]]:
    """Return (where, WMT row, Chinese, draft) for every stored draft of the WMT government subset."""
    wmt = _tsv(WMT)
    found = []
    for path in sorted(RESULTS.glob("run*/wmt.tsv")):
        for row in _tsv(path):
            for column in ("raw", "pipeline"):
                if row.get(column):
                    found.append((f"{path.parent.name} {column}", int(row["row"]), row["zh"], row[column]))
    for path in sorted((RESULTS / "tune-profiles").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            for first in record.get("first_en", []):
                found.append((f"profile {path.stem} first", record["row"], wmt[record["row"] - 1]["zh"], first))
    return found


def references(extra: list[Path]) -> dict[str, list[tuple[str, str]]]:
    """Return the human references by set: the subset's 183, the paragraphs', and any --references files."""
    sets = {"WMT government subset": [(row["zh"], row["en"]) for row in _tsv(WMT)],
            "published paragraphs": [(row["zh"], row["en"]) for row in _tsv(PARAGRAPHS)]}
    for path in extra:
        with open(path, encoding="utf-8", newline="") as handle:
            sets[path.name] = [(row[0], row[1]) for row in csv.reader(handle) if row and row[0] != "0"]
    return sets


def redraft(rows: list[int]) -> None:
    """Draft the given subset rows again with the pipeline (real model) and print the outcome."""
    import bench_engine

    from pipeline import config, runner
    wmt = _tsv(WMT)
    ctx = runner.build_context(config.Config(engine="llama", quiet=True))
    ctx.cache = None  # drafted now, not served from an earlier run
    for number in rows:
        release = bench_engine.pipeline_run(wmt[number - 1]["zh"], ctx, f"wmt{number:03d}", "paragraph")
        english = bench_engine.english(release)
        errors = sorted({issue.check for issue in release.issues if issue.severity == "error"})
        print(f"  row {number}: {english[:110] or '(empty)'}  errors: {', '.join(errors) or 'none'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--references", type=Path, action="append", default=[],
                        help="a CSV of (zh, en) rows, header row '0,1' (the WMT18-20 files of shared/data)")
    parser.add_argument("--redraft", action="store_true", help="draft the caught rows again with the real model")
    args = parser.parse_args(argv)
    drafts = stored_drafts()
    caught = [(where, row, draft, meta_reply(zh, draft)) for where, row, zh, draft in drafts if meta_reply(zh, draft)[1]]
    print(f"stored drafts of the WMT government subset: {len(drafts)} "
          f"({len({draft for *_, draft in drafts})} distinct); not translations: {len(caught)} "
          f"({len({draft for _, _, draft, _ in caught})} distinct) in rows {sorted({row for _, row, _, _ in caught})}")
    for draft in sorted({draft for _, _, draft, _ in caught}):
        kind, phrase = meta_reply("", draft)
        print(f"  {kind:12} “{phrase}”  {draft[:90]}")
    for name, pairs in references(args.references).items():
        flagged = [en for zh, en in pairs if meta_reply(zh, en)[1]]
        print(f"human references, {name}: {len(flagged)} of {len(pairs)} flagged")
        for en in flagged:
            print(f"  {en[:120]}")
    if args.redraft:
        print("caught rows drafted again (the draft stage's retry as a lone sentence, else left empty):")
        redraft(sorted({row for _, row, _, _ in caught}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
