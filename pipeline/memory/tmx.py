"""TMX 1.4b interchange for the translation memory, streamed both ways (stdlib expat and ElementTree).

Export writes one <tu> per unit: translator in creationid, reviewer in changeid, origin, release and
source URL as <prop type="x-…">, and a reviewer's note (an acknowledged QA finding) as <note>. Import
reads our files without loss and TMX from other CAT tools (OmegaT's `lang` attributes and per-<tuv>
ids/dates, translate-toolkit's xml:lang and <note>s, which are not our reviewers' notes and are left out).
"""
from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Iterator
from xml.parsers import expat

from .. import clean
from ..config import Limits
from ..errors import MemoryError_
from ..files import atomic_path
from ..languages import DEFAULT, Languages, side
from ..model import UNIT_ORIGINS
from .store import Conflict, Memory, unit_text
from .unit import Unit, timestamp, valid_timestamp

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Inline elements whose content is native markup of another format, not text (TMX 1.4b section 3.6).
_CODE_ELEMENTS = {"bpt", "ept", "it", "ph", "ut"}
_CHUNK = 1 << 16
_DATE_HINT = "TMX dates are YYYYMMDDThhmmssZ in UTC (e.g. 20211110T021533Z): fix or remove the attribute"


@dataclass(frozen=True)
class ImportReport:
    """What `press memory import` did: units added, updated, unchanged, conflicts not applied, <tu>s skipped."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    conflicts: int = 0
    examples: tuple[Conflict, ...] = ()  # the first few conflicts

    def as_dict(self) -> dict:
        return {"added": self.added, "updated": self.updated, "unchanged": self.unchanged, "skipped": self.skipped,
                "conflicts": self.conflicts, "examples": [example.describe() for example in self.examples]}


def _cleaned(unit: Unit) -> Unit:
    """Return `unit` without characters the cleaning rule refuses (stored before the rule, they would make
    the TMX unreadable: XML cannot hold ESC, and `memory import` refuses C1 characters)."""
    changed: dict = {name: clean.strip(value) for name, value in vars(unit).items()
               if isinstance(value, str) and clean.refused_character(value) is not None}
    return dataclasses.replace(unit, **changed) if changed else unit


def export_tmx(memory: Memory, path: str | Path, tags: Languages = DEFAULT) -> int:
    """Write every unit of `memory` to a TMX 1.4b file with language tags `tags`, streamed and atomic;
    return the number of units written."""
    header = ET.Element("header", {
        "creationtool": "press-pipeline", "creationtoolversion": _version(), "segtype": "sentence",
        "o-tmf": f"press-pipeline {memory.backend} memory", "adminlang": "en-US", "srclang": tags.source,
        "datatype": "plaintext", "creationdate": timestamp()})
    count = 0
    with atomic_path(Path(path)) as temporary, open(temporary, "w", encoding="utf-8", newline="\n") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4">\n'
                  f"  {ET.tostring(header, encoding='unicode')}\n  <body>\n")
        for unit in memory.units():
            tu = _unit_to_tu(_cleaned(unit), tags)
            ET.indent(tu, space="  ", level=2)
            out.write(f"    {ET.tostring(tu, encoding='unicode')}\n")
            count += 1
        out.write("  </body>\n</tmx>\n")
    return count


def import_tmx(path: str | Path, memory: Memory, overwrite: bool = False, limits: Limits | None = None) -> ImportReport:
    """Store the zh/en pairs of a TMX file in `memory` (one transaction, streamed); return what changed.

    A unit reviewed here is never replaced unless `overwrite`; nor by a unit dated in the future.
    Such conflicts are counted and listed, not applied. An invalid date, or a side longer than
    `limits.unit_chars`, refuses the whole file.
    """
    path = Path(path)
    if not path.is_file():
        raise MemoryError_("TMX file not found", path)
    skipped = 0

    def incoming() -> Iterator[tuple[int, Unit]]:
        nonlocal skipped
        skipped = 0
        for line, unit in read_units(path, limits):
            if unit is None:
                skipped += 1
            else:
                yield line, unit

    merge = memory.merge(incoming, overwrite)
    return ImportReport(merge.added, merge.updated, merge.unchanged, skipped, merge.conflicts, merge.examples)


def read_tmx(path: str | Path) -> tuple[list[Unit], int]:
    """Return the units of a TMX file (zh source, en target) and how many <tu>s had no zh or en side."""
    units = []
    skipped = 0
    for _, unit in read_units(path):
        if unit is None:
            skipped += 1
        else:
            units.append(unit)
    return units, skipped


def read_units(path: str | Path, limits: Limits | None = None) -> Iterator[tuple[int, Unit | None]]:
    """Yield (line, unit) per <tu> of a TMX file, streamed (None for a <tu> without a zh or en side); elements
    nested deeper than [limits] xml_depth refuse the file once it is read (a <seg>'s text is read recursively);
    LimitError for a side longer than `limits.unit_chars`."""
    path = Path(path)
    try:
        handle = open(path, "rb")
    except FileNotFoundError:
        raise MemoryError_("TMX file not found", path) from None
    reader = _Reader(path, limits or Limits())
    with handle:
        while True:
            chunk = handle.read(_CHUNK)
            reader.feed(chunk, final=not chunk)
            yield from reader.drain()
            if not chunk:
                break
    reader.finish()


class _Reader:
    """A streaming TMX parser (expat): builds one <tu> at a time and remembers the line it starts on."""

    def __init__(self, path: Path, limits: Limits):
        self.path, self.limits = path, limits
        self.deepest, self.deep_line = 0, 0  # elements past the depth limit are only counted
        self.parser = expat.ParserCreate(namespace_separator="}")
        self.parser.buffer_text = True
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.data
        # as safexml does for whole documents: no entity declarations (entity expansion), no external
        # DTD or entity is ever fetched
        self.parser.EntityDeclHandler = self.entity
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.depth = 0
        self.header: dict | None = None
        self.body = False
        self.tu: ET.TreeBuilder | None = None
        self.line = 0
        self.ready: list[tuple[int, Unit | None]] = []

    def feed(self, chunk: bytes, final: bool) -> None:
        try:
            self.parser.Parse(chunk, final)
        except expat.ExpatError as exc:
            raise MemoryError_(f"not well-formed XML ({expat.ErrorString(exc.code)}: line {exc.lineno}, "
                               f"column {exc.offset})", self.path, line=exc.lineno,
                               hint="export the TMX again from the CAT tool") from None
        except ValueError as exc:  # expat reads UTF-8, UTF-16 and one-byte encodings, not GBK or Big5
            raise MemoryError_(f"cannot read the TMX's encoding ({exc})", self.path, line=1,
                               hint="export the TMX again from the CAT tool as UTF-8") from None

    def entity(self, name, *_ignored) -> None:
        raise MemoryError_(f"the TMX declares entities ({name} …), which are never expanded",
                           self.path, line=self.parser.CurrentLineNumber,
                           hint="export the TMX again from the CAT tool, without a DTD")

    def drain(self) -> list[tuple[int, Unit | None]]:
        ready, self.ready = self.ready, []
        return ready

    def start(self, name: str, attrs: dict) -> None:
        name, attrs = _qualified(name), {_qualified(key): value for key, value in attrs.items()}
        self.depth += 1
        if self.depth > self.limits.xml_depth:
            self.deepest = max(self.deepest, self.depth)
            self.deep_line = self.deep_line or self.parser.CurrentLineNumber
            return
        if self.depth == 1 and name != "tmx":
            raise MemoryError_(f"root element is <{name}>, not <tmx>", self.path, hint="is this a TMX file?")
        if self.depth == 2 and name == "header":
            self.header = attrs
        elif self.depth == 2 and name == "body":
            if self.header is None:
                raise MemoryError_("TMX file has no <header> or <body>", self.path, hint="is this a TMX 1.4 file?")
            self.body = True
        elif name == "tu" and self.tu is None:
            self.tu, self.line = ET.TreeBuilder(), self.parser.CurrentLineNumber
        if self.tu is not None:
            self.tu.start(name, attrs)

    def end(self, name: str) -> None:
        self.depth -= 1
        if self.depth >= self.limits.xml_depth:
            return
        if self.tu is None:
            return
        self.tu.end(_qualified(name))
        if _qualified(name) == "tu" and self.depth == 2:
            foreign = (self.header or {}).get("creationtool") != "press-pipeline"
            unit = _tu_to_unit(self.tu.close(), foreign, self.path, self.line)
            if unit is not None:
                self.limits.check_unit(unit.zh, unit.en, f"the unit ({unit.zh[:12] + ('…' if len(unit.zh) > 12 else '')})",
                                       self.path, self.line)
            self.ready.append((self.line, unit))
            self.tu = None

    def data(self, text: str) -> None:
        if self.tu is not None:
            self.tu.data(text)

    def finish(self) -> None:
        if self.deepest:
            raise self.limits.exceeded("xml_depth", self.deepest, "levels of nested elements", self.path,
                                       self.deep_line)
        if self.header is None or not self.body:
            raise MemoryError_("TMX file has no <header> or <body>", self.path, hint="is this a TMX 1.4 file?")


def _qualified(name: str) -> str:
    """Return expat's "uri}local" name in ElementTree's "{uri}local" form."""
    return "{" + name if "}" in name else name


def _unit_to_tu(unit: Unit, tags: Languages) -> ET.Element:
    attrs = {"creationdate": unit.created, "changedate": unit.updated}
    if unit.translator:
        attrs["creationid"] = unit.translator
    if unit.reviewer:
        attrs["changeid"] = unit.reviewer
    tu = ET.Element("tu", attrs)
    if unit.note:  # TMX 1.4b: <note>s and <prop>s come before the <tuv>s
        ET.SubElement(tu, "note").text = unit.note
    for prop_type, value in (("x-origin", unit.origin), ("x-release", unit.release), ("x-source-url", unit.source_url)):
        if value:
            ET.SubElement(tu, "prop", type=prop_type).text = value
    for lang, text in ((tags.source, unit.zh), (tags.target, unit.en)):
        tuv = ET.SubElement(tu, "tuv", {XML_LANG: lang})
        ET.SubElement(tuv, "seg").text = text
    return tu


def _tu_to_unit(tu: ET.Element, foreign: bool, path: Path, line: int) -> Unit | None:
    """Return the unit a <tu> holds, or None when it lacks a Chinese or an English variant."""
    tuvs, segs = {}, {}
    for tuv in tu.findall("tuv"):
        which = side(tuv.get(XML_LANG) or tuv.get("lang"))
        seg = tuv.find("seg")
        if which and which not in tuvs and seg is not None and _seg_text(seg).strip():
            tuvs[which], segs[which] = tuv, seg
    if len(tuvs) < 2:
        return None
    props = {prop.get("type", ""): (prop.text or "") for prop in tu.findall("prop")}
    target = tuvs["en"]

    def attr(name: str) -> str:  # OmegaT puts ids and dates on the target <tuv>, most tools on the <tu>
        return tu.get(name) or target.get(name) or ""

    for name in ("creationdate", "changedate"):
        if attr(name) and not valid_timestamp(attr(name)):
            raise MemoryError_(f"invalid {name} {attr(name)!r}", path, line=line, hint=_DATE_HINT)

    origin = props.get("x-origin", "")
    created = attr("creationdate") or attr("changedate")
    unit = Unit(
        zh=_seg_text(segs["zh"]), en=_seg_text(segs["en"]),
        origin=origin if origin in UNIT_ORIGINS else "imported",
        translator=attr("creationid"), reviewer=attr("changeid"),
        release=props.get("x-release", clean.escaped(path.name) if foreign else ""),
        source_url=props.get("x-source-url", ""), created=created, updated=attr("changedate") or created,
        note=None if foreign else _note(tu))
    clean.check(unit_text(unit), path, line, error=MemoryError_)
    return unit


def _note(tu: ET.Element) -> str | None:
    """Return the reviewer's note our own export wrote as <note> (other tools' notes are not acknowledgements)."""
    return "\n".join((note.text or "").strip() for note in tu.findall("note") if (note.text or "").strip()) or None


def _seg_text(seg: ET.Element) -> str:
    """Return a <seg>'s text: inline <hi>/<sub> text kept, native codes (<ph>, <bpt>…) dropped."""
    parts = [seg.text or ""]
    for child in seg:
        if child.tag not in _CODE_ELEMENTS:
            parts.append(_seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _version() -> str:
    try:
        return metadata.version("press-pipeline")
    except metadata.PackageNotFoundError:
        return "0+unknown"

