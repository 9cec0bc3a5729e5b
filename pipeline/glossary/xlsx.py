"""Excel glossaries (.xlsx): export every column of the glossary, import a sheet by its header row.

The only `openpyxl` import. Export writes one sheet, header first (the Chinese and English columns
headed by the configured language tags), every cell typed as text: a cell that Excel would take for
a formula (=, +, -, @) is stored as text with Excel's quote prefix, so opening the file never runs
it and its value comes back unchanged. Import finds the columns by their header names, in any order;
a line break or tab typed into a cell becomes a space, any other control character is refused with the row
(as a CSV import refuses them). openpyxl parses the sheets with defusedxml (installed with us).
"""
from __future__ import annotations

import io
import unicodedata
import zipfile
from pathlib import Path
from typing import Iterator

from ..config import Limits
from ..errors import GlossaryError
from ..languages import DEFAULT, Languages, side
from ..safexml import ParseError
from .store import COLUMNS, Entry, entry_from_cells

SUFFIXES = (".xlsx",)
SHEET_TITLE = "glossary"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what spreadsheet programs read as a formula
# header names accepted for each column besides the column name itself (compared case-insensitively)
ALIASES = {
    "zh": ("chinese", "中文", "简体中文", "source term"),
    "en": ("english", "英文", "英语", "target term", "translation"),
    "kind": ("type", "category", "类别", "类型"),
    "variants": ("variant", "other forms", "变体"),
    "forbidden": ("do not use", "deprecated", "禁用"),
    "status": ("状态",),
    "source": ("verified at", "reference", "出处", "来源"),
    "note": ("notes", "comment", "comments", "备注"),
    "en_variants": ("en variants", "english variants", "also accepted", "accepted english", "英文变体"),
}
WIDTHS = {"zh": 22, "en": 36, "kind": 14, "variants": 22, "forbidden": 22, "status": 11, "source": 36, "note": 36,
          "en_variants": 28}


def export_xlsx(entries: list[Entry], tags: Languages = DEFAULT) -> bytes:
    """Return the entries as an .xlsx workbook: a header row, then one row per entry in COLUMNS order."""
    from openpyxl import Workbook  # here, not at the top: openpyxl costs every press command ~0.5 s to import
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.worksheet import Worksheet

    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet), "a new workbook's one sheet is active"
    sheet.title = SHEET_TITLE
    header = [tags.source, tags.target, *COLUMNS[2:]]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for entry in entries:
        sheet.append(list(entry.cells()))
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            _as_text(cell)
    for number, name in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = WIDTHS.get(name, 22)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _as_text(cell) -> None:
    """Type a cell as text; one Excel would read as a formula also gets the quote prefix (neutralised)."""
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
        cell.data_type = "s"  # openpyxl made "=…" a formula when it was assigned
        cell.quotePrefix = True


def column_of(name: object) -> str | None:
    """Return the glossary column a header cell names (zh, en, kind …; language tags too), or None."""
    text = str(name or "").strip()
    folded = text.casefold().replace("_", " ")
    for column, aliases in ALIASES.items():
        if folded == column or folded in aliases:
            return column
    return side(text)  # zh-CN, zh-Hans, en-US, en-GB …


def read_xlsx(path: Path, skipped: list[str] | None = None, limits: Limits | None = None) -> list[Entry]:
    """Return the entries of the first sheet of an .xlsx file, its columns found by the header row, read a
    row at a time and refused past `limits.sheet_rows` rows (a sheet may claim a million empty ones).

    A row with a formula cell raises GlossaryError, or, when `skipped` is a list, is left out with a
    message appended to it (a formula's value is whatever Excel last computed, not a term).
    """
    from openpyxl.utils import get_column_letter

    rows = _sheet_rows(path, limits or Limits())
    found = next(((line, row) for line, row in rows if any(cell.value not in (None, "") for cell in row)), None)
    if found is None:
        raise GlossaryError("the sheet is empty", path, None, "put a header row (zh, en, kind …) and terms in it")
    columns = _columns(found[1], path, found[0])
    entries = []
    for line, row in rows:
        values = {name: row[index] for name, index in columns.items() if index < len(row)}
        if all(cell.value in (None, "") for cell in values.values()):
            continue
        formulas = [f"{get_column_letter(columns[name] + 1)}{line}" for name, cell in values.items()
                    if cell.data_type == "f"]
        if formulas:
            error = GlossaryError(f"cell {formulas[0]} holds a formula, not a term", path, line,
                                  "type the text itself into the cell (or paste it as values)")
            if skipped is None:
                raise error
            skipped.append(str(error))
            continue
        cells = {name: _text(cell.value) for name, cell in values.items()}
        _refuse_control(cells, path, line)
        entries.append(entry_from_cells({**cells, "kind": cells.get("kind") or "term",
                                         "status": cells.get("status") or "proposed"}, file=str(path), line=line))
    return entries


def _refuse_control(cells: dict[str, str], path: Path, line: int) -> None:
    """Raise GlossaryError naming the row when a cell holds a control character (other than the tabs and line
    breaks _text made spaces): as for a CSV import, such a cell would break the glossary's TSV files."""
    control = next((char for cell in cells.values() for char in cell if unicodedata.category(char) == "Cc"), None)
    if control is not None:
        raise GlossaryError(f"a cell holds a control character (U+{ord(control):04X})", path, line,
                            "remove it from the cell; nothing was imported")


def _sheet_rows(path: Path, limits: Limits) -> Iterator[tuple[int, tuple]]:
    """Yield (row number, cells) of the first sheet, streamed; GlossaryError when the workbook cannot be
    read, LimitError at the first row past limits.sheet_rows (nothing is imported: the caller has not written)."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    # what a broken or hostile workbook raises inside openpyxl, zipfile and the XML parser (defusedxml's
    # refusal of an entity declaration is a ValueError)
    unreadable = (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, ParseError, EOFError)
    hint = "save the sheet from Excel or LibreOffice as .xlsx"
    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
        try:
            sheet_rows = workbook.worksheets[0].iter_rows(min_row=1)  # the sheet's XML is parsed as rows are taken
            for line, row in enumerate(sheet_rows, start=1):
                if line > limits.sheet_rows:
                    raise limits.exceeded("sheet_rows", line, "rows or more in the sheet", path, line)
                yield line, row
        finally:
            workbook.close()
    except IndexError:  # a cell refers to a shared string the workbook lacks (no xl/sharedStrings.xml)
        raise GlossaryError("not a readable Excel .xlsx file (a cell refers to a shared string the workbook does "
                            "not hold)", path, None, hint) from None
    except unreadable as error:
        raise GlossaryError(f"not a readable Excel .xlsx file ({error.__class__.__name__})", path, None,
                            hint) from None


def _columns(header_row, path: Path, line: int) -> dict[str, int]:
    """Return {column: index} for the header cells that name a glossary column (the first one wins)."""
    columns: dict[str, int] = {}
    for index, cell in enumerate(header_row):
        name = column_of(cell.value)
        if name is not None and name not in columns:
            columns[name] = index
    missing = [name for name in ("zh", "en") if name not in columns]
    if missing:
        raise GlossaryError(f"the header row has no {' or '.join(missing)} column", path, line,
                            "name the columns in the first row: zh (or zh-CN, Chinese, 中文) and en (or en-US, "
                            "English); " + ", ".join(COLUMNS[2:]) + " are optional")
    return columns


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a number typed into a cell: 1994, not 1994.0
    # a line break typed into a cell (Alt+Enter) would end the TSV row the term is appended to
    return " ".join(str(value).replace("\t", " ").splitlines()).strip()
