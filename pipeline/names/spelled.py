"""Names a release spells out: a Chinese name followed by its Latin form in brackets (马克龙（Emmanuel Macron）)
gives that name's English for the whole release, headline included.

Which characters before the bracket are the name is decided by how they sound against the Latin words
(总统马克龙 → 马克龙 ~ "Macron"), by their pinyin (王毅 ~ "Wang Yi"), by the dictionary's English, or,
failing those, by the name the tagger found ending at the bracket (岸田文雄（Kishida Fumio）).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import dictionary as name_dictionary
from . import kinds as name_kinds
from .romanise import core_of, pinyin_pattern, syllables

# a Latin name: capitalised words (particles such as "de", "van" inside), no digits
_LATIN = r"[A-ZÀ-ÖØ-Þ][\w'’.\-]*(?:\s+(?:[A-ZÀ-ÖØ-Þ][\w'’.\-]*|de|da|van|von|der|del|la|le|al|bin|du|di|y))*"
BRACKETED = re.compile(r"[（(]\s*(" + _LATIN + r")\s*[)）]")
LONGEST = 10  # characters of a Chinese name before its bracket
SOUND = 0.6  # sound_similarity at which characters are taken for the (part of the) Latin name they sound like
SHORT_SOUND = 0.75  # … at which the part they sound like is what later mentions write (Macron)


@dataclass(frozen=True)
class SpelledName:
    """A name with the English its release gives it in brackets, and the part of it the Chinese sounds like."""

    zh: str
    en: str  # as bracketed: "Emmanuel Macron"
    short: str  # the words the Chinese renders, for later mentions: "Macron" (= en when it renders them all)
    start: int  # offset of zh in the text where it is spelled
    where: str = ""  # the id of the segment it is spelled in (set by the names stage)


def _spans(latin: str) -> list[str]:
    words = latin.split()
    return [" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)]


def _score(zh: str, latin: str) -> tuple[float, str]:
    """Return how well the characters `zh` render `latin` (0..1), and the words of it they sound like
    ("Macron" for 马克龙 in "Emmanuel Macron"; all of it when no part sounds closer)."""
    sounds = syllables(core_of(zh))
    sound, part = max(((name_kinds.sound_similarity(sounds, span), span) for span in _spans(latin)),
                      default=(0.0, latin))
    short = part if sound >= SHORT_SOUND else latin
    pattern = pinyin_pattern(zh, "nr")
    if pattern is not None and pattern.fullmatch(name_kinds.fold(latin).strip()):
        return 1.0, latin  # 王毅（Wang Yi）: a Chinese name's pinyin
    named = name_dictionary.lookup(zh)
    if named is not None and name_kinds.fold(named.en) in name_kinds.fold(latin):
        return 1.0, short
    return sound, short


def _acronym(latin: str) -> bool:
    return all(word.isupper() for word in latin.split())  # WHO, UNESCO: an abbreviation, not the name


def _starts(text: str, end: int, boundaries: set[int]) -> list[tuple[int, bool]]:
    """Return (start, whether a name may start there) for each word start within the Han run before `end`,
    farthest first; a name never starts with an ordinary word (驻华, 大使, 总统: a title is not the name)."""
    run = re.search(r"[\u4e00-\u9fff·]+$", text[max(0, end - LONGEST):end])
    if not run:
        return []
    first = end - len(run.group())
    whole = first == 0 or not re.match(r"[\u4e00-\u9fff·]", text[first - 1])  # the run is not cut short
    starts = sorted(({first} if whole or first in boundaries else set()) | {b for b in boundaries if first < b < end - 1})
    cedict = name_dictionary.dictionary.load()
    return [(start, not _ordinary_at(cedict, text[start:end])) for start in starts]


def _ordinary_at(cedict, text: str) -> bool:
    """Return whether the longest dictionary word `text` starts with is an ordinary word of 2+ characters."""
    for length in range(min(len(text), 12), 1, -1):
        if text[:length] in cedict:
            return name_dictionary.ordinary_word(text[:length])
    return False


def _fallback(text: str, end: int, starts: list[tuple[int, bool]], tagged: dict[int, str]) -> int | None:
    """Return where the name starts when no characters sound like the Latin: the name the tagger found
    ending at the bracket (with a Japanese surname before it: 岸 + 田文雄), else the words after the last
    ordinary word (艾德华 in 驻华大使艾德华), if they are 2-6 characters."""
    if end in tagged:
        start = end - len(tagged[end])
        for extra in (1, 2):
            if text[start - extra:start - extra + 2] in name_kinds.data()["jp_surnames"]:
                return start - extra
        return start
    after = [start for index, (start, ok) in enumerate(starts) if all(ok for _, ok in starts[index:])]
    return after[0] if after and 2 <= end - after[0] <= 6 else None


def spelled_in(text: str, boundaries: set[int], tagged: dict[int, str] | None = None,
               terms: tuple[tuple[int, int], ...] = ()) -> list[SpelledName]:
    """Return the names `text` spells in brackets; `boundaries` are the offsets where its words start
    (a name starts at one), `tagged` maps the end offset of each tagged name to the name, and a name
    never holds one of the glossary `terms` (start, end) found in the text (奥地利驻华大使艾德华)."""
    found = []
    for match in BRACKETED.finditer(text):
        latin = " ".join(match.group(1).split()).rstrip(".")
        if _acronym(latin) or not re.search(r"[a-z]", latin):
            continue
        end = match.start()
        floor = max((stop for _start, stop in terms if stop <= end), default=0)
        starts = [(start, ok) for start, ok in _starts(text, end, boundaries) if start >= floor]
        scored = [(*_score(text[start:end].strip("·"), latin), end - start, start) for start, ok in starts if ok]
        score, short, _length, best = max(scored, default=(0.0, latin, 0, -1))
        start = best if score >= SOUND else _fallback(text, end, starts, tagged or {})
        if score < SOUND:
            short = latin
        if start is not None and end - start >= 2:
            found.append(SpelledName(text[start:end].strip("·"), latin, short or latin, start))
    return found


def release_names(spelled: list[SpelledName]) -> dict[str, SpelledName]:
    """Return {Chinese name: how it is spelled} for a release, the first spelling of each name winning."""
    names: dict[str, SpelledName] = {}
    for name in spelled:
        names.setdefault(name.zh, name)
    return names
