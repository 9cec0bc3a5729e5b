"""`press check REVIEW.docx` and `press ingest REVIEW.docx`: thin wrappers around the API."""
from __future__ import annotations

import json
from pathlib import Path

from .. import api


def register(subparsers) -> None:
    """Add `check` and `ingest` (the reviewed-.docx round trip) to the main parser's subparsers."""
    check = subparsers.add_parser("check", help="re-run QA on a reviewed .docx",
                                  description="Re-run QA (glossary, numbers, dates, untranslated Han, empty "
                                  "cells) on the English of a reviewed .docx; exit 1 on an error finding.")
    check.add_argument("review", type=Path, metavar="REVIEW.docx")
    check.add_argument("--json", action="store_true", help="print the findings as JSON")
    check.add_argument("--release", type=Path, default=None, metavar="FILE.json",
                       help="the release JSON (default: <stem>.json beside the review file)")
    check.add_argument("--glossary", default=None, help="glossary folder (default: ./glossary)")
    check.set_defaults(handler=run_check)
    ingest = subparsers.add_parser("ingest", help="store a reviewed .docx in the memory, write <stem>.en.docx",
                                   description="Read the reviewed English (tracked changes accepted), store it "
                                   "in the translation memory as reviewed, write the final <stem>.en.docx and "
                                   "<stem>.changes.txt. Refuses a file from another release.")
    ingest.add_argument("review", type=Path, metavar="REVIEW.docx")
    ingest.add_argument("--release", type=Path, default=None, metavar="FILE.json",
                        help="the release JSON (default: <stem>.json beside the review file)")
    ingest.add_argument("--memory", default=None, metavar="FILE|URL",
                        help="translation memory: a SQLite file or postgresql://user@host/db (default: [paths] "
                        "memory in press.toml, else $PRESS_HOME/memory.sqlite)")
    ingest.add_argument("--reviewer", default="", help="credited reviewer (default: the tracked changes' author)")
    ingest.add_argument("-o", "--out", type=Path, default=None, help="output folder (default: beside the review)")
    ingest.add_argument("--json", action="store_true", help="print the change report as JSON")
    ingest.set_defaults(handler=run_ingest)


def run_check(args) -> int:
    """Handle `press check`: print findings per segment; exit 1 when an error-severity finding exists."""
    glossary = api.load_config({"glossary": args.glossary}).glossary_dir()
    release = api.check_file(args.review, args.release, glossary)
    errors = sum(1 for issue in release.issues if issue.severity == "error")
    if args.json:
        print(json.dumps({"review": str(args.review), "release_hash": release.hash, "errors": errors,
                          "issues": [issue.as_dict() for issue in release.issues]}, ensure_ascii=False, indent=2))
        return 1 if errors else 0
    for issue in release.issues:
        print(f"{issue.segment_id or '-'}\t{issue.severity}\t{issue.check}\t{issue.message}")
    print(f"{args.review}: {len(release.segments)} segments, {api.summary(release.issues)}")
    return 1 if errors else 0


def run_ingest(args) -> int:
    """Handle `press ingest`: print the change report and where the files went."""
    result, memory_path = api.ingest_file(args.review, args.memory, args.release, args.reviewer, args.out)
    if args.json:
        print(json.dumps({"english": str(result.english_path), "report": str(result.report_path),
                          "memory": result.stored, "changes": [c.as_dict() for c in result.changes]},
                         ensure_ascii=False, indent=2))
        return 0
    print(result.report_path.read_text(encoding="utf-8"), end="")
    stored = result.stored
    print(f"memory {memory_path}: {stored['added']} added, {stored['updated']} updated, "
          f"{stored['unchanged']} unchanged (reviewed)\nwrote {result.english_path} and {result.report_path}")
    return 0
