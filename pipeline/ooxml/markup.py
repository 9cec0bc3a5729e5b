"""WordprocessingML written as text and parsed in one piece by ooxml/__init__.py: a table cell's paragraph,
a comment and its anchors, the East Asian font's entry, and the custom XML part that carries our data
(written, and read back). No library imported here.

Built element by element, python-docx appends a run's text character by character and looks for the next
free comment id among all comments so far: a review file of n segments cost n². Every string passes
xml_text, so a control character from a draft or a file name is dropped instead of failing the document.
"""
from __future__ import annotations

import datetime
import re
import uuid
from xml.etree.ElementTree import ParseError
from xml.sax.saxutils import escape, quoteattr

from ..safexml import fromstring, xml_text
from .reading import W

_W = f'xmlns:w="{W}"'
# SimSun (宋体) ships with every Windows and Office; the font table entry (as Word writes it) lets Word
# and LibreOffice substitute another GB2312 serif where it is missing (LibreOffice on Linux: Noto CJK)
EAST_ASIAN_FONT = "SimSun"
EAST_ASIAN_FONT_ENTRY = (
    '<w:font w:name="SimSun"><w:altName w:val="宋体"/>'
    '<w:panose1 w:val="02010600030101010101"/><w:charset w:val="86"/><w:family w:val="auto"/>'
    '<w:pitch w:val="variable"/><w:sig w:usb0="00000003" w:usb1="288F0000" w:usb2="00000016" '
    'w:usb3="00000000" w:csb0="00040001" w:csb1="00000000"/></w:font>').encode("utf-8")
_BREAKS = re.compile(r"(\t|\r\n|\n|\r)")
_COMMENT = f'<w:comment {_W} w:id="%d" w:author=%s w:initials=%s w:date="%s">%s</w:comment>'
_COMMENT_LINE = ('<w:p><w:pPr><w:pStyle w:val="CommentText"/></w:pPr>%s'
                 '<w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>')
_ANNOTATION = '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>'
_ANCHORS = (f'<w:p {_W}><w:commentRangeStart w:id="%d"/><w:commentRangeEnd w:id="%d"/><w:r><w:rPr>'
            '<w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="%d"/></w:r></w:p>')


def _run_content(text: str) -> str:
    """Return the content of a run holding `text`: tabs and line breaks as python-docx's cell.text writes them."""
    return "".join("<w:tab/>" if piece == "\t" else "<w:br/>" if piece in ("\n", "\r", "\r\n")
                   else f'<w:t xml:space="preserve">{escape(piece)}</w:t>' if piece else ""
                   for piece in _BREAKS.split(xml_text(text)))


def cell_paragraph(lines: list[tuple[str, str | None]], size: float | None = None, after_pt: float = 2) -> str:
    """Return a w:p holding one run per (text, colour or None) line, the lines separated by line breaks, at
    `size` pt, single-spaced with `after_pt` after (as set_widths gives a table's paragraphs)."""
    runs = []
    for index, (text, colour) in enumerate(lines or [("", None)]):
        properties = (f'<w:color w:val="{colour}"/>' if colour else "") + \
            (f'<w:sz w:val="{round(size * 2)}"/>' if size else "")
        runs.append(f"<w:r>{f'<w:rPr>{properties}</w:rPr>' if properties else ''}"
                    f"{'<w:br/>' if index else ''}{_run_content(text)}</w:r>")
    spacing = f'<w:pPr><w:spacing w:after="{round(after_pt * 20)}" w:line="240" w:lineRule="auto"/></w:pPr>'
    return f'<w:p {_W}>{spacing}{"".join(runs)}</w:p>'


def comment(number: int, lines: list[str], author: str, initials: str) -> str:
    """Return the w:comment `number` holding `lines` (a paragraph each), as python-docx's add_comment writes it."""
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    paragraphs = "".join(_COMMENT_LINE % (_ANNOTATION if index == 0 else "", escape(xml_text(line)))
                         for index, line in enumerate(lines))
    return _COMMENT % (number, quoteattr(xml_text(author)), quoteattr(xml_text(initials)), when, paragraphs)


def anchors(number: int) -> str:
    """Return a w:p holding the range start, range end and reference run of comment `number` (in that order)."""
    return _ANCHORS % (number, number, number)


_DATASTORE = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"


def custom_xml(namespace: str, element: str, text: str) -> bytes:
    """Return a custom XML part holding `text` as `<element xmlns="namespace">` (ooxml.embed_data)."""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<{element} xmlns="{escape(namespace)}">{escape(text)}</{element}>').encode("utf-8")


def custom_xml_text(blob: bytes, namespace: str, element: str) -> str | None:
    """Return the text of a custom XML part written by custom_xml(namespace, element, …), else None
    (another program's part, or not XML at all)."""
    try:
        root = fromstring(blob)
    except ParseError:
        return None
    return (root.text or "") if root.tag == f"{{{namespace}}}{element}" else None


def datastore_item(namespace: str, text: str) -> bytes:
    """Return the properties part Word pairs with a custom XML part: its item id and schema."""
    item_id = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, namespace + text)).upper() + "}"
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<ds:datastoreItem ds:itemID='
            f'"{item_id}" xmlns:ds="{_DATASTORE}"><ds:schemaRefs><ds:schemaRef ds:uri="{escape(namespace)}"/>'
            '</ds:schemaRefs></ds:datastoreItem>').encode("utf-8")
