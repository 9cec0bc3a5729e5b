"""Lexical coverage, third round (issue 24): dictionary references followed, grammar words not judged, a word
said twice judged once, and a coverb's predicate lost beside its kept names (docs/decisions/adequacy-lexical.md)."""
from __future__ import annotations

import pytest

from pipeline import dictionary
from pipeline.adequacy import english, glosses, lexical
from test_adequacy import P3, P3_ISSUE, P3_MODEL, P3_REVIEWED


@pytest.fixture(scope="module")
def analysed(glossary):
    from pipeline.adequacy.checks import analyse

    return lambda zh: analyse(zh, glossary)


def _glosses(word: str) -> list[str]:
    cedict = dictionary.load()
    return glosses.of((sense for sense in cedict.senses(word) if not sense.is_name), cedict)


@pytest.mark.parametrize("word, wanted", [
    ("中共", "Chinese Communist Party"),  # "abbr. for 中國共產黨|中国共产党[…], Chinese Communist Party": the tail
    ("家俱", "furniture"),  # "variant of 家具[jia1 ju4]" and nothing else: 家具's glosses
    ("东协", "ASEAN"),  # "abbr. for 東南亞國協|东南亚国协[…]": the full form's glosses
    ("物资", "supplies"),  # a word's own glosses as before
])
def test_dictionary_references_are_followed(word, wanted):
    assert any(wanted in gloss for gloss in _glosses(word))


@pytest.mark.parametrize("word, grammar", [
    ("在于", True),  # "to be in": function words only
    ("非常", True),  # "very"
    ("是不是", True),  # "is or isn't"
    ("没有", True),  # "haven't": English has no content word for it to be found by
    ("进一步", False),  # "one step further": content ("further" is no function word any more)
    ("捐赠", False),
    ("相通", False),
])
def test_a_word_whose_first_gloss_is_grammar_is_not_judged(word, grammar):
    assert glosses.grammatical(_glosses(word)) is grammar


@pytest.mark.parametrize("word, verb", [("捐赠", True), ("培训", True), ("医疗", False), ("物资", False), ("友谊", False)])
def test_a_verb_is_a_word_whose_first_gloss_says_to(word, verb):
    assert glosses.verb(_glosses(word)) is verb


@pytest.mark.parametrize("word, content", [("further", True), ("isn't", False), ("haven't", False), ("very", False)])
def test_english_content_words(word, content):
    assert (english.content_words(word) == [word]) is content


@pytest.mark.parametrize("zh, en, units", [
    # a word said twice in a row (学习学习 'study a bit') is one unit: the tune half's reference says it once
    ("认真再学习学习", "in hopes of comprehending thoroughly", ["认真", "学习"]),
    ("学习和学习", "study and study", ["学习", "学习"]),  # not in a row: two
    ("民相亲在于心相通", "close contact between the people", ["相亲", "相通"]),  # 在于 'to be in' is grammar
    ("我们究竟是不是有什么办法", "how to help", ["究竟", "办法"]),  # 是不是 "is or isn't" (a tune-half reference)
    ("进一步领会", "and further exploring", ["进一步", "领会"]),
])
def test_units_of_a_clause(analysed, zh, en, units):
    words, terms, names = analysed(zh)
    found = lexical.assess(zh, en, terms, words, names)
    assert [unit.zh for clause in found.clauses for unit in clause.units] == units


def test_further_renders_jin_yi_bu(analysed):
    zh = "进一步领会"
    words, terms, names = analysed(zh)
    units = lexical.assess(zh, "and further exploring", terms, words, names).clauses[0].units
    assert [(unit.zh, unit.rendered) for unit in units] == [("进一步", True), ("领会", False)]


COOPERATION = "双方签署了合作协议，"


@pytest.mark.parametrize("zh, en, missing", [
    # flagged: a coverb opens the clause, its names are in the English, its verb and object are not
    (P3, P3_ISSUE, ["向斯里兰卡阿努拉达普拉市捐赠医疗物资"]),  # the demo sample's p3 as issue 24 describes it
    ("代表团访问了日本，并向日本红十字会捐赠医疗物资。", "The delegation visited Japan and the Japanese Red Cross.",
     ["并向日本红十字会捐赠医疗物资"]),  # 并 before the coverb
    (COOPERATION + "为乌干达穆科诺市培训医生。", "The two sides signed a cooperation agreement with Mukono, Uganda.",
     ["为乌干达穆科诺市培训医生"]),
    (COOPERATION + "在北京人民大会堂举行仪式。", "The two sides signed a cooperation agreement in the Great Hall of "
     "the People in Beijing.", ["在北京人民大会堂举行仪式"]),
    # not flagged: the verb rendered, the object lost (one word of three said)
    (P3, P3_MODEL, []),
    (P3, P3_REVIEWED, []),
    ("向斯里兰卡捐赠医疗物资", "donated to Sri Lanka", []),
    (COOPERATION + "在北京人民大会堂举行仪式。", "The two sides signed a cooperation agreement and held a ceremony "
     "in the Great Hall of the People in Beijing.", []),
    # not flagged: no coverb opens the clause (a tune-half human reference, fragment as it is)
    ("总书记的话语极大的凝聚起了", "The remarks made by the general secretary have gathered", []),
    # the coverb's names lost too: flagged as a clause not rendered at all (unrendered), not as action_lost
    (COOPERATION + "为乌干达培训医生。", "The two sides signed a cooperation agreement.", ["为乌干达培训医生"]),
    # not flagged: nothing after the names is a verb
    (COOPERATION + "与斯里兰卡的友谊。", "The two sides signed a cooperation agreement with Sri Lanka.", []),
])
def test_a_coverb_predicate_lost_beside_its_names(analysed, zh, en, missing):
    words, terms, names = analysed(zh)
    coverage = lexical.assess(zh, en, terms, words, names)
    assert [item.clause.text for item in coverage.missing] == missing
    assert [item.clause.text for item in coverage.clauses if item.action_lost] == [
        text for text in missing if text != "为乌干达培训医生"]


def test_the_pipeline_reports_a_lost_coverb_predicate(analysed):
    """check_clause_missing does not leave it to glossary_terms_used: the clause's names are all there."""
    from pathlib import Path

    from pipeline.adequacy.checks import check_clause_missing
    from pipeline.model import Meta, Release, Segment

    _, terms, _ = analysed(P3)
    draft = Segment("p3.s1", P3, paragraph=3, terms=terms, en=P3_ISSUE, origin="engine", confidence=0.77)
    release = Release(Path("release.txt"), "标题", Meta(date="2021-11-07"), segments=(draft,))
    assert [issue.message.split(" ‘")[0] for issue in check_clause_missing(draft, release)] == [
        "向斯里兰卡阿努拉达普拉市捐赠医疗物资"]


@pytest.mark.parametrize("en, added", [
    # five content words, none licensed (MIN_WORDS 5; it was 6): "chairman zhang dejiang presided meeting"
    ("Changde and Higashiomi have been sister cities since 1994. Chairman Zhang Dejiang presided over the meeting.",
     ["Chairman Zhang Dejiang presided over the meeting."]),
    # four: too short to judge
    ("Changde and Higashiomi have been sister cities since 1994. Uber recently signed up.", []),
])
def test_added_sentences_from_five_content_words(analysed, en, added):
    zh = "常德与东近江市自1994年缔结友好城市以来，双方共互访40批350人次。"
    words, terms, names = analysed(zh)
    assert list(lexical.assess(zh, en, terms, words, names).added) == added
