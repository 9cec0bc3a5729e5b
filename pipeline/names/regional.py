"""Korean and Vietnamese persons written in Chinese characters: rules for the names no dictionary lists.

Both name systems use Chinese surnames (阮 Nguyễn, 陈 Trần; 金 Kim, 朴 Park), so characters alone
cannot tell 陈大光 (Trần Đại Quang) from a Chinese 陈大光. What tells them apart in a press release
is whose name it is: the nearest country the sentence names before the person (越南社会主义共和国主席
陈大光, 韩国光阳市市长郑铉复). Sources of the rules (docs/decisions/korean-vietnamese-names.md):
- Vietnamese: a surname of the fourteen that cover ~90 % of Vietnamese people (Wikipedia "Vietnamese
  name", Lê Trung Hoa 2005) in its chữ Hán, then one to three given-name syllables (3-4 characters
  in all); the middle name 氏 Thị (female) marks a Vietnamese name wherever it stands.
- Korean: a surname of the twenty most common (Statistics Korea, 2015 census; Wikipedia "List of
  Korean surnames") in its hanja, then a two-syllable given name — three characters, as the
  reference English writes them ("Moon Jae-in", "Kim Jong-un": surname + hyphenated given name).
"""
from __future__ import annotations

import re
import unicodedata

from . import kinds as name_kinds
from .dictionary import ordinary_word

VIETNAMESE_SURNAMES = frozenset("阮陈黎范黄潘武邓裴杜胡吴杨李")
# surnames of 38 % of Vietnamese (Nguyễn) and 8 % of Koreans (Park) but of 0.075 % and 0.018 % of Chinese
# people (sinonym-name-data, rank 165 and 297): Vietnamese or Korean unless a Chinese place comes first
DISTINCT = {"阮": "vietnamese", "朴": "korean"}
# how English writes them, without diacritics (the same source: Nguyễn, Trần, Lê, Phạm, Hoàng/Huỳnh, Phan,
# Vũ/Võ, Đặng, Bùi, Đỗ, Hồ, Ngô, Dương, Lý)
VIETNAMESE_ROMAN = {"阮": ("Nguyen",), "陈": ("Tran",), "黎": ("Le",), "范": ("Pham",), "黄": ("Hoang", "Huynh"),
                    "潘": ("Phan",), "武": ("Vu", "Vo"), "邓": ("Dang",), "裴": ("Bui",), "杜": ("Do",), "胡": ("Ho",),
                    "吴": ("Ngo",), "杨": ("Duong",), "李": ("Ly",)}
VIETNAMESE_MIDDLE = "氏"  # Thị: a woman's middle name (阮氏金银 Nguyễn Thị Kim Ngân)
KOREAN_SURNAMES = frozenset("金李朴崔郑姜赵尹张林韩吴徐申权黄安宋全洪")
KOREAN_DOUBLE_SURNAMES = ("南宫", "皇甫", "鲜于", "诸葛", "独孤", "司空", "西门")
# what a sentence calls the two countries; any other place it names (a Chinese city, another country)
# in between makes the person someone else's
KOREA = ("韩国", "朝鲜", "韩方", "朝方", "大韩民国", "首尔", "平壤", "韩中", "韩日")
VIETNAM = ("越南", "越共", "越方", "河内", "胡志明市", "越中")
CHINA = ("中国", "中方", "我国", "中共", "国务院", "省委", "市委", "我市", "我省", "中华")  # not 中央: 越共中央
LONGEST_CUE = 9


def _cue_kind(form: str) -> str:
    """Return whose place `form` names: "korean", "vietnamese", "other", or "" (no place)."""
    if form in KOREA:
        return "korean"
    if form in VIETNAM:
        return "vietnamese"
    tables = name_kinds.data()
    if form in CHINA:
        return "other"
    listed = "other" if form in tables["cn_places"] or form in tables["foreign_places"] \
        or form in tables["jp_places"] else "korean" if form in tables["korean_places"] else ""
    # a place list's short form that is also an ordinary word (中央 "central") names no place here
    return listed if listed and not ordinary_word(form) else ""


def country_before(text: str, start: int) -> str:
    """Return whose place the sentence names last before `start`: "korean", "vietnamese", "other" or "".

    Places are read left to right, longest first (越南国家主席: 越南, not the place name 南国 inside it).
    """
    index = max((text.rfind(mark, 0, start) for mark in "。！？!?\n"), default=-1) + 1
    last = ""
    while index < start - 1:
        for length in range(min(LONGEST_CUE, start - index), 1, -1):
            kind = _cue_kind(text[index:index + length])
            if kind:
                # 中国驻越南大使: the country someone is posted to is not theirs
                last = "other" if text[index - 1:index] == "驻" else kind
                index += length
                break
        else:
            index += 1
    return last


def vietnamese_shape(word: str) -> bool:
    """Return whether `word` could be a Vietnamese name in characters: a Vietnamese surname and 2-3 more."""
    return 3 <= len(word) <= 4 and word[0] in VIETNAMESE_SURNAMES


def korean_shape(word: str) -> bool:
    """Return whether `word` could be a Korean name in characters: surname + two-character given name."""
    if word[:2] in KOREAN_DOUBLE_SURNAMES:
        return len(word) == 4
    return len(word) == 3 and word[0] in KOREAN_SURNAMES


def regional_kind(text: str, word: str, start: int) -> str:
    """Return "vietnamese" or "korean" for a person name the rules place there (陈大光 after 越南…主席,
    阮春福 unless a Chinese place comes before), else "" (the name stays what the classifier said)."""
    if vietnamese_shape(word) and word[1] == VIETNAMESE_MIDDLE:
        return "vietnamese"
    if not (vietnamese_shape(word) or korean_shape(word)):
        return ""
    country = country_before(text, start)
    if len(word) == 3 and word[0] in DISTINCT and country != "other":
        return DISTINCT[word[0]]
    if country == "vietnamese" and vietnamese_shape(word):
        return "vietnamese"
    if country == "korean" and korean_shape(word):
        return "korean"
    return ""


FUNCTION_CHARACTERS = frozenset("在和与及是的说了对将向于为也都就等一会并同跟把被")


def whole_name(text: str, start: int, word: str) -> str:
    """Return a Korean or Vietnamese person's whole name where a tagger found only its start: 阮氏 ->
    阮氏金银 (surname + Thị + a two-syllable given name), 郑铉 -> 郑铉复 after Korea (surname + two
    syllables); any other word unchanged."""
    following = text[start + len(word):start + len(word) + 2]
    han = len([char for char in following if "\u4e00" <= char <= "\u9fff"])
    if len(word) == 2 and word[0] in VIETNAMESE_SURNAMES and word[1] == VIETNAMESE_MIDDLE and han == 2:
        return word + following
    if len(word) == 2 and word[0] in KOREAN_SURNAMES and han and following[0] not in FUNCTION_CHARACTERS \
            and country_before(text, start) == "korean":
        return word + following[0]
    return word


def listed_with(text: str, start: int, word: str, earlier: list[tuple[int, int, str]]) -> str:
    """Return "vietnamese" or "korean" when a person of that kind comes earlier in the same sentence with
    no other country's place between them (阮富仲总书记、陈大光主席: one delegation), else ""."""
    sentence_start = max((text.rfind(mark, 0, start) for mark in "。！？!?\n"), default=-1) + 1
    for other_start, other_end, kind in reversed(earlier):
        if other_start < sentence_start or kind not in ("vietnamese", "korean"):
            continue
        shape = vietnamese_shape(word) if kind == "vietnamese" else korean_shape(word)
        if shape and country_before(text[other_end:start], start - other_end) in ("", kind):
            return kind
    return ""


def vietnamese_rendering(word: str, en: str, sounds) -> str:
    """Return how English text writes a Vietnamese person (阮富仲 "Nguyen Phu Trong"): a run of as many
    capitalised words as the name has characters, starting with its surname's English; of several (阮春福
    beside 阮富仲), the one whose given name sounds most like the characters' pinyin (`sounds(text)` gives
    the syllables), else ""."""
    surnames = VIETNAMESE_ROMAN.get(word[:1], ())
    if not surnames or not 2 <= len(word) <= 4:
        return ""
    folded = "".join(char for char in unicodedata.normalize("NFKD", en.replace("Đ", "D").replace("đ", "d"))
                     if not unicodedata.combining(char))  # Trần Đại Quang -> Tran Dai Quang, case kept
    pattern = rf"\b(?:{'|'.join(surnames)})(?:\s+[A-Z][a-z]+){{{len(word) - 1}}}\b"
    runs = list(dict.fromkeys(match.group() for match in re.finditer(pattern, folded)))
    if len(runs) <= 1:
        return runs[0] if runs else ""
    scored = sorted((name_kinds.sound_similarity(sounds(word[1:]), run.split(" ", 1)[1]), run) for run in runs)
    return scored[-1][1] if scored[-1][0] > scored[-2][0] else ""
