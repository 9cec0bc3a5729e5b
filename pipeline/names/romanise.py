"""Pinyin for names the glossary does not cover, and the hint a reviewer reads. The only pypinyin import.

Only Chinese names get pinyin (names.classify decides); a name CC-CEDICT glosses gets its English,
a foreign, Japanese, Korean or Vietnamese one a reviewer note instead, and english.rendering_of()
finds the draft's English for it by sound.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..model import NameHint
from . import dictionary as name_dictionary
from . import kinds as name_kinds
from . import vietnamese
from .classify import classify, decided_by_statistics
from .regional import regional_kind

# two-character surnames that must not be cut after the first syllable
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙",
                     "夏侯", "令狐", "司徒", "宇文", "端木", "轩辕", "独孤", "南宫", "西门", "澹台")
# surnames read differently from the same character in ordinary words (单 shàn, not dān)
SURNAME_READINGS = {"单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "区": "ou", "查": "zha",
                    "朴": "piao", "盖": "ge", "乐": "yue", "缪": "miao", "覃": "qin", "翟": "zhai",
                    "种": "chong", "繁": "po", "尉迟": "yuchi", "万俟": "moqi"}
PLACE_SUFFIXES = {"省": "Province", "市": "", "县": "County", "区": "District", "镇": "Town",
                  "乡": "Township", "村": "Village"}
# the English of the peoples an autonomous division is named for (GB/T 3304), as the glossary writes them
ETHNIC_EN = {"土家族": "Tujia", "苗族": "Miao", "侗族": "Dong", "瑶族": "Yao", "壮族": "Zhuang", "回族": "Hui",
             "维吾尔": "Uygur", "藏族": "Tibetan", "羌族": "Qiang", "彝族": "Yi", "布依族": "Buyei", "哈尼族": "Hani",
             "傣族": "Dai", "白族": "Bai", "景颇族": "Jingpo", "傈僳族": "Lisu", "朝鲜族": "Korean", "蒙古族": "Mongol",
             "蒙古": "Mongol", "柯尔克孜": "Kirgiz", "哈萨克": "Kazak", "黎族": "Li"}
ETHNIC = re.compile("|".join(sorted(ETHNIC_EN, key=len, reverse=True)))
AUTONOMOUS = (("自治县", "Autonomous County"), ("自治州", "Autonomous Prefecture"), ("自治区", "Autonomous Region"))


def ethnic_names(middle: str) -> str:
    """Return "Tujia and Miao" for 土家族苗族: the ethnic names of an autonomous division, joined."""
    names = [ETHNIC_EN[found] for found in ETHNIC.findall(middle)]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def autonomous(word: str) -> tuple[str, str, str] | None:
    """Return (proper name, its peoples' English, generic English) of an autonomous division named in full
    (秀山土家族苗族自治县 -> 秀山, "Tujia and Miao", "Autonomous County"), or None."""
    for generic, english in AUTONOMOUS:
        first = ETHNIC.search(word)
        if word.endswith(generic) and first and first.start() >= 2 \
                and ETHNIC.sub("", word[first.start():-len(generic)]) == "":
            return word[:first.start()], ethnic_names(word[first.start():-len(generic)]), english
    return None


def _join(syllables: list[str]) -> str:
    """Return syllables written as one word, with an apostrophe before a/o/e: Xi'an, Tian'anmen."""
    word = ""
    for syllable in syllables:
        if word and syllable[:1] in "aoe":
            word += "'"
        word += syllable
    return word.capitalize()


def _syllables(text: str) -> list[str]:
    from pypinyin import Style, lazy_pinyin  # imported on first use: ~0.5 s that `press --help` skips

    return [s for s in lazy_pinyin(text, style=Style.NORMAL, errors="ignore", v_to_u=True) if s]


def syllables(text: str) -> list[str]:
    """Return the toneless pinyin syllables of the Han characters of `text` ("特梅尔" -> te, mei, er)."""
    return _syllables(text)


def readings(char: str) -> list[str]:
    """Return every toneless pinyin reading of one character (重: zhong, chong)."""
    from pypinyin import Style, pinyin

    return [r for r in pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")[0] if r] if char else []


def romanise(word: str, tag: str) -> str:
    """Return the Hanyu Pinyin form of a name: "Zhao Kezhi" (surname first), "Xiangtan", "Liuyang County"."""
    if tag.startswith("nr"):
        cut = 2 if word[:2] in COMPOUND_SURNAMES or word[:2] in SURNAME_READINGS else 1
        reading = SURNAME_READINGS.get(word[:cut])
        surname = reading.capitalize() if reading else _join(_syllables(word[:cut]))
        given = _join(_syllables(word[cut:]))
        return f"{surname} {given}".strip()
    if tag == "ns":
        division = autonomous(word)
        if division:  # Xiushan Tujia and Miao Autonomous County
            return f"{_join(_syllables(division[0]))} {division[1]} {division[2]}"
        for generic, english in AUTONOMOUS:  # no people named: Xizang Autonomous Region, not "Xizangzizhi District"
            if word.endswith(generic) and len(word) >= len(generic) + 2:
                return f"{_join(_syllables(word[:-len(generic)]))} {english}"
        for suffix, english in PLACE_SUFFIXES.items():
            if word.endswith(suffix) and len(word) > 2:
                base = _join(_syllables(word[: -len(suffix)]))
                return f"{base} {english}".strip()
        return _join(_syllables(word))
    return " ".join(_join(_syllables(char)) for char in word)


KIND_LABELS = {"foreign": "foreign name", "japanese": "Japanese name", "korean": "Korean name",
               "official": "foreign official",
               "vietnamese": "Vietnamese name"}


def kind_in(text: str, word: str, tag: str, start: int) -> str:
    """Return the kind of a name found at `start` of `text`: a middle dot beside it (乔治·多尔西) means
    foreign; else names.classify, and a person the statistics took for Chinese is Korean or Vietnamese when
    the rules place it there (越南…主席陈大光, names/regional.py)."""
    before = text[start - 1] if start > 0 else ""
    after = text[start + len(word):start + len(word) + 1]
    if any(char and char in name_kinds.TRANSLITERATION_DOT for char in (before, after)):
        return "foreign"
    kind = classify(word, tag)
    if tag.startswith("nr") and decided_by_statistics(word, tag):
        return regional_kind(text, word, start) or kind
    return kind


def fold(text: str) -> str:
    """Return text folded for comparing spellings: lower case, letters only ("Hunan Province" = "hunanprovince")."""
    return re.sub(r"[^a-z]", "", name_kinds.fold(text))


def name_hint(word: str, tag: str, kind: str) -> NameHint:
    """Return the hint for a name: the dictionary's English for a person or place CC-CEDICT knows that is
    not written in pinyin (Edmonton, Hun Sen, Urumqi), else pinyin for a Chinese person or place, else none
    (an organisation is translated, never written in pinyin syllables)."""
    named = name_dictionary.lookup(word)
    if tag.startswith("nt") and (named is None or named.kind == "chinese"):
        return NameHint(word, "", tag, kind)  # a Chinese organisation's English is the glossary's to give
    pinyin = romanise(word, tag) if kind == "chinese" and not tag.startswith("nt") else ""
    if named is not None and _useful(named, tag, kind) and _agrees(named, kind) \
            and not (kind == "chinese" and _pinyin_like(named.en, word)):
        return NameHint(word, named.en, tag, kind, "dictionary")
    read = vietnamese.reading(word) if kind == "vietnamese" and tag.startswith("nr") else ""
    if read:
        return NameHint(word, read, tag, kind, "reading")
    return NameHint(word, pinyin, tag, kind)


def _useful(named: name_dictionary.DictionaryName, tag: str, kind: str) -> bool:
    """Return whether the dictionary's English may be a name's hint: a person's or a place's; or a bare name
    ("Catalonia", "Chelsea": no description says what it names) the tagger took for a foreign person or place
    (organisations' English is the glossary's: CC-CEDICT's for Chinese bodies is often not the official one)."""
    if named.what in ("person", "place"):
        return True
    return named.what == "name" and tag.startswith(("nr", "ns")) and kind != "chinese" \
        and named.kind != "chinese" and not named.pinyin and named.en == named.gloss


def _agrees(named: name_dictionary.DictionaryName, kind: str) -> bool:
    """Return whether the dictionary's name is the sort the context says (安吉 Anji is no help for 安吉·克雷格)."""
    return named.kind == kind or (named.kind != "chinese" and kind != "chinese")


def _pinyin_like(en: str, word: str) -> bool:
    """Return whether a Chinese place's dictionary English starts as its pinyin does (Chengguan District of
    Lhasa City, Youyang Tujia and Miao …: the pinyin form is the house style), unlike Urumqi or Hong Kong."""
    first = syllables(word[:1])
    return bool(first) and fold(en).startswith(fold(first[0]))


def hint_note(hint: NameHint, rendering: str = "") -> str:
    """Return the reviewer note for a hint: "automatic romanisation (check): 王毅 → Wang Yi",
    "dictionary: 埃德蒙顿 → Edmonton (verify)", "as the release spells it: 马克龙 → Emmanuel Macron" or
    "name not in glossary: 特梅尔 (foreign name, verify the English)" / "… 特梅尔 → 'Temer' (verify)"."""
    if hint.source == "release":
        return f"as the release spells it: {hint.zh} → {hint.en}"
    if hint.source == "dictionary":
        return f"dictionary: {hint.zh} → {hint.en} (verify)"
    if hint.source == "reading":
        return f"Sino-Vietnamese reading: {hint.zh} → {hint.en} (verify)"
    if hint.kind == "chinese" and hint.en:
        return f"automatic romanisation (check): {hint.zh} → {hint.en}"
    if hint.tag.startswith("nt"):
        return f"name not in glossary: {hint.zh} (organisation, give its English)"
    if rendering:
        return f"name not in glossary: {hint.zh} → '{rendering}' (verify)"
    return f"name not in glossary: {hint.zh} ({KIND_LABELS.get(hint.kind, 'name')}, verify the English)"


def pinyin_pattern(word: str, tag: str) -> re.Pattern | None:
    """Return a regex finding the name's pinyin as a word in folded English (any reading of each
    character, syllables joined or apart, a person's name in either order), or None for non-Han names."""
    division = autonomous(word) if tag.startswith("ns") else None
    core = division[0] if division else core_of(word) if tag.startswith("ns") else word
    if not core or not all("\u4e00" <= char <= "\u9fff" for char in core):
        return None
    parts = []
    for char in core:
        options = {r.replace("ü", "u").replace("v", "u") for r in readings(char)}
        options |= {o.replace("u", "v") for o in options}
        parts.append("(?:" + "|".join(sorted(options, key=len, reverse=True)) + ")")
    separator = r"[\s'’\-]?"
    orders = [separator.join(parts)]
    if tag.startswith("nr") and len(core) in (2, 3, 4):
        orders += [separator.join(parts[cut:]) + r"\s+" + separator.join(parts[:cut]) for cut in (1, 2)
                   if cut < len(core)]
    return re.compile(r"\b(?:" + "|".join(orders) + r")\b")


def pinyin_written(word: str, en: str, tag: str = "nr") -> str:
    """Return the pinyin of `word` as an English draft writes it ("Te Mei'er", "Temeier"), or ""."""
    pattern = pinyin_pattern(word, tag)
    found = pattern.search(name_kinds.fold(en)) if pattern else None
    return en[found.start():found.end()] if found else ""


def pinyin_words(zh: str, longest: int = 4) -> set[str]:
    """Return every run of up to `longest` consecutive syllables of the Han text in `zh`, joined: "xijinping"."""
    words: set[str] = set()
    for run in re.findall(r"[\u4e00-\u9fff]+", zh):
        sounds = syllables(run)
        for start in range(len(sounds)):
            for end in range(start + 1, min(len(sounds), start + longest) + 1):
                joined = "".join(sounds[start:end])
                words.update((joined, joined.replace("ü", "v"), joined.replace("ü", "u")))
    return words


@lru_cache(maxsize=1)
def pinyin_syllables() -> frozenset[str]:
    """Return every toneless Hanyu Pinyin syllable with a vowel (ü written u): zhong, xian, lu …"""
    from pypinyin.constants import PINYIN_DICT

    found = set()
    for readings_of in PINYIN_DICT.values():
        for reading in readings_of.split(","):
            bare = "".join(c for c in unicodedata.normalize("NFKD", reading) if not unicodedata.combining(c))
            if bare.isascii() and bare.isalpha() and any(vowel in bare for vowel in "aeiou"):
                found.add(bare)
    return frozenset(found)


@lru_cache(maxsize=1)
def surname_pinyin() -> frozenset[str]:
    """Return the pinyin of every Chinese surname the name data knows, in every reading (zhou, cao, ouyang)."""
    found = set(SURNAME_READINGS.values())
    for surname in (*name_kinds.data()["surnames"], *COMPOUND_SURNAMES):
        options = [{_letters(r) for r in readings(char)} for char in surname]
        joined = {""}
        for option in options:
            joined = {head + tail for head in joined for tail in option}
        found |= joined
    return frozenset(found - {""})


def _letters(word: str) -> str:
    """Return a word folded for pinyin matching: lower case, accents, apostrophes and hyphens dropped, ü as u."""
    folded = name_kinds.fold(word).lower().replace("ü", "u").replace("v", "u")
    return re.sub(r"[^a-z]", "", folded)


def is_pinyin(word: str, longest: int = 4) -> bool:
    """Return whether a word reads as 1..longest pinyin syllables ("Saixian", "Xi'an"; not "Smith")."""
    letters, known = _letters(word), pinyin_syllables()
    reach = {0: 0}  # letters consumed -> fewest syllables taken to get there
    for start in range(len(letters)):
        if start not in reach:
            continue
        for end in range(start + 1, min(len(letters), start + 6) + 1):
            if letters[start:end] in known:
                reach[end] = min(reach.get(end, longest + 1), reach[start] + 1)
    return 0 < len(letters) and reach.get(len(letters), longest + 1) <= longest


def spelled_in(word: str, zh: str) -> bool:
    """Return whether a word is the pinyin (any reading of each character) of consecutive Han characters
    of `zh`: "Saixian" in 曹赛先主任, "Chongqing" in 重庆."""
    letters = _letters(word)
    if not letters:
        return False
    for run in re.findall(r"[\u4e00-\u9fff]+", zh):
        options = [{r.replace("ü", "u").replace("v", "u") for r in readings(char)} | _surname_reading(char)
                   for char in run]
        for start in range(len(run)):
            if _spelled(letters, options, start):
                return True
    return False


def _surname_reading(char: str) -> set[str]:
    reading = SURNAME_READINGS.get(char)
    return {reading} if reading else set()


def _spelled(letters: str, options: list[set[str]], index: int) -> bool:
    """Return whether `letters` is the readings of options[index], options[index + 1] … joined."""
    if not letters:
        return True
    if index >= len(options):
        return False
    return any(letters.startswith(reading) and _spelled(letters[len(reading):], options, index + 1)
               for reading in options[index] if reading)


def core_of(name_zh: str) -> str:
    """Return a name without its place suffix and transliteration dots (马里博尔市 -> 马里博尔)."""
    return re.sub(r"[·•‧・]", "", name_kinds._strip_place_suffix(name_zh))
