"""tools/build_glossary.py: romanisation rules and what the generated files contain."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from pipeline.glossary import read_tsv

REPO = Path(__file__).resolve().parent.parent
SPEC = importlib.util.spec_from_file_location("build_glossary", REPO / "tools" / "build_glossary.py")
build = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(build)


@pytest.mark.parametrize("pinyin, official", [
    ("chang de", "Changde"), ("xi an", "Xi'an"), ("zhang jia jie", "Zhangjiajie"), ("ji nan", "Jinan"),
    ("tian e", "Tian'e"), ("yan an", "Yan'an"), ("hu nan", "Hunan"),
])
def test_official_romanisation(pinyin, official):
    assert build.official_romanisation(pinyin) == official


@pytest.mark.parametrize("city_en, english", [
    ("Higashiōmi", "Higashiomi"), ("Kōka, Shiga", "Koka"), ("Yamaguchi (city)", "Yamaguchi"),
    ("Chūō-ku, Sapporo", "Chuo-ku"), ("Kagoshima", "Kagoshima"),
])
def test_japanese_english_drops_macrons_and_disambiguators(city_en, english):
    assert build.jp_english(city_en) == english


@pytest.fixture(scope="module")
def generated():
    rows = read_tsv(REPO / "glossary" / "generated-cn-divisions.tsv")
    rows += read_tsv(REPO / "glossary" / "generated-jp-cities.tsv")
    return {entry.zh: entry for entry in rows}


HUNAN = ["长沙市", "株洲市", "湘潭市", "衡阳市", "邵阳市", "岳阳市", "张家界市", "益阳市", "郴州市", "永州市",
         "怀化市", "娄底市", "湘西土家族苗族自治州"]


def test_every_hunan_division_but_changde_is_generated(generated):
    assert all(name in generated for name in HUNAN)
    assert "常德市" not in generated  # hand-curated in cities.tsv, so the build skips it


@pytest.mark.parametrize("zh, en, variants", [
    ("西安市", "Xi'an", ("西安",)), ("石家庄市", "Shijiazhuang", ("石家庄",)), ("海口市", "Haikou", ()),
    ("重庆市", "Chongqing", ("重庆",)), ("长春市", "Changchun", ("长春",)),
])
def test_provincial_capitals(generated, zh, en, variants):
    assert (generated[zh].en, generated[zh].variants) == (en, variants)


@pytest.mark.parametrize("zh, expected", [
    ("彦根市", "Hikone"), ("鹿儿岛市", "Kagoshima"), ("京都市", "Kyoto"), ("赤平市", "Akabira"),
    ("安城市", None), ("新城市", None), ("小城市", None), ("南阳市", None), ("东近江市", None),
])
def test_japanese_city_selection(generated, zh, expected):
    """Partner-prefecture cities are in; forms that would match ordinary Chinese are out;
    东近江市 is hand-curated."""
    assert (generated[zh].en if zh in generated else None) == expected
