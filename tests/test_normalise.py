"""normalise.py: OpenCC modes (auto/t2s/hk2s/tw2s/none), half-width forms, spaces, protected glossary names."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from pipeline.config import Config
from pipeline.glossary import Entry, Glossary
from pipeline.model import Meta, Release
from pipeline.stages.normalise import MODES, clean_spaces, detect_mode, half_width, normalise, normalise_text
from pipeline.context import Context

TRADITIONAL = "過去一年，我國發展歷程很不平凡。經濟運行總體平穩、穩中有進。"
SIMPLIFIED = "过去一年，我国发展历程很不平凡。经济运行总体平稳、稳中有进。"


def context(mode: str, glossary: Glossary | None = None) -> Context:
    return Context(config=Config(opencc=mode), glossary=glossary or Glossary([]))


def release(headline: str, *paragraphs: str, meta: Meta = Meta()) -> Release:
    return Release(path=Path("release.txt"), headline=headline, meta=meta, paragraphs=paragraphs)


@pytest.mark.parametrize("text, mode", [
    (TRADITIONAL, "t2s"),
    (SIMPLIFIED, "none"),
    ("常德市與澳大利亞伊普斯維奇市締結友好城市十二週年", "t2s"),
    ("GDP 5% 2025", "none"),  # no Han characters at all
    ("", "none"),
    # one traditional character in a long simplified text is a quoted name, not a traditional release
    (SIMPLIFIED * 20 + "國", "none"),
])
def test_detect_mode(text, mode):
    assert detect_mode(text) == mode


# (mode, input, expected): each converter's own variants
CONVERSIONS = [
    ("t2s", TRADITIONAL, SIMPLIFIED),
    ("hk2s", TRADITIONAL, SIMPLIFIED),
    ("tw2s", TRADITIONAL, SIMPLIFIED),
    ("none", TRADITIONAL, TRADITIONAL),
    # 衞 is the Hong Kong form of 衛: only hk2s knows it
    ("hk2s", "食物環境衞生署", "食物环境卫生署"),
    ("t2s", "食物環境衞生署", "食物环境衞生署"),
    # 痺 is the Taiwan form of 痹: only tw2s knows it
    ("tw2s", "小兒麻痺", "小儿麻痹"),
    ("t2s", "小兒麻痺", "小儿麻痺"),
]


@pytest.mark.parametrize("mode, text, expected", CONVERSIONS)
def test_conversion_modes(mode, text, expected):
    result = normalise(release(text, text), context(mode))
    assert result.headline == expected
    assert result.paragraphs == (expected,)
    assert result.opencc == mode


def test_auto_converts_traditional_and_records_t2s():
    result = normalise(release("常德市與伊普斯維奇市締結友好城市", TRADITIONAL), context("auto"))
    assert result.headline == "常德市与伊普斯维奇市缔结友好城市"
    assert result.paragraphs == (SIMPLIFIED,)
    assert result.opencc == "t2s"


def test_auto_leaves_simplified_alone_and_records_none():
    # 乾 (as in 乾隆) would be wrongly rewritten by t2s in a simplified text
    text = SIMPLIFIED + "乾隆年间的古建筑得到修缮。"
    result = normalise(release("标题", text), context("auto"))
    assert result.paragraphs == (text,)
    assert result.opencc == "none"


def test_every_cli_mode_is_known():
    assert set(MODES) == {"auto", "t2s", "hk2s", "tw2s", "none"}


HALF_WIDTH = [
    ("２０２１年１１月５日", "2021年11月5日"),
    ("总投资３．５亿元", "总投资3.5亿元"),
    ("增长１２．６％", "增长12.6%"),
    ("ＧＤＰ增长", "GDP增长"),
    ("ｗｗｗ．ｃｈａｎｇｄｅ", "www．changde"),  # a full stop between letters is not a decimal point
    ("５Ｇ基站", "5G基站"),
    ("第１。２项", "第1.2项"),  # 。 between digits is a mistyped decimal point
    ("共３批。下一步", "共3批。下一步"),
    ("（香港）", "（香港）"),  # Chinese brackets stay full-width
    ("“云外交”５０余次", "“云外交”50余次"),
]


@pytest.mark.parametrize("text, expected", HALF_WIDTH)
def test_half_width(text, expected):
    assert half_width(text) == expected


SPACES = [
    ("常德 市 商务局", "常德市商务局"),
    ("  常德\t市  ", "常德市"),
    ("GDP 增长 5 %", "GDP增长5%"),
    ("Foreign Affairs Office", "Foreign Affairs Office"),
    ("COVID 19 疫情", "COVID 19疫情"),
    ("常德\u200b市\ufeff", "常德市"),
    ("常德\u00a0市", "常德市"),
]


@pytest.mark.parametrize("text, expected", SPACES)
def test_clean_spaces(text, expected):
    assert clean_spaces(text) == expected


def test_full_width_space_between_chinese_is_removed():
    assert normalise_text("常德　市商务局", "none") == "常德市商务局"


# --- glossary names are never converted -----------------------------------------------------------
HKTDC = Entry("香港貿易發展局", "Hong Kong Trade Development Council", "organisation")
IPSWICH = Entry("伊普斯维奇市", "Ipswich", "city", variants=("伊普斯維奇市",))


def test_a_traditional_glossary_entry_is_not_converted():
    glossary = Glossary([HKTDC])
    text = "香港貿易發展局與常德市簽署合作協議。"
    result = normalise(release("香港貿易發展局代表團訪問常德", text), context("t2s", glossary))
    assert result.paragraphs == ("香港貿易發展局与常德市签署合作协议。",)
    assert result.headline == "香港貿易發展局代表团访问常德"


def test_without_the_entry_the_same_name_is_converted():
    result = normalise(release("标题", "香港貿易發展局與常德市簽署合作協議。"), context("t2s"))
    assert result.paragraphs == ("香港贸易发展局与常德市签署合作协议。",)


def test_protection_holds_in_auto_mode_and_at_both_ends_of_a_paragraph():
    glossary = Glossary([HKTDC])
    text = "香港貿易發展局表示，將繼續支持常德企業拓展海外市場，並感謝香港貿易發展局"
    result = normalise(release("標題", text), context("auto", glossary))
    assert result.paragraphs == ("香港貿易發展局表示，将继续支持常德企业拓展海外市场，并感谢香港貿易發展局",)


def test_a_variant_form_is_protected_too():
    glossary = Glossary([IPSWICH])
    result = normalise(release("標題", "伊普斯維奇市市長來訪。"), context("t2s", glossary))
    assert result.paragraphs == ("伊普斯維奇市市长来访。",)


def test_meta_is_normalised_and_the_url_kept():
    meta = Meta(source="常德市人民政府外事辦公室", date="２０１９年７月１２日 ", author="市商務局",
                url=" http://www.changde.gov.cn/a/1.html ")
    result = normalise(release("標題", TRADITIONAL, meta=meta), context("t2s"))
    assert result.meta == Meta(source="常德市人民政府外事办公室", date="2019年7月12日", author="市商务局",
                               url="http://www.changde.gov.cn/a/1.html")


def test_stage_returns_a_new_release_and_drops_emptied_paragraphs():
    original = release("標題", TRADITIONAL, "\u200b\u3000 ", "正文。")
    result = normalise(original, context("t2s"))
    assert result is not original
    assert original.paragraphs[0] == TRADITIONAL
    assert result.paragraphs == (SIMPLIFIED, "正文。")
    assert replace(result, signature={}).path == original.path


@pytest.mark.parametrize("text", ["正文\uffff。", "正文\ufffe。"])
def test_characters_word_files_cannot_hold_are_removed(text):
    assert clean_spaces(text) == "正文。"
