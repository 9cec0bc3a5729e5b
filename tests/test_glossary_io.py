"""Glossary interchange and editing: TBX round trip and schema, CSV, add refuses conflicts, import reports them."""
from __future__ import annotations

import csv
import io
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from pipeline.glossary import COLUMNS, Glossary
from pipeline.glossary.edit import export_glossary
from pipeline.glossary.tbx import TBX_NS, read_tbx
from pipeline.glossary.lint import lint

REPO = Path(__file__).resolve().parent.parent
RNG = REPO / "glossary" / "sources" / "tbx-core-rng" / "TBXcoreStructV03.rng"
HEADER = "\t".join(COLUMNS) + "\n"
CITIES = HEADER + ("常德市\tChangde\tcity\t常德\tChangde Shi\tapproved\tseed\tGB/T 2260 form\n"
                   "原州市\tWonju\tcity\t\t\tproposed\tseed\tunverified Hanja\n")


@pytest.fixture
def small(tmp_path) -> Path:
    directory = tmp_path / "glossary"
    directory.mkdir()
    (directory / "cities.tsv").write_text(CITIES, encoding="utf-8")
    return directory


def cells(entries) -> list[tuple[str, ...]]:
    return [entry.cells() for entry in entries]


@pytest.mark.parametrize("fmt", ["tbx", "tbx-martif"])
def test_tbx_round_trip_of_the_shipped_glossary_loses_nothing(tmp_path, glossary, fmt):
    path = tmp_path / "out.tbx"
    path.write_text(export_glossary(glossary, fmt), encoding="utf-8")
    assert cells(read_tbx(path)) == cells(glossary.entries)


def test_tbx_is_valid_against_the_tbx_core_relax_ng_schema(tmp_path, glossary):
    etree = pytest.importorskip("lxml.etree")
    schema = etree.RelaxNG(etree.parse(str(RNG)))
    document = etree.fromstring(export_glossary(glossary, "tbx").encode("utf-8"))
    assert schema.validate(document), schema.error_log


# The permitted values of the TBX-Basic DCA Schematron (LTAC-Global/TBX-Basic_dialect DCA/TBX-Basic_DCA.sch),
# checked here because lxml has no XSLT 2 to run the Schematron itself.
PERMITTED = {"admin": {"customerSubset", "projectSubset", "source"},
             "descrip": {"subjectField", "context", "definition"},
             "termNote": {"administrativeStatus", "partOfSpeech", "geographicalUsage", "grammaticalGender",
                          "termLocation", "termType"}}
STATUS_VALUES = {"admittedTerm-admn-sts", "deprecatedTerm-admn-sts", "supersededTerm-admn-sts",
                 "preferredTerm-admn-sts"}
TERM_TYPES = {"fullForm", "acronym", "abbreviation", "shortForm", "variant", "phrase"}


def test_tbx_uses_only_tbx_basic_dca_data_categories(glossary):
    root = ET.fromstring(export_glossary(glossary, "tbx"))
    assert root.tag == f"{{{TBX_NS}}}tbx"
    assert (root.get("type"), root.get("style")) == ("TBX-Basic", "dca")
    parents = {child: parent for parent in root.iter() for child in parent}
    for element in root.iter():
        name = element.tag.removeprefix(f"{{{TBX_NS}}}")
        assert element.tag.startswith(f"{{{TBX_NS}}}"), element.tag
        if name in PERMITTED:
            assert element.get("type") in PERMITTED[name], (name, element.get("type"))
        if name == "termNote" and element.get("type") == "administrativeStatus":
            assert element.text in STATUS_VALUES
        if name == "termNote" and element.get("type") == "termType":
            assert element.text in TERM_TYPES
        if name == "termNote":
            assert parents[element].tag.endswith("termSec")
        if name == "descrip" and element.get("type") == "subjectField":
            assert parents[element].tag.endswith("conceptEntry")


def test_tbx_marks_statuses_and_forbidden_forms(small):
    root = ET.fromstring(export_glossary(Glossary.load(small), "tbx"))
    ns = {"t": TBX_NS}
    statuses = [(s.find("t:term", ns).text, s.find("t:termNote[@type='administrativeStatus']", ns).text)
                for s in root.iterfind(".//t:langSec[@{http://www.w3.org/XML/1998/namespace}lang='en-US']/t:termSec", ns)]
    assert statuses == [("Changde", "preferredTerm-admn-sts"), ("Changde Shi", "deprecatedTerm-admn-sts"),
                        ("Wonju", "admittedTerm-admn-sts")]


@pytest.mark.parametrize("fmt, first_rows", [
    ("csv-deepl", [["常德市", "Changde"], ["常德", "Changde"], ["原州市", "Wonju"]]),
    ("csv-google", [["zh-CN", "en"], ["常德市", "Changde"], ["常德", "Changde"], ["原州市", "Wonju"]]),
])
def test_csv_exports(small, fmt, first_rows):
    rows = list(csv.reader(io.StringIO(export_glossary(Glossary.load(small), fmt))))
    assert rows == first_rows


def test_csv_export_leaves_out_stop_phrases(small):
    (small / "stop-phrases.tsv").write_text(HEADER + "隆重庆祝\t(not a name)\tstop\t\t\tapproved\tx\t\n",
                                            encoding="utf-8")
    glossary = Glossary.load(small)
    assert "隆重庆祝" not in export_glossary(glossary, "csv-deepl")
    assert "隆重庆祝" in export_glossary(glossary, "tbx")


def test_csv_export_approved_only(small):
    assert "Wonju" not in export_glossary(Glossary.load(small), "csv-deepl", approved_only=True)


def test_cli_export_then_import_into_empty_glossary_round_trips(tmp_path, small, run_cli):
    out = tmp_path / "g.tbx"
    assert run_cli(["glossary", "export", "--glossary", small, "--format", "tbx", "-o", out]).code == 0
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_cli(["glossary", "import", "--glossary", empty, out, "--keep-status"])
    assert result.code == 0, result
    assert cells(Glossary.load(empty).entries) == cells(Glossary.load(small).entries)


def test_cli_import_of_own_export_changes_nothing(tmp_path, small, run_cli):
    out = tmp_path / "g.csv"
    run_cli(["glossary", "export", "--glossary", small, "--format", "csv-deepl", "-o", out])
    out.write_text("常德市,Changde\n原州市,Wonju\n", encoding="utf-8")
    result = run_cli(["glossary", "import", "--glossary", small, out])
    assert result.code == 0 and "0 added" in result.stderr and "2 already present" in result.stderr
    assert not (small / "imported.tsv").exists()


def test_cli_import_reports_conflicts_and_appends_new_terms_as_proposed(tmp_path, small, run_cli):
    incoming = tmp_path / "deepl.csv"
    incoming.write_text("常德市,Changde City\n常德,Changteh\n岳阳市,Yueyang\n", encoding="utf-8")
    before = (small / "cities.tsv").read_text(encoding="utf-8")
    result = run_cli(["glossary", "import", "--glossary", small, incoming])
    assert result.code == 1
    assert f"conflict: {incoming}:1: 常德市: zh '常德市' listed under two different en: 'Changde City' here" \
        in result.stdout
    assert f"conflict: {incoming}:2: 常德: zh '常德' is a variant of '常德市'" in result.stdout
    assert (small / "cities.tsv").read_text(encoding="utf-8") == before
    added = Glossary.load(small).lookup("岳阳市")
    assert (added.en, added.status, Path(added.file).name) == ("Yueyang", "proposed", "imported.tsv")
    assert lint(small) == []


@pytest.mark.parametrize("extra, message", [
    (["--zh", "常德市", "--en", "Changde City"], "zh '常德市' listed under two different en"),
    (["--zh", "常德县", "--en", "Changde County", "--variants", "常德"], "variant '常德' is a variant of '常德市'"),
    (["--zh", "常德", "--en", "Changde"], "zh '常德' is a variant of '常德市'"),
    (["--zh", "桃源县", "--en", "Taoyuan", "--forbidden", "Taoyuan"], "forbidden form 'Taoyuan' equals the en"),
    (["--zh", "桃源县", "--en", "Taoyuan", "--kind", "town"], "unknown kind 'town'"),
    (["--zh", "桃源县", "--en", "Taoyuan", "--source", " "], "empty source"),
])
def test_cli_add_refuses_conflicts_and_writes_nothing(small, run_cli, extra, message):
    before = (small / "cities.tsv").read_text(encoding="utf-8")
    defaults = {"--kind": "county", "--source": "seed"}
    for flag in extra[::2]:
        defaults.pop(flag, None)
    argv = ["glossary", "add", "--glossary", small, "--file", "cities.tsv", *extra]
    argv += [item for pair in defaults.items() for item in pair]
    result = run_cli(argv)
    assert result.code == 2
    assert result.stderr.startswith(f"error: {small / 'cities.tsv'}:4: ") and message in result.stderr
    assert (small / "cities.tsv").read_text(encoding="utf-8") == before


def test_cli_add_appends_a_valid_row(small, run_cli):
    result = run_cli(["glossary", "add", "--glossary", small, "--zh", "桃源县", "--en", "Taoyuan County",
                      "--kind", "county", "--source", "cn-admin-divisions-pinyin", "--variants", "桃源"])
    assert result.code == 0, result
    entry = Glossary.load(small).lookup("桃源")
    assert (entry.zh, entry.status, entry.line) == ("桃源县", "proposed", 4)
    assert lint(small) == []


def test_cli_add_refuses_generated_files(small, run_cli):
    result = run_cli(["glossary", "add", "--glossary", small, "--zh", "桃源县", "--en", "Taoyuan County",
                      "--kind", "county", "--source", "x", "--file", "generated-cn-divisions.tsv"])
    assert result.code == 2 and "generated files are rewritten" in result.stderr


def test_cli_find_shows_hits_with_variant_form(run_cli):
    result = run_cli(["glossary", "find", "市委外事办与東近江市"])
    assert result.code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split("\t")[1:3] == ["中共常德市委外事工作委员会办公室 (as 市委外事办)",
                                         "Foreign Affairs Office of Changde Municipal Party Committee"]
    assert lines[1].split("\t")[1:3] == ["东近江市 (as 東近江市)", "Higashiomi"]


def test_cli_find_reads_a_traditional_chinese_file(run_cli):
    path = REPO / "samples" / "changde-ipswich-2019-traditional" / "source.zh.txt"
    result = run_cli(["glossary", "find", path])
    assert "\t伊普斯维奇市\tIpswich\t" in result.stdout


def test_cli_import_refuses_unknown_extension(tmp_path, small, run_cli):
    path = tmp_path / "terms.ods"
    path.write_bytes(b"PK")
    result = run_cli(["glossary", "import", "--glossary", small, path])
    assert result.code == 2 and "cannot import .ods" in result.stderr


def test_shipped_glossary_copy_round_trips_through_cli(tmp_path, run_cli):
    copy = tmp_path / "glossary"
    shutil.copytree(REPO / "glossary", copy, ignore=shutil.ignore_patterns("sources"))
    out = tmp_path / "all.tbx"
    run_cli(["glossary", "export", "--glossary", copy, "--format", "tbx-martif", "-o", out])
    result = run_cli(["glossary", "import", "--glossary", copy, out])
    assert result.code == 0 and " 0 added" in result.stderr and "0 conflict(s)" in result.stderr


FOREIGN_TBX = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <tbxHeader><fileDesc><sourceDesc><p>partner</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="a1">
      <langSec xml:lang="zh-CN"><termSec><term>株洲市</term></termSec></langSec>
      <langSec xml:lang="en-GB"><termSec><term>Zhuzhou</term></termSec></langSec>
    </conceptEntry>
    <conceptEntry id="a2">
      <langSec xml:lang="en"><termSec><term>open cluster</term></termSec></langSec>
      <langSec xml:lang="es"><termSec><term>cúmulo abierto</term></termSec></langSec>
    </conceptEntry>
  </body></text>
</tbx>
"""


def test_cli_import_of_a_partner_tbx_skips_concepts_without_chinese(tmp_path, small, run_cli):
    path = tmp_path / "partner.tbx"
    path.write_text(FOREIGN_TBX, encoding="utf-8")
    result = run_cli(["glossary", "import", "--glossary", small, path])
    assert result.code == 1
    assert result.stdout == f"conflict: {path}: concept a2 lacks a zh or en term\n"
    entry = Glossary.load(small).lookup("株洲市")
    assert (entry.en, entry.kind, entry.status, entry.source) == ("Zhuzhou", "term", "proposed",
                                                                  "imported from partner.tbx")


def test_malformed_tbx_is_a_user_error(tmp_path, small, run_cli):
    path = tmp_path / "broken.tbx"
    path.write_text("<tbx><text>", encoding="utf-8")
    result = run_cli(["glossary", "import", "--glossary", small, path])
    assert result.code == 2 and "not well-formed XML" in result.stderr
