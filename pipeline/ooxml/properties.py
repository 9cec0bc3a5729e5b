"""Core document properties (File > Properties): written cut to Word's 255 characters, read back even from a
file LibreOffice saved (its core.xml is related with a type python-docx does not follow).

Uses python-docx's document objects only through their attributes; core.xml is read with the safe parser.
"""
from __future__ import annotations

from ..model import PROPERTY_LIMIT
from ..safexml import ParseError, fromstring, xml_text

_NAMESPACES = {"dc": "http://purl.org/dc/elements/1.1/",
               "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"}


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
            try:
                root = fromstring(part.blob)
            except ParseError:
                return {}
            return {key: root.findtext(tag, namespaces=_NAMESPACES) or "" for key, tag in _CORE_FIELDS.items()}
    return {}
