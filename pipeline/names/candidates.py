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
"""
from __future__ import annotations

from dataclasses import replace

from ..model import NameHint, Segment
from . import dictionary as name_dictionary
from .romanise import pinyin_written

PLACE_TERMS = ("city", "county", "prefecture", "province", "municipality", "region", "country")
BUILDINGS = ("阁", "宫", "殿", "楼", "堂")
PLACE_ENDS = ("市", "州", "县", "区", "省")


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
