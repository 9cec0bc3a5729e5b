"""The python-docx layer: the only module that imports python-docx; helpers for our .docx files."""
from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from .errors import InputError


def new_document(landscape: bool = False):
    """Return a new, empty Word document (A4; landscape for wide review tables)."""
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(11)
    # East Asian text needs its own font slot, or Word falls back to a font without Han glyphs
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "Noto Serif CJK SC")
    return document


def open_document(path: Path):
    """Return the document at `path`, or raise InputError when it is not a readable .docx."""
    try:
        return docx.Document(str(path))
    except FileNotFoundError:
        raise InputError("no such file", path, hint="check the path") from None
    except (PackageNotFoundError, KeyError, ValueError) as error:
        raise InputError(f"not a Word .docx file ({error.__class__.__name__})", path,
                         hint="save it from Word or LibreOffice as .docx") from None


def set_properties(document, *, title: str = "", author: str = "", comments: str = "",
                   keywords: str = "", subject: str = "", category: str = "") -> None:
    """Set the core properties (File > Properties) of `document`."""
    core = document.core_properties
    core.title, core.author, core.comments = title, author, comments
    core.keywords, core.subject, core.category = keywords, subject, category
    core.last_modified_by = author


def properties(document) -> dict:
    """Return the core properties we use, as a dict."""
    core = document.core_properties
    return {"title": core.title, "author": core.author, "comments": core.comments,
            "keywords": core.keywords, "subject": core.subject, "category": core.category}


def shade(cell, fill: str) -> None:
    """Give a table cell a background colour (hex RGB such as "EDEDED")."""
    properties_element = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties_element.append(shading)


def set_widths(table, widths_cm: tuple[float, ...]) -> None:
    """Fix the column widths of `table` (Word reads cell widths, LibreOffice the grid)."""
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm):
            cell.width = Cm(width)
    for column, width in zip(table.columns, widths_cm):
        column.width = Cm(width)


def repeat_header(row) -> None:
    """Mark a table row as a header row repeated on every page."""
    row_properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row_properties.append(header)


def style_run(run, *, size: float | None = None, bold: bool | None = None,
              italic: bool | None = None, colour: str | None = None) -> None:
    """Set the font size (pt), weight, slant and colour (hex RGB) of a run."""
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold
    if italic is not None:
        run.italic = italic
    if colour is not None:
        run.font.color.rgb = RGBColor.from_string(colour)


def save(document, path: Path) -> None:
    """Write `document` to `path` (callers pass a temporary path and rename it)."""
    document.save(str(path))
