"""New-term discovery: uncovered names jieba tags, with frequency, context and a romanisation, as TSV rows."""
from __future__ import annotations

import pytest

from pipeline.glossary import COLUMNS, read_tsv
from pipeline.glossary.lint import lint
from pipeline.names.romanise import syllables
from pipeline.names.suggest import as_tsv, suggest

# 义乌市 (Zhejiang): a county-level city the shipped glossary does not hold (only Hunan's are generated)
TEXT = "代表团访问了义乌市和常德市。义乌市代表表示，将与东近江市加强合作。"


def test_suggest_lists_an_uncovered_place_with_count_context_and_pinyin(glossary):
    suggestions = {s.zh: s for s in suggest([("release.txt", TEXT)], glossary)}
    yiwu = suggestions["义乌市"]
    assert (yiwu.tag, yiwu.count, yiwu.en, yiwu.kind) == ("ns", 2, "Yiwu", "city")
    assert yiwu.context == f"release.txt: {TEXT}"  # evidence: the first sentence it is in (here the headline)
    assert "常德市" not in suggestions and "东近江市" not in suggestions and "常德" not in suggestions


def test_suggestions_paste_into_a_clean_glossary(tmp_path, glossary):
    text = as_tsv(suggest([("release.txt", TEXT)], glossary))
    assert text.splitlines()[0] == "\t".join(COLUMNS)
    (tmp_path / "proposed.tsv").write_text(text, encoding="utf-8")
    entries = read_tsv(tmp_path / "proposed.tsv")
    assert entries and all(e.status == "proposed" and e.source for e in entries)
    assert lint(tmp_path) == []


def test_cli_suggest_prints_tsv(tmp_path, run_cli):
    path = tmp_path / "release.txt"
    path.write_text("义乌市与常德市\n\n代表团访问了义乌市和常德市。\n", encoding="utf-8")
    result = run_cli(["glossary", "suggest", path])
    assert result.code == 0
    rows = [line.split("\t") for line in result.stdout.splitlines()[1:]]
    assert ["义乌市", "Yiwu", "city", "", "", "proposed"] in [row[:6] for row in rows]


def test_cli_suggest_missing_file_is_a_user_error(tmp_path, run_cli):
    result = run_cli(["glossary", "suggest", tmp_path / "nope.txt"])
    assert result.code == 2 and result.stderr.startswith("error: ")


FOREIGN = "特梅尔会见了代表团。特梅尔表示欢迎。"  # after 巴西总统, an official: tests/test_officials.py


def test_suggest_offers_a_foreign_name_with_the_english_of_a_draft_not_pinyin(glossary):
    english = {"release.txt": "Brazilian President Temer met the delegation. Temer welcomed them."}
    temer = {s.zh: s for s in suggest([("release.txt", FOREIGN)], glossary, english)}["特梅尔"]
    assert (temer.name_kind, temer.en, temer.count) == ("foreign", "Temer", 2)
    assert "English from the reviewed English (--english for release.txt)" in temer.cells()[6]


def test_suggest_lists_a_foreign_name_without_english_as_a_comment(tmp_path, glossary):
    text = as_tsv(suggest([("release.txt", FOREIGN)], glossary))
    line = next(line for line in text.splitlines() if "特梅尔" in line)
    assert line.startswith("# 特梅尔") and "needs an English name; foreign name" in line and "Te Mei" not in text
    (tmp_path / "proposed.tsv").write_text(text, encoding="utf-8")
    assert lint(tmp_path) == [] and all(e.zh != "特梅尔" for e in read_tsv(tmp_path / "proposed.tsv"))


def test_cli_suggest_with_english(tmp_path, run_cli):
    zh, en = tmp_path / "release.txt", tmp_path / "release.en.txt"
    zh.write_text("特梅尔会见代表团\n\n" + FOREIGN + "\n", encoding="utf-8")
    en.write_text("Temer meets delegation\n\nBrazilian President Temer met the delegation.\n", encoding="utf-8")
    result = run_cli(["glossary", "suggest", zh, "--english", en])
    assert result.code == 0
    rows = [line.split("\t") for line in result.stdout.splitlines()[1:]]
    assert ["特梅尔", "Temer", "person"] in [row[:3] for row in rows]
    mismatch = run_cli(["glossary", "suggest", zh, zh, "--english", en])
    assert mismatch.code == 2 and "one --english text per release" in mismatch.stderr


# --- issue 31: proposals a maintainer can approve -----------------------------------------------------

PROPOSALS = [
    # whole names only: a transliteration the tagger cut into pieces, with its 市
    ("fragments joined", "法国图卢兹市副市长瓦尔蒂基耶率团来访。", "瓦尔蒂基耶", "", ("瓦尔", "基耶")),
    ("a trailing 市", "叙政府军攻入代尔祖尔市，解除了围困。", "代尔祖尔市", "", ("代尔", "祖尔")),
    # names, not words: a generic institution word is none; after a place it names an institution
    ("common words", "他们参观了美术馆和外事办公室。", None, None, ("美术馆", "外事办公室")),
    ("a generic head after a place", "代表团参观了湖南省美术馆。", "湖南省美术馆", "", ("美术馆",)),
    # English a maintainer can keep: an organisation from CC-CEDICT, else empty, never pinyin syllables
    ("an organisation from the dictionary", "代表团考察了国家开发银行重庆分行。", "国家开发银行",
     "China Development Bank", ()),
    ("an organisation with no English", "浦发银行二季度增持股份。", "浦发银行", "", ()),
    # a foreign person whose name starts with a common Chinese surname character
    ("a foreign person", "美国将军麦克阿瑟的故居对外开放。", "麦克阿瑟", "Douglas MacArthur", ()),
    # pinyin in the glossary's style, for Chinese persons and places only
    ("a Chinese person", "王沪宁出席会议并讲话。", "王沪宁", "Wang Huning", ()),
    ("a Chinese place with its 区", "重庆市武隆区代表出席。", "武隆区", "Wulong District", ("武隆",)),
    # the release's own spelling in brackets
    ("brackets", "法国总统马克龙（Emmanuel Macron）表示欢迎。", "马克龙", "Emmanuel Macron", ()),
    # never a fragment: a transliteration glued to a glossary place is the rest of a longer name (a club)
    ("a piece after a glossary place", "巴黎圣日尔曼足球俱乐部可以用现金签约。", None, None, ("圣日尔曼",)),
    # … nor the dictionary's place (尼玛 county) where a title says a person stands (尼玛次仁)
    ("a dictionary place as a person", "西藏自治区体育局副局长尼玛次仁表示欢迎。", None, None, ("尼玛",)),
    # a building the tagger took for a person is a place, one word of pinyin
    ("a building", "国务院副总理汪洋在中南海紫光阁会见了代表团。", "紫光阁", "Ziguangge", ()),
    # an autonomous county in the glossary's style, not syllables run together
    ("an autonomous county", "重庆市秀山土家族苗族自治县代表出席。", "秀山土家族苗族自治县",
     "Xiushan Tujia and Miao Autonomous County", ()),
]


@pytest.mark.parametrize("case, text, zh, en, absent", PROPOSALS, ids=[case[0] for case in PROPOSALS])
def test_proposals_maintainers_can_approve(glossary, case, text, zh, en, absent):
    found = {s.zh: s for s in suggest([("release.txt", "标题\n" + text)], glossary)}
    assert not set(absent) & set(found)
    if zh is not None:
        assert zh in found and found[zh].context == f"release.txt: {text}"
        assert found[zh].en == en
    if zh is not None and not en and found[zh].name_kind == "official":  # a row to fill in (issue 33)
        assert found[zh].line().startswith(f"{zh}\t\tperson\t")
    elif zh is not None and not en:
        assert found[zh].line().startswith(f"# {zh}\t(needs an English name")
    for suggestion in found.values():  # never a place or an organisation as pinyin syllables (Guo Jia Kai Fa …)
        assert suggestion.kind == "person" or suggestion.en.lower().split() != syllables(suggestion.zh)


@pytest.mark.parametrize("zh, text, english, en, source", [
    # the reviewed English's reading beats pypinyin's (韩长赋: Han Changfu, not Han Zhangfu)
    ("韩长赋", "受国务院委托，农业部部长韩长赋作了报告。", "Minister of Agriculture Han Changfu made a report.",
     "Han Changfu", "the reviewed English (--english for release.txt)"),
    # an organisation found in the reviewed English by its words' glosses, before CC-CEDICT's name
    ("商务部", "外交部、商务部有关负责人介绍情况。", "Officials of the Ministry of Foreign Affairs and the Ministry of "
     "Commerce announced it.", "Ministry of Commerce", "the reviewed English (--english for release.txt)"),
    ("中央纪律检查委员会", "中国共产党第十九届中央纪律检查委员会第二次全体会议召开。",
     "The second plenary session of the 19th Central Commission for Discipline Inspection opened.",
     "Central Commission for Discipline Inspection", "the reviewed English"),
    # a foreign name by its sound in the reviewed English
    ("特梅尔", FOREIGN, "Brazilian President Temer met the delegation.", "Temer", "the reviewed English"),
    # a Chinese place as the reviewed English reads it, with the English of its 区 (not "Naidong")
    ("乃东区", "西藏自治区巴宜区、乃东区代表出席。", "Delegates of Bayi District and Naidong District attended.",
     "Naidong District", "the reviewed English"),
    # a Vietnamese person: the surname's English and a word per character; of two, the one that sounds like it
    ("阮春福", "习近平将同阮富仲总书记、阮春福总理举行会谈。", "Xi Jinping will hold talks with General Secretary Nguyen "
     "Phu Trong and Prime Minister Nguyen Xuan Phuc.", "Nguyen Xuan Phuc", "the reviewed English"),
    # a foreign official: the dictionary's English, cited, before a spelling of the reviewed English (issue 33)
    ("埃尔多安", "土耳其总统埃尔多安在贺函中表示祝贺。", "Turkish President Erdogan sent his congratulations.",
     "Erdogan", "CC-CEDICT"),
])
def test_english_from_the_reviewed_text(glossary, zh, text, english, en, source):
    found = {s.zh: s for s in suggest([("release.txt", "标题\n" + text)], glossary,
                                      {"release.txt": "Headline\n" + english})}
    assert found[zh].en == en and found[zh].english_from.startswith(source)
    assert source in found[zh].cells()[6]  # the evidence a maintainer reads: where the English came from


def test_english_from_the_translation_memory(tmp_path, glossary):
    from pipeline.memory import Memory, Unit

    sentence = "巴西总统特梅尔会见了代表团。"
    with Memory(tmp_path / "memory.sqlite") as memory:
        memory.store(Unit(sentence, "Brazilian President Temer met the delegation.", origin="reviewed"))
        found = {s.zh: s for s in suggest([("release.txt", "标题\n" + sentence)], glossary, memory=memory)}
    assert (found["特梅尔"].en, found["特梅尔"].english_from) == ("Temer", "the reviewed English (translation memory)")


# names the reviewed English does not have: a Chinese name only pypinyin writes is none there (a word the tagger
# took for a name, a piece of a company's), unless a title before it says it is a person the English leaves out
@pytest.mark.parametrize("case, text, english, zh, proposed", [
    ("a word", "马蒂奇周二在联赛最后一场季前赛中开打。", "Matic started United's final preseason game on Tuesday.",
     "季前赛", False),
    ("a piece of a company", "英德市科恒新能源科技有限公司总裁出席。", "The President of Yingde Kanhoo New Energy attended.",
     "科恒", False),
    ("a person after a title", "明斯克州副州长罗戈舒克,副市长潘毅琴参加会见。", "The Deputy Governor attended the meeting.",
     "潘毅琴", True),
    ("no reviewed English", "马蒂奇周二在联赛最后一场季前赛中开打。", "", "季前赛", True),
])
def test_names_the_reviewed_english_does_not_have(glossary, case, text, english, zh, proposed):
    found = {s.zh for s in suggest([("release.txt", "标题\n" + text)], glossary,
                                   {"release.txt": "Headline\n" + english} if english else None)}
    assert (zh in found) == proposed


# --- issue 31, third pass: no fragment, no common word (tables per class) ----------------------------------------

# whole names only: a Chinese surname the tagger cut off (陆/nr + 志远; 钱/n + 志远: 志 is no surname, so 志远 is
# a given name), a firm the reviewed English names "X & Y"; names joined by 与 stay two names otherwise
FRAGMENTS = [
    ("a surname tagged a person", "北京大学教授陆志远表示，合作很重要。", "", "陆志远", "Lu Zhiyuan", ("志远",)),
    ("a surname the tagger took for a word", "清华大学教授钱志远表示，合作很重要。", "", "钱志远", "Qian Zhiyuan",
     ("志远",)),
    ("a firm X & Y", "该书由西蒙与舒斯特出版。", "The book was published by Simon & Schuster.", "西蒙与舒斯特",
     "Simon & Schuster", ("西蒙", "舒斯特", "由西蒙")),
    ("two people joined by and", "普京与特朗普会谈。", "Putin and Trump held talks.", "特朗普", "Trump",
     ("普京与特朗普",)),
    ("two people CC-CEDICT knows, even by &", "普京与特朗普会谈。", "Putin & Trump held talks.", "普京", "Putin",
     ("普京与特朗普",)),
]
# names, not words: CC-CEDICT's district short form where the English has no such place (山城 "mountain city"); a
# generic institution alone (Central Committee; another country's ministry the English calls otherwise); after a
# name the whole institution
COMMON_WORDS = [
    ("a district's short form the English lacks", "2016中国国际友好城市大会在山城重庆隆重开幕。",
     "The conference opened in the mountain city of Chongqing.", None, None, ("山城",)),
    ("the district itself", "鹤壁市山城区代表出席。", "Delegates of Shancheng District attended.", "山城区",
     "Shancheng District", ()),
    ("the short form the English names", "代表团游览了山城。", "The delegation toured Shancheng.", "山城", "Shancheng",
     ()),
    ("a bare Central Committee", "中央委员会表示支持。", "The Central Committee expressed support.", None, None,
     ("中央委员会",)),
    ("another country's ministry", "内政部发言人表示。", "A Home Office spokesman said so.", None, None, ("内政部",)),
    ("the ministry the English names", "农业部部长韩长赋作了报告。", "Minister of Agriculture Han Changfu made a report.",
     "农业部", "Ministry of Agriculture", ()),
    ("a generic institution after an organisation", "越南共产党中央委员会总书记阮富仲出席。",
     "General Secretary Nguyen Phu Trong attended.", "越南共产党中央委员会", "", ("中央委员会",)),
    ("… and the organisation before it stays a name", "越南共产党中央委员会总书记阮富仲出席。",
     "General Secretary of the Central Committee of the Communist Party of Vietnam attended.", "越南共产党",
     "Communist Party of Vietnam",
     ("中央委员会",)),
]


@pytest.mark.parametrize("case, text, english, zh, en, absent", FRAGMENTS + COMMON_WORDS,
                         ids=[case[0] for case in FRAGMENTS + COMMON_WORDS])
def test_no_fragment_no_common_word(glossary, case, text, english, zh, en, absent):
    found = {s.zh: s for s in suggest([("release.txt", "标题\n" + text)], glossary,
                                      {"release.txt": "Headline\n" + english} if english else None)}
    assert not set(absent) & set(found), case
    if zh is not None:
        assert found[zh].en == en
        row = found[zh].line()
        # every proposal carries its kind and evidence: the sentence, and where the English came from
        assert found[zh].context == f"release.txt: {text}" and text in row
        assert (found[zh].english_from in row) if en else "needs an English name" in row
