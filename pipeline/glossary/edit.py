"""Changing the glossary: export in a format, add a validated row, import the new terms of a file."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from .. import clean
from ..config import Limits
from ..errors import GlossaryError
from ..files import write_atomic
from ..languages import DEFAULT, Languages
from . import csv as csv_format
from . import tbx as tbx_format
from . import xlsx as xlsx_format
from .lint import conflicts, entry_problems
from .store import COLUMNS, Entry, Glossary, fitted, read_table, read_tsv, row_text

FORMATS = ("tbx", "tbx-martif", "csv-deepl", "csv-google", "csv-table", "xlsx")
BINARY_FORMATS = ("xlsx",)  # returned as bytes: a file, never standard output
# where `press glossary add` puts a row when no --file is given, by kind
FILE_BY_KIND = {"country": "countries.tsv",
                **dict.fromkeys(("office", "party-body", "government-body", "congress-body", "organisation"),
                                "offices.tsv"),
                **dict.fromkeys(("strategy", "event", "term", "person"), "terms.tsv")}
GENERATED_PREFIX = "generated-"


def export_glossary(glossary: Glossary, fmt: str, approved_only: bool = False,
                    tags: Languages = DEFAULT) -> str | bytes:
    """Return the glossary in one of FORMATS: text, or bytes for the BINARY_FORMATS."""
    entries = [e for e in glossary.entries if e.status == "approved" or not approved_only]
    if fmt == "tbx":
        return tbx_format.export_tbx(entries, "dca", tags=tags)
    if fmt == "tbx-martif":
        return tbx_format.export_tbx(entries, "martif", tags=tags)
    if fmt == "xlsx":
        return xlsx_format.export_xlsx(entries, tags)
    if fmt in ("csv-deepl", "csv-google", "csv-table"):
        return csv_format.export_csv(entries, fmt.removeprefix("csv-"))
    raise GlossaryError(f"unknown export format {fmt!r}", None, None, f"use one of {', '.join(FORMATS)}")


def append_entries(path: Path, entries: list[Entry]) -> None:
    """Append `entries` as TSV rows to `path` (created with the header row if missing), atomically; a file
    whose header lacks an OPTIONAL column an entry fills gains it."""
    # read as the loader reads it (a GBK file is detected); written back in UTF-8
    text = read_table(path) if path.exists() else "\t".join(COLUMNS) + "\n"
    if text and not text.endswith("\n"):
        text += "\n"
    header, _, body = text.partition("\n")
    header, names = fitted(header, entries, path)  # a file the loader would refuse is not appended to
    body += "".join(row_text(entry, names) + "\n" for entry in entries)
    write_atomic(path, header + "\n" + body)


def target_file(directory: Path, kind: str, file: Path | str | None) -> Path:
    """Return the TSV file a new row goes to: `file` (in `directory` when a bare name), else the kind's file."""
    if file is None:
        return directory / FILE_BY_KIND.get(kind, "cities.tsv")
    path = Path(file)
    path = path if path.is_absolute() or path.parent != Path(".") else directory / path
    if path.name.startswith(GENERATED_PREFIX):
        raise GlossaryError("generated files are rewritten by tools/build_glossary.py", path, None,
                            "add the row to a hand-curated file such as cities.tsv")
    return path


def control_characters(entry: Entry) -> list[str]:
    """Return a problem for each cell of `entry` holding a tab, line break or other control character
    (written to a TSV file, it would break the row)."""
    problems = []
    for column, cell in zip(COLUMNS, entry.cells(), strict=True):
        found = clean.refused_character(cell, cell=True)  # the one rule (a tab or line break too: a TSV cell)
        if found is not None:
            problems.append(f"{column} contains a control character (U+{ord(found):04X})")
    return problems


def next_line(path: Path) -> int:
    """Return the line a row appended to `path` will have (2 for a new file: the header is line 1)."""
    return (read_table(path).rstrip("\n").count("\n") + 2) if path.exists() else 2


def add_entry(directory: Path, entry: Entry, file: Path | str | None = None) -> Path:
    """Append a validated entry to the glossary in `directory`; raises GlossaryError on any problem."""
    directory = Path(directory)
    path = target_file(directory, entry.kind, file)
    glossary = Glossary.load(directory)
    entry = replace(entry, file=str(path), line=next_line(path))
    claims = {form: other for other in glossary.entries for form in reversed(other.forms)}
    problems = control_characters(entry) + entry_problems(entry) + conflicts(entry, claims)
    if problems:
        raise GlossaryError("; ".join(problems), path, entry.line, "nothing was written; fix the row or "
                            "edit the existing entry by hand")
    append_entries(path, [entry])
    return path


@dataclass
class ImportReport:
    """What `import_file` did: rows appended, rows already present, and conflicts left untouched."""

    added: list[Entry] = field(default_factory=list)
    unchanged: list[Entry] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    path: Path | None = None


def read_terms(path: Path, skipped: list[str] | None = None, limits: Limits | None = None) -> list[Entry]:
    """Return the entries of a .tbx, .csv, .xlsx or .tsv file to import (see read_tbx for `skipped`; `limits`
    bound a spreadsheet's rows)."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise GlossaryError("file not found", path, None, "give the path of a .tbx, .csv, .xlsx or .tsv file")
    if suffix in tbx_format.SUFFIXES:
        return tbx_format.read_tbx(path, skipped)
    if suffix in xlsx_format.SUFFIXES:
        return xlsx_format.read_xlsx(path, skipped, limits)
    if suffix in csv_format.SUFFIXES:
        return csv_format.read_csv(path)
    if suffix == ".tsv":
        return read_tsv(path)
    raise GlossaryError(f"cannot import {suffix or 'files without extension'}", path, None,
                        "import a .tbx, .csv (DeepL/Google), .xlsx or glossary .tsv file")


def import_file(directory: Path, path: Path, file: Path | str | None = None,
                keep_status: bool = False, limits: Limits | None = None) -> ImportReport:
    """Append the new terms of `path` to `file` (default imported.tsv) as proposed; report conflicts."""
    directory, path = Path(directory), Path(path)
    target = target_file(directory, "", file or "imported.tsv")
    glossary = Glossary.load(directory)
    claims = {form: other for other in glossary.entries for form in reversed(other.forms)}
    report, line = ImportReport(path=target), next_line(target)
    for incoming in read_terms(path, report.conflicts, limits):
        control = control_characters(incoming)
        if control:  # a cell that would break the TSV row: refuse the file, write nothing
            raise GlossaryError(f"{incoming.zh!r}: {control[0]}", incoming.file, incoming.line or None,
                                "remove the tab, line break or control character; nothing was imported")
        status = incoming.status if keep_status else "proposed"
        entry = replace(incoming, status=status, source=incoming.source or f"imported from {path.name}",
                        file=str(target), line=line)
        existing = claims.get(entry.zh)
        if existing is not None and existing.zh == entry.zh and existing.en == entry.en:
            report.unchanged.append(existing)
            continue
        problems = entry_problems(entry) + conflicts(entry, claims)
        if problems:
            where = f"{incoming.file}:{incoming.line}" if incoming.line else incoming.file
            report.conflicts.extend(f"{where}: {entry.zh}: {problem}" for problem in problems)
            continue
        report.added.append(entry)
        claims.update({form: entry for form in entry.forms})
        line += 1
    if report.added:
        append_entries(target, report.added)
    return report
