"""romanise.py and name_kinds.py: pinyin hints for Chinese names only, the English of other names, added names."""
from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline.config import Config
from pipeline.glossary import Entry, Glossary
from pipeline.context import Context
from pipeline.model import NameHint, Release, Segment, TermHit
from pipeline.names.classify import classify
from pipeline.names.english import rendering_of, unlicensed_names, with_renderings
from pipeline.names.romanise import hint_note, kind_in, pinyin_written, romanise
from pipeline.stages.names import hint_names as hint
from pipeline.stages.names import tagged
from pipeline.stages.segment import tokens
from pipeline.stages.terms import find


def analyse(sentence, glossary):
    """The words (unused here), terms and names of one sentence, as the stages find them."""
    cut = tokens(sentence)
    hits = find(sentence, glossary, cut=cut)
    return (), hits, tagged(cut, hits)

ROMANISE = [
    ("赵克志", "nr", "Zhao Kezhi"),
    ("王毅", "nr", "Wang Yi"),
    ("欧阳修", "nr", "Ouyang Xiu"),  # compound surname stays one word
    ("司马光", "nr", "Sima Guang"),
    ("诸葛亮", "nr", "Zhuge Liang"),
    ("西安", "ns", "Xi'an"),  # apostrophe before a syllable starting with a/o/e
    ("延安", "ns", "Yan'an"),
    ("天安门", "ns", "Tian'anmen"),
    ("长沙", "ns", "Changsha"),
    ("重庆", "ns", "Chongqing"),  # polyphonic 重 read as in the place name
    ("厦门", "ns", "Xiamen"),
    ("湖南省", "ns", "Hunan Province"),
    ("常德市", "ns", "Changde"),  # cities are written without "City"
    ("桃源县", "ns", "Taoyuan County"),
    ("武陵区", "ns", "Wuling District"),
    ("德山镇", "ns", "Deshan Town"),
    ("黄土店镇", "ns", "Huangtudian Town"),
    ("河口村", "ns", "Hekou Village"),
    ("西藏自治区", "ns", "Xizang Autonomous Region"),  # an autonomous region whose name holds no people
    ("湘西土家族苗族自治州", "ns", "Xiangxi Tujia and Miao Autonomous Prefecture"),
]


@pytest.mark.parametrize("word, tag, english", ROMANISE)
def test_romanise(word, tag, english):
    assert romanise(word, tag) == english


@pytest.mark.parametrize("word, tag, english", [("吕梁", "ns", "Lüliang"), ("吕大明", "nr", "Lü Daming")])
def test_romanise_u_umlaut(word, tag, english):
    assert romanise(word, tag) == english


@pytest.mark.parametrize("word, english", [("单田芳", "Shan Tianfang"), ("曾国藩", "Zeng Guofan"),
                                           ("解振华", "Xie Zhenhua")])
def test_romanise_surname_readings(word, english):
    assert romanise(word, "nr") == english


def test_hint_stage_skips_glossary_names_and_adds_reviewer_notes():
    glossary = Glossary([Entry("西安", "Xi'an", "city")])
    ctx = Context(config=Config(), glossary=glossary)
    def tagged(id_: str, zh: str) -> Segment:  # as the segment stage leaves it: names tagged by jieba
        cut = tokens(zh)  # as the segment and terms stages leave it
        return Segment(id=id_, zh=zh, paragraph=1, tokens=cut, terms=find(zh, glossary, cut=cut))

    release = Release(path=Path("r.txt"), headline="标题", segments=(
        tagged("p1.s1", "王毅在西安会见了湖南省代表团。"),
        tagged("p1.s2", "王毅表示欢迎。王毅随后离开。"),
    ))
    result = hint(release, ctx)
    first, second = result.segments
    assert NameHint("王毅", "Wang Yi", "nr") in first.hints
    assert NameHint("湖南省", "Hunan Province", "ns") in first.hints
    assert all(h.zh != "西安" for h in first.hints)  # the glossary decides, not pinyin
    assert "automatic romanisation (check): 王毅 → Wang Yi" in first.notes
    assert [h.zh for h in second.hints] == ["王毅"]  # once per segment
    assert release.segments[0].hints == ()  # the input release is untouched


# --- what a name is: only Chinese names get pinyin (issue #11) -----------------------------------

CLASSIFY = [
    # Chinese persons, compound surnames included
    ("王毅", "nr", "chinese"), ("赵克志", "nr", "chinese"), ("李克强", "nr", "chinese"),
    ("欧阳修", "nr", "chinese"), ("司马光", "nr", "chinese"), ("诸葛亮", "nr", "chinese"),
    ("华春莹", "nr", "chinese"), ("张高丽", "nr", "chinese"),
    # Chinese places: the division data, with or without the suffix
    ("常德市", "ns", "chinese"), ("常德", "ns", "chinese"), ("湘潭市", "ns", "chinese"),
    ("桃源县", "ns", "chinese"), ("浏阳", "ns", "chinese"), ("重庆市", "ns", "chinese"),
    ("德宏州", "nr", "chinese"),  # jieba calls a prefecture a person; the division list knows better
    # Japanese places (municipalities data) and persons (a Japanese two-character surname)
    ("东近江市", "ns", "japanese"), ("鹿儿岛", "ns", "japanese"), ("广岛", "ns", "japanese"),
    ("安倍晋三", "nr", "japanese"), ("岸田文雄", "nr", "japanese"),
    # Korean places (CLDR cities, the glossary's Korean rows)
    ("首尔", "ns", "korean"), ("富川市", "ns", "korean"), ("平壤", "ns", "korean"),
    # transliterations: Europe, the Americas, Africa; persons and places
    ("特梅尔", "nr", "foreign"), ("默克尔", "nr", "foreign"), ("特朗普", "nr", "foreign"),
    ("普京", "nr", "foreign"), ("斯科特", "nr", "foreign"), ("伊普斯维奇", "ns", "foreign"),
    ("马赛", "ns", "foreign"), ("斯洛文尼亚", "ns", "foreign"), ("布宜诺斯艾利斯", "ns", "foreign"),
    ("约翰内斯堡", "ns", "foreign"), ("内罗毕", "ns", "foreign"), ("阿克拉", "ns", "foreign"),
    ("查韦斯", "nr", "foreign"), ("格雷戈里", "nr", "foreign"), ("蒙特利尔", "ns", "foreign"),
    ("迪蒙·迪维尔", "ns", "foreign"),  # the middle dot joins the parts of foreign names only
]


@pytest.mark.parametrize("word, tag, kind", CLASSIFY)
def test_classify(word, tag, kind):
    assert classify(word, tag) == kind


@pytest.mark.parametrize("text, word, kind", [
    ("乔治·多尔西陪他到监狱。", "多尔西", "foreign"),  # beside a middle dot: foreign whatever the word
    ("王毅在西安会见代表团。", "王毅", "chinese"),  # first word of the text: no dot before it
])
def test_kind_in_context(text, word, kind):
    assert kind_in(text, word, "nr", text.index(word)) == kind


def test_hint_stage_gives_foreign_names_no_pinyin_and_a_verify_note():
    ctx = Context(config=Config(), glossary=Glossary([]))
    release = Release(path=Path("r.txt"), headline="标题", segments=(
        # after 巴西总统 特梅尔 is a foreign official (tests/test_officials.py)
        Segment(id="p1.s1", zh="特梅尔会见了王毅。", paragraph=1, tokens=tokens("特梅尔会见了王毅。")),))
    segment = hint(release, ctx).segments[0]
    by_zh = {h.zh: h for h in segment.hints}
    assert by_zh["特梅尔"] == NameHint("特梅尔", "", "nr", "foreign")
    assert by_zh["王毅"] == NameHint("王毅", "Wang Yi", "nr", "chinese")
    assert "name not in glossary: 特梅尔 (foreign name, verify the English)" in segment.notes
    assert not any("Te Mei" in note for note in segment.notes)


def test_with_renderings_shows_the_drafts_english_for_a_foreign_name():
    ctx = Context(config=Config(), glossary=Glossary([]))
    release = Release(path=Path("r.txt"), headline="标题", segments=(
        # after 巴西总统 特梅尔 is a foreign official (tests/test_officials.py)
        Segment(id="p1.s1", zh="特梅尔会见了王毅。", paragraph=1, tokens=tokens("特梅尔会见了王毅。")),))
    hinted = hint(release, ctx).segments[0]
    drafted = with_renderings(replace(hinted, en="Brazilian President Temer met Wang Yi."))
    assert "name not in glossary: 特梅尔 → 'Temer' (verify)" in drafted.notes
    assert "automatic romanisation (check): 王毅 → Wang Yi" in drafted.notes
    assert with_renderings(replace(hinted, en="The president met Wang Yi.")).notes == hinted.notes


@pytest.mark.parametrize("kind, rendering, note", [
    ("foreign", "", "name not in glossary: 特梅尔 (foreign name, verify the English)"),
    ("foreign", "Temer", "name not in glossary: 特梅尔 → 'Temer' (verify)"),
    ("japanese", "", "name not in glossary: 特梅尔 (Japanese name, verify the English)"),
])
def test_hint_note(kind, rendering, note):
    assert hint_note(NameHint("特梅尔", "", "nr", kind), rendering) == note


RENDERING = [
    ("特梅尔", "foreign", "Brazilian President Michel Temer said on Monday.", (), "Temer"),
    ("马克龙", "foreign", "Xi Jinping met French President Macron in Beijing.", ("Xi Jinping",), "Macron"),
    ("默克尔", "foreign", "German Chancellor Angela Merkel arrived.", (), "Merkel"),
    ("伊普斯维奇", "foreign", "A delegation from Ipswich visited Changde.", ("Changde",), "Ipswich"),
    ("马赛", "foreign", "The mayor of Marseille met Wang Yi.", ("Wang Yi",), "Marseille"),
    ("华盛顿", "foreign", "Talks were held in Washington on Friday.", (), "Washington"),
    ("东近江市", "japanese", "A delegation from Higashiomi City visited Changde.", ("Changde",), "Higashiomi"),
    ("首尔", "korean", "The forum opened in Seoul.", (), "Seoul"),
    ("特梅尔", "foreign", "The president said on Monday.", (), ""),  # not in the draft: nothing
    ("特梅尔", "foreign", "Wang Yi met the delegation.", ("Wang Yi",), ""),  # other names are never taken
    ("普京", "foreign", "President Trump spoke to reporters.", (), ""),  # sounds unlike: nothing
]


@pytest.mark.parametrize("name, kind, en, others, expected", RENDERING)
def test_rendering_of(name, kind, en, others, expected):
    assert rendering_of(name, kind, en, others) == expected


@pytest.mark.parametrize("word, en, written", [
    ("特梅尔", "President Te Mei'er said", "Te Mei'er"),
    ("特梅尔", "President Temeier said", "Temeier"),
    ("特梅尔", "President Temer said", ""),
    ("王毅", "Foreign Minister Yi Wang spoke", "Yi Wang"),  # either order for persons
])
def test_pinyin_written(word, en, written):
    assert pinyin_written(word, en) == written


UNLICENSED = [
    # the case: a Slovenian city became "Marseilles, France"
    ("马里博尔市长访问常德。", "The mayor of Marseilles, France visited Changde.", ["Marseilles", "France"]),
    ("马里博尔市长访问常德。", "The mayor of Maribor visited Changde.", []),  # sounds like 马里博尔
    ("法国马赛市长访问常德。", "The mayor of Marseille, France visited Changde.", []),  # 法国 licenses France
    ("习近平在北京会见法国总统马克龙。", "Xi Jinping met French President Macron in Beijing.", []),
    ("中美两国元首会晤。", "The heads of state of China and the United States met.", []),  # 美 for America
    ("港澳台同胞座谈会召开。", "A forum of compatriots from Hong Kong, Macao and Taiwan was held.", []),
    ("会议在长沙举行。", "The meeting was held in Changsha, attended by Japanese guests.", ["Japanese"]),
    ("会议在长沙举行。", "On Monday, the Standing Committee met in Changsha in March.", []),
    ("土耳其总统埃尔多安致贺电。", "Turkish President Erdogan sent a message.", []),  # 土耳其, 埃尔多安 by sound
    ("他说，这是一个好消息。", "He said this was good news for Paris.", ["Paris"]),
]


@pytest.mark.parametrize("zh, en, names", UNLICENSED)
def test_unlicensed_names(zh, en, names):
    assert unlicensed_names(zh, en) == names


def test_unlicensed_names_accepts_glossary_terms_hints_and_a_lookup():
    zh, en = "代表团访问了马赛。", "The delegation visited Marseilles."
    assert unlicensed_names(zh, en) == ["Marseilles"]  # 马赛 ma-sai sounds too little like it
    assert unlicensed_names(zh, en, [TermHit("马赛", "Marseille", "city", 6, 8)]) == []
    assert unlicensed_names(zh, en, hints=[NameHint("马赛", "", "ns", "foreign")]) == ["Marseilles"]
    assert unlicensed_names(zh, en, lookup={"Marseilles": ["马赛"]}.get) == []


REPO = Path(__file__).resolve().parent.parent


def test_name_data_is_up_to_date():
    """tools/build_name_kinds.py --check: pipeline/data/name_kinds.json.gz matches a fresh build from its sources."""
    result = subprocess.run([sys.executable, str(REPO / "tools" / "build_name_kinds.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_bench_counts_foreign_names_written_as_pinyin(tmp_path):
    drafts = tmp_path / "drafts.tsv"
    drafts.write_text("zh\ten\n巴西总统特梅尔表示欢迎。\tBrazilian President Te Mei'er welcomed it.\n"
                      "巴西总统特梅尔表示欢迎。\tBrazilian President Temer welcomed it.\n", encoding="utf-8")
    result = subprocess.run([sys.executable, str(REPO / "benchmarks" / "bench_names.py"), "--drafts", str(drafts)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "en: 特梅尔 (foreign) written as pinyin 'Te Mei'er'" in result.stdout
    assert "| en | 1 of 2 | 0 of 2 |" in result.stdout
