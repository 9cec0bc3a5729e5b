"""Calibrate `stages/status.py: LOW_CONFIDENCE` on the tune half of the WMT government subset, report both halves.

    python benchmarks/calibrate_confidence.py benchmarks/results/run19/wmt.tsv [--fold]

Reads the drafts `bench_engine.py --wmt all --save DIR` wrote (one row per WMT sentence: the pipeline's
mean segment confidence and the draft's sentence chrF). The threshold is the confidence below which the
lowest fifth of the *tune* half's drafts fall (rows 1-92); the report half (93-183) is then scored with
that threshold, never looked at to choose it. Printed per half: Spearman between confidence and chrF,
how many of the drafts with chrF < 40 fall in that half's lowest-confidence fifth (the issue's target),
and, with the chosen threshold, how many drafts it flags and how many of the chrF < 40 drafts among them.
"""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_engine import LOW_CHRF, TUNE_ROWS, spearman  # noqa: E402

from pipeline.stages import status  # noqa: E402


def load(path: Path, fold: bool = False) -> list[dict]:
    """Return each scored row's number, confidence and chrF; with `fold`, the confidence times the share of
    the Chinese the pipeline draft renders (what `press translate` now records: adequacy.checks.folded_confidence),
    for runs made before the fold."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle, delimiter="\t") if row["confidence"] not in ("", "None")]
    return [{"row": int(r["row"]), "chrf": float(r["chrf"]),
             "confidence": float(r["confidence"]) * (_rendered(r["zh"], r["pipeline"]) if fold else 1)} for r in rows]


def _rendered(zh: str, en: str) -> float:
    """Return the coverage factor the pipeline folds into a draft's confidence (the repository glossary's terms)."""
    from pipeline.adequacy import checks, lexical
    from pipeline.config import REPO_GLOSSARY
    from pipeline.glossary import Glossary

    global _GLOSSARY
    _GLOSSARY = _GLOSSARY or Glossary.load(REPO_GLOSSARY)
    words, terms, names = checks.analyse(zh, _GLOSSARY)
    return lexical.assess(zh, en, terms, words, names).rendered ** checks.COVERAGE_FOLD


_GLOSSARY = None


def fifth_threshold(rows: list[dict]) -> float:
    """The confidence of the first draft above the lowest fifth: drafts below it are that fifth."""
    ranked = sorted(r["confidence"] for r in rows)
    return ranked[len(ranked) // 5]


def describe(label: str, rows: list[dict], threshold: float) -> None:
    ranked = sorted(rows, key=lambda r: r["confidence"])
    fifth = ranked[:max(1, len(ranked) // 5)]
    low = [r for r in rows if r["chrf"] < LOW_CHRF]
    caught = sum(1 for r in fifth if r["chrf"] < LOW_CHRF)
    flagged = [r for r in rows if r["confidence"] < threshold]
    flagged_low = sum(1 for r in flagged if r["chrf"] < LOW_CHRF)
    rho = spearman([r["confidence"] for r in rows], [r["chrf"] for r in rows])
    print(f"{label:14} n={len(rows):3d}  Spearman {rho:5.2f}  lowest fifth holds {caught:2d} of {len(low):2d} "
          f"chrF<{LOW_CHRF:g} ({caught / max(1, len(low)):4.0%})  below {threshold:.3f}: {len(flagged):2d} drafts, "
          f"{flagged_low} of them chrF<{LOW_CHRF:g} ({flagged_low / max(1, len(low)):4.0%} of those)")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tsv", type=Path, help="wmt.tsv written by bench_engine.py --save")
    parser.add_argument("--fold", action="store_true",
                        help="fold the draft's coverage into the confidence (a run recorded before the fold)")
    args = parser.parse_args(argv)
    rows = load(args.tsv, args.fold)
    tune = [r for r in rows if r["row"] <= TUNE_ROWS]
    report = [r for r in rows if r["row"] > TUNE_ROWS]
    threshold = fifth_threshold(tune)
    print(f"threshold chosen on the tune half: {threshold:.3f} (status.LOW_CONFIDENCE is "
          f"{status.LOW_CONFIDENCE:.3f})")
    for label, part in (("tune 1-92", tune), ("report 93-183", report), ("all", rows)):
        if part:
            describe(label, part, threshold)


if __name__ == "__main__":
    main()
