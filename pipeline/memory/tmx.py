"""TMX 1.4b interchange for the translation memory (stdlib ElementTree; lxml stays with the HTML reader).

Export writes one <tu> per unit: translator in creationid, reviewer in changeid, and origin, release and
source URL as <prop type="x-…">. Import reads our files without loss and TMX from other CAT tools
(OmegaT's `lang` attributes and per-<tuv> ids/dates, translate-toolkit's xml:lang and <note>s).
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from ..errors import MemoryError_
from .. import safexml
from ..files import write_atomic
from ..languages import DEFAULT, Languages, side
from .store import UNIT_ORIGINS, Memory, Unit, timestamp

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Inline elements whose content is native markup of another format, not text (TMX 1.4b section 3.6).
_CODE_ELEMENTS = {"bpt", "ept", "it", "ph", "ut"}


@dataclass(frozen=True)
class ImportReport:
    """What `press memory import` did: units added, updated, unchanged, and <tu>s skipped (no zh or en side)."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0

    def as_dict(self) -> dict:
        return {"added": self.added, "updated": self.updated, "unchanged": self.unchanged, "skipped": self.skipped}


def export_tmx(memory: Memory, path: str | Path, tags: Languages = DEFAULT) -> int:
    """Write every unit of `memory` to a TMX 1.4b file with language tags `tags`; return the unit count."""
    root = ET.Element("tmx", version="1.4")
    ET.SubElement(root, "header", {
        "creationtool": "press-pipeline", "creationtoolversion": _version(), "segtype": "sentence",
        "o-tmf": "press-pipeline SQLite memory", "adminlang": "en-US", "srclang": tags.source,
        "datatype": "plaintext", "creationdate": timestamp()})
    body = ET.SubElement(root, "body")
    count = 0
    for unit in memory.units():
        body.append(_unit_to_tu(unit, tags))
        count += 1
    ET.indent(root, space="  ")
    text = ET.tostring(root, encoding="unicode")
    write_atomic(Path(path), '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
                 + text + "\n")
    return count


def import_tmx(path: str | Path, memory: Memory) -> ImportReport:
    """Store the zh/en pairs of a TMX file in `memory`; return what changed."""
    units, skipped = read_tmx(path)
    counts = memory.store_many(units)
    return ImportReport(skipped=skipped, **counts)


def read_tmx(path: str | Path) -> tuple[list[Unit], int]:
    """Return the units of a TMX file (zh source, en target) and how many <tu>s had no zh or en side."""
    path = Path(path)
    root = _parse(path)
    header = root.find("header")
    if header is None or root.find("body") is None:
        raise MemoryError_("TMX file has no <header> or <body>", path, hint="is this a TMX 1.4 file?")
    foreign = header.get("creationtool") != "press-pipeline"
    units, skipped = [], 0
    for tu in root.iter("tu"):
        unit = _tu_to_unit(tu, foreign, path.name)
        if unit is None:
            skipped += 1
        else:
            units.append(unit)
    return units, skipped


def _parse(path: Path) -> ET.Element:
    try:
        root = safexml.parse(path).getroot()  # no entity expansion, no DTD fetched
    except FileNotFoundError:
        raise MemoryError_("TMX file not found", path) from None
    except ET.ParseError as exc:
        raise MemoryError_(f"not well-formed XML ({exc})", path,
                           line=exc.position[0], hint="export the TMX again from the CAT tool") from None
    if root.tag != "tmx":
        raise MemoryError_(f"root element is <{root.tag}>, not <tmx>", path, hint="is this a TMX file?")
    return root


def _unit_to_tu(unit: Unit, tags: Languages) -> ET.Element:
    attrs = {"creationdate": unit.created, "changedate": unit.updated}
    if unit.translator:
        attrs["creationid"] = unit.translator
    if unit.reviewer:
        attrs["changeid"] = unit.reviewer
    tu = ET.Element("tu", attrs)
    for prop_type, value in (("x-origin", unit.origin), ("x-release", unit.release), ("x-source-url", unit.source_url)):
        if value:
            ET.SubElement(tu, "prop", type=prop_type).text = value
    for lang, text in ((tags.source, unit.zh), (tags.target, unit.en)):
        tuv = ET.SubElement(tu, "tuv", {XML_LANG: lang})
        ET.SubElement(tuv, "seg").text = text
    return tu


def _tu_to_unit(tu: ET.Element, foreign: bool, filename: str) -> Unit | None:
    """Return the unit a <tu> holds, or None when it lacks a Chinese or an English variant."""
    tuvs = {}
    for tuv in tu.findall("tuv"):
        which = side(tuv.get(XML_LANG) or tuv.get("lang"))
        seg = tuv.find("seg")
        if which and which not in tuvs and seg is not None and _seg_text(seg).strip():
            tuvs[which] = tuv
    if len(tuvs) < 2:
        return None
    props = {prop.get("type", ""): (prop.text or "") for prop in tu.findall("prop")}
    target = tuvs["en"]

    def attr(name: str) -> str:  # OmegaT puts ids and dates on the target <tuv>, most tools on the <tu>
        return tu.get(name) or target.get(name) or ""

    origin = props.get("x-origin", "")
    created = attr("creationdate") or attr("changedate")
    return Unit(
        zh=_seg_text(tuvs["zh"].find("seg")), en=_seg_text(target.find("seg")),
        origin=origin if origin in UNIT_ORIGINS else "imported",
        translator=attr("creationid"), reviewer=attr("changeid"),
        release=props.get("x-release", filename if foreign else ""), source_url=props.get("x-source-url", ""),
        created=created, updated=attr("changedate") or created)


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

