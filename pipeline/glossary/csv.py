"""DeepL and Google glossary CSV: export one row per Chinese form, import as proposed terms."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from ..errors import GlossaryError
from .store import STOP, Entry

GOOGLE_HEADER = ("zh-CN", "en")
SUFFIXES = (".csv",)


def export_csv(entries: list[Entry], flavour: str = "deepl") -> str:
    """Return a DeepL (source,target; no header) or Google (zh-CN,en header) glossary CSV, one row a form."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if flavour == "google":
        writer.writerow(GOOGLE_HEADER)
    seen = set()
    for entry in entries:
        if entry.kind == STOP:
            continue  # a stop phrase has no translation an engine should use
        for form in entry.forms:
            if form not in seen:
                seen.add(form)
                writer.writerow((form, entry.en))
    return buffer.getvalue()


def read_csv(path: Path) -> list[Entry]:
    """Return the entries of a DeepL or Google glossary CSV (zh, en per row), as proposed terms."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = [row for row in csv.reader(handle) if any(cell.strip() for cell in row)]
    if rows and rows[0] and rows[0][0].strip().lower() in ("zh", "zh-cn", "zh-hans", "source"):
        rows = rows[1:]
    entries = []
    for line, row in enumerate(rows, start=1):
        if len(row) < 2:
            raise GlossaryError("a row needs two cells: Chinese, English", path, line,
                                "use the DeepL layout `中文,English` or the Google one with a zh-CN,en header")
        entries.append(Entry(row[0].strip(), row[1].strip(), "term", source=f"imported from {path.name}",
                             status="proposed", file=str(path), line=line))
    return entries
