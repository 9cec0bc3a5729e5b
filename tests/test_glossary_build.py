"""tools/build_glossary.py: romanisation and naming rules, what the generated files contain, the screen."""
from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import pytest

from pipeline.glossary import Glossary, read_tsv

REPO = Path(__file__).resolve().parent.parent
GLOSSARY = REPO / "glossary"
SPEC = importlib.util.spec_from_file_location("build_glossary", REPO / "tools" / "build_glossary.py")
build = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(build)  # puts tools/ on sys.path, so its modules import below

from glossary_build import screen  # noqa: E402

ADMIN = list(csv.DictReader((GLOSSARY / "sources/cn-admin-divisions-pinyin/ok_data_level3.csv")
                            .open(encoding="utf-8-sig")))


@pytest.mark.parametrize("pinyin, official", [
    ("chang de", "Changde"), ("xi an", "Xi'an"), ("zhang jia jie", "Zhangjiajie"), ("ji nan", "Jinan"),
    ("tian e", "Tian'e"), ("yan an", "Yan'an"), ("hu nan", "Hunan"), ("lv liang", "Lüliang"),
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
    """Return {file name: {zh: entry}} for every generated file."""
    return {path.name: {entry.zh: entry for entry in read_tsv(path)}
            for path in sorted(GLOSSARY.glob("generated-*.tsv"))}


@pytest.fixture(scope="module")
def glossary():
    return Glossary.load(GLOSSARY)


def test_every_hunan_division_is_generated(generated):
    """Hunan Province, its 14 prefecture-level and 122 county-level divisions; 常德市 is hand-curated."""
    divisions = generated["generated-cn-divisions.tsv"]
    hunan = [r["ext_name"] for r in ADMIN if r["id"].startswith("43") and r["ext_name"] != "常德市"]
    assert len(hunan) == 1 + 13 + 122
    assert [name for name in hunan if name not in divisions] == []
    assert "常德市" not in divisions


def test_every_province_and_prefecture_level_division_is_in_the_glossary(glossary):
    """Every province-level and prefecture-level name (Taiwan, Hong Kong, Macao aside) is an entry."""
    skipped = ("71", "81", "82", "91")
    names = {r["ext_name"] for r in ADMIN if r["deep"] in "01" and r["id"][:2] not in skipped}
    names -= {"重庆城区", "重庆郊县"}  # statistical groupings (stop rows), not names
    assert [name for name in sorted(names) if glossary.lookup(name) is None] == []


@pytest.mark.parametrize("zh, en, status, variants", [
    ("鼎城区", "Dingcheng District", "approved", ("鼎城",)),
    ("澧县", "Lixian County", "approved", ()),  # the Changde site's form, single-syllable rule
    ("攸县", "Youxian County", "proposed", ()),  # same rule, mixed evidence elsewhere
    ("长沙县", "Changsha County", "approved", ()),  # named after the city: no short form of its own
    ("通道侗族自治县", "Tongdao Dong Autonomous County", "approved", ()),  # 通道 'channel' is a word
    ("靖州苗族侗族自治县", "Jingzhou Miao and Dong Autonomous County", "approved", ("靖州",)),
    ("津市市", "Jinshi", "approved", ("津市",)),
    ("中方县", "Zhongfang County", "approved", ()),  # 中方 'the Chinese side'
    ("武陵区", "Wuling District", "approved", ()),  # 武陵 is also the Wuling Mountains
    ("湖南省", "Hunan", "approved", ("湖南",)),  # the proper name: 湖南 alone shares the entry
    ("陕西省", "Shaanxi", "approved", ("陕西",)),
    ("吕梁市", "Lüliang", "approved", ("吕梁",)),
    ("西安市", "Xi'an", "approved", ("西安",)),  # higher level wins over 西安区 (Liaoyuan)
    ("资阳市", "Ziyang", "approved", ("资阳",)),
    ("资阳区", "Ziyang District", "approved", ()),
    ("海口市", "Haikou", "approved", ()),
    ("长沙市", "Changsha", "approved", ("长沙",)),
    ("湘西土家族苗族自治州", "Xiangxi Tujia and Miao Autonomous Prefecture", "proposed", ("湘西",)),
    ("喀什地区", "Kashi Prefecture", "proposed", ("喀什",)),  # minority-language name: confirm
])
def test_division_rows(generated, zh, en, status, variants):
    entry = generated["generated-cn-divisions.tsv"][zh]
    assert (entry.en, entry.status, entry.variants) == (en, status, variants)


def _ambiguous() -> dict[tuple[str, str], dict]:
    path = GLOSSARY / build.AMBIGUOUS
    rows = list(csv.DictReader(path.open(encoding="utf-8"), delimiter="\t"))
    return {(row["short"], row["full_forms"]): row for row in rows}


@pytest.mark.parametrize("short, full, variant_of, reason", [
    ("中方", "中方县", "", "the Chinese side"),
    ("永定", "永定区", "", "永定区 (350803)"),  # Yongding District, Fujian: same level
    ("资阳", "资阳区", "资阳市", "资阳市 (5120)"),  # resolves to 资阳市 unless 资阳区 was named
    ("衡水", "衡水市", "", "均[衡水]平"),  # found inside other words in the work reports
    ("武陵", "武陵区", "", "Wuling Mountains"),
])
def test_ambiguous_short_forms(short, full, variant_of, reason):
    row = _ambiguous()[(short, full)]
    assert row["variant_of"] == variant_of and reason in row["reason"]


def test_ambiguous_short_forms_name_real_entries(glossary):
    """Every listed full form is a glossary zh, and a short form is a variant only of `variant_of`."""
    for (short, full), row in _ambiguous().items():
        assert glossary.lookup(full) is not None and glossary.lookup(full).zh == full
        holder = glossary.lookup(short)
        assert (holder.zh if holder else "") == row["variant_of"], short


@pytest.mark.parametrize("zh, en, kind, status, variant", [
    ("加纳", "Ghana", "country", "approved", "迦納"),
    ("中非共和国", "Central African Republic", "country", "approved", "中非共和國"),
    ("刚果（金）", "Democratic Republic of the Congo", "country", "proposed", "刚果(金)"),
    ("缅甸", "Myanmar", "country", "approved", ""),  # CLDR alt="short", not "Myanmar (Burma)"
    ("圣基茨和尼维斯", "Saint Kitts and Nevis", "country", "approved", ""),  # "St. Kitts & Nevis" written out
    ("欧盟", "European Union", "organisation", "approved", "歐盟"),
    ("南极洲", "Antarctica", "region", "approved", ""),
])
def test_country_rows(generated, zh, en, kind, status, variant):
    entry = generated["generated-countries.tsv"][zh]
    assert (entry.en, entry.kind, entry.status) == (en, kind, status)
    assert variant in entry.variants or not variant
    assert entry.source.startswith("CLDR ")


@pytest.mark.parametrize("zh", ["台湾", "科索沃", "中国香港特别行政区", "中国", "中非", "雪梨", "查德"])
def test_forms_not_generated(generated, zh):
    """Taiwan and Kosovo need a human choice, HK and China are hand rows; 中非 (China-Africa) is no
    form; Taiwan-usage forms that read as simplified words (雪梨 'pear', 查德) are not variants."""
    forms = {form for rows in generated.values() for entry in rows.values() for form in entry.forms}
    assert zh not in forms


@pytest.mark.parametrize("zh, en, kind", [
    ("巴黎", "Paris", "city"), ("悉尼", "Sydney", "city"), ("墨西哥城", "Mexico City", "city"),
    ("复活节岛", "Easter Island", "region"), ("纽约", "New York", "city"),
    ("圣地亚哥", None, None),  # also San Diego
    ("奥克兰", None, None),  # also Oakland
    ("新加坡", None, None),  # the country row covers it
    ("上海", None, None),  # the Chinese division wins
])
def test_world_city_rows(generated, zh, en, kind):
    entry = generated["generated-world-cities.tsv"].get(zh)
    assert ((entry.en, entry.kind) if entry else (None, None)) == (en, kind)


@pytest.mark.parametrize("zh, expected", [
    ("彦根市", "Hikone"), ("鹿儿岛市", "Kagoshima"), ("京都市", "Kyoto"), ("赤平市", "Akabira"),
    ("安城市", None), ("新城市", None), ("小城市", None), ("南阳市", None), ("东近江市", None),
])
def test_japanese_city_selection(generated, zh, expected):
    """Partner-prefecture cities are in; forms that would match ordinary Chinese are out;
    东近江市 is hand-curated."""
    entry = generated["generated-jp-cities.tsv"].get(zh)
    assert (entry.en if entry else None) == expected


@pytest.mark.parametrize("text, hits", [
    ("欧美国家", []), ("增加纳入", []), ("沿海地区", []), ("发展中国家", []), ("蒙古族同胞", []),
    ("该市长达三年", []), ("我市长期坚持", []), ("合理扩大使用范围", []), ("班主任", []),
    ("万柏林区", []), ("定南县", []), ("峨眉山市", []),  # other divisions: stop rows from the admin data
    ("昆士兰州", [("昆士兰州", "Queensland")]),
    ("湖南文理学院", [("湖南文理学院", "Hunan University of Arts and Science")]),
    ("中国国际友好城市大会", [("中国国际友好城市大会", "China International Friendship Cities Conference")]),
    ("省会城市长沙", [("长沙", "Changsha")]),
    ("副市长张三和市长李四", [("副市长", "Vice Mayor"), ("市长", "Mayor")]),
    ("习近平主席会见", [("习近平主席", "President Xi Jinping")]),
    ("文莱苏丹", [("文莱苏丹", "Sultan")]),
    ("朝鲜半岛", [("朝鲜半岛", "Korean Peninsula")]),
])
def test_glossary_finds_names_not_words(glossary, text, hits):
    """Forms inside ordinary words or other names are not found; the names themselves are."""
    assert [(text[h.start:h.end], h.en) for h in glossary.find(text)] == hits


def _bounds(words: list[str]) -> tuple[set[int], list[int]]:
    starts, owner, position = set(), [], 0
    for word in words:
        starts.add(position)
        owner.extend([position] * len(word))
        position += len(word)
    return starts | {position}, owner


@pytest.mark.parametrize("sentence, words, start, end, expected", [
    ("增加纳入", ["增加", "纳入"], 1, 3, False),  # 加纳 across two words
    ("欧美国家", ["欧美", "国家"], 1, 3, False),
    ("首都柏林", ["首都", "柏林"], 1, 4, False),  # 都柏林 starts inside 首都
    ("法国人", ["法国人"], 0, 2, True),  # the name begins a compound
    ("长沙举行", ["长沙", "举行"], 0, 2, True),
    ("南通市政府", ["南通", "市政府"], 0, 3, True),  # a division followed by its own organ
    ("乌鲁木齐市场", ["乌鲁木齐", "市场"], 0, 5, False),  # 市场 'market' is no organ
])
def test_aligned(sentence, words, start, end, expected):
    assert screen.aligned(start, end, sentence, _bounds(words)) is expected


@pytest.mark.parametrize("zh, reason", [
    ("鼎城区", ""), ("长沙市", ""), ("西安市", ""),  # 西安区 is a lower level: the city keeps 西安
    ("永定区", "also the short name of 永定区 (350803)"),
    ("中方县", "ordinary word 'the Chinese side'"),
    ("资阳区", "also the short name of 资阳市 (5120)"),
])
def test_short_form_reason(zh, reason):
    by_form: dict = {}
    for record in ADMIN:
        for form in {record["name"], record["ext_name"]}:
            by_form.setdefault(form, []).append(record)
    record = next(r for r in ADMIN if r["ext_name"] == zh and r["id"].startswith(("43", "61", "51")))
    item = {"zh": zh, "_short": record["name"], "_level": int(record["deep"]), "_id": record["id"]}
    assert screen.short_form_reason(item, by_form, {}).startswith(reason)
