"""Automatic romanisation hints for names the glossary does not cover. The only pypinyin import."""
from __future__ import annotations

from dataclasses import replace

from .model import NameHint, Release
from .segment import tag_names

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


def hint(release: Release, ctx) -> Release:
    """Stage: return the release with a NameHint for every tagged name no glossary entry covers."""
    glossary = getattr(ctx, "glossary", None)
    segments = []
    for segment in release.segments:
        seen, hints = set(), []
        for word, tag, _start in tag_names(segment.zh, glossary):
            if word not in seen:
                seen.add(word)
                hints.append(NameHint(word, romanise(word, tag), tag))
        notes = tuple(f"automatic romanisation (check): {h.zh} → {h.en}" for h in hints)
        segments.append(replace(segment, hints=tuple(hints), notes=segment.notes + notes))
    return replace(release, segments=tuple(segments))
