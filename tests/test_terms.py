"""Which glossary matches count in a sentence: word boundaries, enclosing names, release short forms."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import Config
from pipeline.context import Context
from pipeline.glossary import Entry, Glossary
from pipeline.model import Release
from pipeline.stages.names import tagged
from pipeline.stages.segment import segment, tokens
from pipeline.stages.terms import find, find_terms, merged_words


def analyse(sentence, glossary):
    """The words, terms and names of one sentence, as the segment, terms and names stages find them."""
    cut = tokens(sentence)
    hits = find(sentence, glossary, cut=cut)
    return merged_words(sentence, cut, hits), hits, tagged(cut, hits)

GLOSSARY = Glossary([
    Entry("兰州市", "Lanzhou", "city", ("兰州",)),
    Entry("湖南省", "Hunan Province", "province", ("湖南",)),
    Entry("湘潭市", "Xiangtan", "city", ("湘潭",)),
    Entry("京都市", "Kyoto", "city"),
    Entry("东京", "Tokyo", "city"),
    Entry("东近江市", "Higashiomi", "city"),
    Entry("常德市", "Changde", "city", ("常德",)),
    Entry("友好城市", "sister city", "term", ("友城",)),
    Entry("中国", "China", "country"),
    Entry("澳大利亚", "Australia", "country"),
    Entry("安乡县", "Anxiang County", "county"),
    Entry("隆重庆祝", "(not a name)", "stop"),
    Entry("重庆市", "Chongqing", "municipality", ("重庆",)),
])

# sentence, the (glossary zh, required English) pairs found, in order
BOUNDARY_CASES = [
    # a form inside one longer word is no hit
    ("澳大利亚昆士兰州伊普斯维奇市", [("澳大利亚", "Australia")]),           # 兰州 in 昆士兰州 (Queensland)
    ("湘潭县和湘潭市签约", [("湘潭市", "Xiangtan")]),                         # 湘潭 in 湘潭县 (another place)
    # a form that cuts a place name jieba knows is no hit; the name inside it still counts
    ("东京都市圈建设", [("东京", "Tokyo")]),                                 # 京都市 across 东京|都市
    # a generic term inside an organisation or event name is not forced
    ("中国国际友好城市大会在长沙举行", [("中国", "China")]),
    ("两市缔结友好城市关系", [("友好城市", "sister city")]),                  # an ordinary use: forced
    ("常德与东近江市是友城。", [("常德市", "Changde"), ("东近江市", "Higashiomi"), ("友好城市", "sister city")]),
    # a place that names an organisation only needs its bare name
    ("湖南文理学院与东近江市签约", [("湖南省", "Hunan"), ("东近江市", "Higashiomi")]),
    ("湖南省与东近江市签约", [("湖南省", "Hunan Province"), ("东近江市", "Higashiomi")]),
    # forms that are names of their own, next to words jieba cuts oddly
    ("向东近江市出口柑橘", [("东近江市", "Higashiomi")]),                    # jieba: 向东|近|江市
    ("东近江市市长致辞", [("东近江市", "Higashiomi")]),
    # a stop phrase still blocks the shorter form inside it
    ("隆重庆祝建党百年", []),
    ("重庆市代表团访问常德", [("重庆市", "Chongqing"), ("常德市", "Changde")]),
]


@pytest.mark.parametrize("sentence, expected", BOUNDARY_CASES, ids=[case[0] for case in BOUNDARY_CASES])
def test_a_glossary_form_counts_only_where_it_is_a_name(sentence, expected):
    _words, hits, _names = analyse(sentence, GLOSSARY)
    assert [(hit.zh, hit.en) for hit in hits] == expected


@pytest.mark.parametrize("sentence, expected", BOUNDARY_CASES, ids=[case[0] for case in BOUNDARY_CASES])
def test_every_hit_is_one_word_and_the_words_rebuild_the_sentence(sentence, expected):
    words, hits, _names = analyse(sentence, GLOSSARY)
    assert "".join(words) == sentence
    assert all(sentence[hit.start:hit.end] in words for hit in hits)


def test_a_form_turned_down_leaves_its_word_to_romanisation():
    _words, hits, names = analyse("澳大利亚昆士兰州伊普斯维奇市", GLOSSARY)
    assert "兰州市" not in [hit.zh for hit in hits] and "昆士兰州" in [name.zh for name in names]


def released(headline: str, *paragraphs: str):
    release = Release(path=Path("r.txt"), headline=headline, paragraphs=paragraphs)
    ctx = Context(config=Config(), glossary=GLOSSARY)
    return find_terms(segment(release, ctx), ctx).segments


# headline, paragraphs, segment id, the (glossary zh, form in the text) pairs of that segment
SHORT_FORM_CASES = [
    # the release gives the full form: its short form is that place everywhere, the headline included
    ("常德与东近江签约", ("常德市与日本东近江市缔结友好城市。",), "p0.s1", [("常德市", "常德"), ("东近江市", "东近江")]),
    ("标题", ("东近江市市长来访。东近江代表团随后离开。",), "p1.s2", [("东近江市", "东近江")]),
    # no full form in the release: the short form alone is no glossary form
    ("东近江代表团来访", ("代表团参观了工厂。",), "p0.s1", []),
    # county: 安乡县 -> 安乡
    ("标题", ("安乡县与常德市签约。安乡将扩大出口。",), "p1.s2", [("安乡县", "安乡")]),
    # the short form inside a longer word is still no hit
    ("标题", ("安乡县代表团访问常德。安乡县城很美。",), "p1.s2", [("安乡县", "")]),
]


@pytest.mark.parametrize("headline, paragraphs, segment_id, expected", SHORT_FORM_CASES)
def test_short_forms_of_places_the_release_names_in_full(headline, paragraphs, segment_id, expected):
    found = next(seg for seg in released(headline, *paragraphs) if seg.id == segment_id)
    assert [(hit.zh, hit.matched) for hit in found.terms] == expected
