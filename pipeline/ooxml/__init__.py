"""The python-docx layer: the only module that imports python-docx; helpers for our .docx files.

Writing and opening documents live here; reading.py walks the XML python-docx parsed (tracked changes
accepted, table rows and cells, reading order) and imports no library."""
from __future__ import annotations

import uuid
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

from ..errors import InputError
# the reading side, re-exported: callers see one ooxml layer
from .reading import TableCell, TableRow, accepted_lines, body_tables, document_blocks, revision_authors


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
    _east_asian_font(document, normal, east_asian_lang)
    set_language(normal.element.get_or_add_rPr(), lang, east_asian_lang)
    return document


# SimSun (宋体) ships with every Windows and Office; the font table entry (as Word writes it) lets Word
# and LibreOffice substitute another GB2312 serif where it is missing (LibreOffice on Linux: Noto CJK)
EAST_ASIAN_FONT = "SimSun"
_EAST_ASIAN_FONT_ENTRY = (
    '<w:font w:name="SimSun"><w:altName w:val="宋体"/>'
    '<w:panose1 w:val="02010600030101010101"/><w:charset w:val="86"/><w:family w:val="auto"/>'
    '<w:pitch w:val="variable"/><w:sig w:usb0="00000003" w:usb1="288F0000" w:usb2="00000016" '
    'w:usb3="00000000" w:csb0="00040001" w:csb1="00000000"/></w:font>').encode("utf-8")


def _east_asian_font(document, normal, east_asian_lang: str) -> None:
    """Declare SimSun for East Asian text and `east_asian_lang` (Simplified Chinese) as its language (glyph
    forms, line breaks)."""
    # East Asian text needs its own font slot, or Word falls back to a font without Han glyphs
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), EAST_ASIAN_FONT)
    for language in document.styles.element.xpath("./w:docDefaults/w:rPrDefault/w:rPr/w:lang"):
        language.set(qn("w:eastAsia"), east_asian_lang)
    fonts = document.part.part_related_by(RELATIONSHIP_TYPE.FONT_TABLE)
    if b'w:name="SimSun"' not in fonts.blob:
        # python-docx keeps the font table as a plain part (bytes only), so the entry is spliced in
        fonts._blob = fonts.blob.replace(b"</w:fonts>", _EAST_ASIAN_FONT_ENTRY + b"</w:fonts>")


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


# --- review round trip: settings, comments and tracked changes (raw OOXML stays in this package) ---

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


def read_blocks(path: Path) -> list[tuple[str, str]]:
    """Return the body of a .docx in reading order as (kind, text), kind heading|paragraph|cell.

    Tracked changes are accepted (insertions kept, deletions and moved-away text dropped), fields
    show their displayed result, table cells come row by row, and a line break inside a paragraph
    is "\\n".
    """
    return document_blocks(open_document(path))
