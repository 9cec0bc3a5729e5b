"""The python-docx layer: the only module that imports python-docx; helpers for our .docx files."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import docx
from docx.enum.section import WD_ORIENT
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
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
    _east_asian_font(document, normal)
    return document


# SimSun (宋体) ships with every Windows and Office; the font table entry (as Word writes it) lets Word
# and LibreOffice substitute another GB2312 serif where it is missing (LibreOffice on Linux: Noto CJK)
EAST_ASIAN_FONT = "SimSun"
_EAST_ASIAN_FONT_ENTRY = (
    '<w:font w:name="SimSun"><w:altName w:val="宋体"/>'
    '<w:panose1 w:val="02010600030101010101"/><w:charset w:val="86"/><w:family w:val="auto"/>'
    '<w:pitch w:val="variable"/><w:sig w:usb0="00000003" w:usb1="288F0000" w:usb2="00000016" '
    'w:usb3="00000000" w:csb0="00040001" w:csb1="00000000"/></w:font>').encode("utf-8")


def _east_asian_font(document, normal) -> None:
    """Declare SimSun for East Asian text and Simplified Chinese as its language (glyph forms, line breaks)."""
    # East Asian text needs its own font slot, or Word falls back to a font without Han glyphs
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), EAST_ASIAN_FONT)
    for language in document.styles.element.xpath("./w:docDefaults/w:rPrDefault/w:rPr/w:lang"):
        language.set(qn("w:eastAsia"), "zh-CN")
    fonts = document.part.part_related_by(RELATIONSHIP_TYPE.FONT_TABLE)
    if b'w:name="SimSun"' not in fonts.blob:
        # python-docx keeps the font table as a plain part (bytes only), so the entry is spliced in
        fonts._blob = fonts.blob.replace(b"</w:fonts>", _EAST_ASIAN_FONT_ENTRY + b"</w:fonts>")


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


def set_widths(table, widths_cm: tuple[float, ...], after_pt: float = 2) -> None:
    """Fix the column widths of `table` (Word reads cell widths, LibreOffice the grid) and give its
    paragraphs single spacing and `after_pt` after (the template's 10 pt after makes every row tall)."""
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm):
            cell.width = Cm(width)
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.space_after, paragraph.paragraph_format.line_spacing = Pt(after_pt), 1.0
    for column, width in zip(table.columns, widths_cm):
        column.width = Cm(width)


def headline(document, text: str, size: float = 14):
    """Add `text` as a plain bold headline (direct formatting: Word's Title style is blue and bordered)."""
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.keep_with_next = True
    paragraph.paragraph_format.space_after = Pt(12)
    style_run(paragraph.add_run(text), size=size, bold=True)
    return paragraph


def keep_row_together(row) -> None:
    """Keep a table row on one page (w:cantSplit): a segment is read as a whole."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


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
_TEXT_OF = {qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-"}


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


# --- data that travels inside the file: a custom XML part (customXml/itemN.xml) ---

_DATASTORE = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"


def embed_data(document, namespace: str, element: str, text: str) -> None:
    """Store `text` in a new custom XML part `<element xmlns="namespace">` related from the main document:
    Word and LibreOffice keep such parts when they save, so it travels with a renamed, moved or re-saved
    file. Its number follows the existing parts (python-docx's template already has customXml/item1.xml)."""
    package = document.part.package
    blob = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<{element} xmlns="{escape(namespace)}">{escape(text)}</{element}>').encode("utf-8")
    item = Part(package.next_partname("/customXml/item%d.xml"), CONTENT_TYPE.XML, blob, package)
    item_id = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, namespace + text)).upper() + "}"
    properties_blob = (f'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<ds:datastoreItem ds:itemID='
                       f'"{item_id}" xmlns:ds="{_DATASTORE}"><ds:schemaRefs><ds:schemaRef ds:uri="{escape(namespace)}"/>'
                       '</ds:schemaRefs></ds:datastoreItem>').encode("utf-8")
    properties_part = Part(package.next_partname("/customXml/itemProps%d.xml"),
                           CONTENT_TYPE.OFC_CUSTOM_XML_PROPERTIES, properties_blob, package)
    item.relate_to(properties_part, RELATIONSHIP_TYPE.CUSTOM_XML_PROPS)
    document.part.relate_to(item, RELATIONSHIP_TYPE.CUSTOM_XML)


def embedded_data(document, namespace: str, element: str) -> list[str]:
    """Return the text of every custom XML part of `document` whose root is `<element xmlns="namespace">`
    (found by content, not by part name: a re-save may renumber the parts)."""
    found = []
    for part in document.part.package.iter_parts():
        if not str(part.partname).startswith("/customXml/item") or "itemProps" in str(part.partname):
            continue  # Word's data store parts are customXml/itemN.xml; their properties are not data
        try:
            root = parse_xml(part.blob)
        except (SyntaxError, ValueError):  # lxml's XMLSyntaxError is a SyntaxError; not our part then
            continue
        if root.tag == f"{{{namespace}}}{element}":
            found.append(root.text or "")
    return found


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
