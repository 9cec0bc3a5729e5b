"""`press glossary lint|find|add|export|import|suggest`: thin wrappers around the glossary modules."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import api


def _directory(args) -> Path:
    return Path(args.glossary) if args.glossary else api.load_config().glossary_dir()


def _command(commands, parent, name: str, handler, help_text: str, description: str):
    """Return a new subcommand parser sharing --glossary, wired to `handler`."""
    parser = commands.add_parser(name, parents=[parent], help=help_text, description=description)
    parser.set_defaults(handler=handler)
    return parser


def register(subparsers) -> None:
    """Add the `glossary` command group to the main parser's subparsers."""
    group = subparsers.add_parser(
        "glossary", help="terminology glossary: lint, find, add, export, import, suggest",
        description="Check, search, extend and exchange the glossary (glossary/*.tsv).")
    commands = group.add_subparsers(dest="glossary_command", metavar="COMMAND", required=True)
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--glossary", metavar="DIR", default=None,
                        help="glossary folder (default: ./glossary)")
    cmd = _command(commands, parent, "lint", run_lint, "report problems as file:line: message (exit 1)",
                   "Check every glossary file; exit 0 when clean, 1 when any problem.")
    cmd.add_argument("directory", nargs="?", metavar="DIR", help="glossary folder (same as --glossary)")
    cmd.add_argument("--short-forms", action="store_true",
                     help="also list the short forms that count only after their full form in a release")
    cmd = _command(commands, parent, "find", run_find, "show the glossary terms in a text or file",
                   "Show every term found (longest first, non-overlapping).")
    cmd.add_argument("text", metavar="TEXT|FILE")
    _add_arguments(_command(commands, parent, "add", run_add, "append a validated row (refuses conflicts)",
                            "Append one entry; nothing is written if it clashes with the glossary."))
    cmd = _command(commands, parent, "export", run_export, "write TBX, DeepL/Google CSV or Excel",
                   "Export the glossary as TBX-Basic (ISO 30042 DCA or 2008 martif), CSV or an Excel sheet "
                   "(xlsx: every column, needs -o).")
    cmd.add_argument("--format", required=True, choices=api.FORMATS)
    cmd.add_argument("-o", "--output", type=Path, default=None, help="file to write (default: standard output)")
    cmd.add_argument("--approved-only", action="store_true", help="leave out proposed entries")
    cmd = _command(commands, parent, "import", run_import, "add the new terms of a .tbx/.csv/.xlsx (as proposed)",
                   "Append new terms as proposed; conflicts are reported, never overwritten. An Excel sheet "
                   "is read by its header row (zh, en, kind, variants, forbidden, status, source, note).")
    cmd.add_argument("file", metavar="FILE.tbx|FILE.csv|FILE.xlsx", type=Path)
    cmd.add_argument("--file", dest="target", default=None, help="TSV file to append to (default: imported.tsv)")
    cmd.add_argument("--keep-status", action="store_true", help="keep approved/proposed from a TBX or Excel file")
    cmd = _command(commands, parent, "suggest", run_suggest, "list uncovered names as proposed TSV rows",
                   "List names jieba tags as places, organisations or persons that no entry covers, "
                   "with frequency, context and a romanisation, as glossary rows (status proposed).")
    cmd.add_argument("files", nargs="+", metavar="FILE", type=Path)
    cmd.add_argument("--english", nargs="+", metavar="EN", type=Path, default=None,
                     help="the English of each FILE (draft or reference, same order): foreign names are "
                          "offered with the English it uses for them instead of no English")


def _add_arguments(cmd) -> None:
    """Add the row fields of `press glossary add`."""
    cmd.add_argument("--zh", required=True)
    cmd.add_argument("--en", required=True)
    cmd.add_argument("--kind", required=True, help=f"one of: {', '.join(api.KINDS)}")
    cmd.add_argument("--source", required=True, help="where the English form was verified")
    cmd.add_argument("--variants", default="", help="other Chinese forms, |-separated")
    cmd.add_argument("--forbidden", default="", help="English renderings that must not be used, |-separated")
    cmd.add_argument("--status", default="proposed", choices=api.STATUSES)
    cmd.add_argument("--note", default="")
    cmd.add_argument("--file", default=None, help="TSV file to append to (default: chosen by kind)")


def run_lint(args) -> int:
    """Handle `press glossary lint [DIR]`."""
    directory = Path(args.directory) if args.directory else _directory(args)
    messages, count = api.lint_glossary(directory)
    for message in messages:
        print(message)
    if args.short_forms:
        rows = api.glossary_short_forms(directory)
        for short, full, why in rows:
            print(f"short form\t{short}\t{full}\t{why}")
        print(f"{len(rows)} short form(s) count only in a release that names the place in full", file=sys.stderr)
    print(f"{directory}: {len(messages)} problem(s)" if messages else f"{directory}: {count} entries, clean",
          file=sys.stderr)
    return 1 if messages else 0


def run_find(args) -> int:
    """Handle `press glossary find TEXT|FILE`."""
    hits = api.find_terms(args.text, _directory(args))
    for hit in hits:
        form = f" (as {hit.matched})" if hit.matched else ""
        print(f"{hit.start}-{hit.end}\t{hit.zh}{form}\t{hit.en}\t{hit.kind}\t{hit.status}")
    print(f"{len(hits)} term(s)", file=sys.stderr)
    return 0


def run_add(args) -> int:
    """Handle `press glossary add --zh … --en … --kind … --source …`."""
    entry = api.Entry(args.zh.strip(), args.en.strip(), args.kind.strip(), api.split_cell(args.variants),
                      api.split_cell(args.forbidden), args.status, args.source.strip(), args.note.strip())
    path = api.add_term(_directory(args), entry, args.file)
    print(f"{path}: added {entry.zh} -> {entry.en} ({entry.status})")
    return 0


def run_export(args) -> int:
    """Handle `press glossary export --format …`."""
    text = api.export_glossary(_directory(args), args.format, args.output, args.approved_only,
                                config=api.load_config())
    if args.output is None:
        assert isinstance(text, str), "export_glossary refuses a binary format without an output file"
        sys.stdout.write(text)
        return 0
    print(f"{args.output}: written ({args.format})", file=sys.stderr)
    return 0


def run_import(args) -> int:
    """Handle `press glossary import FILE`; exit 1 when some terms conflict (they are left out)."""
    report = api.import_terms(_directory(args), args.file, args.target, args.keep_status, config=api.load_config())
    for message in report.conflicts:
        print(f"conflict: {message}")
    print(f"{args.file}: {len(report.added)} added to {report.path}, {len(report.unchanged)} already present, "
          f"{len(report.conflicts)} conflict(s) left untouched", file=sys.stderr)
    return 1 if report.conflicts else 0


def run_suggest(args) -> int:
    """Handle `press glossary suggest FILE…`."""
    text, count = api.suggest_names(args.files, _directory(args), args.english)
    sys.stdout.write(text)
    print(f"{count} uncovered name(s)", file=sys.stderr)
    return 0
