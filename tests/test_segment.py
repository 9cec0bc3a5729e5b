"""segment.py: sentence boundaries (case table), segment ids, and jieba words that keep glossary terms whole."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import sample_sources
from pipeline.config import Config
from pipeline.formats import read_release
from pipeline.glossary import Entry, Glossary
from pipeline.model import Release
from pipeline.context import Context
from pipeline.runner import run
from pipeline.stages.segment import segment, split_sentences
from pipeline.stages.terms import words

# (paragraph, semicolon option, expected sentences)
SENTENCES = [
    pytest.param("双方进行了会谈。探讨了未来交流计划。", False,
                 ["双方进行了会谈。", "探讨了未来交流计划。"], id="two-full-stops"),
    pytest.param("市商务局负责人表示：“今年外贸进出口总额达到90亿元。”《办法》实施以来成效明显。", False,
                 ["市商务局负责人表示：“今年外贸进出口总额达到90亿元。”", "《办法》实施以来成效明显。"],
                 id="full-stop-closing-double-quote"),
    pytest.param("市长在贺信中说：「两市的友谊历久弥新！」常德市人民政府表示感谢。", False,
                 ["市长在贺信中说：「两市的友谊历久弥新！」", "常德市人民政府表示感谢。"],
                 id="exclamation-closing-corner-bracket"),
    pytest.param("会议讨论了三个问题（是否延期？）会后发布公告。", False,
                 ["会议讨论了三个问题（是否延期？）", "会后发布公告。"], id="question-closing-paren"),
    pytest.param("他说：“（详见附件。）”随后散会。", False,
                 ["他说：“（详见附件。）”", "随后散会。"], id="several-closers"),
    pytest.param("“你好！”“欢迎来常德！”", False, ["“你好！”", "“欢迎来常德！”"], id="quote-after-quote"),
    pytest.param("《关于促进开放型经济发展。若干意见》已经印发。", False,
                 ["《关于促进开放型经济发展。若干意见》已经印发。"], id="full-stop-inside-title"),
    pytest.param("电影《奋斗吧！青年？》在常德首映。观众反响热烈。", False,
                 ["电影《奋斗吧！青年？》在常德首映。", "观众反响热烈。"], id="exclamation-inside-title"),
    pytest.param("《常德市外商投资促进办法》实施以来，我市已累计引进外资企业一百余家。", False,
                 ["《常德市外商投资促进办法》实施以来，我市已累计引进外资企业一百余家。"], id="title-first"),
    pytest.param("常德常年出口柑橘、葡萄……等产品。", False,
                 ["常德常年出口柑橘、葡萄……等产品。"], id="ellipsis-then-deng-continues"),
    pytest.param("柑橘、葡萄……，品质优良。", False, ["柑橘、葡萄……，品质优良。"], id="ellipsis-then-comma"),
    pytest.param("力争新增外资项目不少于20个……推动开放型经济高质量发展。", False,
                 ["力争新增外资项目不少于20个……", "推动开放型经济高质量发展。"], id="ellipsis-ends"),
    pytest.param("各项工作有序推进……", False, ["各项工作有序推进……"], id="ellipsis-at-end"),
    pytest.param("真的吗？！是的。", False, ["真的吗？！", "是的。"], id="question-exclamation-run"),
    pytest.param("总投资3.5亿元。增长12.6%。", False, ["总投资3.5亿元。", "增长12.6%。"], id="decimal-point"),
    pytest.param("一是优化营商环境；二是扩大开放。", False,
                 ["一是优化营商环境；二是扩大开放。"], id="semicolon-off"),
    pytest.param("一是优化营商环境；二是扩大开放。", True,
                 ["一是优化营商环境；", "二是扩大开放。"], id="semicolon-on"),
    pytest.param("《意见》提出：一是稳外贸；二是稳外资。", True,
                 ["《意见》提出：一是稳外贸；", "二是稳外资。"], id="semicolon-on-after-title"),
    pytest.param("《甲；乙》印发。", True, ["《甲；乙》印发。"], id="semicolon-inside-title"),
    pytest.param("The delegation arrived! 随后举行会谈。", False,
                 ["The delegation arrived!", "随后举行会谈。"], id="ascii-exclamation"),
    pytest.param("会议持续推进中", False, ["会议持续推进中"], id="no-final-punctuation"),
    pytest.param("", False, [], id="empty"),
]


@pytest.mark.parametrize("paragraph, semicolon, expected", SENTENCES)
def test_split_sentences(paragraph, semicolon, expected):
    sentences = split_sentences(paragraph, semicolon=semicolon)
    assert sentences == expected
    assert "".join(sentences).replace(" ", "") == paragraph.replace(" ", "")  # nothing lost or added


def release(headline: str, *paragraphs: str) -> Release:
    return Release(path=Path("release.txt"), headline=headline, paragraphs=paragraphs)


def test_ids_headline_first_then_paragraph_and_sentence_numbers():
    result = segment(release("常德召开会议。部署下半年工作！", "甲。乙。丙。", "丁。"),
                     Context(config=Config(), glossary=Glossary([])))
    assert [(s.id, s.zh, s.paragraph) for s in result.segments] == [
        ("p0.s1", "常德召开会议。部署下半年工作！", 0),  # a headline is one segment
        ("p1.s1", "甲。", 1), ("p1.s2", "乙。", 1), ("p1.s3", "丙。", 1),
        ("p2.s1", "丁。", 2),
    ]


@pytest.mark.parametrize("semicolon, count", [(False, 2), (True, 3)])
def test_semicolon_option_comes_from_the_context(semicolon, count):
    ctx = Context(config=Config(split_semicolon=semicolon), glossary=Glossary([]))
    result = segment(release("标题", "一是稳外贸；二是稳外资。"), ctx)
    assert len(result.segments) == count


@pytest.mark.parametrize("path", sample_sources(), ids=lambda p: p.parent.name)
def test_sample_segments(path, spine_context):
    result = run(read_release(path), spine_context, stop_after="segment")
    ids = [s.id for s in result.segments]
    assert ids[0] == "p0.s1"
    assert len(ids) == len(set(ids))
    for seg in result.segments:
        assert seg.zh and seg.words
        assert "".join(seg.words) == seg.zh.replace(" ", "")
        assert seg.id.startswith(f"p{seg.paragraph}.s")


# --- words: jieba with every glossary term kept whole ---------------------------------------------
def word_spans(text: str, glossary) -> list[tuple[int, int]]:
    spans, position = [], 0
    for word in words(text, glossary):
        start = text.index(word, position)
        spans.append((start, start + len(word)))
        position = start + len(word)
    return spans


def sample_sentences(glossary) -> list[str]:
    ctx = Context(config=Config(), glossary=glossary)
    return [seg.zh for path in sample_sources()
            for seg in run(read_release(path), ctx, stop_after="segment").segments]


def test_every_glossary_form_in_the_samples_is_never_split(glossary):
    checked = set()
    for sentence in sample_sentences(glossary):
        spans = word_spans(sentence, glossary)
        for form in glossary.forms:
            start = sentence.find(form)
            while start >= 0:
                end = start + len(form)
                # the word holding the form's first character also holds its last
                assert any(a <= start and end <= b for a, b in spans), (form, words(sentence, glossary))
                checked.add(form)
                start = sentence.find(form, start + 1)
    assert len(checked) >= 10  # the samples do exercise the glossary


def test_every_term_hit_in_the_samples_is_exactly_one_word(glossary):
    hits = 0
    for sentence in sample_sentences(glossary):
        found = words(sentence, glossary)
        for hit in glossary.find(sentence):
            assert sentence[hit.start:hit.end] in found
            hits += 1
    assert hits >= 20


# sentences where jieba on its own cuts a glossary name apart; one small glossary holds all the entries
# (each distinct glossary costs one jieba dictionary load, about a second)
SPLIT_BY_JIEBA_ALONE = [
    ("常德常年向东近江市出口柑橘、葡萄、蔬菜等产品。", Entry("东近江市", "Higashiomi", "city")),
    ("向斯里兰卡阿努拉达普拉市捐赠医疗物资。", Entry("阿努拉达普拉市", "Anuradhapura", "city")),
    ("双方开展“云外交”50余次。", Entry("云外交", "cloud diplomacy", "term")),
    ("融入长江经济带建设。", Entry("长江经济带", "Yangtze River Economic Belt", "strategy")),
    ("伊普斯维奇是澳大利亚城市。",
     Entry("伊普斯维奇市", "Ipswich", "city", variants=("伊普斯维奇",))),
]
SMALL_GLOSSARY = Glossary([entry for _, entry in SPLIT_BY_JIEBA_ALONE])


@pytest.mark.parametrize("sentence, entry", SPLIT_BY_JIEBA_ALONE,
                         ids=[entry.en for _, entry in SPLIT_BY_JIEBA_ALONE])
def test_glossary_term_whole_where_jieba_alone_splits_it(sentence, entry):
    form = next(form for form in entry.forms if form in sentence)
    assert form not in words(sentence)  # plain jieba
    found = words(sentence, SMALL_GLOSSARY)
    assert form in found
    assert "".join(found) == sentence
