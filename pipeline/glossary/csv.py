"""Glossary CSV: DeepL and Google glossaries (one row per Chinese form, the approved English only: their
format has one target per source), and the whole table (a header row of every glossary column, one row per
entry, accepted English variants and all), exported and imported as proposed terms.

Exported cells that a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage
return) are prefixed with ' (the OWASP rule against CSV injection). Imports detect UTF-8, UTF-16 and
GB18030 as the .txt reader does and refuse cells holding a tab, a line break or another control
character, naming the line: such a cell would break the glossary's TSV files.
"""
from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

from ..errors import GlossaryError
from .store import COLUMNS, STOP, Entry, entry_from_cells, read_table

GOOGLE_HEADER = ("zh-CN", "en")
SUFFIXES = (".csv",)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """Return a CSV cell a spreadsheet will show as text: ' before a leading = + - @ tab or CR."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def export_csv(entries: list[Entry], flavour: str = "deepl") -> str:
    """Return a DeepL (source,target; no header) or Google (zh-CN,en header) glossary CSV, one row a form,
    or with flavour "table" every column of every entry under a header row of the column names."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if flavour == "table":
        writer.writerow(COLUMNS)
        writer.writerows([neutralise(cell) for cell in entry.cells()] for entry in entries)
        return buffer.getvalue()
    if flavour == "google":
        writer.writerow(GOOGLE_HEADER)
    seen = set()
    for entry in entries:
        if entry.kind == STOP:
            continue  # a stop phrase has no translation an engine should use
        for form in entry.forms:
            if form not in seen:
                seen.add(form)
                writer.writerow((neutralise(form), neutralise(entry.en)))
    return buffer.getvalue()


def read_csv(path: Path) -> list[Entry]:
    """Return the entries of a DeepL or Google glossary CSV (zh, en per row), as proposed terms."""
    rows = []  # (first line of the row, cells)
    with io.StringIO(read_table(path), newline="") as handle:
        reader = csv.reader(handle)
        while True:
            first = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as error:
                raise GlossaryError(f"not a readable CSV file ({error})", path, reader.line_num,
                                    "export the glossary again as CSV") from None
            if any(cell.strip() for cell in row):
                rows.append((first, row))
    if not rows:  # as every other importer refuses an empty file (a header alone is a table with no rows)
        raise GlossaryError("the file is empty: no row of Chinese and English", path, None,
                            "export the glossary again as CSV (`中文,English` per row)")
    header = [cell.strip() for cell in rows[0][1]]
    table = {"zh", "en"} <= set(header) and set(header) <= set(COLUMNS)  # the whole-table flavour
    if header and header[0].lower() in ("zh", "zh-cn", "zh-hans", "source"):
        rows = rows[1:]
    entries = []
    for line, row in rows:
        control = next((char for cell in row for char in cell if unicodedata.category(char) == "Cc"), None)
        if control is not None:
            raise GlossaryError(f"a cell holds a control character (U+{ord(control):04X}: a tab, line "
                                "break or similar)", path, line, "remove it from the cell; nothing was imported")
        if table:
            cells = {name: _unneutralised(cell.strip()) for name, cell in zip(header, row, strict=False)}
            entries.append(entry_from_cells({**cells, "kind": cells.get("kind") or "term",
                                             "status": cells.get("status") or "proposed",
                                             "source": cells.get("source") or f"imported from {path.name}"},
                                            file=str(path), line=line))
            continue
        if len(row) < 2:
            raise GlossaryError("a row needs two cells: Chinese, English", path, line,
                                "use the DeepL layout `中文,English` or the Google one with a zh-CN,en header")
        entries.append(Entry(row[0].strip(), row[1].strip(), "term", source=f"imported from {path.name}",
                             status="proposed", file=str(path), line=line))
    return entries


def _unneutralised(cell: str) -> str:
    """Return a cell as it was before `neutralise` (a ' before a formula character taken off again)."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell
