"""XLIFF 1.2 and 2.1 for CAT tools (OmegaT, Trados, memoQ, Phrase): a release written out for translation
or review elsewhere, and its reviewed segments read back for `press import` (the path of `press ingest`).

An export on request (`press export`), not one of the files `press translate` writes. One unit per
segment, its id the segment id; the state says what the English is (new, translated, needs review,
final); notes give the glossary renderings and QA findings; memory matches are <alt-trans> (1.2), the
glossary terms a gls:glossary (2.1). The header carries the release hash and the release itself (its
JSON form as the skeleton), so the file comes back self-contained. docs/formats.md has the mapping.
"""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

from .. import languages, safexml
from ..config import Limits
from ..errors import ReviewError
from ..languages import Languages
from ..model import Release, Segment, signature_line
from . import json as release_json
from .review import HASH_KEY, HASH_PATTERN, ReviewFile, ReviewRow, finding_notes, glossary_notes

SUFFIX = ".xlf"
READS = (".xlf", ".xliff")
FORMATS = {"xliff12": "1.2", "xliff21": "2.1"}  # `press export --format` → XLIFF version
NS12 = "urn:oasis:names:tc:xliff:document:1.2"
NS20 = "urn:oasis:names:tc:xliff:document:2.0"  # XLIFF 2.1 keeps the 2.0 core namespace
GLS = "urn:oasis:names:tc:xliff:glossary:2.0"
XML = "http://www.w3.org/XML/1998/namespace"
XML_LANG, XML_SPACE = f"{{{XML}}}lang", f"{{{XML}}}space"
TOOL = "press-pipeline"
RELEASE_FORM = "application/json"  # how the embedded release is declared (1.2 <internal-file form>)
NEW, TRANSLATED, NEEDS_REVIEW, FINAL = "new", "translated", "needs-review-translation", "final"
# XLIFF 2.1 has no "needs review" state: a translated segment with this subState is one
NEEDS_REVIEW_21 = "press:needs-review"
TO_21 = {NEW: "initial", TRANSLATED: "translated", NEEDS_REVIEW: "translated", FINAL: "final",
         "signed-off": "reviewed"}
FROM_21 = {"initial": NEW, "translated": TRANSLATED, "reviewed": "signed-off", "final": FINAL}
QUALIFIER = {"engine": "leveraged-mt", "memory": "exact-match"}  # 1.2 state-qualifier of a draft's origin
PRIORITY = {"error": "1", "warning": "3", "info": "5"}  # QA finding → note priority (1 = highest)
# a finding the reviewer let stand: `ok: <check> — <why>`, as in the review table's Notes cell. `press import`
# reads such lines from every note of a unit, so a translator can add one in the CAT tool too.
ACKNOWLEDGED = "reviewer"
# 1.2 inline elements whose content is native code, not text; 2.x <cp> stands for one character
_CODE_12 = {"bpt", "ept", "it", "ph"}


def state_of(segment: Segment, failed: set[str]) -> str:
    """Return the (XLIFF 1.2) state of a segment: new without English, needs review with an error finding,
    final when reviewed (or reused reviewed English), else translated."""
    if not segment.en.strip():
        return NEW
    if segment.id in failed:
        return NEEDS_REVIEW
    return FINAL if segment.origin in ("reviewed", "memory") else TRANSLATED


def _failed(release: Release) -> set[str]:
    """Return the ids of segments with an error finding nobody acknowledged (`ok: <check> — <why>`)."""
    return {issue.segment_id for issue in release.issues
            if issue.blocking and issue.segment_id}


def write(release: Release, path: Path, version: str = "1.2") -> None:
    """Write `release` as an XLIFF `version` ("1.2" or "2.1") file to `path`."""
    release = safexml.xml_safe(release)  # a control character in a draft or a file name is dropped, not fatal
    tags = languages.of_release(release)
    root = _document_12(release, tags) if version == "1.2" else _document_21(release, tags)
    ET.indent(root, space="  ")
    text = ET.tostring(root, encoding="unicode")
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n", encoding="utf-8")


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {key.replace("_", "-"): value for key, value in attributes.items()})
    if text is not None:
        element.text = text
    return element


def _embedded(release: Release) -> str:
    return json.dumps(release_json.to_json(release), ensure_ascii=False, separators=(",", ":"))


def _header_lines(release: Release) -> list[str]:
    lines = [f"{HASH_KEY}{release.hash}", f"signature: {signature_line(release.signature)}"]
    return lines + [f"{issue.severity} ({issue.check}): {issue.message}"
                    for issue in release.issues if issue.segment_id is None]


# Written with plain names and the namespaces declared on the root (as glossary/tbx.py does), so the
# file reads `<trans-unit>`, not `<ns0:trans-unit>`; read back with ElementTree's {namespace} names.
def _document_12(release: Release, tags: Languages) -> ET.Element:
    root = ET.Element("xliff", {"xmlns": NS12, "version": "1.2"})
    file = _sub(root, "file", original=release.path.name, source_language=tags.source,
                target_language=tags.target, datatype="plaintext", tool_id=TOOL,
                date=datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
    header = _sub(file, "header")
    _sub(_sub(header, "skl"), "internal-file", _embedded(release), form=RELEASE_FORM)
    _sub(header, "tool", tool_id=TOOL, tool_name=TOOL, tool_version=_version(release))
    for line in _header_lines(release):
        _sub(header, "note", line, **{"from": TOOL})
    body = _sub(file, "body")
    failed = _failed(release)
    for segment in release.segments:
        _trans_unit(body, segment, release, tags, state_of(segment, failed))
    return root


def _version(release: Release) -> str:
    """Return the package version recorded in the release signature ("" when unsigned)."""
    return release.signature.get("package", "").removeprefix("press-pipeline ").strip()


def _trans_unit(body: ET.Element, segment: Segment, release: Release, tags: Languages, state: str) -> None:
    unit = _sub(body, "trans-unit", id=segment.id, resname=segment.id, **{XML_SPACE: "preserve"})
    if state == FINAL:
        unit.set("approved", "yes")
    _sub(unit, "source", segment.zh, **{XML_LANG: tags.source})
    if segment.en:  # an untranslated unit has no <target> (read back as state new), as CAT tools expect
        target = _sub(unit, "target", segment.en, state=state, **{XML_LANG: tags.target})
        if segment.origin in QUALIFIER:
            target.set("state-qualifier", QUALIFIER[segment.origin])
    for match in segment.matches:
        alternative = _sub(unit, "alt-trans", match_quality=f"{match.score:.0f}",
                           origin=f"{TOOL} memory ({match.origin})")
        _sub(alternative, "source", match.zh, **{XML_LANG: tags.source})
        _sub(alternative, "target", match.en, **{XML_LANG: tags.target})
    for note, attributes in _notes(segment, release):
        _sub(unit, "note", note, **{"from": attributes["category"], "priority": attributes["priority"],
                                        "annotates": attributes["appliesTo"] or "general"})


def _notes(segment: Segment, release: Release) -> list[tuple[str, dict]]:
    """Return (text, attributes) of a segment's notes: glossary renderings, QA findings, the reviewer's
    acknowledgements of findings (read back by `press import`), then the rest."""
    notes = [(text, {"category": "glossary", "priority": "2", "appliesTo": "source"})
             for text in glossary_notes(segment)]
    findings = release.findings_of(segment)
    notes += [(text, {"category": "qa", "priority": PRIORITY.get(issue.severity, "5"), "appliesTo": "target"})
              for issue, text in zip(findings, finding_notes(segment, release), strict=True)]
    acknowledged = dict.fromkeys(f"ok: {issue.check} — {issue.acknowledged}" for issue in findings
                                 if issue.acknowledged)
    notes += [(text, {"category": ACKNOWLEDGED, "priority": "5", "appliesTo": "target"})
              for text in acknowledged if text not in segment.notes]
    notes += [(text, {"category": TOOL, "priority": "5", "appliesTo": ""}) for text in segment.notes]
    return notes


def _document_21(release: Release, tags: Languages) -> ET.Element:
    root = ET.Element("xliff", {"xmlns": NS20, "xmlns:gls": GLS, "version": "2.1", "srcLang": tags.source,
                                "trgLang": tags.target})
    file = _sub(root, "file", id="f1", original=release.path.name, canResegment="no")
    _sub(file, "skeleton", _embedded(release))
    notes = _sub(file, "notes")
    for line in _header_lines(release):
        _sub(notes, "note", line, category=TOOL)
    failed = _failed(release)
    for segment in release.segments:
        _unit_21(file, segment, release, state_of(segment, failed))
    return root


def _unit_21(file: ET.Element, segment: Segment, release: Release, state: str) -> None:
    unit = _sub(file, "unit", id=segment.id, **{XML_SPACE: "preserve"})
    if segment.terms:
        glossary = _sub(unit, "gls:glossary")
        for form, english in dict.fromkeys((term.matched or term.zh, term.en) for term in segment.terms):
            entry = _sub(glossary, "gls:glossEntry")
            _sub(entry, "gls:term", form, source=f"{TOOL} glossary")
            _sub(entry, "gls:translation", english)
    notes = _notes(segment, release)
    if notes:
        container = _sub(unit, "notes")
        for text, attributes in notes:
            _sub(container, "note", text, **{key: value for key, value in attributes.items() if value})
    element = _sub(unit, "segment", state=TO_21[state])
    if state == NEEDS_REVIEW:
        element.set("subState", NEEDS_REVIEW_21)
    _sub(element, "source", segment.zh)
    if segment.en:
        _sub(element, "target", segment.en)


# --- reading the file back ---------------------------------------------------------------------------

def read_review(path: Path, limits: Limits | None = None) -> ReviewFile:
    """Return the segments, release hash and embedded release of an XLIFF 1.2 or 2.x file (within `limits`);
    raise ReviewError when it is not one of ours."""
    path = Path(path)
    root = _parse(path, limits or Limits())
    namespace = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
    if namespace not in (NS12, NS20) or root.tag.rsplit("}", 1)[-1] != "xliff":
        raise ReviewError(f"not an XLIFF 1.2 or 2.x file (root element <{root.tag.rsplit('}', 1)[-1]}>)", path,
                          hint="import the .xlf written by `press export`, saved from the CAT tool")
    x = f"{{{namespace}}}"
    _check_languages(root, x, namespace, path)
    carried = ReviewFile(path, "", (), data=_embedded_data(root, x, namespace), exported=True,
                         carrier="embedded in the XLIFF header")
    release = carried.release  # read (and refused when damaged) by outputs/json.py
    notes = " ".join(note.text or "" for note in root.iter(x + "note"))
    found = HASH_PATTERN.search(notes)
    if found is not None:
        release_hash = found.group(1)
    elif release is not None:
        release_hash = release.hash
    else:
        raise ReviewError("not a press-pipeline XLIFF file (no release hash in its header)", path,
                          hint="import the .xlf written by `press export`")
    exported = {}
    if release is not None:
        failed = _failed(release)
        exported = {seg.id: (state_of(seg, failed), seg.en.strip()) for seg in release.segments}
    rows = _rows_12(root, x, exported) if namespace == NS12 else _rows_21(root, x, exported)
    return replace(carried, release_hash=release_hash, rows=tuple(rows))


def _parse(path: Path, limits: Limits) -> ET.Element:
    """Return the root of an XLIFF file no larger than input_bytes, parsed without entity expansion or DTD."""
    limits.check_size(path)  # the file is parsed whole
    try:
        root = safexml.parse_root(path)
    except FileNotFoundError:
        raise ReviewError("no such file", path, hint="check the path") from None
    except OSError as error:  # a folder, no permission
        raise ReviewError(f"cannot read the file ({error.strerror})", path, hint="check the path") from None
    except ET.ParseError as error:
        raise ReviewError(f"not well-formed XML ({error})", path, error.position[0],
                          "save the file again from the CAT tool as XLIFF") from None
    deepest = safexml.depth(root)  # <g>/<pc> nested 10,000 deep would exhaust the recursion
    if deepest > limits.xml_depth:                    # that reads their text
        raise limits.exceeded("xml_depth", deepest, "levels of nested elements", path)
    return root


def _check_languages(root: ET.Element, x: str, namespace: str, path: Path) -> None:
    if namespace == NS20:
        pairs = [(root.get("srcLang"), root.get("trgLang"))]
    else:
        pairs = [(file.get("source-language"), file.get("target-language")) for file in root.iter(x + "file")]
    for source, target in pairs:
        if languages.side(source) != "zh" or (target and languages.side(target) != "en"):
            raise ReviewError(f"the file translates {source} into {target}, not Chinese into English", path,
                              hint="import the Chinese → English file written by `press export` "
                                   "(zh, zh-CN or zh-Hans; en, en-US or en-GB)")


def _embedded_data(root: ET.Element, x: str, namespace: str) -> str | None:
    """Return the release JSON text the header carries (1.2 <internal-file>, 2.x <skeleton>), None if none."""
    if namespace == NS12:
        holder = next((item for item in root.iter(x + "internal-file") if item.get("form") == RELEASE_FORM), None)
    else:
        holder = next(root.iter(x + "skeleton"), None)
    text = (holder.text or "").strip() if holder is not None else ""
    return text or None


def _rows_12(root: ET.Element, x: str, exported: dict) -> list[ReviewRow]:
    rows = []
    for number, unit in enumerate(root.iter(x + "trans-unit"), start=1):
        target = unit.find(x + "target")
        en = _english(_text_12(target, x)) if target is not None else ""
        state = target.get("state", "") if target is not None else ""
        state = state or (FINAL if unit.get("approved") == "yes" else TRANSLATED if en else NEW)
        source = unit.find(x + "source")
        rows.append(_row(unit.get("id", ""), _text_12(source, x) if source is not None else "", en, number,
                         state, exported, "trans-unit", _note_lines(unit, x)))
    return rows


def _rows_21(root: ET.Element, x: str, exported: dict) -> list[ReviewRow]:
    rows = []
    for number, unit in enumerate(root.iter(x + "unit"), start=1):
        parts = [part for part in unit if part.tag in (x + "segment", x + "ignorable")]
        zh = "".join(_text_21(part.find(x + "source"), x) for part in parts)
        en = _english("".join(_text_21(part.find(x + "target"), x) for part in parts))
        states = [_state_21(part) for part in parts if part.tag == x + "segment"] or [NEW]
        order = (NEW, NEEDS_REVIEW, TRANSLATED, "signed-off", FINAL)  # a unit is as far as its least segment
        state = min(states, key=lambda item: order.index(item) if item in order else 0)
        rows.append(_row(unit.get("id", ""), zh, en, number, state, exported, "unit", _note_lines(unit, x)))
    return rows


def _state_21(segment: ET.Element) -> str:
    state = segment.get("state", "initial")
    if state == "translated" and segment.get("subState") == NEEDS_REVIEW_21:
        return NEEDS_REVIEW
    return FROM_21.get(state, state)


def confirmed(en: str, state: str, exported: tuple[str, str] | None) -> bool:
    """Return whether a unit's English counts as reviewed: it has English and the file does not still mark
    it as needing work — a new/needs-… state the CAT tool set, or the one we wrote on English nobody
    changed. `exported` is the unit's (state, English) as exported, None when unknown."""
    waiting = state == NEW or state.startswith("needs-")
    edited_under_our_state = exported is not None and exported[0] == state and exported[1] != en
    return bool(en) and (not waiting or edited_under_our_state)


def _row(unit_id: str, zh: str, en: str, number: int, state: str, exported: dict, kind: str,
         notes: tuple[str, ...]) -> ReviewRow:
    return ReviewRow(unit_id, zh, en, number, notes, confirmed(en, state, exported.get(unit_id)), state, kind)


def _note_lines(unit: ET.Element, x: str) -> tuple[str, ...]:
    """Return the lines of a unit's notes (ours and a translator's): where `ok: <check> — <why>` is read."""
    return tuple(line.strip() for note in unit.iter(x + "note") for line in (note.text or "").splitlines()
                 if line.strip())


def _english(text: str) -> str:
    """Return a target's English as one line: a segment is one sentence, however a CAT tool broke it."""
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


def _text_12(element: ET.Element | None, x: str) -> str:
    """Return the text of a 1.2 <source>/<target>: <g> and <mrk> text kept, native codes dropped."""
    if element is None:
        return ""
    parts = [element.text or ""]
    for child in element:
        if child.tag.removeprefix(x) not in _CODE_12:
            parts.append(_text_12(child, x))
        parts.append(child.tail or "")
    return "".join(parts)


def _text_21(element: ET.Element | None, x: str) -> str:
    """Return the text of a 2.x <source>/<target>: <pc> and <mrk> text kept, <cp> as its character."""
    if element is None:
        return ""
    parts = [element.text or ""]
    for child in element:
        if child.tag == x + "cp":
            parts.append(_code_point(child.get("hex", "")))
        elif child.tag in (x + "pc", x + "mrk"):
            parts.append(_text_21(child, x))
        parts.append(child.tail or "")
    return "".join(parts)


def _code_point(hex_value: str) -> str:
    return chr(int(hex_value, 16)) if re.fullmatch(r"[0-9A-Fa-f]{1,6}", hex_value) and \
        int(hex_value, 16) <= 0x10FFFF else ""
