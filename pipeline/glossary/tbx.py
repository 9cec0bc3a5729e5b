"""TBX interchange of the glossary: ISO 30042 DCA and TBX 2008 martif, TBX-Basic data categories.

Mapping: kind -> concept-level descrip type="subjectField"; source -> concept-level admin
type="source"; note -> concept-level note; zh -> the first zh term (preferredTerm), variants ->
further zh terms (admittedTerm, termType variant); en -> the first en term, preferredTerm when
approved, admittedTerm when proposed; forbidden -> further en terms marked deprecatedTerm.
Export then import gives back the same entries.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from .. import safexml
from ..errors import GlossaryError
from ..languages import DEFAULT, Languages, side
from .store import Entry

TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PREFERRED, ADMITTED, DEPRECATED = "preferredTerm-admn-sts", "admittedTerm-admn-sts", "deprecatedTerm-admn-sts"
# element names of the two TBX styles: ISO 30042:2019 DCA and the 2008 martif format
DCA = {"root": "tbx", "header": "tbxHeader", "entry": "conceptEntry", "lang": "langSec", "term": "termSec"}
MARTIF = {"root": "martif", "header": "martifHeader", "entry": "termEntry", "lang": "langSet", "term": "tig"}
SUFFIXES = (".tbx", ".xml")


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = text
    return element


def _term(lang_section: ET.Element, names: dict, text: str, status: str, term_type: str) -> None:
    section = _sub(lang_section, names["term"])
    _sub(section, "term", text)
    _sub(section, "termNote", status, type="administrativeStatus")
    _sub(section, "termNote", term_type, type="termType")


def _concept(body: ET.Element, names: dict, number: int, entry: Entry, tags: Languages) -> None:
    concept = _sub(body, names["entry"], id=f"c{number}")
    _sub(concept, "descrip", entry.kind, type="subjectField")
    if entry.source:
        _sub(concept, "admin", entry.source, type="source")
    if entry.note:
        _sub(concept, "note", entry.note)
    zh = _sub(concept, names["lang"], **{XML_LANG: tags.source})
    _term(zh, names, entry.zh, PREFERRED, "fullForm")
    for variant in entry.variants:
        _term(zh, names, variant, ADMITTED, "variant")
    en = _sub(concept, names["lang"], **{XML_LANG: tags.target})
    _term(en, names, entry.en, PREFERRED if entry.status == "approved" else ADMITTED, "fullForm")
    for form in entry.forbidden:
        _term(en, names, form, DEPRECATED, "variant")


def export_tbx(entries: list[Entry], style: str = "dca", title: str = "press-pipeline glossary",
               tags: Languages = DEFAULT) -> str:
    """Return the entries as a TBX-Basic document (ISO 30042:2019 DCA, or the 2008 martif format) whose
    language sections carry the tags `tags`."""
    names = DCA if style == "dca" else MARTIF
    if style == "dca":
        root = ET.Element("tbx", {"type": "TBX-Basic", "style": "dca", XML_LANG: "en", "xmlns": TBX_NS})
    else:
        root = ET.Element("martif", {"type": "TBX-Basic-V1", XML_LANG: "en"})
    header = _sub(_sub(root, names["header"]), "fileDesc")
    _sub(_sub(header, "sourceDesc"), "p", title)
    if style != "dca":
        _sub(_sub(root[0], "encodingDesc"), "p", "TBXBasicXCSV02.xcs", type="XCSURI")
    body = _sub(_sub(root, "text"), "body")
    for number, entry in enumerate(entries, start=1):
        _concept(body, names, number, entry, tags)
    ET.indent(root)
    declaration = '<?xml version="1.0" encoding="UTF-8"?>\n'
    if style != "dca":
        declaration += '<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">\n'
    return declaration + ET.tostring(root, encoding="unicode") + "\n"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _terms(lang_section: ET.Element) -> list[tuple[str, str]]:
    """Return (term, administrativeStatus) for each term section of a language section."""
    found = []
    for section in lang_section:
        if _local(section.tag) not in ("termSec", "tig", "ntig"):
            continue
        term = next((el for el in section.iter() if _local(el.tag) == "term"), None)
        status = next((el.text or "" for el in section.iter() if _local(el.tag) == "termNote"
                       and el.get("type") == "administrativeStatus"), "")
        if term is not None and (term.text or "").strip():
            found.append(("".join(term.itertext()).strip(), status.strip()))
    return found


def _entry_from_concept(concept: ET.Element, path: Path) -> Entry:
    values = {"descrip": "", "admin": "", "note": ""}
    for child in concept:
        name = _local(child.tag)
        if (name == "descrip" and child.get("type") == "subjectField") or name == "note" or (
                name == "admin" and child.get("type") == "source"):
            values[name] = (child.text or "").strip()
    langs = {}
    for section in concept:
        if _local(section.tag) in ("langSec", "langSet"):
            langs[side(section.get(XML_LANG))] = _terms(section)
    zh_terms, en_terms = langs.get("zh", []), langs.get("en", [])
    if not zh_terms or not en_terms:
        raise GlossaryError(f"concept {concept.get('id', '?')} lacks a zh or en term", path, None,
                            "every concept needs a Chinese (zh) and an English (en) language section")
    usable = [term for term in en_terms if term[1] != DEPRECATED]
    en, en_status = usable[0] if usable else en_terms[0]
    return Entry(zh_terms[0][0], en, values["descrip"] or "term",
                 tuple(term for term, _ in zh_terms[1:]),
                 tuple(term for term, status in en_terms if status == DEPRECATED and term != en),
                 "proposed" if en_status == ADMITTED else "approved", values["admin"], values["note"],
                 str(path), 0)


def read_tbx(path: Path, skipped: list[str] | None = None) -> list[Entry]:
    """Return the entries of a TBX file (DCA or martif; TBX-Basic data categories).

    A concept without a zh or en term raises GlossaryError, or, when `skipped` is a list, is left
    out with a message appended to it.
    """
    try:
        root = safexml.parse_root(path)  # no entity expansion, no DTD fetched
    except ET.ParseError as error:
        raise GlossaryError(f"not well-formed XML: {error}", path, error.position[0],
                            "export the termbase again as TBX") from None
    if _local(root.tag) not in ("tbx", "martif"):
        raise GlossaryError(f"root element is <{_local(root.tag)}>, not <tbx> or <martif>", path, None,
                            "only TBX files can be imported as .tbx")
    entries = []
    for concept in root.iter():
        if _local(concept.tag) not in ("conceptEntry", "termEntry"):
            continue
        try:
            entries.append(_entry_from_concept(concept, path))
        except GlossaryError as error:
            if skipped is None:
                raise
            skipped.append(f"{path}: {error.message}")
    return entries
