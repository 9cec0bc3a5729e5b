"""Changing one glossary entry in place — add, edit, delete — checked like lint, never over someone else's
edit, and recorded in the change log beside the TSV files (who, when, before → after).

An entry is named by `file:line` and guarded by its version (a hash of its cells): an edit made from a
form showing version v is refused with EntryConflict when the row no longer has version v, so two
people editing the same entry never lose an edit. The TSV file and the change log are written through
temporary files renamed together (files.atomic_path), under one lock per process.
"""
from __future__ import annotations

import hashlib
import json
import threading
from contextlib import ExitStack
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

from ..errors import GlossaryError
from ..files import atomic_path
from .catalogue import entry_key
from .edit import GENERATED_PREFIX, next_line, target_file
from .lint import cell_problems, conflict_fields, field_problems
from .store import COLUMNS, Entry, read_table, read_tsv

CHANGELOG = "changelog.jsonl"  # not *.tsv: the loader reads every *.tsv as glossary rows
LOCK = threading.RLock()


class EntryConflict(GlossaryError):
    """The entry changed (or went) since the form was opened; `current` is what the file holds now."""

    def __init__(self, message: str, path: Path, current: Entry | None):
        super().__init__(message, path, current.line if current else None,
                         "nothing was written; compare with the entry as it is now and save again")
        self.current = current


class EntryProblems(GlossaryError):
    """What lint finds wrong with the entry, by column (`fields`): nothing was written."""

    def __init__(self, fields: dict[str, list[str]], path: Path | None):
        message = "; ".join(problem for problems in fields.values() for problem in problems)
        super().__init__(message, path, None, "nothing was written; correct the fields shown")
        self.fields = fields


def version(entry: Entry) -> str:
    """Return the version of an entry as a form carries it: a short hash of its cells."""
    return hashlib.sha256("\t".join(entry.cells()).encode()).hexdigest()[:16]


def _files(directory: Path) -> dict[str, Path]:
    return {path.name: path for path in sorted(Path(directory).glob("*.tsv"))}


def _all_entries(directory: Path) -> list[Entry]:
    return [entry for path in _files(directory).values() for entry in read_tsv(path)]


def problems(entry: Entry, others: list[Entry]) -> dict[str, list[str]]:
    """Return lint's problems of `entry` among `others`, by column ({} when it may be written)."""
    claims: dict[str, Entry] = {}
    for other in others:
        for form in other.forms:
            claims.setdefault(form, other)
    found: dict[str, list[str]] = {}
    for column, problem in cell_problems(entry) + field_problems(entry) + conflict_fields(entry, claims):
        found.setdefault(column, []).append(problem)
    return found


def _locate(directory: Path, key: str, expected: str) -> tuple[Path, Entry]:
    """Return the file and entry `key` names, if it still has version `expected` (found again when rows
    above it moved); else raise EntryConflict with the entry as it is now."""
    name, _, line = key.rpartition(":")
    path = _files(directory).get(name)
    if path is None or not line.isdigit():
        raise GlossaryError(f"no glossary entry {key!r}", directory, None, "search the glossary again")
    entries = read_tsv(path)
    current = next((entry for entry in entries if entry.line == int(line)), None)
    if current is not None and version(current) == expected:
        return path, current
    moved = next((entry for entry in entries if version(entry) == expected), None)
    if moved is not None:
        return path, moved
    raise EntryConflict("someone else changed or removed this entry since you opened it", path, current)


def _refuse_generated(path: Path) -> None:
    if path.name.startswith(GENERATED_PREFIX):
        raise GlossaryError("generated files are rewritten by tools/build_glossary.py", path, None,
                            "change the source data and rebuild, or add an entry to a hand-curated file")


def _rewritten(path: Path, line: int, cells: tuple[str, ...] | None) -> str:
    """Return the text of `path` with row `line` replaced by `cells` (removed when None), other rows as they were."""
    lines = read_table(path).split("\n")
    ending = "\r" if lines[line - 1].endswith("\r") else ""
    if cells is None:
        del lines[line - 1]
    else:
        lines[line - 1] = "\t".join(cells) + ending
    return "\n".join(lines)


def _appended(path: Path, cells: tuple[str, ...]) -> str:
    text = read_table(path) if path.exists() else "\t".join(COLUMNS) + "\n"
    return text + ("" if not text or text.endswith("\n") else "\n") + "\t".join(cells) + "\n"


def _record(directory: Path, action: str, who: str, before: Entry | None, after: Entry | None) -> str:
    """Return the change log with one more line saying who did what, when, before → after."""
    log = Path(directory) / CHANGELOG
    text = log.read_text(encoding="utf-8") if log.exists() else ""
    changed = after or before
    assert changed is not None, "a change has a before or an after"
    line = {"when": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), "who": who, "action": action,
            "entry": entry_key(changed), "before": dict(zip(COLUMNS, before.cells(), strict=True)) if before else None,
            "after": dict(zip(COLUMNS, after.cells(), strict=True)) if after else None}
    return text + json.dumps(line, ensure_ascii=False) + "\n"


def _write(directory: Path, path: Path, text: str, log: str) -> None:
    """Write the TSV file and the change log together: both renamed into place, or neither."""
    with ExitStack() as stack:
        table = stack.enter_context(atomic_path(path))
        changes = stack.enter_context(atomic_path(Path(directory) / CHANGELOG))
        table.write_text(text, encoding="utf-8", newline="")
        changes.write_text(log, encoding="utf-8", newline="")


def _who(who: str, path: Path | None) -> str:
    if not who.strip():
        raise EntryProblems({"who": ["say who makes the change (it is recorded in the change log)"]}, path)
    return who.strip()


def save_entry(directory: Path, entry: Entry, who: str, key: str = "", expected: str = "",
               file: str | None = None, action: str = "") -> Entry:
    """Add `entry` (no `key`) or replace the entry `key` last seen at version `expected`; returns the entry as
    written. Raises EntryProblems (by column) or EntryConflict, and then writes nothing."""
    directory = Path(directory)
    with LOCK:
        before = None
        if key:
            path, before = _locate(directory, key, expected)
        else:
            path = _files(directory).get(file or "") or target_file(directory, entry.kind, None)
        _refuse_generated(path)
        who = _who(who, path)
        line = before.line if before else next_line(path)
        entry = replace(entry, file=str(path), line=line)
        others = [other for other in _all_entries(directory) if before is None or
                  (Path(other.file).name, other.line) != (path.name, before.line)]
        found = problems(entry, others)
        if found:
            raise EntryProblems(found, path)
        text = _rewritten(path, line, entry.cells()) if before else _appended(path, entry.cells())
        _write(directory, path, text, _record(directory, action or ("edit" if before else "add"), who, before, entry))
        return entry


def delete_entry(directory: Path, key: str, expected: str, who: str) -> Entry:
    """Remove the entry `key` last seen at version `expected`; returns it. EntryConflict when it changed."""
    directory = Path(directory)
    with LOCK:
        path, before = _locate(directory, key, expected)
        _refuse_generated(path)
        who = _who(who, path)
        _write(directory, path, _rewritten(path, before.line, None), _record(directory, "delete", who, before, None))
        return before


def record(directory: Path, action: str, who: str, before: Entry | None, after: Entry | None) -> None:
    """Add a line to the change log alone (a decision that changes no TSV row, e.g. a rejected proposal)."""
    with LOCK:
        log = _record(Path(directory), action, _who(who, None), before, after)
        with atomic_path(Path(directory) / CHANGELOG) as temporary:
            temporary.write_text(log, encoding="utf-8", newline="")


def changes(directory: Path, limit: int = 200) -> list[dict]:
    """Return the latest `limit` changes of the glossary, newest first."""
    log = Path(directory) / CHANGELOG
    if not log.exists():
        return []
    lines = log.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in reversed(lines[-limit:]) if line.strip()]
