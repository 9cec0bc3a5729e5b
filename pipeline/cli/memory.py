"""`press memory import|export|copy|stats|search|show|edit|delete|align`: thin wrappers around the API."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .. import api

MEMORY_HELP = ("translation memory: a SQLite file, or postgresql://user@host/db (password from PGPASSWORD or "
               "~/.pgpass); default: [paths] memory in press.toml, else $PRESS_HOME/memory.sqlite")


def memory_option() -> argparse.ArgumentParser:
    """Return a parent parser holding --memory FILE|URL, shared by every command that opens the memory."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--memory", metavar="FILE|URL", default=None, help=MEMORY_HELP)
    return parent


def register(subparsers) -> None:
    """Add the `memory` command group to the main parser's subparsers."""
    group = subparsers.add_parser("memory", help="translation memory: TMX exchange, search and upkeep",
                                  description="Manage the translation memory (a SQLite file or a shared "
                                  "PostgreSQL database).")
    commands = group.add_subparsers(dest="memory_command", metavar="COMMAND", required=True)
    parent = memory_option()

    def command(name: str, handler, help_text: str, description: str) -> argparse.ArgumentParser:
        parser = commands.add_parser(name, parents=[parent], help=help_text, description=description)
        parser.set_defaults(handler=handler)
        return parser

    imp = command("import", run_import, "add the zh/en units of a TMX file",
                  "Import a TMX 1.4 file (ours, OmegaT, translate-toolkit, ...). A unit reviewed here is never "
                  "replaced, nor by a unit dated in the future: such conflicts are reported, not applied.")
    imp.add_argument("tmx", metavar="FILE.tmx", type=Path)
    imp.add_argument("--overwrite", action="store_true", help="let the file's English replace conflicting units")
    command("export", run_export, "write every unit to a TMX 1.4b file",
            "Export the whole memory as TMX 1.4b, without loss.").add_argument("tmx", metavar="FILE.tmx", type=Path)
    copy = commands.add_parser("copy", help="copy every unit of one memory into another",
                               description="Copy a memory into another, e.g. a SQLite file into the office's "
                               "PostgreSQL database, in the same trust order as an import.")
    copy.add_argument("source", metavar="SOURCE", help="memory to read (file or postgresql:// URL)")
    copy.add_argument("target", metavar="TARGET", help="memory to add to (file or postgresql:// URL)")
    copy.add_argument("--overwrite", action="store_true", help="let the source's English replace conflicting units")
    copy.set_defaults(handler=run_copy)
    stats = command("stats", run_stats, "count units by origin",
                    "Show the memory's location, schema version and unit counts.")
    stats.add_argument("--json", action="store_true", help="print the statistics as JSON")
    search = command("search", run_search, "find units by Chinese or English text (fuzzy, scored)",
                     "Concordance: units whose Chinese or English contains TEXT or comes close, best first.")
    search.add_argument("text", metavar="TEXT")
    search.add_argument("--limit", type=int, default=20, help="at most this many units (default 20)")
    search.add_argument("--threshold", type=float, default=60.0, help="lowest score shown, 0-100 (default 60)")
    search.add_argument("--json", action="store_true", help="print the units as JSON")
    show = command("show", run_show, "print one unit", "Print every field of one unit.")
    show.add_argument("id", type=int, metavar="ID")
    show.add_argument("--json", action="store_true", help="print the unit as JSON")
    edit = command("edit", run_edit, "replace a unit's English (recorded as reviewed, with who and when)",
                   "Replace the English of a unit; it becomes reviewed, with the reviewer and the time recorded.")
    edit.add_argument("id", type=int, metavar="ID")
    edit.add_argument("--en", required=True, help="the corrected English")
    edit.add_argument("--reviewer", default="", help="who made the edit (default: [credits] reviewer in press.toml)")
    delete = command("delete", run_delete, "delete units by id", "Delete units by id: all of them or none.")
    delete.add_argument("ids", type=int, nargs="+", metavar="ID")
    align = command("align", run_align, "align past releases and their published English into the memory",
                    "Align a Chinese release and its published English (any format press translate reads; the "
                    "English's credit lines left out) sentence by sentence, or two folders of them paired by "
                    "name (higashiomi.zh.txt ~ higashiomi.en.docx) or by --map. Pairs scoring at or above the "
                    "threshold go into the memory as `aligned` units (offered as matches, never applied by "
                    "themselves); the others go to <name>.align.docx to keep, fix or drop, then `press ingest`; "
                    "names that recur with one English are proposed in <name>.terms.tsv.")
    align.add_argument("zh", type=Path, metavar="ZH", help="the Chinese release, or a folder of them")
    align.add_argument("en", type=Path, metavar="EN", help="its published English, or a folder of them")
    align.add_argument("--map", type=Path, default=None, metavar="FILE.csv",
                       help="pair folder files by this CSV (columns zh,en; paths relative to ZH and EN)")
    align.add_argument("--threshold", type=float, default=api.ALIGN_THRESHOLD,
                       help=f"lowest score stored without review, 0-1 (default {api.ALIGN_THRESHOLD})")
    align.add_argument("-o", "--out", type=Path, default=None,
                       help="folder for the review file and term proposals (default: beside ZH)")
    align.add_argument("--glossary", default=None, help="glossary folder (default: ./glossary)")
    align.add_argument("--dry-run", action="store_true", help="align and report; write nothing")
    align.add_argument("--json", action="store_true", help="print every pair and its score as JSON")


def run_import(args) -> int:
    """Handle `press memory import FILE.tmx`."""
    report, location = api.import_memory(args.tmx, args.memory, args.overwrite, config=api.load_config())
    print(f"{args.tmx}: {report.added} added, {report.updated} updated, {report.unchanged} unchanged, "
          f"{report.conflicts} conflicts, {report.skipped} skipped (no Chinese or English side) -> {location}")
    _print_conflicts(report.conflicts, report.examples)
    return 0


def run_export(args) -> int:
    """Handle `press memory export FILE.tmx`."""
    count, location = api.export_memory(args.tmx, args.memory, config=api.load_config())
    print(f"{args.tmx}: {count} units written from {location}")
    return 0


def run_copy(args) -> int:
    """Handle `press memory copy SOURCE TARGET`."""
    merge, source, target = api.copy_memory(args.source, args.target, args.overwrite)
    print(f"{source} -> {target}: {merge.added} added, {merge.updated} updated, {merge.unchanged} unchanged, "
          f"{merge.conflicts} conflicts")
    _print_conflicts(merge.conflicts, merge.examples)
    return 0


def _print_conflicts(count: int, examples) -> None:
    for example in examples:
        print(f"  conflict: {example.describe()}")
    if count > len(examples):
        print(f"  … and {count - len(examples)} more conflicts")
    if count:
        print("  conflicts were not applied; --overwrite applies them")


def run_stats(args) -> int:
    """Handle `press memory stats`."""
    stats = api.memory_stats(args.memory, config=api.load_config())
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=2))
        return 0
    origins = ", ".join(f"{origin} {count}" for origin, count in stats["by_origin"].items())
    detail = stats.get("journal_mode") or f"server {stats.get('server_version')}"
    print(f"{stats['path']} ({stats['backend']}, schema {stats['schema_version']}, {detail}): "
          f"{stats['units']} units for {stats['sources']} source sentences — {origins}")
    return 0


def run_search(args) -> int:
    """Handle `press memory search TEXT`: one unit per line, best first."""
    hits = api.search_memory(args.text, args.memory, args.limit, args.threshold, config=api.load_config())
    if args.json:
        print(json.dumps([{**hit.unit.as_dict(), "score": hit.score, "side": hit.side} for hit in hits],
                         ensure_ascii=False, indent=2))
        return 0
    for hit in hits:
        print(f"{hit.unit.id}\t{hit.score:.0f}%\t{hit.unit.origin}\t{hit.unit.zh}\t{hit.unit.en}")
    print(f"{len(hits)} units match {args.text!r}")
    return 0


def run_show(args) -> int:
    """Handle `press memory show ID`."""
    unit = api.show_unit(args.id, args.memory, config=api.load_config())
    if args.json:
        print(json.dumps(unit.as_dict(), ensure_ascii=False, indent=2))
        return 0
    for name, value in unit.as_dict().items():
        print(f"{name}: {value}")
    return 0


def run_edit(args) -> int:
    """Handle `press memory edit ID --en TEXT`."""
    unit = api.edit_unit(args.id, args.en, args.reviewer, args.memory, config=api.load_config())
    print(f"unit {unit.id} edited by {unit.reviewer} at {unit.updated}: {unit.en}")
    return 0


def run_delete(args) -> int:
    """Handle `press memory delete ID…`."""
    units = api.delete_units(args.ids, args.memory, config=api.load_config())
    for unit in units:
        print(f"deleted unit {unit.id} ({unit.origin}): {unit.zh}")
    return 0


def run_align(args) -> int:
    """Handle `press memory align ZH EN`: a line per release pair, then what went where; exit 2 when a pair
    failed."""
    report = api.align_archive(args.zh, args.en, mapping=args.map, out_dir=args.out, memory=args.memory,
                               threshold=args.threshold, glossary_dir=args.glossary, dry_run=args.dry_run)
    if args.json:
        print(json.dumps(_align_json(report), ensure_ascii=False, indent=2))
        return 2 if report.failed else 0
    for release in report.aligned:
        accepted = sum(1 for pair in release.pairs if pair.accepted(report.threshold))
        print(f"{release.zh_path} ~ {release.en_path}: {len(release.pairs)} pairs, {accepted} to the memory, "
              f"{len(release.pairs) - accepted} to review")
    for zh, en, error in report.failed:
        print(f"failed: {zh} ~ {en}: {error}", file=sys.stderr)
    for path in (*report.lonely_zh, *report.lonely_en):
        print(f"no partner: {path}", file=sys.stderr)
    seconds = report.seconds / max(len(report.aligned), 1)
    print(f"{len(report.aligned)} release(s) aligned in {report.seconds:.1f} s ({seconds:.2f} s each): "
          f"{report.accepted} pairs scored at least {report.threshold:g}, {report.doubtful} below")
    if args.dry_run:
        print(f"dry run: nothing written ({report.memory} unchanged)")
        return 2 if report.failed else 0
    stored = report.stored
    print(f"memory {report.memory}: {stored.get('added', 0)} added, {stored.get('updated', 0)} updated, "
          f"{stored.get('unchanged', 0)} unchanged (aligned)")
    if report.review_path:
        print(f"review: {report.review_path} — keep, fix or drop each pair, then press ingest {report.review_path}")
    if report.terms_path:
        print(f"terms: {len(report.proposals)} proposal(s) in {report.terms_path} — check them, then "
              f"press glossary import {report.terms_path}")
    return 2 if report.failed else 0


def _align_json(report) -> dict:
    return {"threshold": report.threshold, "memory": report.memory, "stored": report.stored,
            "review": str(report.review_path) if report.review_path else None,
            "terms": str(report.terms_path) if report.terms_path else None,
            "releases": [{"zh": str(r.zh_path), "en": str(r.en_path), "label": r.label,
                          "pairs": [{"id": p.id, "zh_ids": list(p.zh_ids), "en_ids": list(p.en_ids), "zh": p.zh,
                                     "en": p.en, "score": p.score, "similarity": p.similarity,
                                     "accepted": p.accepted(report.threshold)} for p in r.pairs]}
                         for r in report.aligned],
            "failed": [{"zh": str(zh), "en": str(en), "error": str(error)} for zh, en, error in report.failed],
            "proposals": [dict(zip(("zh", "en", "kind"), p.cells()[:3], strict=True)) for p in report.proposals]}
