"""XLIFF out to a CAT tool and back: the official OASIS schemas, a lossless round trip, translate-toolkit as
the CAT tool, and `press import` going the way of `press ingest` (refusals write nothing)."""
from __future__ import annotations

import json
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
