"""The python-docx layer: the only module that imports python-docx; helpers for our .docx files."""
from __future__ import annotations

import copy
import datetime
import weakref
import zipfile
import zlib
from functools import lru_cache
from pathlib import Path

import docx
from docx.comments import Comment
from docx.enum.section import WD_ORIENT
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import parse_xml
from docx.shared import Cm, Pt, RGBColor

from .config import MIB, Limits
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
# a .docx part this small cannot hurt, whatever its compression ratio
_RATIO_FLOOR = MIB
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


# the next free comment id of each document being written (by its w:comments element): python-docx's add_comment looks for it
# among all the comments so far, which makes a review file of n segments cost n² (103 s for 8,000)
_NEXT_COMMENT_ID: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_COMMENT_XML = (f'<w:comment {nsdecls("w")} w:id="%d" w:author=""><w:p><w:pPr><w:pStyle w:val="CommentText"/>'
                '</w:pPr><w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>'
                '</w:p></w:comment>')


def comment(document, runs, lines: list[str], author: str, initials: str) -> None:
    """Add one Word comment holding `lines` (a paragraph each), anchored to `runs` (a run or a list)."""
    comments = document.comments  # creates the comments part on first use
    container = comments._comments_elm
    number = _NEXT_COMMENT_ID.get(container)
    if number is None:  # once per document
        number = max((int(value) for value in container.xpath("./w:comment/@w:id")), default=-1) + 1
    _NEXT_COMMENT_ID[container] = number + 1
    element = parse_xml(_COMMENT_XML % number)
    container.append(element)
    element.author, element.initials = author, initials
    element.date = datetime.datetime.now(datetime.timezone.utc)
    note = Comment(element, comments._comments_part)
    note.paragraphs[0].add_run(lines[0])
    for line in lines[1:]:
        note.add_paragraph(line)
    runs = runs if isinstance(runs, (list, tuple)) else [runs]
    runs[0].mark_comment_range(runs[-1], number)


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


def read_blocks(path: Path, limits: Limits | None = None) -> list[tuple[str, str]]:
    """Return the body of a .docx in reading order as (kind, text), kind heading|paragraph|cell.

    Tracked changes are accepted (insertions kept, deletions and moved-away text dropped), fields
    show their displayed result, table cells come row by row, and a line break inside a paragraph
    is "\\n".
    """
    document = open_document(path, limits)
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
