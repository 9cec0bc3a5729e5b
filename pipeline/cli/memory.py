"""`press memory import|export|stats`: thin wrappers around the API."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from .. import api


def memory_option() -> argparse.ArgumentParser:
    """Return a parent parser holding --memory PATH, shared by every command that opens the memory."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--memory", metavar="PATH", type=Path, default=None,
                        help="translation memory file (default: $PRESS_HOME/memory.sqlite)")
    return parent


def register(subparsers) -> None:
    """Add the `memory` command group (import, export, stats) to the main parser's subparsers."""
    group = subparsers.add_parser("memory", help="translation memory: TMX import/export and statistics",
                                  description="Manage the translation memory (one SQLite file).")
    commands = group.add_subparsers(dest="memory_command", metavar="COMMAND", required=True)
    parent = memory_option()
    imp = commands.add_parser("import", parents=[parent], help="add the zh/en units of a TMX file",
                              description="Import a TMX 1.4 file (ours, OmegaT, translate-toolkit, ...).")
    imp.add_argument("tmx", metavar="FILE.tmx", type=Path)
    imp.set_defaults(handler=run_import)
    exp = commands.add_parser("export", parents=[parent], help="write every unit to a TMX 1.4b file",
                              description="Export the whole memory as TMX 1.4b, without loss.")
    exp.add_argument("tmx", metavar="FILE.tmx", type=Path)
    exp.set_defaults(handler=run_export)
    stats = commands.add_parser("stats", parents=[parent], help="count units by origin",
                                description="Show the memory's path, schema version and unit counts.")
    stats.add_argument("--json", action="store_true", help="print the statistics as JSON")
    stats.set_defaults(handler=run_stats)


def run_import(args) -> int:
    """Handle `press memory import FILE.tmx`."""
    report, path = api.import_memory(args.tmx, args.memory)
    print(f"{args.tmx}: {report.added} added, {report.updated} updated, {report.unchanged} unchanged, "
          f"{report.skipped} skipped (no Chinese or English side) -> {path}")
    return 0


def run_export(args) -> int:
    """Handle `press memory export FILE.tmx`."""
    count, path = api.export_memory(args.tmx, args.memory)
    print(f"{args.tmx}: {count} units written from {path}")
    return 0


def run_stats(args) -> int:
    """Handle `press memory stats`."""
    stats = api.memory_stats(args.memory)
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=2))
        return 0
    origins = ", ".join(f"{origin} {count}" for origin, count in stats["by_origin"].items())
    print(f"{stats['path']} (schema {stats['schema_version']}, {stats['journal_mode']}): "
          f"{stats['units']} units for {stats['sources']} source sentences — {origins}")
    return 0
