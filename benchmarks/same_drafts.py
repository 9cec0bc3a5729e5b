"""Every draft of the sample releases and of the first N WMT government rows, one line per segment: run it on
two commits and diff the files to show a change left the English word for word the same (issue 25's check).

Usage (from the root of each checkout, the model installed; a fresh $PRESS_HOME so no cached draft is reused):

    PRESS_HOME=$(mktemp -d) python benchmarks/same_drafts.py --wmt 20 > before.tsv
    # … check out the other commit …
    PRESS_HOME=$(mktemp -d) python benchmarks/same_drafts.py --wmt 20 > after.tsv
    diff before.tsv after.tsv && echo same

Only what both old and new code offer is used (config.load, runner.build_context, runner.run up to
"check", formats.read_release), so the script runs unchanged on either side of a refactor.
"""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import config, runner  # noqa: E402
from pipeline.formats import read_release  # noqa: E402
from pipeline.model import Release  # noqa: E402

WMT = ROOT / "benchmarks" / "data" / "gov_subset_zh_en.tsv"


def releases(rows: int):
    """Yield (name, release as read) for the samples and the first `rows` WMT sources."""
    for path in sorted((ROOT / "samples").glob("*/source.zh.txt")):
        yield path.parent.name, read_release(path)
    with open(WMT, encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle, delimiter="\t"), start=1):
            if number > rows:
                break
            yield f"wmt{number:03d}", Release(path=Path(f"wmt{number:03d}"), headline="", paragraphs=(row["zh"],))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wmt", type=int, default=20, help="how many WMT rows (default 20)")
    args = parser.parse_args()
    ctx = runner.build_context(config.load({"quiet": True}))
    for name, release in releases(args.wmt):
        for segment in runner.run(release, ctx, stop_after="check").segments:
            if segment.zh:
                print(f"{name}\t{segment.id}\t{segment.en}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
