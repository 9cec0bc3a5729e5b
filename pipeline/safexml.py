"""XML in and out safely: users' files (TMX, TBX) parsed without entity expansion or network access (the
only defusedxml import), and text cleared of the characters XML cannot hold before it is written.

ElementTree itself would expand an internal entity declared in the file's DTD (a "billion laughs"
file asks for gigabytes); defusedxml's parser refuses any entity declaration and any external
reference. A DOCTYPE without entities (`<!DOCTYPE tmx SYSTEM "tmx14.dtd">`, as our own TMX and
martif exports write) is allowed: its DTD is never fetched. Refusals come back as ElementTree's own
ParseError, so callers handle malformed and hostile XML alike.
"""
from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import IO, Iterator

import defusedxml
import defusedxml.ElementTree as defused

ParseError = ET.ParseError
# characters XML 1.0 cannot hold: python-docx refuses them with "All strings must be XML compatible"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _refused(error: defusedxml.DefusedXmlException) -> ET.ParseError:
    """Return a ParseError (no position known: line 0) saying what defusedxml refused."""
    what = {"EntitiesForbidden": "declares entities", "ExternalReferenceForbidden": "refers to an external "
            "file or address", "DTDForbidden": "has a document type definition"}.get(type(error).__name__,
                                                                                       str(error))
    refused = ET.ParseError(f"the XML {what}, which is not allowed (entities could expand without bound "
                            f"or read other files)")
    refused.position = (0, 0)
    return refused


def parse(source: str | Path | IO[bytes]) -> ET.ElementTree:
    """Return the ElementTree of an XML file; ParseError when it is malformed or declares entities."""
    try:
        return defused.parse(source, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.DefusedXmlException as error:
        raise _refused(error) from None


def parse_root(source: str | Path | IO[bytes]) -> ET.Element:
    """Return the root element of an XML file; ParseError as parse() raises it."""
    root = parse(source).getroot()
    assert root is not None, "a parsed document has a root element"
    return root


def fromstring(text: str | bytes) -> ET.Element:
    """Return the root element of an XML string; ParseError when it is malformed or declares entities."""
    try:
        return defused.fromstring(text, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.DefusedXmlException as error:
        raise _refused(error) from None


def iterparse(source: str | IO[bytes], events=("end",)) -> Iterator[tuple[str, ET.Element]]:
    """Yield (event, element) while parsing an XML file, as ElementTree.iterparse, refusing entities."""
    try:
        yield from defused.iterparse(source, events, forbid_dtd=False, forbid_entities=True,
                                     forbid_external=True)
    except defusedxml.DefusedXmlException as error:
        raise _refused(error) from None


def xml_text(text: str) -> str:
    """Return `text` without the characters XML cannot hold (control characters but tab and newline)."""
    return _NOT_XML.sub("", text)


# the value cleaned last and its result: both writers of a release ask for the same release
# (one tuple, replaced whole: a thread never reads another release's result)
_LAST: tuple = (None, None)
_PLAIN = (str, int, float, bool, type(None))


def xml_safe(value):
    """Return `value` (a dataclass, tuple, list, dict or str, nested) with xml_text applied to every string.

    Writers call it once on the release: a control character from a file name, an engine draft or a
    glossary cell is dropped instead of failing the document. Nothing is copied when nothing changes.
    """
    global _LAST
    last, cleaned = _LAST
    if last is not value:
        cleaned = _clean(value)
        _LAST = (value, cleaned)
    return cleaned


def _clean(value):
    if isinstance(value, str):
        return xml_text(value) if _NOT_XML.search(value) else value
    if isinstance(value, Path):  # a file name shown in the document
        return Path(xml_text(str(value))) if _NOT_XML.search(str(value)) else value
    if isinstance(value, (tuple, list)):
        if all(type(item) is str for item in value) and not _NOT_XML.search("".join(value)):
            return value  # the common case, decided in one pass: a segment's words
        cleaned = [_clean(item) for item in value]
        return value if all(a is b for a, b in zip(cleaned, value, strict=True)) else type(value)(cleaned)
    if isinstance(value, dict):
        cleaned = {key: _clean(item) for key, item in value.items()}
        return value if all(cleaned[key] is value[key] for key in value) else cleaned
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = vars(value)  # every field of our dataclasses is an init field
        texts = "".join(item for item in fields.values() if type(item) is str)
        changes = {name: xml_text(item) for name, item in fields.items()
                   if type(item) is str and _NOT_XML.search(item)} if _NOT_XML.search(texts) else {}
        for name, item in fields.items():
            if not isinstance(item, _PLAIN):
                after = _clean(item)
                if after is not item:
                    changes[name] = after
        return dataclasses.replace(value, **changes) if changes else value
    return value


def depth(root, bound: int | None = None) -> int:
    """Return how deep elements nest under `root` (the root alone: 1), counted without recursion; once past
    `bound` the count stops there (bound + 1)."""
    deepest, stack = 0, [(root, 1)]
    while stack:
        element, level = stack.pop()
        deepest = max(deepest, level)
        if bound is not None and deepest > bound:
            return deepest
        stack.extend((child, level + 1) for child in element)
    return deepest
