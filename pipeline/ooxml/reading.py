"""Reading the XML python-docx parsed (no library imported here: ooxml/__init__.py opens the file): cell
text with tracked changes accepted, table rows and cells as written, tracked-change authors, and the
blocks of an input document in reading order."""
from __future__ import annotations

from dataclasses import dataclass

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"


def qn(tag: str) -> str:
    """Return the Clark name of a "w:" tag ("w:p" -> "{...main}p"), as python-docx's qn does."""
    return f"{{{W}}}{tag.removeprefix('w:')}"


# content a reviewer rejected or that is not text: deletions, moved-away runs, field codes, fallbacks
_REJECTED = {qn("w:del"), qn("w:moveFrom"), qn("w:delText"), qn("w:instrText"), qn("w:delInstrText"),
             qn("w:pPr"), qn("w:rPr"), f"{_MC}Fallback"}
_TEXT_OF = {qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-"}


def accepted_lines(cell_element) -> tuple[str, ...]:
    """Return the non-empty lines (paragraphs, or parts between line breaks) of a w:tc element as if every
    tracked change were accepted (w:ins kept, w:del dropped); comments add no text (their marks hold no w:t)."""
    lines = []
    for paragraph in cell_element.iter(qn("w:p")):
        lines += [line.strip() for line in _accepted(paragraph).split("\n")]
    return tuple(line for line in lines if line)


def _accepted(element) -> str:
    parts = []
    for child in element:
        if child.tag in _REJECTED:
            continue
        if child.tag == qn("w:t"):
            parts.append(child.text or "")
        elif child.tag in _TEXT_OF:
            parts.append(_TEXT_OF[child.tag])
        elif child.tag != qn("w:p"):  # nested paragraphs are visited by accepted_lines itself
            parts.append(_accepted(child))
    return "".join(parts)


@dataclass(frozen=True)
class TableCell:
    """A table cell as written in the file (merged cells not repeated), its lines with changes accepted."""
    lines: tuple[str, ...]
    span: int = 1  # grid columns the cell covers (w:gridSpan)
    merged: str = ""  # "down": one cell with the row above or below (w:vMerge); "across": legacy w:hMerge
    holds_table: bool = False  # a table pasted into the cell


@dataclass(frozen=True)
class TableRow:
    """A table row: its cells, and whether a tracked change deletes it (gone once changes are accepted)."""
    cells: tuple[TableCell, ...]
    deleted: bool = False


def body_tables(document) -> list[list[TableRow]]:
    """Return the tables of the document body (also inside content controls) as raw rows and cells."""
    body = document.element.body
    found = body.xpath("./w:tbl | ./w:sdt/w:sdtContent/w:tbl")
    return [[_table_row(row) for row in table.xpath("./w:tr | ./w:sdt/w:sdtContent/w:tr")] for table in found]


def _table_row(row) -> TableRow:
    cells = []
    for cell in row.xpath("./w:tc | ./w:sdt/w:sdtContent/w:tc | ./w:customXml/w:tc"):
        span = cell.xpath("./w:tcPr/w:gridSpan/@w:val")
        merged = "down" if cell.xpath("./w:tcPr/w:vMerge") else "across" if cell.xpath("./w:tcPr/w:hMerge") else ""
        cells.append(TableCell(accepted_lines(cell), int(span[0]) if span and span[0].isdigit() else 1,
                               merged, bool(cell.xpath(".//w:tbl"))))
    return TableRow(tuple(cells), bool(row.xpath("./w:trPr/w:del")))


def revision_authors(document) -> list[str]:
    """Return the authors of tracked insertions and deletions, most frequent first."""
    counts: dict[str, int] = {}
    for tag in ("w:ins", "w:del"):
        for element in document.element.body.iter(qn(tag)):
            author = element.get(qn("w:author"), "")
            if author:
                counts[author] = counts.get(author, 0) + 1
    return sorted(counts, key=lambda name: -counts[name])


# --- input documents (formats/docx.py) ---

# what a reader of the final document never sees: rejected or moved-away text, field codes,
# properties, drawings and text boxes (their text is not part of the release's reading order)
_UNSEEN = {qn(f"w:{tag}") for tag in ("del", "moveFrom", "delText", "instrText", "delInstrText",
                                       "pPr", "rPr", "drawing", "pict", "object", "fldChar", "sym",
                                       "footnoteReference", "endnoteReference", "commentReference")}
_UNSEEN.add(f"{_MC}AlternateContent")
_SHOWN_AS = {qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-",
             qn("w:softHyphen"): ""}
_HEADING_STYLES = ("title", "heading", "标题")
# tag names spelled once: the walk below visits every element of a document of any length
_T, _R, _P, _TABLE, _ROW, _CELL = (qn(f"w:{tag}") for tag in ("t", "r", "p", "tbl", "tr", "tc"))
_HIDDEN = f"{qn('w:rPr')}/{qn('w:vanish')}"
_DELETED_MARK = f"{qn('w:pPr')}/{qn('w:rPr')}/{qn('w:del')}"
_CONTAINERS = (qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml"))


def _final_text(element) -> str:
    """Return the text of a paragraph as displayed with all tracked changes accepted."""
    parts = []
    for child in element:
        tag = child.tag
        if tag in _UNSEEN or not isinstance(tag, str):
            continue
        if tag == _T:
            parts.append(child.text or "")
        elif tag in _SHOWN_AS:
            parts.append(_SHOWN_AS[tag])
        elif tag == _R and child.find(_HIDDEN) is not None:
            continue  # hidden text
        else:  # runs, insertions, moved-to text, hyperlinks, simple fields, content controls
            parts.append(_final_text(child))
    return "".join(parts)


def _is_heading(paragraph, style_names: dict[str, str]) -> bool:
    properties_element = paragraph.find(qn("w:pPr"))
    if properties_element is None:
        return False
    if properties_element.find(qn("w:outlineLvl")) is not None:
        return True
    style = properties_element.find(qn("w:pStyle"))
    name = style_names.get(style.get(qn("w:val"), ""), "") if style is not None else ""
    return name.lower().startswith(_HEADING_STYLES)


def _mark_deleted(paragraph) -> bool:
    # a deleted paragraph mark joins this paragraph to the next one once the change is accepted
    return paragraph.find(_DELETED_MARK) is not None


def _blocks(container, style_names: dict[str, str], kind: str = "paragraph"):
    for child in container:
        if child.tag == _P:
            heading = kind == "paragraph" and _is_heading(child, style_names)
            yield ("heading" if heading else kind), _final_text(child), _mark_deleted(child)
        elif child.tag == _TABLE:
            for row in child.iter(_ROW):
                for cell in row.findall(_CELL):
                    yield from _blocks(cell, style_names, "cell")
        elif child.tag in _CONTAINERS:
            yield from _blocks(child, style_names, kind)


def document_blocks(document) -> list[tuple[str, str]]:
    """Return the body of an open document in reading order as (kind, text) (see ooxml.read_blocks)."""
    style_names = {style.style_id: style.name or "" for style in document.styles}
    blocks, carried = [], ""
    for kind, text, joins_next in _blocks(document.element.body, style_names):
        if joins_next:
            carried += text
            continue
        blocks.append((kind, carried + text))
        carried = ""
    if carried:
        blocks.append(("paragraph", carried))
    return blocks
