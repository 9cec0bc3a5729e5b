"""Pinyin for names the glossary does not cover, and the hint a reviewer reads. The only pypinyin import.

Only Chinese names get pinyin (kinds.classify decides); a foreign, Japanese or Korean name gets
a reviewer note instead, and english.rendering_of() finds the draft's English for it by sound.
"""
from __future__ import annotations

import re

from ..model import NameHint
from . import kinds as name_kinds

# two-character surnames that must not be cut after the first syllable
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙",
                     "夏侯", "令狐", "司徒", "宇文", "端木", "轩辕", "独孤", "南宫", "西门", "澹台")
# surnames read differently from the same character in ordinary words (单 shàn, not dān)
SURNAME_READINGS = {"单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "区": "ou", "查": "zha",
                    "朴": "piao", "盖": "ge", "乐": "yue", "缪": "miao", "覃": "qin", "翟": "zhai",
                    "种": "chong", "繁": "po", "尉迟": "yuchi", "万俟": "moqi"}
PLACE_SUFFIXES = {"省": "Province", "市": "", "县": "County", "区": "District", "镇": "Town",
                  "乡": "Township", "村": "Village"}


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
        for suffix, english in PLACE_SUFFIXES.items():
            if word.endswith(suffix) and len(word) > 2:
                base = _join(_syllables(word[: -len(suffix)]))
                return f"{base} {english}".strip()
        return _join(_syllables(word))
    return " ".join(_join(_syllables(char)) for char in word)


KIND_LABELS = {"foreign": "foreign name", "japanese": "Japanese name", "korean": "Korean name"}


def kind_in(text: str, word: str, tag: str, start: int) -> str:
    """Return the kind of a name found at `start` of `text`: a middle dot beside it (乔治·多尔西) means foreign."""
    before = text[start - 1] if start > 0 else ""
    after = text[start + len(word):start + len(word) + 1]
    if any(char and char in name_kinds.TRANSLITERATION_DOT for char in (before, after)):
        return "foreign"
    return name_kinds.classify(word, tag)


def name_hint(word: str, tag: str, kind: str) -> NameHint:
    """Return the hint for a name: pinyin for a Chinese name, no English for any other kind."""
    return NameHint(word, romanise(word, tag) if kind == "chinese" else "", tag, kind)


def hint_note(hint: NameHint, rendering: str = "") -> str:
    """Return the reviewer note for a hint: "automatic romanisation (check): 王毅 → Wang Yi" or
    "name not in glossary: 特梅尔 (foreign name, verify the English)" / "… 特梅尔 → 'Temer' (verify)"."""
    if hint.kind == "chinese":
        return f"automatic romanisation (check): {hint.zh} → {hint.en}"
    if rendering:
        return f"name not in glossary: {hint.zh} → '{rendering}' (verify)"
    return f"name not in glossary: {hint.zh} ({KIND_LABELS.get(hint.kind, 'name')}, verify the English)"


def pinyin_pattern(word: str, tag: str) -> re.Pattern | None:
    """Return a regex finding the name's pinyin as a word in folded English (any reading of each
    character, syllables joined or apart, a person's name in either order), or None for non-Han names."""
    core = core_of(word) if tag.startswith("ns") else word
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


def core_of(name_zh: str) -> str:
    """Return a name without its place suffix and transliteration dots (马里博尔市 -> 马里博尔)."""
    return re.sub(r"[·•‧・]", "", name_kinds._strip_place_suffix(name_zh))
