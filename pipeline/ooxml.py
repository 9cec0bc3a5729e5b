"""The python-docx layer: the only module that imports python-docx; helpers for our .docx files."""
from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.shared import Cm, Pt, RGBColor

from .errors import InputError


def new_document(landscape: bool = False, lang: str = "en-US", east_asian_lang: str = "zh-CN"):
    """Return a new, empty Word document (A4; landscape for wide review tables) whose default language is
    `lang` for Latin text and `east_asian_lang` for Chinese (spelling, hyphenation, fonts follow them)."""
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
    set_language(normal.element.get_or_add_rPr(), lang, east_asian_lang)
    return document


# w:rPr children that follow w:lang (CT_RPr sequence, ECMA-376 §17.3.2.28)
_AFTER_LANG = tuple(qn(f"w:{tag}") for tag in ("eastAsianLayout", "specVanish", "oMath"))


def set_language(run_properties, lang: str, east_asian_lang: str) -> None:
    """Set w:lang (w:val for Latin, w:eastAsia for Chinese) in a w:rPr element, in schema order."""
    element = run_properties.find(qn("w:lang"))
    if element is None:
        element = OxmlElement("w:lang")
        successor = next((child for child in run_properties if child.tag in _AFTER_LANG), None)
        if successor is None:
            run_properties.append(element)
        else:
            successor.addprevious(element)
    element.set(qn("w:val"), lang)
    element.set(qn("w:eastAsia"), east_asian_lang)


def languages(document) -> tuple[str, str]:
    """Return the (Latin, East Asian) default language of a document's Normal style ("" when unset)."""
    run_properties = document.styles["Normal"].element.rPr
    element = run_properties.find(qn("w:lang")) if run_properties is not None else None
    if element is None:
        return "", ""
    return element.get(qn("w:val"), ""), element.get(qn("w:eastAsia"), "")


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


_CORE_FIELDS = {"title": "dc:title", "author": "dc:creator", "comments": "dc:description",
                "keywords": "cp:keywords", "subject": "dc:subject", "category": "cp:category"}


def properties(document) -> dict:
    """Return the core properties we use, as a dict."""
    core = document.core_properties
    found = {"title": core.title, "author": core.author, "comments": core.comments,
             "keywords": core.keywords, "subject": core.subject, "category": core.category}
    if not found["keywords"]:
        found.update(_unlinked_core_properties(document))
    return found


def _unlinked_core_properties(document) -> dict:
    """Return the core properties python-docx did not find: LibreOffice relates docProps/core.xml with the
    transitional `officedocument/.../core-properties` type (python-docx PR #1436), so read the part by name."""
    for part in document.part.package.iter_parts():
        if str(part.partname) == "/docProps/core.xml":
            root = parse_xml(part.blob)
            return {key: root.findtext(qn(tag)) or "" for key, tag in _CORE_FIELDS.items()}
    return {}


def shade(cell, fill: str) -> None:
    """Give a table cell a background colour (hex RGB such as "EDEDED")."""
    properties_element = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties_element.append(shading)


def grid(table, colour: str = "808080") -> None:
    """Give `table` thin borders as direct formatting (LibreOffice records a table *style* applied on
    import as a tracked format change when Track Changes is on, so "Table Grid" is not used)."""
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        border = OxmlElement(f"w:{side}")
        for key, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", colour)):
            border.set(qn(f"w:{key}"), value)
        borders.append(border)
    table._tbl.tblPr.append(borders)


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


# --- review round trip: settings, comments and tracked changes (raw OOXML stays in this module) ---

# settings.xml children that must precede w:trackRevisions (CT_Settings sequence, ECMA-376 §17.15.1.78)
_BEFORE_TRACK_REVISIONS = tuple(qn(f"w:{tag}") for tag in (
    "writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
    "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
    "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts", "embedSystemFonts",
    "saveSubsetFonts", "saveFormsData", "mirrorMargins", "alignBordersAndEdges",
    "bordersDoNotSurroundHeader", "bordersDoNotSurroundFooter", "gutterAtTop", "hideSpellingErrors",
    "hideGrammaticalErrors", "activeWritingStyle", "proofState", "formsDesign", "attachedTemplate",
    "linkStyles", "stylePaneFormatFilter", "stylePaneSortMethod", "documentType", "mailMerge",
    "revisionView"))
# content a reviewer rejected or that is not text: deletions, moved-away runs, field codes, fallbacks
_REJECTED = {qn("w:del"), qn("w:moveFrom"), qn("w:delText"), qn("w:instrText"), qn("w:delInstrText"),
             qn("w:pPr"), qn("w:rPr"), f"{{{'http://schemas.openxmlformats.org/markup-compatibility/2006'}}}Fallback"}
_TEXT_OF = {qn("w:tab"): "\t", qn("w:br"): " ", qn("w:cr"): " ", qn("w:noBreakHyphen"): "-"}


def track_changes(document) -> None:
    """Switch on Track Changes (w:trackRevisions) so Word and LibreOffice record the reviewer's edits."""
    settings = document.settings.element
    if settings.find(qn("w:trackRevisions")) is not None:
        return
    position = 0
    for index, child in enumerate(settings):
        if child.tag in _BEFORE_TRACK_REVISIONS:
            position = index + 1
    settings.insert(position, OxmlElement("w:trackRevisions"))


def tracks_changes(document) -> bool:
    """Return True when the document's settings switch Track Changes on."""
    return document.settings.element.find(qn("w:trackRevisions")) is not None


def comment(document, runs, lines: list[str], author: str, initials: str) -> None:
    """Add one Word comment holding `lines` (a paragraph each), anchored to `runs`."""
    note = document.add_comment(runs, text=lines[0], author=author, initials=initials)
    for line in lines[1:]:
        note.add_paragraph(line)


def page_header(document, text: str, colour: str = "7F7F7F") -> None:
    """Print `text` small in the page header of every page of the first section."""
    paragraph = document.sections[0].header.paragraphs[0]
    style_run(paragraph.add_run(text), size=8, italic=True, colour=colour)


def accepted_text(cell) -> str:
    """Return a table cell's text as if every tracked change were accepted (w:ins kept, w:del dropped).

    Comments add no text (their marks hold no w:t), so they are ignored. Paragraphs join with a space:
    a segment is one sentence, however the reviewer broke its lines.
    """
    paragraphs = [_accepted(p).strip() for p in cell._tc.iter(qn("w:p"))]
    return " ".join(text for text in paragraphs if text)


def _accepted(element) -> str:
    parts = []
    for child in element:
        if child.tag in _REJECTED:
            continue
        if child.tag == qn("w:t"):
            parts.append(child.text or "")
        elif child.tag in _TEXT_OF:
            parts.append(_TEXT_OF[child.tag])
        elif child.tag != qn("w:p"):  # nested paragraphs are visited by accepted_text itself
            parts.append(_accepted(child))
    return "".join(parts)


def tables(document) -> list[list[list]]:
    """Return every body table as rows of cells (python-docx _Cell objects, merged cells repeated)."""
    return [[list(row.cells) for row in table.rows] for table in document.tables]


def revision_authors(document) -> list[str]:
    """Return the authors of tracked insertions and deletions, most frequent first."""
    counts: dict[str, int] = {}
    for tag in ("w:ins", "w:del"):
        for element in document.element.body.iter(qn(tag)):
            author = element.get(qn("w:author"), "")
            if author:
                counts[author] = counts.get(author, 0) + 1
    return sorted(counts, key=lambda name: -counts[name])


def last_modified_by(document) -> str:
    """Return the core property lastModifiedBy (Word writes the reviewer's user name there)."""
    return document.core_properties.last_modified_by or ""


def save(document, path: Path) -> None:
    """Write `document` to `path` (callers pass a temporary path and rename it)."""
    document.save(str(path))


# --- reading input documents (formats/docx.py) ---

_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# what a reader of the final document never sees: rejected or moved-away text, field codes,
# properties, drawings and text boxes (their text is not part of the release's reading order)
_UNSEEN = {qn(f"w:{tag}") for tag in ("del", "moveFrom", "delText", "instrText", "delInstrText",
                                       "pPr", "rPr", "drawing", "pict", "object", "fldChar", "sym",
                                       "footnoteReference", "endnoteReference", "commentReference")}
_UNSEEN.add(f"{_MC}AlternateContent")
_SHOWN_AS = {qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-",
             qn("w:softHyphen"): ""}
_HEADING_STYLES = ("title", "heading", "标题")


def _final_text(element) -> str:
    """Return the text of a paragraph as displayed with all tracked changes accepted."""
    parts = []
    for child in element:
        tag = child.tag
        if tag in _UNSEEN or not isinstance(tag, str):
            continue
        if tag == qn("w:t"):
            parts.append(child.text or "")
        elif tag in _SHOWN_AS:
            parts.append(_SHOWN_AS[tag])
        elif tag == qn("w:r") and child.find(f"{qn('w:rPr')}/{qn('w:vanish')}") is not None:
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
    return paragraph.find(f"{qn('w:pPr')}/{qn('w:rPr')}/{qn('w:del')}") is not None


def _blocks(container, style_names: dict[str, str], kind: str = "paragraph"):
    for child in container:
        if child.tag == qn("w:p"):
            heading = kind == "paragraph" and _is_heading(child, style_names)
            yield ("heading" if heading else kind), _final_text(child), _mark_deleted(child)
        elif child.tag == qn("w:tbl"):
            for row in child.iter(qn("w:tr")):
                for cell in row.findall(qn("w:tc")):
                    yield from _blocks(cell, style_names, "cell")
        elif child.tag in (qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")):
            yield from _blocks(child, style_names, kind)


def read_blocks(path: Path) -> list[tuple[str, str]]:
    """Return the body of a .docx in reading order as (kind, text), kind heading|paragraph|cell.

    Tracked changes are accepted (insertions kept, deletions and moved-away text dropped), fields
    show their displayed result, table cells come row by row, and a line break inside a paragraph
    is "\\n".
    """
    document = open_document(path)
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
