"""WordprocessingML read without python-docx: a .docx's zip directory checked against the limits before
anything is inflated, and the body of an input document walked in reading order.

ooxml.py opens documents with python-docx (the only import of it) and hands the body element here;
what is walked is lxml elements, whose tags are spelled with qn() as python-docx spells them.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from .config import MIB, Limits
from .errors import InputError

NAMESPACES = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
              "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006"}
# a .docx part this small cannot hurt, whatever its compression ratio
_RATIO_FLOOR = MIB


def qn(tag: str) -> str:
    """Return the Clark name of a prefixed tag: "w:p" -> "{http://…/main}p"."""
    prefix, name = tag.split(":")
    return f"{{{NAMESPACES[prefix]}}}{name}"


def check_package(path: Path, limits: Limits) -> None:
    """Raise LimitError when a part of the .docx at `path` would inflate past the limits (read from the
    zip directory, before anything is inflated), InputError when it is no zip archive at all."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except FileNotFoundError:
        raise InputError("no such file", path, hint="check the path") from None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise InputError("not a Word .docx file (not a zip archive)", path,
                         hint="save it from Word or LibreOffice as .docx") from None
    total = 0
    for part in parts:
        if part.file_size > limits.docx_part_bytes:
            raise limits.exceeded("docx_part_bytes", part.file_size,
                                  f"bytes in its part {part.filename} once inflated", path)
        if part.file_size > _RATIO_FLOOR and part.file_size > limits.docx_ratio * max(1, part.compress_size):
            raise limits.exceeded("docx_ratio", part.file_size // max(1, part.compress_size),
                                  f"times inflation of its part {part.filename} (compressed "
                                  f"{part.compress_size:,} bytes)", path)
        total += part.file_size
    if total > 4 * limits.docx_part_bytes:
        raise limits.exceeded("docx_part_bytes", total // 4, "bytes per part on average once inflated "
                              "(all parts together may inflate to 4 × the limit)", path)


# what a reader of the final document never sees: rejected or moved-away text, field codes,
# properties, drawings and text boxes (their text is not part of the release's reading order)
_UNSEEN = {qn(f"w:{tag}") for tag in ("del", "moveFrom", "delText", "instrText", "delInstrText",
                                       "pPr", "rPr", "drawing", "pict", "object", "fldChar", "sym",
                                       "footnoteReference", "endnoteReference", "commentReference")}
_UNSEEN.add(qn("mc:AlternateContent"))
_SHOWN_AS = {qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-",
             qn("w:softHyphen"): ""}
_HEADING_STYLES = ("title", "heading", "标题")
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


def blocks(container, style_names: dict[str, str], kind: str = "paragraph"):
    """Yield (kind, text, joins the next block) for the paragraphs and table cells of `container`."""
    for child in container:
        if child.tag == _P:
            heading = kind == "paragraph" and _is_heading(child, style_names)
            yield ("heading" if heading else kind), _final_text(child), _mark_deleted(child)
        elif child.tag == _TABLE:
            for row in child.iter(_ROW):
                for cell in row.findall(_CELL):
                    yield from blocks(cell, style_names, "cell")
        elif child.tag in _CONTAINERS:
            yield from blocks(child, style_names, kind)
