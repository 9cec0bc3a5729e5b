"""One language setting for every export (TMX, TBX, XLIFF, Excel, the .docx language), and the tag
spellings every import accepts."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline import ooxml as office
from pipeline.glossary.tbx import read_tbx
from pipeline.languages import side
from pipeline.memory import Memory, Unit
from pipeline.memory.tmx import read_tmx
from pipeline.outputs import xliff

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "samples" / "changde-higashiomi-2021" / "source.zh.txt"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.mark.parametrize("tag, expected", [
    ("zh", "zh"), ("zh-CN", "zh"), ("ZH-cn", "zh"), ("zh_CN", "zh"), ("zh-Hans", "zh"), ("zh-Hans-CN", "zh"),
    ("en", "en"), ("en-US", "en"), ("EN_us", "en"), ("en-GB", "en"), (" en-gb ", "en"),
    ("zh-TW", None), ("zh-Hant", None), ("ja", None), ("fr-FR", None), ("", None), (None, None),
])
def test_which_tags_an_import_reads_as_chinese_or_english(tag, expected):
    assert side(tag) == expected


@pytest.mark.parametrize("toml, source, target", [
    ("", "zh-CN", "en-US"),
    ('[languages]\nsource = "zh-Hans"\ntarget = "en-GB"\n', "zh-Hans", "en-GB"),
])
def test_every_export_writes_the_configured_tags(tmp_path, press_home, run_cli, toml, source, target):
    (press_home / "press.toml").write_text(toml, encoding="utf-8")
    glossary = ["--glossary", REPO / "glossary"]
    assert run_cli(["translate", SAMPLE, "-o", tmp_path, "--engine", "none", "-q", *glossary]).code == 0
    data = json.loads((tmp_path / "source.zh.json").read_text(encoding="utf-8"))
    assert data["signature"]["languages"] == f"{source}>{target}"
    for name in ("source.zh.review.docx", "source.zh.en.docx"):
        assert office.languages(office.open_document(tmp_path / name)) == (target, source)

    assert run_cli(["export", tmp_path / "source.zh.json", "--format", "xliff12", "-o", tmp_path / "a.xlf",
                    *glossary]).code == 0
    file = ET.parse(tmp_path / "a.xlf").getroot().find(f"{{{xliff.NS12}}}file")
    assert (file.get("source-language"), file.get("target-language")) == (source, target)
    assert run_cli(["export", tmp_path / "source.zh.json", "--format", "xliff21", "-o", tmp_path / "b.xlf",
                    *glossary]).code == 0
    root = ET.parse(tmp_path / "b.xlf").getroot()
    assert (root.get("srcLang"), root.get("trgLang")) == (source, target)

    assert run_cli(["glossary", "export", "--format", "tbx", "-o", tmp_path / "g.tbx", *glossary]).code == 0
    tags = {section.get(XML_LANG) for section in ET.parse(tmp_path / "g.tbx").iter("{urn:iso:std:iso:30042:ed-2}langSec")}
    assert tags == {source, target}
    assert run_cli(["glossary", "export", "--format", "xlsx", "-o", tmp_path / "g.xlsx", *glossary]).code == 0
    assert next(load_workbook(tmp_path / "g.xlsx").active.iter_rows(values_only=True))[:2] == (source, target)

    with Memory(tmp_path / "m.sqlite") as memory:
        memory.store(Unit("常德市", "Changde", origin="reviewed"))
    assert run_cli(["memory", "export", tmp_path / "m.tmx", "--memory", tmp_path / "m.sqlite"]).code == 0
    tmx = ET.parse(tmp_path / "m.tmx").getroot()
    assert tmx.find("header").get("srclang") == source
    assert [tuv.get(XML_LANG) for tuv in tmx.iter("tuv")] == [source, target]


@pytest.mark.parametrize("toml, message", [
    ('[languages]\ntarget = "fr-FR"\n', '[languages] target = "fr-FR" is not an English language tag'),
    ('[languages]\nsource = "zh-TW"\n', "is not a simplified Chinese language tag"),
    ('[languages]\nsorce = "zh"\n', "unknown setting sorce in [languages] — did you mean source?"),
    ('languages = "zh-CN"\n', 'languages = "zh-CN" is not a section'),
])
def test_a_wrong_language_setting_is_a_user_error(tmp_path, press_home, run_cli, toml, message):
    (press_home / "press.toml").write_text(toml, encoding="utf-8")
    result = run_cli(["translate", SAMPLE, "-o", tmp_path, "--engine", "none", "-q"])
    assert result.code == 2 and message in result.stderr and str(press_home / "press.toml") in result.stderr
    assert not list(tmp_path.glob("*.json"))


SPELLINGS = [("zh", "en"), ("zh-CN", "en-US"), ("ZH_cn", "EN_gb"), ("zh-Hans", "en-GB")]


@pytest.mark.parametrize("zh, en", SPELLINGS)
def test_tmx_and_tbx_imports_accept_every_spelling(tmp_path, zh, en):
    tmx = tmp_path / "in.tmx"
    tmx.write_text(f'<tmx version="1.4"><header srclang="{zh}"/><body><tu>'
                   f'<tuv xml:lang="{zh}"><seg>常德市</seg></tuv><tuv xml:lang="{en}"><seg>Changde</seg></tuv>'
                   f'</tu></body></tmx>', encoding="utf-8")
    units, skipped = read_tmx(tmx)
    assert [(u.zh, u.en) for u in units] == [("常德市", "Changde")] and skipped == 0
    tbx = tmp_path / "in.tbx"
    tbx.write_text(f'<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" style="dca"><text><body>'
                   f'<conceptEntry id="c1"><langSec xml:lang="{zh}"><termSec><term>常德市</term></termSec></langSec>'
                   f'<langSec xml:lang="{en}"><termSec><term>Changde</term></termSec></langSec></conceptEntry>'
                   f'</body></text></tbx>', encoding="utf-8")
    assert [(e.zh, e.en) for e in read_tbx(tbx)] == [("常德市", "Changde")]


@pytest.mark.parametrize("zh, en", SPELLINGS)
def test_xliff_import_accepts_every_spelling(tmp_path, run_cli, zh, en):
    assert run_cli(["translate", SAMPLE, "-o", tmp_path, "--engine", "none", "-q"]).code == 0
    path = tmp_path / "a.xlf"
    assert run_cli(["export", tmp_path / "source.zh.json", "--format", "xliff12", "-o", path]).code == 0
    text = path.read_text(encoding="utf-8").replace('"zh-CN"', f'"{zh}"').replace('"en-US"', f'"{en}"')
    path.write_text(text, encoding="utf-8")
    assert len(xliff.read_review(path).rows) == 8


def test_a_traditional_chinese_tmx_unit_is_skipped(tmp_path):
    tmx = tmp_path / "in.tmx"
    tmx.write_text('<tmx version="1.4"><header/><body><tu><tuv xml:lang="zh-TW"><seg>常德市</seg></tuv>'
                   '<tuv xml:lang="en"><seg>Changde</seg></tuv></tu></body></tmx>', encoding="utf-8")
    assert read_tmx(tmx) == ([], 1)
