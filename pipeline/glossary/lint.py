"""Glossary lint: every problem of the glossary/*.tsv files as one `file:line: message` string."""
from __future__ import annotations

import unicodedata
from pathlib import Path

from ..errors import GlossaryError
from .store import COLUMNS, KINDS, REQUIRED, STATUSES, Entry, read_table, read_tsv

# Invisible or look-alike characters that make two forms differ without anyone seeing it.
INVISIBLE = {"\u00a0": "non-breaking space", "\u200b": "zero-width space", "\u200c": "zero-width non-joiner",
             "\u200d": "zero-width joiner", "\u2060": "word joiner", "\ufeff": "byte-order mark",
             "\u3000": "ideographic (full-width) space", "\u202f": "narrow non-breaking space"}


def _char_problems(column: str, cell: str) -> list[str]:
    """Return the bad-character problems of one raw cell."""
    problems = []
    if cell != cell.strip(" "):
        problems.append(f"{column} has leading or trailing spaces")
    for char in dict.fromkeys(cell):
        if char in INVISIBLE:
            problems.append(f"{column} contains a {INVISIBLE[char]} (U+{ord(char):04X})")
        elif unicodedata.category(char) == "Cc":
            problems.append(f"{column} contains a control character (U+{ord(char):04X})")
    if column == "en":
        wide = [c for c in cell if "\uff01" <= c <= "\uff5e"]
        if wide:
            problems.append(f"en contains full-width Latin characters ({''.join(wide)})")
        if any(unicodedata.name(c, "").startswith("CJK UNIFIED") for c in cell):
            problems.append("en contains Chinese characters")
    return problems


def raw_problems(path: Path) -> list[str]:
    """Return the problems only the raw text shows: bad characters and wrong cell counts."""
    messages = []
    text = read_table(path)
    for line, raw in enumerate(text.split("\n"), start=1):
        raw = raw.removesuffix("\r")
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = raw.split("\t")
        if len(cells) > len(COLUMNS):
            messages.append(f"{path}:{line}: {len(cells)} cells, expected at most {len(COLUMNS)} "
                            "(a tab inside a cell?)")
        for column, cell in zip(COLUMNS, cells, strict=False):  # a short row: its missing cells are empty
            messages.extend(f"{path}:{line}: {problem}" for problem in _char_problems(column, cell))
    return messages


def entry_problems(entry: Entry) -> list[str]:
    """Return what is wrong with one entry on its own (empty required fields, unknown values)."""
    return [message for _, message in field_problems(entry)]


def field_problems(entry: Entry) -> list[tuple[str, str]]:
    """Return (column, problem) for what is wrong with one entry on its own, each at the column it concerns."""
    problems = [(column, f"empty {column}") for column in REQUIRED if not getattr(entry, column)]
    if entry.kind and entry.kind not in KINDS:
        problems.append(("kind", f"unknown kind {entry.kind!r} (known: {', '.join(KINDS)})"))
    if entry.status and entry.status not in STATUSES:
        problems.append(("status", f"unknown status {entry.status!r} (use approved or proposed)"))
    if entry.en and entry.en in entry.forbidden:
        problems.append(("forbidden", f"forbidden form {entry.en!r} equals the en"))
    if entry.zh in entry.variants:
        problems.append(("variants", f"variant {entry.zh!r} repeats the zh"))
    for variant in entry.variants:
        if len(variant) < 2:
            problems.append(("variants", f"variant {variant!r} is a single character and would match everywhere"))
    return problems


def cell_problems(entry: Entry) -> list[tuple[str, str]]:
    """Return (column, problem) for the bad characters of an entry's cells, as lint finds them in a file."""
    return [(column, problem) for column, cell in zip(COLUMNS, entry.cells(), strict=True)
            for problem in _char_problems(column, cell)]


def _where(entry: Entry) -> str:
    return f"{entry.file}:{entry.line}"


def conflicts(entry: Entry, claims: dict[str, Entry]) -> list[str]:
    """Return the clashes of `entry` with forms already claimed by other entries (form -> entry)."""
    return [message for _, message in conflict_fields(entry, claims)]


def conflict_fields(entry: Entry, claims: dict[str, Entry]) -> list[tuple[str, str]]:
    """Return (column, clash) for the forms of `entry` already claimed by other entries (form -> entry)."""
    problems = []
    other = claims.get(entry.zh)
    if other is not None and other.zh == entry.zh:
        if other.en == entry.en:
            problems.append(("zh", f"duplicate zh {entry.zh!r} (also at {_where(other)})"))
        else:
            problems.append(("zh", f"zh {entry.zh!r} listed under two different en: {entry.en!r} here, "
                                   f"{other.en!r} at {_where(other)}"))
    elif other is not None:
        problems.append(("zh", f"zh {entry.zh!r} is a variant of {other.zh!r} at {_where(other)}"))
    for variant in entry.variants:
        other = claims.get(variant)
        if other is None or other is entry:
            continue
        role = "zh" if other.zh == variant else "a variant"
        problems.append(("variants", f"variant {variant!r} is {role} of {other.zh!r} at {_where(other)}"))
    return problems


def check_entries(entries: list[Entry]) -> list[str]:
    """Return `file:line: message` for every entry problem and every clash between entries."""
    messages: list[str] = []
    claims: dict[str, Entry] = {}
    for entry in entries:
        problems = entry_problems(entry) + conflicts(entry, claims)
        messages.extend(f"{_where(entry)}: {problem}" for problem in problems)
        for form in entry.forms:
            claims.setdefault(form, entry)
    return messages


def lint(directory: Path) -> list[str]:
    """Return every problem of the glossary in `directory`, as `path:line: message`; [] when clean."""
    directory = Path(directory)
    if not directory.is_dir():
        raise GlossaryError("glossary directory not found", directory, None,
                            "pass the glossary directory, e.g. `press glossary lint glossary`")
    messages, entries = [], []
    paths = sorted(directory.glob("*.tsv"))
    if not paths:
        messages.append(f"{directory}: no *.tsv files")
    for path in paths:
        try:  # a file that cannot be read is one message; the other files are still checked
            messages.extend(raw_problems(path))
            entries.extend(read_tsv(path))
        except GlossaryError as error:
            messages.append(str(error))
    return sorted(messages + check_entries(entries), key=_position)


def _position(message: str) -> tuple[str, int]:
    """Return (file, line) of a `file:line: message` string, so messages read in file order."""
    where, _, rest = message.partition(": ")
    path, _, line = where.rpartition(":")
    return (path, int(line)) if line.isdigit() else (where, 0)


def short_forms(directory: Path) -> list[tuple[str, str, str]]:
    """Return (short form, full form, why) for every place whose short form does not stand alone:
    it counts only in a release that names the place in full (pipeline/stages/terms.py)."""
    entries = [entry for path in sorted(Path(directory).glob("*.tsv")) for entry in read_tsv(path)]
    claims: dict[str, list[Entry]] = {}
    for entry in entries:
        for form in entry.forms:
            claims.setdefault(form, []).append(entry)
    shorts: dict[str, list[Entry]] = {}
    for entry in entries:
        if entry.short and entry.short not in entry.variants:
            shorts.setdefault(entry.short, []).append(entry)
    evidence = _short_form_evidence(Path(directory))
    found = []
    for short, owners in sorted(shorts.items()):
        for entry in owners:
            others = [other.zh for other in claims.get(short, []) + owners if other is not entry]
            why = (f"also {', '.join(dict.fromkeys(others))}" if others else evidence.get(short, "not listed as a variant"))
            found.append((short, entry.zh, why))
    return found


def _short_form_evidence(directory: Path) -> dict[str, str]:
    """Return {short form: reason} from sources/ambiguous-short-forms.tsv (the build's corpus findings)."""
    path = directory / "sources" / "ambiguous-short-forms.tsv"
    if not path.is_file():
        return {}
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
    return {row[0]: row[-1] for row in rows if len(row) >= 2}
