"""Which hinted names `press glossary suggest` may propose, and as what (issue 31): the rules that read the
sentence and the reviewed English around a name, apart from how its English is found (names/suggest.py).

- **A piece of a longer name**: a transliteration no source spells that touches a glossary place before
  it (巴黎 + 圣日尔曼 of 巴黎圣日尔曼足球俱乐部) is the rest of a club's or a firm's name, not a name of its own;
  a place after its country (澳大利亚 + 墨尔本市) is one, and the dictionary knows it or its 市 says so.
- **A building, not a person**: a name ending 阁/宫/殿/楼/堂 (紫光阁 tagged a person) is a place, written
  as one word of pinyin (Ziguangge).
- **The dictionary's place is not the person here**: CC-CEDICT's 尼玛 is a county (Nyima); after a title
  (副局长尼玛次仁) the word is part of a person's name whose end the tagger did not find: not proposed.
- **The reviewed English does not name it**: a Chinese name only pypinyin writes (no dictionary knows it)
  whose reading the release's reviewed English does not contain anywhere is no name there — a word the
  tagger took for one (季前赛 "preseason game", 金高达 "as high as"), or part of a company's or a foreign
  name (科恒 of Kanhoo, 英杰 of 英杰华 Aviva). A person after a title (副市长潘毅琴, 记者董雪) is one even
  where the English leaves the name out; without reviewed English nothing is dropped this way.
- **A division's short form the English does not name**: CC-CEDICT's county or district written without
  its 县/区 (山城, "Shancheng district of Hebi") is a word where the reviewed English has no such place
  (山城重庆: "the mountain city of Chongqing"); 山城区, or Shancheng in the English, is one.
- **A generic institution is no name of its own**: an institution type CC-CEDICT glosses in ordinary
  English words only (中央委员会 "Central Committee", 内政部 "Ministry of the Interior") after a glossary
  name or a tagged place or organisation is the end of the whole name (越南共产党 + 中央委员会); alone,
  it is a body of the country the release is about only where the reviewed English uses the gloss's
  distinctive words (农业部: "Minister of Agriculture"), else another country's (the Home Office).
- **A firm named "X & Y"**: two transliterations joined by 与/和 (西蒙与舒斯特) whose reviewed English joins
  the English of one of them to a name by "&" (Simon & Schuster) are one name, an organisation.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..model import NameHint, Segment
from . import dictionary as name_dictionary
from . import kinds as name_kinds
from .romanise import pinyin_written

PLACE_TERMS = ("city", "county", "prefecture", "province", "municipality", "region", "country")
BUILDINGS = ("阁", "宫", "殿", "楼", "堂")
PLACE_ENDS = ("市", "州", "县", "区", "省")
# the words of an institution's English that say what it is, not whose it is (Ministry of the Interior: Interior)
INSTITUTION_WORDS = frozenset(("Ministry", "Department", "Committee", "Commission", "Office", "Bureau", "Council",
                               "Administration", "Agency", "Board", "Central", "National", "State", "General",
                               "Standing", "Supreme", "of", "the", "and", "for"))
JOINING = ("与", "和", "&", "＆")  # 西蒙与舒斯特: Simon & Schuster
REVIEWED = "reviewed"  # the source of a hint whose English the reviewed English gave whole (Simon & Schuster)


def piece_after_place(hint: NameHint, segment: Segment) -> bool:
    """Return whether a foreign name with no spelling anywhere touches a glossary place before it at its
    first mention (巴黎圣日尔曼): the rest of a longer name, not a name of its own."""
    if hint.kind != "foreign" or hint.source or hint.zh.endswith(PLACE_ENDS) \
            or name_dictionary.lookup(hint.zh) is not None:
        return False
    start = segment.zh.find(hint.zh)
    return start > 0 and any(term.end == start and term.kind in PLACE_TERMS for term in segment.terms)


def as_written_here(hint: NameHint, role: str) -> NameHint | None:
    """Return the hint as the sentence reads it: a building tagged a person as a place (紫光阁); None for a
    dictionary place standing where a person is (副局长尼玛次仁: a piece of the person's name)."""
    if hint.kind == "chinese" and hint.tag.startswith("nr") and len(hint.zh) >= 3 and hint.zh.endswith(BUILDINGS) \
            and not hint.source:
        return replace(hint, tag="ns", en="")
    named = name_dictionary.lookup(hint.zh) if hint.source == "dictionary" else None
    if role == "person" and named is not None and named.what == "place" and hint.kind == "chinese":
        return None
    return hint


def unattested(hint: NameHint, english_from: str, reviewed: str, role: str) -> bool:
    """Return whether a Chinese name only pypinyin writes is nowhere in the reviewed English there is (and
    no title before it says it is a person): a word the tagger took for a name (季前赛), or a piece of
    another name (科恒 of 科恒新能源 Kanhoo)."""
    if not reviewed or hint.kind != "chinese" or hint.source or not english_from.startswith("pinyin") \
            or role == "person" or name_dictionary.lookup(hint.zh) is not None:
        return False
    place = hint.zh.endswith(PLACE_ENDS) or not hint.tag.startswith("nr")
    forms = (hint.zh, hint.zh[:-1]) if place and hint.zh.endswith(PLACE_ENDS) else (hint.zh,)  # 芒市: Mang City
    return not any(pinyin_written(form, reviewed, "ns" if place else hint.tag) for form in forms)


def short_division(hint: NameHint, what: str, reviewed: str) -> bool:
    """Return whether a Chinese name is CC-CEDICT's county or district (`what`, from its gloss) written
    without its 县/区, and the reviewed English there is has no such place (山城 "mountain city", not the
    Shancheng district of Hebi)."""
    if not reviewed or hint.kind != "chinese" or hint.source == "release" or what != "county" \
            or hint.zh.endswith(PLACE_ENDS):
        return False
    named = name_dictionary.lookup(hint.zh)
    return named is not None and not re.search(rf"\b{re.escape(named.en)}\b", reviewed) \
        and not pinyin_written(hint.zh, reviewed, "ns")


def generic_institution(zh: str) -> bool:
    """Return whether a word names a kind of institution, not one: CC-CEDICT has it as words only (美术馆,
    外事办公室), or as a name glossed in ordinary English words, no place among them (中央委员会 "Central
    Committee", 内政部 "Ministry of the Interior"; not 国家开发银行 "China Development Bank")."""
    if name_dictionary.ordinary(zh):
        return True
    named = name_dictionary.lookup(zh)
    words = named.en.split() if named is not None and named.what == "name" else []
    return bool(words) and all(word in INSTITUTION_WORDS or (name_kinds.ordinary_word(word)
                                                          and not name_kinds.place_name(word)) for word in words)


def named_before_institution(zh: str, other: str, heads: tuple[str, ...]) -> bool:
    """Return whether `other` is the name `zh` and a generic institution of two or more characters ending in
    one of `heads` (越南共产党 + 中央委员会): the name before it is a name of its own, not a fragment."""
    rest = other[len(zh):]
    return other.startswith(zh) and len(rest) >= 2 and rest.endswith(heads) and generic_institution(rest)


def bare_institution(hint: NameHint, english_from: str, reviewed: str) -> bool:
    """Return whether a generic institution standing alone is no name to list: its English says only what it
    is (中央委员会 "Central Committee"), or it has only CC-CEDICT's English and the reviewed English there is
    has none of its distinctive words (内政部 "Ministry of the Interior" where the English says Home Office:
    another country's body); 农业部 where the English has "Minister of Agriculture" is one."""
    if not generic_institution(hint.zh) or name_dictionary.ordinary(hint.zh):
        return False
    named = name_dictionary.lookup(hint.zh)
    words = [word for word in (named.en.split() if named else []) if word not in INSTITUTION_WORDS]
    if not words:
        return True
    return bool(reviewed) and english_from.startswith("CC-CEDICT") \
        and not any(re.search(rf"\b{re.escape(word)}\b", reviewed, re.IGNORECASE) for word in words)


def joined_by_ampersand(segment: Segment, english: dict[str, str], reviewed: str) -> list[NameHint]:
    """Return the firms a segment names as two transliterations joined by 与/和 whose reviewed English
    joins one's English to a name by "&" (西蒙 Simon + 与 + 舒斯特: Simon & Schuster), as organisations;
    `english` maps a hinted name to the English found for it."""
    found = []
    # a person CC-CEDICT knows is no part of a firm's name ("Putin & Trump" in a headline: two people)
    names = [hint for hint in segment.hints if hint.kind != "chinese" and getattr(
        name_dictionary.lookup(hint.zh), "what", "") != "person"]
    for first in names:
        for second in names:
            joined = next((f"{first.zh}{joint}{second.zh}" for joint in JOINING
                           if f"{first.zh}{joint}{second.zh}" in segment.zh), "")
            en = _ampersand(english.get(first.zh, ""), english.get(second.zh, ""), reviewed) if joined else ""
            if en:
                found.append(NameHint(joined, en, "nt", "foreign", REVIEWED))
    return found


def _ampersand(first: str, second: str, reviewed: str) -> str:
    """Return "X & Y" from the reviewed English where X is `first` or Y is `second`, else ""."""
    word = r"[A-Z][\w'-]*"
    for en, pattern in ((first, rf"\b{re.escape(first)} & {word}"), (second, rf"\b{word} & {re.escape(second)}\b")):
        found = re.search(pattern, reviewed) if en else None
        if found:
            return found.group()
    return ""
