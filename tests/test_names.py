"""romanise.py: Hanyu Pinyin romanisation hints for names the glossary does not cover."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import Config
from pipeline.glossary import Entry, Glossary
from pipeline.model import NameHint, Release, Segment
from pipeline.romanise import hint, romanise
from pipeline.segment import analyse
from pipeline.context import Context

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
        return Segment(id=id_, zh=zh, paragraph=1, names=analyse(zh, glossary)[2])

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
