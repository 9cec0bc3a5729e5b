"""The python-docx layer: the only module that imports python-docx; helpers for our .docx files."""
from __future__ import annotations

import copy
import datetime
import re
import weakref
from xml.sax.saxutils import escape, quoteattr
import zipfile
import zlib
from functools import lru_cache
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import parse_xml
from docx.shared import Cm, Pt, RGBColor
from docx.table import _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from . import wordml
from .config import Limits
from .errors import InputError
from .model import PROPERTY_LIMIT
from .safexml import xml_text

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


@lru_cache(maxsize=1)
def _template():
    """Return the configured blank document every new document copies: python-docx's default template
    parsed once per process, slimmed, on A4 with our fonts (copying it is 3x faster than parsing it)."""
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
    # East Asian text needs its own font slot, or Word falls back to a font without Han glyphs
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "Noto Serif CJK SC")
    return document


def new_document(landscape: bool = False):
    """Return a new, empty Word document (A4; landscape for wide review tables)."""
    document = copy.deepcopy(_template())
    if landscape:
        section = document.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    return document



def open_document(path: Path, limits: Limits | None = None):
    """Return the document at `path`, or raise InputError when it is not a readable .docx.

    The zip directory is checked against `limits` first; python-docx's XML parser expands no entity,
    fetches nothing from the network and refuses trees deeper than 256 levels.
    """
    wordml.check_package(Path(path), limits or Limits())
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


def set_properties(document, *, title: str = "", author: str = "", comments: str = "",
                   keywords: str = "", subject: str = "", category: str = "") -> None:
    """Set the core properties (File > Properties) of `document`, each cut to the 255 characters Word allows."""
    core = document.core_properties
    title, author, comments, keywords, subject, category = (
        _property(value) for value in (title, author, comments, keywords, subject, category))
    core.title, core.author, core.comments = title, author, comments
    core.keywords, core.subject, core.category = keywords, subject, category
    core.last_modified_by = author


def _property(value: str) -> str:
    # the document itself keeps the whole text; only the property (File > Properties) is shortened
    value = xml_text(value)
    return value if len(value) <= PROPERTY_LIMIT else value[:PROPERTY_LIMIT - 1] + "…"


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


def add_row(table) -> tuple:
    """Return the cells of a new last row of `table`, one per grid column.

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
    return _Row(row, table).cells


_BREAKS = re.compile(r"(\t|\r\n|\n|\r)")


def write_cell(cell, text: str, *, size: float | None = None, fill: str | None = None):
    """Replace the content of a table cell with `text` in one run (newlines as line breaks, as
    python-docx's cell.text writes them), at `size` pt, on a `fill` background; return the run.

    The run is built as one piece of XML: python-docx appends a run's text character by character.
    """
    properties = f'<w:rPr><w:sz w:val="{round(size * 2)}"/></w:rPr>' if size else ""
    pieces = ["<w:tab/>" if piece == "\t" else "<w:br/>" if piece in ("\n", "\r", "\r\n")
              else f'<w:t xml:space="preserve">{escape(piece)}</w:t>' if piece else ""
              for piece in _BREAKS.split(xml_text(text))]
    paragraph = parse_xml(f'<w:p {nsdecls("w")}><w:r>{properties}{"".join(pieces)}</w:r></w:p>')
    element = cell._tc
    for child in list(element):
        if child.tag != qn("w:tcPr"):
            element.remove(child)
    element.append(paragraph)
    if fill:
        shade(cell, fill)
    return Run(paragraph[0], Paragraph(paragraph, cell))


def set_widths(table, widths_cm: tuple[float, ...]) -> None:
    """Fix the column widths of `table` (Word reads cell widths, LibreOffice the grid); rows added later
    with add_row() take them too."""
    _EMPTY_ROWS.pop(table._tbl, None)
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm):
            cell.width = Cm(width)
    for column, width in zip(table.columns, widths_cm):
        column.width = Cm(width)


_EMPTY_ROWS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


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


# the next free comment id of each document being written (by its w:comments element)
_NEXT_COMMENT_ID: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_COMMENT_XML = f'<w:comment {nsdecls("w")} w:id="%d" w:author=%s w:initials=%s w:date="%s">%s</w:comment>'
_COMMENT_LINE = ('<w:p><w:pPr><w:pStyle w:val="CommentText"/></w:pPr>%s'
                 '<w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>')
_RANGE_XML = (f'<w:p {nsdecls("w")}><w:commentRangeStart w:id="%d"/><w:commentRangeEnd w:id="%d"/><w:r><w:rPr>'
              '<w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="%d"/></w:r></w:p>')
_ANNOTATION = '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>'


def comment(document, runs, lines: list[str], author: str, initials: str) -> None:
    """Add one Word comment holding `lines` (a paragraph each), anchored to `runs` (a run or a list).

    The comment is the XML python-docx's add_comment writes, parsed in one piece; python-docx looks
    for the next free id among all comments so far, which made a review file of n segments cost n².
    """
    container = document.comments._comments_elm  # creates the comments part on first use
    number = _NEXT_COMMENT_ID.get(container)
    if number is None:  # once per document
        number = max((int(value) for value in container.xpath("./w:comment/@w:id")), default=-1) + 1
    _NEXT_COMMENT_ID[container] = number + 1
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    paragraphs = "".join(_COMMENT_LINE % (_ANNOTATION if index == 0 else "", escape(xml_text(line)))
                         for index, line in enumerate(lines))
    container.append(parse_xml(_COMMENT_XML % (number, quoteattr(xml_text(author)),
                                               quoteattr(xml_text(initials)), when, paragraphs)))
    runs = runs if isinstance(runs, (list, tuple)) else [runs]
    start, end, reference = parse_xml(_RANGE_XML % (number, number, number))  # python-docx: 0.3 ms
    runs[0]._r.addprevious(start)
    runs[-1]._r.addnext(reference)
    runs[-1]._r.addnext(end)


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


def read_blocks(path: Path, limits: Limits | None = None) -> list[tuple[str, str]]:
    """Return the body of a .docx in reading order as (kind, text), kind heading|paragraph|cell.

    Tracked changes are accepted (insertions kept, deletions and moved-away text dropped), fields
    show their displayed result, table cells come row by row, and a line break inside a paragraph
    is "\\n".
    """
    document = open_document(path, limits)
    style_names = {style.style_id: style.name or "" for style in document.styles}
    blocks, carried = [], ""
    for kind, text, joins_next in wordml.blocks(document.element.body, style_names):
        if joins_next:
            carried += text
            continue
        blocks.append((kind, carried + text))
        carried = ""
    if carried:
        blocks.append(("paragraph", carried))
    return blocks
