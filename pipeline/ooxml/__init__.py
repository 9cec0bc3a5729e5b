"""The python-docx layer: the only module that imports python-docx; helpers for our .docx files.

Writing and opening documents live here; reading.py walks the XML python-docx parsed (tracked changes
accepted, table rows and cells, reading order), markup.py writes the XML of cells and comments as text and
package.py checks a .docx's zip directory against the limits; those three import no library."""
from __future__ import annotations

import copy
import weakref
import zipfile
import zlib
from functools import lru_cache
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.oxml.text.paragraph import CT_P
from docx.oxml.text.run import CT_R
from docx.shared import Cm, Pt, RGBColor
from docx.table import _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from ..config import Limits
from ..errors import InputError
from . import markup
from .package import check_package
from .properties import properties as properties
from .properties import set_properties as set_properties

# the reading side, re-exported (`x as x`): callers see one ooxml layer
from .reading import body_tables as body_tables
from .reading import document_blocks
from .reading import revision_authors as revision_authors

# python-docx's default template carries parts no release needs: a "Lorem ipsum" thumbnail, Word
# 2010's stylesWithEffects.xml and a bibliography item (together 450 KB to compress for every file)
_UNUSED_PARTS = ("thumbnail", "stylesWithEffects", "customXml")
# of its 150 styles these are used (or written by Word for comments and headers); the ~100 table
# styles alone are 300 KB of XML to serialise for every file
_KEPT_STYLES = {"Normal", "Title", "TitleChar", "Header", "HeaderChar", "Footer", "FooterChar",
                "DefaultParagraphFont", "TableNormal", "TableGrid", "NoList"}
# what a broken or hostile package raises inside python-docx, zipfile, zlib and lxml (a SyntaxError)
_UNREADABLE = (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, zlib.error, EOFError,
               NotImplementedError, RuntimeError, SyntaxError, AttributeError, TypeError, IndexError)


@lru_cache(maxsize=4)
def _template(lang: str, east_asian_lang: str):
    """Return the blank document every new document in these languages copies: python-docx's default
    template parsed once per process, slimmed, on A4 with our fonts (copying it is 3x faster than parsing)."""
    document = docx.Document()
    for owner in (document.part.package, document.part):
        for rId, rel in list(owner.rels.items()):
            if rel.reltype.rsplit("/", 1)[-1] in _UNUSED_PARTS:
                owner.rels.pop(rId)
                owner.rels._target_parts_by_rId.pop(rId, None)
    styles = document.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in _KEPT_STYLES:
            styles.remove(style)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(11)
    _east_asian_font(document, normal, east_asian_lang)
    set_language(normal.element.get_or_add_rPr(), lang, east_asian_lang)
    return document


def new_document(landscape: bool = False, lang: str = "en-US", east_asian_lang: str = "zh-CN"):
    """Return a new, empty Word document (A4; landscape for wide review tables) whose default language is
    `lang` for Latin text and `east_asian_lang` for Chinese (spelling, hyphenation, fonts follow them)."""
    document = copy.deepcopy(_template(lang, east_asian_lang))
    if landscape:
        section = document.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    return document


def _east_asian_font(document, normal, east_asian_lang: str) -> None:
    """Declare SimSun for East Asian text and `east_asian_lang` (Simplified Chinese) as its language (glyph
    forms, line breaks)."""
    # East Asian text needs its own font slot, or Word falls back to a font without Han glyphs
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), markup.EAST_ASIAN_FONT)
    for language in document.styles.element.xpath("./w:docDefaults/w:rPrDefault/w:rPr/w:lang"):
        language.set(qn("w:eastAsia"), east_asian_lang)
    fonts = document.part.part_related_by(RELATIONSHIP_TYPE.FONT_TABLE)
    if b'w:name="SimSun"' not in fonts.blob:
        # python-docx keeps the font table as a plain part (bytes only), so the entry is spliced in
        fonts._blob = fonts.blob.replace(b"</w:fonts>", markup.EAST_ASIAN_FONT_ENTRY + b"</w:fonts>")


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


def open_document(path: Path, limits: Limits | None = None):
    """Return the document at `path`, or raise InputError when it is not a readable .docx.

    The zip directory is checked against `limits` first; python-docx's XML parser expands no entity,
    fetches nothing from the network and refuses trees deeper than 256 levels.
    """
    check_package(Path(path), limits or Limits())
    try:
        document = docx.Document(str(path))
        if document.element.body is None:
            raise ValueError("no document body")
        return document
    except FileNotFoundError:
        raise InputError("no such file", path, hint="check the path") from None
    except _UNREADABLE as error:
        reason = str(error).splitlines()[0][:120] if str(error) else error.__class__.__name__
        raise InputError(f"not a readable Word .docx file ({reason})", path,
                         hint="open it in Word or LibreOffice and save it again as .docx") from None


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


def add_row(table):
    """Return a new last row of `table` (a python-docx _Row), with a cell per grid column.

    python-docx's add_row looks up the table grid with lxml's find(), which scans every row after
    it: a table of n rows cost n². The grid is read here once per table (set_widths first, so new
    rows take the widths).
    """
    prototype = _EMPTY_ROWS.get(table._tbl)
    if prototype is None:  # an empty row with a cell per grid column, each as wide as its column
        prototype = OxmlElement("w:tr")
        for column in table._tbl.tblGrid.gridCol_lst:
            cell = prototype.add_tc()
            if column.w is not None:
                cell.width = column.w
        _EMPTY_ROWS[table._tbl] = prototype
    row = copy.deepcopy(prototype)
    table._tbl.append(row)
    return _Row(row, table)


_EMPTY_ROWS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def write_cell(cell, text: str | list[tuple[str, str | None]], *, size: float | None = None,
               fill: str | None = None):
    """Replace the content of a table cell with `text` (newlines as line breaks, as python-docx's cell.text
    writes them) or with (text, colour or None) lines, a run each, at `size` pt, single-spaced with 2 pt
    after as set_widths spaces a table, on a `fill` background; return the first run."""
    lines: list[tuple[str, str | None]] = [(text, None)] if isinstance(text, str) else text
    paragraph = parse_xml(markup.cell_paragraph(lines, size))
    element = cell._tc
    for child in list(element):
        if child.tag != qn("w:tcPr"):
            element.remove(child)
    element.append(paragraph)
    if fill:
        shade(cell, fill)
    run = paragraph.find(qn("w:r"))
    assert isinstance(paragraph, CT_P) and isinstance(run, CT_R), "cell_paragraph writes a w:p with a w:r"
    return Run(run, Paragraph(paragraph, cell))


def set_widths(table, widths_cm: tuple[float, ...], after_pt: float = 2) -> None:
    """Fix the column widths of `table` (Word reads cell widths, LibreOffice the grid) and give its
    paragraphs single spacing and `after_pt` after (the template's 10 pt after makes every row tall);
    rows added later with add_row() take the widths too."""
    _EMPTY_ROWS.pop(table._tbl, None)
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.space_after, paragraph.paragraph_format.line_spacing = Pt(after_pt), 1.0
    for column, width in zip(table.columns, widths_cm, strict=True):
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


# the next free comment id of each document being written (by its w:comments element)
_NEXT_COMMENT_ID: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def comment(document, runs, lines: list[str], author: str, initials: str) -> None:
    """Add one Word comment holding `lines` (a paragraph each), anchored to `runs` (a run or a list).

    The comment is the XML python-docx's add_comment writes, parsed in one piece (markup.py); python-docx
    looks for the next free id among all comments so far, which made a review file of n segments cost n².
    """
    container = document.comments._comments_elm  # creates the comments part on first use
    number = _NEXT_COMMENT_ID.get(container)
    if number is None:  # once per document
        number = max((int(value) for value in container.xpath("./w:comment/@w:id")), default=-1) + 1
    _NEXT_COMMENT_ID[container] = number + 1
    container.append(parse_xml(markup.comment(number, lines, author, initials)))
    runs = runs if isinstance(runs, (list, tuple)) else [runs]
    start, end, reference = parse_xml(markup.anchors(number))  # python-docx: 0.3 ms
    runs[0]._r.addprevious(start)
    runs[-1]._r.addnext(reference)
    runs[-1]._r.addnext(end)


def page_header(document, text: str, colour: str = "7F7F7F") -> None:
    """Print `text` small in the page header of every page of the first section."""
    paragraph = document.sections[0].header.paragraphs[0]
    style_run(paragraph.add_run(text), size=8, italic=True, colour=colour)


# --- data that travels inside the file: a custom XML part (customXml/itemN.xml) ---

def embed_data(document, namespace: str, element: str, text: str) -> None:
    """Store `text` in a new custom XML part `<element xmlns="namespace">` related from the main document:
    Word and LibreOffice keep such parts when they save, so it travels with a renamed, moved or re-saved
    file. Its number follows the existing parts (our slimmed template has none: customXml/item1.xml)."""
    package = document.part.package
    item = Part(package.next_partname("/customXml/item%d.xml"), CONTENT_TYPE.XML,
                markup.custom_xml(namespace, element, text), package)
    properties_part = Part(package.next_partname("/customXml/itemProps%d.xml"),
                           CONTENT_TYPE.OFC_CUSTOM_XML_PROPERTIES, markup.datastore_item(namespace, text), package)
    item.relate_to(properties_part, RELATIONSHIP_TYPE.CUSTOM_XML_PROPS)
    document.part.relate_to(item, RELATIONSHIP_TYPE.CUSTOM_XML)


def embedded_data(document, namespace: str, element: str) -> list[str]:
    """Return the text of every custom XML part of `document` whose root is `<element xmlns="namespace">`
    (found by content, not by part name: a re-save may renumber the parts; their itemProps are not data)."""
    texts = (markup.custom_xml_text(part.blob, namespace, element) for part in document.part.package.iter_parts()
             if str(part.partname).startswith("/customXml/item") and "itemProps" not in str(part.partname))
    return [text for text in texts if text is not None]


def save(document, path: Path) -> None:
    """Write `document` to `path` (callers pass a temporary path and rename it)."""
    document.save(str(path))


def read_blocks(path: Path, limits: Limits | None = None) -> list[tuple[str, str]]:
    """Return the body of a .docx in reading order as (kind, text), kind heading|paragraph|cell.

    Tracked changes are accepted (insertions kept, deletions and moved-away text dropped), fields
    show their displayed result, table cells come row by row, and a line break inside a paragraph
    is "\\n".
    """
    return document_blocks(open_document(path, limits))
