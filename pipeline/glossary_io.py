"""Glossary interchange and editing: TBX (ISO 30042 DCA and TBX 2008 martif), DeepL/Google CSV, add, import.

TBX mapping (TBX-Basic data categories only): kind -> concept-level descrip type="subjectField";
source -> concept-level admin type="source"; note -> concept-level note; zh -> the first zh term
(preferredTerm), variants -> further zh terms (admittedTerm, termType variant); en -> the first en
term, preferredTerm when approved, admittedTerm when proposed; forbidden -> further en terms marked
deprecatedTerm. Export then import gives back the same entries.
"""
from __future__ import annotations

import csv
import io
import os
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import GlossaryError
from .glossary import COLUMNS, STOP, Entry, Glossary, read_tsv
from .glossary_lint import conflicts, entry_problems

TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FORMATS = ("tbx", "tbx-martif", "csv-deepl", "csv-google")
PREFERRED, ADMITTED, DEPRECATED = "preferredTerm-admn-sts", "admittedTerm-admn-sts", "deprecatedTerm-admn-sts"
# element names of the two TBX styles: ISO 30042:2019 DCA and the 2008 martif format
DCA = {"root": "tbx", "header": "tbxHeader", "entry": "conceptEntry", "lang": "langSec", "term": "termSec"}
MARTIF = {"root": "martif", "header": "martifHeader", "entry": "termEntry", "lang": "langSet", "term": "tig"}
GOOGLE_HEADER = ("zh-CN", "en")
# where `press glossary add` puts a row when no --file is given, by kind
FILE_BY_KIND = {"country": "countries.tsv",
                **dict.fromkeys(("office", "party-body", "government-body", "congress-body", "organisation"),
                                "offices.tsv"),
                **dict.fromkeys(("strategy", "event", "term", "person"), "terms.tsv")}
GENERATED_PREFIX = "generated-"


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


def _concept(body: ET.Element, names: dict, number: int, entry: Entry) -> None:
    concept = _sub(body, names["entry"], id=f"c{number}")
    _sub(concept, "descrip", entry.kind, type="subjectField")
    if entry.source:
        _sub(concept, "admin", entry.source, type="source")
    if entry.note:
        _sub(concept, "note", entry.note)
    zh = _sub(concept, names["lang"], **{XML_LANG: "zh"})
    _term(zh, names, entry.zh, PREFERRED, "fullForm")
    for variant in entry.variants:
        _term(zh, names, variant, ADMITTED, "variant")
    en = _sub(concept, names["lang"], **{XML_LANG: "en"})
    _term(en, names, entry.en, PREFERRED if entry.status == "approved" else ADMITTED, "fullForm")
    for form in entry.forbidden:
        _term(en, names, form, DEPRECATED, "variant")


def export_tbx(entries: list[Entry], style: str = "dca", title: str = "press-pipeline glossary") -> str:
    """Return the entries as a TBX-Basic document: ISO 30042:2019 DCA, or the 2008 martif format."""
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
        _concept(body, names, number, entry)
    ET.indent(root)
    declaration = '<?xml version="1.0" encoding="UTF-8"?>\n'
    if style != "dca":
        declaration += '<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">\n'
    return declaration + ET.tostring(root, encoding="unicode") + "\n"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if _local(child.tag) == name]


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
            langs[(section.get(XML_LANG) or "").lower().split("-")[0]] = _terms(section)
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
        root = ET.parse(path).getroot()
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


def export_csv(entries: list[Entry], flavour: str = "deepl") -> str:
    """Return a DeepL (source,target; no header) or Google (zh-CN,en header) glossary CSV, one row a form."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if flavour == "google":
        writer.writerow(GOOGLE_HEADER)
    seen = set()
    for entry in entries:
        if entry.kind == STOP:
            continue  # a stop phrase has no translation an engine should use
        for form in entry.forms:
            if form not in seen:
                seen.add(form)
                writer.writerow((form, entry.en))
    return buffer.getvalue()


def read_csv(path: Path) -> list[Entry]:
    """Return the entries of a DeepL or Google glossary CSV (zh, en per row), as proposed terms."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = [row for row in csv.reader(handle) if any(cell.strip() for cell in row)]
    if rows and rows[0] and rows[0][0].strip().lower() in ("zh", "zh-cn", "zh-hans", "source"):
        rows = rows[1:]
    entries = []
    for line, row in enumerate(rows, start=1):
        if len(row) < 2:
            raise GlossaryError("a row needs two cells: Chinese, English", path, line,
                                "use the DeepL layout `中文,English` or the Google one with a zh-CN,en header")
        entries.append(Entry(row[0].strip(), row[1].strip(), "term", source=f"imported from {path.name}",
                             status="proposed", file=str(path), line=line))
    return entries


def export_glossary(glossary: Glossary, fmt: str, approved_only: bool = False) -> str:
    """Return the glossary in one of FORMATS as text."""
    entries = [e for e in glossary.entries if e.status == "approved" or not approved_only]
    if fmt == "tbx":
        return export_tbx(entries, "dca")
    if fmt == "tbx-martif":
        return export_tbx(entries, "martif")
    if fmt in ("csv-deepl", "csv-google"):
        return export_csv(entries, fmt.removeprefix("csv-"))
    raise GlossaryError(f"unknown export format {fmt!r}", None, None, f"use one of {', '.join(FORMATS)}")


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file in the same directory, so readers never see half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def append_entries(path: Path, entries: list[Entry]) -> None:
    """Append `entries` as TSV rows to `path` (created with the header row if missing), atomically."""
    text = path.read_text(encoding="utf-8") if path.exists() else "\t".join(COLUMNS) + "\n"
    if text and not text.endswith("\n"):
        text += "\n"
    text += "".join("\t".join(entry.cells()) + "\n" for entry in entries)
    write_atomic(path, text)


def _target(directory: Path, kind: str, file: Path | str | None) -> Path:
    if file is None:
        return directory / FILE_BY_KIND.get(kind, "cities.tsv")
    path = Path(file)
    path = path if path.is_absolute() or path.parent != Path(".") else directory / path
    if path.name.startswith(GENERATED_PREFIX):
        raise GlossaryError("generated files are rewritten by tools/build_glossary.py", path, None,
                            "add the row to a hand-curated file such as cities.tsv")
    return path


def _next_line(path: Path) -> int:
    return (path.read_text(encoding="utf-8").rstrip("\n").count("\n") + 2) if path.exists() else 2


def add_entry(directory: Path, entry: Entry, file: Path | str | None = None) -> Path:
    """Append a validated entry to the glossary in `directory`; raises GlossaryError on any problem."""
    directory = Path(directory)
    path = _target(directory, entry.kind, file)
    glossary = Glossary.load(directory)
    entry = replace(entry, file=str(path), line=_next_line(path))
    claims = {form: other for other in glossary.entries for form in reversed(other.forms)}
    problems = entry_problems(entry) + conflicts(entry, claims)
    if problems:
        raise GlossaryError("; ".join(problems), path, entry.line, "nothing was written; fix the row or "
                            "edit the existing entry by hand")
    append_entries(path, [entry])
    return path


@dataclass
class ImportReport:
    """What `import_file` did: rows appended, rows already present, and conflicts left untouched."""

    added: list[Entry] = field(default_factory=list)
    unchanged: list[Entry] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    path: Path | None = None


def read_terms(path: Path, skipped: list[str] | None = None) -> list[Entry]:
    """Return the entries of a .tbx, .csv or .tsv file to import (see read_tbx for `skipped`)."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise GlossaryError("file not found", path, None, "give the path of a .tbx, .csv or .tsv file")
    if suffix == ".tbx" or suffix == ".xml":
        return read_tbx(path, skipped)
    if suffix == ".csv":
        return read_csv(path)
    if suffix == ".tsv":
        return read_tsv(path)
    raise GlossaryError(f"cannot import {suffix or 'files without extension'}", path, None,
                        "import a .tbx, .csv (DeepL/Google) or glossary .tsv file")


def import_file(directory: Path, path: Path, file: Path | str | None = None,
                keep_status: bool = False) -> ImportReport:
    """Append the new terms of `path` to `file` (default imported.tsv) as proposed; report conflicts."""
    directory, path = Path(directory), Path(path)
    target = _target(directory, "", file or "imported.tsv")
    glossary = Glossary.load(directory)
    claims = {form: other for other in glossary.entries for form in reversed(other.forms)}
    report, line = ImportReport(path=target), _next_line(target)
    for incoming in read_terms(path, report.conflicts):
        status = incoming.status if keep_status else "proposed"
        entry = replace(incoming, status=status, source=incoming.source or f"imported from {path.name}",
                        file=str(target), line=line)
        existing = claims.get(entry.zh)
        if existing is not None and existing.zh == entry.zh and existing.en == entry.en:
            report.unchanged.append(existing)
            continue
        problems = entry_problems(entry) + conflicts(entry, claims)
        if problems:
            where = f"{incoming.file}:{incoming.line}" if incoming.line else incoming.file
            report.conflicts.extend(f"{where}: {entry.zh}: {problem}" for problem in problems)
            continue
        report.added.append(entry)
        claims.update({form: entry for form in entry.forms})
        line += 1
    if report.added:
        append_entries(target, report.added)
    return report
