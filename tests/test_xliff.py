"""XLIFF out to a CAT tool and back: the official OASIS schemas, a lossless round trip, translate-toolkit as
the CAT tool, and `press import` going the way of `press ingest` (refusals write nothing)."""
from __future__ import annotations

import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from pipeline import config as config_module
from pipeline import ooxml as office
from pipeline.api import export_release, translate_file
from pipeline.memory import Memory
from pipeline.model import Credits, MemoryMatch
from pipeline.outputs import json as release_json
from pipeline.outputs import xliff
from pipeline.runner import build_context

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "samples" / "changde-higashiomi-2021" / "source.zh.txt"
SCHEMAS = REPO / "tests" / "schema" / "xliff"
XML_XSD = SCHEMAS / "2.1" / "informativeCopiesOf3rdPartySchemas" / "w3c" / "xml.xsd"
NS12, NS20, GLS = xliff.NS12, xliff.NS20, xliff.GLS

ENGLISH = {  # what the translator's CAT tool ends up with (after samples/…/reference.en.txt)
    "p0.s1": 'Changde and Higashiomi Reached the "Sister City Agreement"',
    "p1.s1": "On the morning of November 5, taking the opportunity of the 22nd China-Japan-Korea Friendship Cities "
             "Exchange Conference, the Foreign Affairs Office of Changde Municipal Party Committee, the Municipal "
             "Bureau of Commerce of Changde and the heads of the Planning Division of Higashiomi, Japan held talks "
             "by video link on further exchanges and continued friendship, and discussed future exchange plans.",
    "p2.s1": "Changde and Higashiomi have been sister cities since 1994, and the two sides have exchanged 40 "
             "delegation visits with 350 people.",
    "p2.s2": "In the meantime, the two sides have also maintained close economic and trade exchanges, and Changde "
             "exports citrus, grapes, vegetables and other products to Higashiomi all year round.",
    "p3.s1": "Since the outbreak of COVID-19, our city has deepened exchanges and cooperation with its sister cities "
             "Higashiomi in Japan, Hannover in Germany and Apasco in Mexico, donated medical supplies to "
             "Anuradhapura in Sri Lanka, and cooperated with Bucheon and Wonju in South Korea and Mukono in Uganda.",
    "p3.s2": 'At the same time, more than 50 rounds of "cloud diplomacy" were carried out through donations, '
             "letters, telephone calls and video conferences.",
    "p4.s1": "At the meeting, the Foreign Affairs Office of Changde Municipal Party Committee said that the city will "
             "join the Yangtze River Economic Belt, the Yangtze River Delta and the Guangdong-Hong Kong-Macao "
             "Greater Bay Area and build a cross-border e-commerce platform.",
    "p4.s2": "It is hoped that Higashiomi will strengthen exchanges and cooperation with Changde in industry, "
             "agriculture, urban construction and cultural tourism.",
}
# the draft handed to the CAT tool: each origin and a QA error once
DRAFT = {"p0.s1": ("engine", ENGLISH["p0.s1"]), "p1.s1": ("reviewed", ENGLISH["p1.s1"]),
         "p2.s1": ("engine", ENGLISH["p2.s1"].replace("40 delegation", "41 delegation")),
         "p2.s2": ("memory", ENGLISH["p2.s2"])}
STATES = {"p0.s1": "translated", "p1.s1": "final", "p2.s1": "needs-review-translation", "p2.s2": "final",
          "p3.s1": "new", "p3.s2": "new", "p4.s1": "new", "p4.s2": "new"}
CREDITS = Credits("Wu Yangyue", "", "http://www.changde.gov.cn/art/2021/11/7/art_1.html")
MATCH = MemoryMatch("同时，通过捐赠、信函等方式开展“云外交”50余次。",
                    'At the same time, more than 50 rounds of "cloud diplomacy" were carried out.', 87.4)


@pytest.fixture
def drafted(tmp_path, monkeypatch):
    """A translated sample whose draft mixes every origin, a QA error and a memory match: its .json path."""
    monkeypatch.setenv("PRESS_HOME", str(tmp_path / "home"))
    source = tmp_path / "changde.zh.txt"
    shutil.copy(SAMPLE, source)
    config = config_module.Config(engine="none", quiet=True, memory=str(tmp_path / "memory.sqlite"),
                                  glossary=str(REPO / "glossary"))
    ctx = build_context(config)
    result = translate_file(source, out_dir=tmp_path / "out", ctx=ctx, credits=CREDITS)
    ctx.memory.close()
    release = release_json.load_release(result.outputs["json"])
    segments = []
    for seg in release.segments:
        origin, en = DRAFT.get(seg.id, ("untranslated", ""))
        segments.append(replace(seg, en=en, origin=origin, matches=(MATCH,) if seg.id == "p3.s2" else ()))
    path = result.outputs["json"]
    release_json.write(replace(release, segments=tuple(segments)), path)
    return path


def exported(drafted: Path, fmt: str) -> Path:
    path, _ = export_release(drafted, fmt, drafted.with_name(f"{fmt}.xlf"), REPO / "glossary")
    return path


# --- the official schemas ------------------------------------------------------------------------------

class _LocalSchemas(etree.Resolver):
    """Resolve the W3C xml.xsd the schemas import to the copy in tests/schema (no network in tests)."""

    def resolve(self, url, pubid, context):
        if url and url.endswith("xml.xsd"):
            return self.resolve_filename(str(XML_XSD), context)
        return None


def _parser() -> etree.XMLParser:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_LocalSchemas())
    return parser


def schema(name: str) -> etree.XMLSchema:
    """Return an OASIS schema: 1.2 strict or transitional, or the 2.1 core with the glossary module."""
    if name != "2.1":
        return etree.XMLSchema(etree.parse(str(SCHEMAS / "1.2" / f"xliff-core-1.2-{name}.xsd"), _parser()))
    imports = "".join(f'<xs:import namespace="{ns}" schemaLocation="{(SCHEMAS / "2.1" / file).as_uri()}"/>'
                      for ns, file in ((NS20, "xliff_core_2.0.xsd"), (GLS, "glossary.xsd")))
    wrapper = f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{imports}</xs:schema>'
    return etree.XMLSchema(etree.fromstring(wrapper.encode(), _parser()))


CASES = [("xliff12", "strict"), ("xliff12", "transitional"), ("xliff21", "2.1")]


@pytest.mark.parametrize("fmt, name", CASES)
def test_the_export_is_valid_against_the_official_oasis_schema(drafted, fmt, name):
    validator = schema(name)
    document = etree.parse(str(exported(drafted, fmt)))
    assert validator.validate(document), validator.error_log


@pytest.mark.parametrize("fmt, name, breakage", [
    ("xliff12", "strict", ('state="needs-review-translation"', 'state="almost-done"')),
    ("xliff12", "transitional", ('datatype="plaintext" ', "")),  # a <file> needs its datatype
    ("xliff21", "2.1", ('<gls:term source="press-pipeline glossary">常德</gls:term>', "")),  # an entry needs a term
    ("xliff21", "2.1", ('state="final"', 'state="approved"')),
])
def test_the_schemas_refuse_a_broken_file(drafted, fmt, name, breakage):
    """The validation above can fail: the same files, broken by hand, are refused."""
    text = exported(drafted, fmt).read_text(encoding="utf-8")
    assert breakage[0] in text
    broken = etree.fromstring(text.replace(breakage[0], breakage[1], 1).encode())
    assert not schema(name).validate(broken)


# --- what the file holds ---------------------------------------------------------------------------------

def test_xliff12_units_carry_ids_states_notes_and_memory_matches(drafted):
    root = ET.parse(exported(drafted, "xliff12")).getroot()
    x = f"{{{NS12}}}"
    file = root.find(x + "file")
    assert (file.get("source-language"), file.get("target-language")) == ("zh-CN", "en-US")
    units = {unit.get("id"): unit for unit in root.iter(x + "trans-unit")}
    assert list(units) == list(STATES)
    assert {uid: unit.find(x + "target").get("state") for uid, unit in units.items()
            if unit.find(x + "target") is not None} == {uid: state for uid, state in STATES.items() if state != "new"}
    assert [uid for uid, unit in units.items() if unit.get("approved") == "yes"] == ["p1.s1", "p2.s2"]
    assert units["p0.s1"].find(x + "target").get("state-qualifier") == "leveraged-mt"
    alternative = units["p3.s2"].find(x + "alt-trans")
    assert alternative.get("match-quality") == "87"
    assert (alternative.findtext(x + "source"), alternative.findtext(x + "target")) == (MATCH.zh, MATCH.en)
    notes = {(note.get("from"), note.text) for note in units["p2.s1"].findall(x + "note")}
    assert ("glossary", "glossary: 东近江市 → Higashiomi; not: Dongjiang, Dongjiang City, Higashi-Omi, "
                        "Higashiōmi") in notes
    assert any(source == "qa" and text.startswith("error (numbers_match)") for source, text in notes)
    header = " ".join(note.text for note in file.find(x + "header").findall(x + "note"))
    release = release_json.load_release(drafted)
    assert f"release-hash:{release.hash}" in header


def test_xliff21_units_carry_states_notes_and_the_glossary_module(drafted):
    root = ET.parse(exported(drafted, "xliff21")).getroot()
    x, g = f"{{{NS20}}}", f"{{{GLS}}}"
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == ("2.1", "zh-CN", "en-US")
    units = {unit.get("id"): unit for unit in root.iter(x + "unit")}
    segments = {uid: unit.find(x + "segment") for uid, unit in units.items()}
    assert {uid: (seg.get("state"), seg.get("subState")) for uid, seg in segments.items()} == {
        "p0.s1": ("translated", None), "p1.s1": ("final", None), "p2.s1": ("translated", "press:needs-review"),
        "p2.s2": ("final", None), **{uid: ("initial", None) for uid in ("p3.s1", "p3.s2", "p4.s1", "p4.s2")}}
    entries = [(entry.findtext(g + "term"), entry.findtext(g + "translation"))
               for entry in units["p2.s1"].iter(g + "glossEntry")]
    assert entries == [("常德", "Changde"), ("东近江市", "Higashiomi"), ("友好城市", "sister city")]
    categories = [note.get("category") for note in units["p2.s1"].iter(x + "note")]
    assert categories.count("glossary") == 3 and "qa" in categories


@pytest.mark.parametrize("fmt", ["xliff12", "xliff21"])
def test_the_round_trip_loses_no_id_text_or_state(drafted, fmt):
    release = release_json.load_release(drafted)
    review = xliff.read_review(exported(drafted, fmt))
    assert [(row.id, row.zh, row.en, row.state) for row in review.rows] == [
        (seg.id, seg.zh, seg.en, STATES[seg.id]) for seg in release.segments]
    assert review.release_hash == release.hash == review.release.hash
    assert [(s.id, s.en, s.origin) for s in review.release.segments] == [
        (s.id, s.en, s.origin) for s in release.segments]
    # as exported, only the English nobody needs to look at again counts as reviewed
    assert [row.id for row in review.rows if row.confirmed] == ["p0.s1", "p1.s1", "p2.s2"]


@pytest.mark.parametrize("state, en, exported_as, expected", [
    ("translated", "Changde.", ("new", ""), True),  # translated in the CAT tool
    ("final", "Changde.", ("translated", "Changde."), True),
    ("new", "Changde.", ("new", ""), True),  # filled in by a tool that leaves the state alone
    ("needs-review-translation", "Fixed.", ("needs-review-translation", "Draft."), True),  # edited, state left alone
    ("needs-review-translation", "Draft.", ("needs-review-translation", "Draft."), False),  # nobody looked
    ("needs-review-translation", "Draft.", ("translated", "Draft."), False),  # the reviewer flagged it
    ("needs-translation", "Edited.", ("translated", "Draft."), False),
    ("new", "", ("new", ""), False),  # no English: nothing to store
    ("translated", "Changde.", None, True),
    ("needs-review-translation", "Changde.", None, False),
])
def test_which_english_counts_as_reviewed(state, en, exported_as, expected):
    assert xliff.confirmed(en, state, exported_as) is expected


# --- a CAT tool edits the file: translate-toolkit --------------------------------------------------------

def test_translate_toolkit_reads_the_export_and_press_import_takes_its_edits(drafted, run_cli, tmp_path):
    factory = pytest.importorskip("translate.storage.factory")
    path = exported(drafted, "xliff12")
    store = factory.getobject(str(path))
    units = {unit.getid().split("\x04")[-1]: unit for unit in store.units}
    release = release_json.load_release(drafted)
    assert list(units) == list(STATES)
    assert {uid: unit.source for uid, unit in units.items()} == {seg.id: seg.zh for seg in release.segments}
    assert "glossary: 友好城市 → sister city" in units["p2.s1"].getnotes()
    assert [alt.target for alt in units["p3.s2"].getalttrans()] == [MATCH.en]
    for uid, unit in units.items():  # what a translator does: fill in, fix, confirm; one left flagged
        if unit.target != ENGLISH[uid]:
            unit.target = ENGLISH[uid]
        unit.markreviewneeded(False)
    units["p4.s2"].markreviewneeded(True, "not sure about 文化旅游")
    returned = tmp_path / "returned" / "changde.zh.xlf"
    returned.parent.mkdir()
    store.savefile(str(returned))
    memory = tmp_path / "import.sqlite"

    result = run_cli(["import", returned, "--memory", memory, "--reviewer", "Li Na"])
    assert result.code == 0, result.stderr
    assert "p2.s1 changed\n  before: " + DRAFT["p2.s1"][1] + "\n  after:  " + ENGLISH["p2.s1"] in result.stdout
    assert "p4.s2 is still marked as needing work" in result.stdout
    final = office.open_document(returned.with_name("changde.zh.en.docx"))
    text = "\n".join(p.text for p in final.paragraphs)
    assert all(english in text for english in ENGLISH.values()) and "Reviewer: Li Na" in text
    with Memory(memory) as stored:
        units_stored = {unit.zh: unit for unit in stored.units()}
    assert {u.origin for u in units_stored.values()} == {"reviewed"}
    assert sorted(units_stored) == sorted(seg.zh for seg in release.segments if seg.id != "p4.s2")
    again = run_cli(["import", returned, "--memory", memory])
    assert again.code == 0 and "0 added, 0 updated, 7 unchanged" in again.stdout


def test_an_xliff21_file_edited_by_a_cat_tool_is_imported(drafted, run_cli, tmp_path):
    path = exported(drafted, "xliff21")
    tree = ET.parse(path)
    x = f"{{{NS20}}}"
    ET.register_namespace("", NS20)
    ET.register_namespace("gls", GLS)
    for unit in tree.getroot().iter(x + "unit"):
        segment = unit.find(x + "segment")
        target = segment.find(x + "target")
        if target is None:
            target = ET.SubElement(segment, x + "target")
        target.text = ENGLISH[unit.get("id")]
        segment.set("state", "reviewed")
        segment.attrib.pop("subState", None)
    tree.write(path, encoding="utf-8", xml_declaration=True)
    result = run_cli(["import", path, "--memory", tmp_path / "m.sqlite", "--json"])
    assert result.code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["memory"] == {"added": 8, "updated": 0, "unchanged": 0}
    assert {change["id"]: change["after"] for change in report["changes"]} == ENGLISH


# --- refusals write nothing ------------------------------------------------------------------------------

def _edit(text: str, old: str, new: str, count: int = 1) -> str:
    assert old in text, old
    return text.replace(old, new, count)


@pytest.mark.parametrize("damage, message", [
    (lambda t: _edit(t, "共互访40批350人次。</source>", "共互访41批350人次。</source>"),
     r"the 中文 of segment p2\.s1 \(trans-unit 3\) was edited"),
    (lambda t: _edit(t, 'id="p2.s2"', 'id="p9.s9"'), r"unknown segment id 'p9\.s9' in trans-unit 4"),
    (lambda t: _edit(t, 'id="p2.s2"', 'id="p2.s1"'), r"segment p2\.s1 appears twice \(trans-units 3 and 4\)"),
    (lambda t: re.sub(r'<trans-unit id="p4\.s2".*?</trans-unit>', "", t, flags=re.S),
     r"segment p4\.s2 is missing from the review file"),
    (lambda t: re.sub(r"release-hash:[0-9a-f]{6}", "release-hash:000000", t), "belongs to another release"),
    (lambda t: _edit(t, 'target-language="en-US"', 'target-language="fr-FR"'), "not Chinese into English"),
    (lambda t: _edit(t, '"segments":[', '"segments":[{"id":'), "embedded in the XLIFF header is damaged"),
    (lambda t: t[: len(t) // 2], "not well-formed XML"),
    (lambda t: '<?xml version="1.0"?><tmx version="1.4"><header/><body/></tmx>', "not an XLIFF"),
])
def test_a_refused_import_writes_nothing(drafted, run_cli, tmp_path, damage, message):
    path = exported(drafted, "xliff12")
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
    before = sorted(p.name for p in path.parent.iterdir())
    memory = tmp_path / "refused.sqlite"
    result = run_cli(["import", path, "--memory", memory])
    assert result.code == 2 and re.search(message, result.stderr), result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"error: {path}")
    assert sorted(p.name for p in path.parent.iterdir()) == before
    with Memory(memory) as stored:
        assert stored.stats()["units"] == 0


def test_press_import_takes_only_xliff(drafted, run_cli):
    result = run_cli(["import", drafted.with_name("changde.zh.review.docx")])
    assert result.code == 2 and "press ingest" in result.stderr


# --- the command line ------------------------------------------------------------------------------------

def test_press_export_of_the_review_docx_writes_the_reviewed_state_beside_it(drafted, run_cli):
    review = drafted.with_name("changde.zh.review.docx")
    # the fixture rewrote the .json after translate wrote the review file, which carries the draft as it
    # was: a .json beside it that disagrees is refused (test_review_safety), so the review file travels alone
    drafted.unlink()
    result = run_cli(["export", review, "--format", "xliff12", "--glossary", REPO / "glossary"])
    assert result.code == 0, result.stderr
    written = drafted.with_name("changde.zh.xlf")
    assert f"{written}: 8 segments written (xliff12" in result.stderr
    rows = xliff.read_review(written).rows
    # the review .docx as translate wrote it: nothing reviewed yet, so every cell is as drafted (empty)
    assert {row.state for row in rows} == {"new"}


def test_press_check_reads_an_xliff_file(drafted, run_cli):
    path = exported(drafted, "xliff21")
    result = run_cli(["check", path, "--glossary", REPO / "glossary"])
    assert result.code == 1 and "p2.s1\terror\tnumbers_match" in result.stdout


def test_an_unknown_export_format_is_refused_by_the_parser(drafted, run_cli):
    result = run_cli(["export", drafted, "--format", "xliff20"])
    assert result.code == 2 and "invalid choice" in result.stderr


# --- where XLIFF meets the review safety of `press ingest` (issue 13): one guard, one set of credits --------

WRONG = ENGLISH | {"p2.s1": ENGLISH["p2.s1"].replace("40 delegation", "41 delegation")}
ACKNOWLEDGED = "ok: numbers_match — the source is wrong"


def returned(path: Path, english: dict[str, str], notes: dict[str, str] = {}) -> Path:
    """Return the XLIFF 1.2 file at `path` as a CAT tool saves it: every target filled with `english` and
    confirmed, `notes` added to their units the way a translator's note is (`<note from="translator">`)."""
    x = f"{{{NS12}}}"
    ET.register_namespace("", NS12)
    tree = ET.parse(path)
    for unit in tree.getroot().iter(x + "trans-unit"):
        target = unit.find(x + "target")
        if target is None:
            target = ET.Element(x + "target")
            unit.insert(1, target)
        target.text, target.attrib["state"] = english[unit.get("id")], "translated"
        if unit.get("id") in notes:
            ET.SubElement(unit, x + "note", {"from": "translator"}).text = notes[unit.get("id")]
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return path


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_an_unacknowledged_error_blocks_the_import_and_writes_nothing(drafted, run_cli, tmp_path):
    path = returned(exported(drafted, "xliff12"), WRONG)
    before, memory = _listing(path.parent), tmp_path / "blocked.sqlite"
    result = run_cli(["import", path, "--memory", memory, "--glossary", REPO / "glossary"])
    assert result.code == 1, result.stderr
    assert "p2.s1\terror\tnumbers_match" in result.stdout
    assert "not ingested: 1 error finding(s) in p2.s1" in result.stderr and "a note of its unit" in result.stderr
    assert _listing(path.parent) == before and not memory.exists()


@pytest.mark.parametrize("flags, notes, unit_note", [
    ([], {"p2.s1": ACKNOWLEDGED}, ACKNOWLEDGED),  # the translator's note in the CAT tool
    (["--accept-errors"], {}, "accepted with --accept-errors: numbers_match"),
])
def test_an_acknowledged_or_accepted_error_is_imported_and_recorded_on_its_unit(drafted, run_cli, tmp_path,
                                                                               flags, notes, unit_note):
    path = returned(exported(drafted, "xliff12"), WRONG, notes)
    memory = tmp_path / "accepted.sqlite"
    result = run_cli(["import", path, "--memory", memory, "--glossary", REPO / "glossary", *flags])
    assert result.code == 0, result.stderr
    assert ("p2.s1\tacknowledged\tnumbers_match" if notes else "p2.s1\terror\tnumbers_match") in result.stdout
    with Memory(memory) as stored:
        unit = stored.exact(next(seg.zh for seg in release_json.load_release(drafted).segments if seg.id == "p2.s1"))
    assert (unit.en, unit.note) == (WRONG["p2.s1"], unit_note)


def test_a_misspelt_acknowledgement_note_is_refused_with_the_right_name(drafted, run_cli, tmp_path):
    path = returned(exported(drafted, "xliff12"), WRONG, {"p2.s1": "ok: number_match — the source is wrong"})
    before = _listing(path.parent)
    result = run_cli(["import", path, "--memory", tmp_path / "m.sqlite"])
    assert result.code == 2
    assert "“ok: number_match” in the Notes of p2.s1 (trans-unit 3) names no QA check — did you mean " \
           "numbers_match?" in result.stderr
    assert _listing(path.parent) == before


def test_the_import_credits_as_press_ingest_does(drafted, run_cli, tmp_path):
    """Flags, else the release's credits, else press.toml's [credits] (the draft credits Wu Yangyue)."""
    (Path(os.environ["PRESS_HOME"]) / "press.toml").write_text(
        '[credits]\ntranslator = "Zhou Min"\nreviewer = "Zhang Wei"\n', encoding="utf-8")
    path = returned(exported(drafted, "xliff12"), ENGLISH)
    for flags, translator, reviewer in (([], "Wu Yangyue", "Zhang Wei"),
                                        (["--translator", "Chen Jing", "--reviewer", "Li Na"], "Chen Jing", "Li Na")):
        result = run_cli(["import", path, "--memory", tmp_path / "m.sqlite", *flags])
        assert result.code == 0, result.stderr
        lines = [p.text for p in office.open_document(path.with_name("changde.zh.en.docx")).paragraphs]
        assert f"Translator: {translator}" in lines and f"Reviewer: {reviewer}" in lines


def test_an_acknowledgement_in_the_review_table_travels_through_xliff(drafted, run_cli, tmp_path):
    """Notes-cell `ok:` → export (the segment is not flagged for review; the note goes along) → import."""
    from review_support import REVIEWED, fill

    review = drafted.with_name("changde.zh.review.docx")
    drafted.unlink()  # rewritten by the fixture after the review file was written: the review file travels alone
    wrong = REVIEWED["p2.s1"].replace("40 delegation", "41 delegation")
    fill(review, REVIEWED | {"p2.s1": wrong}, notes={"p2.s1": ACKNOWLEDGED})
    path = tmp_path / "handed-on.xlf"
    assert run_cli(["export", review, "--format", "xliff12", "-o", path]).code == 0
    x = f"{{{NS12}}}"
    unit = next(u for u in ET.parse(path).getroot().iter(x + "trans-unit") if u.get("id") == "p2.s1")
    assert unit.find(x + "target").get("state") == "final"  # reviewed English, its one error acknowledged
    assert ("reviewer", ACKNOWLEDGED) in {(note.get("from"), note.text) for note in unit.findall(x + "note")}
    result = run_cli(["import", path, "--memory", tmp_path / "m.sqlite"])
    assert result.code == 0, result.stderr
    assert "p2.s1\tacknowledged\tnumbers_match" in result.stdout


def test_the_export_beside_its_json_imports_and_one_beside_another_release_is_refused(drafted, run_cli, tmp_path):
    """The file carries the release as exported (QA re-run): the .json it was exported from may differ in
    findings, but a .json of another release beside it is refused, as beside a review .docx."""
    path, _ = export_release(drafted, "xliff12", glossary_dir=REPO / "glossary")
    assert path == drafted.with_suffix(".xlf")
    returned(path, ENGLISH)
    assert run_cli(["import", path, "--memory", tmp_path / "m.sqlite"]).code == 0
    data = json.loads(drafted.read_text(encoding="utf-8"))
    data["segments"][2]["zh"] = data["segments"][2]["zh"].replace("40批", "41批")
    data.pop("release_hash")
    drafted.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    before = _listing(path.parent)
    result = run_cli(["import", path, "--memory", tmp_path / "m.sqlite"])
    assert result.code == 2 and "changde.zh.json beside the review file belongs to another release" in result.stderr
    assert _listing(path.parent) == before
