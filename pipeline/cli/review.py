"""`press check REVIEW.docx` and `press ingest REVIEW.docx`: thin wrappers around the API (`press import`
in exchange.py shares the ingest flags and printing)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from .. import api
from ..errors import PipelineError
from .memory import MEMORY_HELP

RELEASE_HELP = ("the release JSON to use instead of the data the review file carries "
                "(default: the data inside the review file, checked against <stem>.json beside it)")


def register(subparsers) -> None:
    """Add `check` and `ingest` (the reviewed-.docx round trip) to the main parser's subparsers."""
    check = subparsers.add_parser("check", help="re-run QA on a reviewed .docx (or XLIFF file)",
                                  description="Re-run QA (glossary, numbers, dates, untranslated Han, empty "
                                  "cells) on the English of a reviewed .docx or an XLIFF file from `press export`; "
                                  "exit 1 on an error finding the reviewer has not acknowledged (`ok: <check> — "
                                  "<why>` in its Notes cell, or in a note of its XLIFF unit).")
    check.add_argument("review", type=Path, metavar="REVIEW.docx")
    check.add_argument("--json", action="store_true", help="print the findings as JSON")
    check.add_argument("--release", type=Path, default=None, metavar="FILE.json", help=RELEASE_HELP)
    check.add_argument("--glossary", default=None, help="glossary folder (default: ./glossary)")
    check.set_defaults(handler=run_check)
    ingest = subparsers.add_parser("ingest", help="store a reviewed .docx in the memory, write <stem>.en.docx",
                                   description="Check the reviewed English (tracked changes accepted) like "
                                   "`press check`; unless an error finding is left unacknowledged, store it in the "
                                   "translation memory as reviewed and write the final <stem>.en.docx and "
                                   "<stem>.changes.txt. Exit 1 and write nothing when errors block it. Refuses "
                                   "a file from another release or a table whose rows no longer match segments.")
    ingest.add_argument("review", type=Path, metavar="REVIEW.docx")
    add_ingest_arguments(ingest, "the review")
    ingest.set_defaults(handler=run_ingest)


def add_ingest_arguments(parser, beside: str) -> None:
    """Add the flags `press ingest` and `press import` share (release, memory, credits, QA guard, output)."""
    parser.add_argument("--release", type=Path, default=None, metavar="FILE.json", help=RELEASE_HELP)
    parser.add_argument("--memory", default=None, metavar="FILE|URL", help=MEMORY_HELP)
    parser.add_argument("--reviewer", default="", help="credited reviewer (default: the release's, else "
                        "[credits] reviewer in press.toml; tracked-change authors are only suggested)")
    parser.add_argument("--translator", default="", help="credited translator (default: the release's, else "
                        "[credits] translator in press.toml)")
    parser.add_argument("--accept-errors", action="store_true",
                        help="ingest despite unacknowledged error findings (recorded on the stored units)")
    parser.add_argument("--glossary", default=None, help="glossary folder (default: ./glossary)")
    parser.add_argument("-o", "--out", type=Path, default=None, help=f"output folder (default: beside {beside})")
    parser.add_argument("--json", action="store_true", help="print the findings and the change report as JSON")


def finding_line(issue) -> str:
    """Return one finding as `<segment>\t<severity>\t<check>\t<message>`; acknowledged ones say so."""
    if issue.acknowledged:
        return f"{issue.segment_id or '-'}\tacknowledged\t{issue.check}\t{issue.message} (ok: {issue.acknowledged})"
    return f"{issue.segment_id or '-'}\t{issue.severity}\t{issue.check}\t{issue.message}"


def run_check(args) -> int:
    """Handle `press check`: print findings per segment; exit 1 when an unacknowledged error exists."""
    config = api.load_config({"glossary": args.glossary})
    release = api.check_file(args.review, args.release, config.glossary_dir(), config=config)
    errors = len(api.blocking(release.issues))
    if args.json:
        print(json.dumps({"review": str(args.review), "release_hash": release.hash, "errors": errors,
                          "issues": [issue.as_dict() for issue in release.issues]}, ensure_ascii=False, indent=2))
        return 1 if errors else 0
    for issue in release.issues:
        print(finding_line(issue))
    print(f"{args.review}: {len(release.segments)} segments, {api.summary(release.issues)}")
    return 1 if errors else 0


def run_ingest(args) -> int:
    """Handle `press ingest`: print the QA summary, then the change report and where the files went, or
    why nothing was written (exit 1)."""
    if api.is_alignment_review(args.review):
        return run_ingest_alignment(args)
    config = api.load_config({"glossary": args.glossary})
    result, memory_path = api.ingest_file(args.review, args.memory, args.release, args.reviewer, args.out,
                                          translator=args.translator, accept_errors=args.accept_errors,
                                          config=config)
    return print_ingest(result, memory_path, args, args.review, "in the Notes cell of its row")


def run_ingest_alignment(args) -> int:
    """Handle `press ingest X.align.docx`: store the pairs a person kept or corrected, say what was dropped."""
    misplaced = [flag for flag, given in (("--release", args.release), ("--translator", args.translator),
                                          ("--accept-errors", args.accept_errors), ("--out", args.out)) if given]
    if misplaced:
        raise PipelineError(f"{misplaced[0]} does not apply to an alignment review file", args.review,
                                hint="pass --memory and --reviewer only (the translator is the archive's)")
    review, stored, memory_path = api.ingest_alignment(args.review, args.memory, args.reviewer)
    if args.json:
        print(json.dumps({"memory": stored, "decisions": [{"id": d.id, "verdict": d.verdict, "zh": d.zh, "en": d.en}
                                                          for d in review.decisions]}, ensure_ascii=False, indent=2))
        return 0
    print(f"{args.review}: {len(review.decisions)} rows — {review.count('keep')} kept, {review.count('fixed')} "
          f"corrected, {review.count('drop')} dropped, {review.count('undecided')} undecided (left for later)")
    print(f"memory {memory_path}: {stored['added']} added, {stored['updated']} updated, "
          f"{stored['unchanged']} unchanged (aligned)")
    return 0


def print_ingest(result, memory_path, args, path: Path, where: str) -> int:
    """Print what an ingest of `path` did (findings, change report, files; or JSON), or why nothing was
    written (`where` says where an acknowledgement goes); return the exit code (1 when blocked)."""
    if args.json:
        print(json.dumps({"written": not result.blocked,
                          "english": str(result.english_path) if result.english_path else None,
                          "report": str(result.report_path) if result.report_path else None,
                          "memory": result.stored, "issues": [issue.as_dict() for issue in result.release.issues],
                          "changes": [c.as_dict() for c in result.changes]}, ensure_ascii=False, indent=2))
        return 1 if result.blocked else 0
    for issue in result.release.issues:
        print(finding_line(issue))
    print(f"{path}: {len(result.release.segments)} segments, {api.summary(result.release.issues)}")
    if result.blocked:
        segments = ", ".join(dict.fromkeys(issue.segment_id or "the release" for issue in result.blocked))
        print(f"not ingested: {len(result.blocked)} error finding(s) in {segments} — correct the English, or "
              f"acknowledge a finding with a line `ok: <check> — <why>` {where}, or pass --accept-errors; "
              "nothing was written", file=sys.stderr)
        return 1
    print(result.report_path.read_text(encoding="utf-8"), end="")
    stored = result.stored
    print(f"memory {memory_path}: {stored['added']} added, {stored['updated']} updated, "
          f"{stored['unchanged']} unchanged (reviewed)\nwrote {result.english_path} and {result.report_path}")
    return 0
