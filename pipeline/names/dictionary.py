"""Proper names in CC-CEDICT: the English the dictionary gives a person or place, and what kind of name it is.

Built on pipeline.dictionary (the one loader). A name sense's first gloss starts with the name
("Edmonton, capital of Alberta, Canada", "Moon Jae-in (1953-), Korean politician …"); the words
after it say whose name it is (the first country or people named), and a name spelled as the pinyin
of its characters is Chinese when the gloss places it in China (Changde, Xi Jinping), of no kind
the dictionary can tell when it says nothing (Taliban, Nubia: transliterations can spell like pinyin). Ranked below the glossary and the names a release spells in brackets (docs/decisions/
dictionary-names.md).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from .. import dictionary
from . import kinds as name_kinds

# the first gloss words that make up the name: capitalised words and the particles inside names
_PARTICLES = ("of", "de", "la", "le", "van", "von", "der", "du", "des", "del", "da", "di", "bin", "al", "and", "the",
              "y", "e", "upon", "on")
_WORD = re.compile(r"[^\s,;()/\[\]]+")
_TITLES = ("General", "Admiral", "Marshal", "President", "Chairman", "Premier", "Emperor", "Empress", "Sir",
           "Generalissimo", "Chancellor", "Dr", "Dr.")
_TRAILING = ("Metropolitan City", "Special City", "Special Self-Governing City", "Special Autonomous City")
_PINYIN_SIMILAR = 0.85  # difflib ratio at which a gloss name is the pinyin of its characters (Langxi ~ lanxi)
# the first country or people a gloss names says whose name it is; China's names first (Inner Mongolia
# before Mongolia, Yanbian Korean autonomous prefecture is in Jilin: a pinyin name with a Chinese cue is Chinese)
_CHINA = ("China", "Chinese", "PRC", "CCP", "CPC", "Taiwan", "Taiwanese", "Tibet", "Tibetan", "Hong Kong", "Macau",
          "Macao", "Inner Mongolia", "Beijing", "Shanghai", "Tianjin", "Chongqing", "Xinjiang", "Guangxi", "Ningxia",
          "Hebei", "Shanxi", "Liaoning", "Jilin", "Heilongjiang", "Jiangsu", "Zhejiang", "Anhui", "Fujian", "Jiangxi",
          "Shandong", "Henan", "Hubei", "Hunan", "Guangdong", "Hainan", "Sichuan", "Guizhou", "Yunnan", "Shaanxi",
          "Gansu", "Qinghai", "Kuomintang", "KMT", "dynasty", "Dynasty", "Han", "Tang", "Song", "Ming", "Qing")
_CUES = (("korean", ("Korea", "Korean", "Koreans")), ("japanese", ("Japan", "Japanese")),
         ("vietnamese", ("Vietnam", "Vietnamese", "Viet Nam")), ("chinese", _CHINA))
_PERSON = re.compile(r"\(\s*(?:c\.\s*)?\d{1,4}\s*(?:BC\s*)?-|\(born \d{4}\)|\(name\)|\b(?:politician|writer|poet|"
                     r"actor|actress|singer|player|painter|novelist|general|diplomat|leader|king|queen|emperor)\b")
_PLACE = re.compile(r"\b(?:city|county|province|prefecture|capital|river|island|state|district|town|region|"
                    r"country|mountain|lake|port|village|municipality|autonomous)\b", re.IGNORECASE)
_ABROAD = ("US", "USA", "UK", "EU", "UN", "England", "Scotland", "Wales", "Britain", "British", "Turkey", "Turkish")
PLACE_SUFFIXES = ("市", "州", "县", "省", "区")
FOREIGN_KINDS = ("foreign", "korean", "japanese", "vietnamese")
_SUFFIX_SYLLABLES = ("shi", "xian", "qu", "zhou", "sheng")


@dataclass(frozen=True)
class DictionaryName:
    """A proper name CC-CEDICT glosses: its English, whose name it is, and the gloss it came from."""

    zh: str
    en: str  # "Edmonton", "Kim Jong-un", "Changde"
    kind: str  # chinese | japanese | korean | vietnamese | foreign; "" when only the pinyin would tell
    what: str  # person | place | name (an organisation, a work, an event …)
    gloss: str  # the first gloss, as evidence ("Edmonton, capital of Alberta, Canada")
    pinyin: bool = False  # the English is the pinyin of the characters (Changde, Xi Jinping)


def _fold_macrons(text: str) -> str:
    """Return text without macrons (Ōsaka -> Osaka); other accents (São, Ürümqi) stay."""
    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", text) if c != "\u0304"))


def english_name(gloss: str) -> str:
    """Return the name a proper-name gloss starts with: "Edmonton" for "Edmonton, capital of Alberta",
    "Kim Jong-un" for "Kim Jong-un (c. 1983-), …", "Urumqi" for "Ürümqi or Urumqi prefecture level city",
    "Busan" for "Busan Metropolitan City in …", "Douglas MacArthur" for "General Douglas MacArthur (…)"."""
    return _name_span(gloss)[0]


def _name_span(gloss: str) -> tuple[str, int]:
    """Return (the name a gloss starts with, the offset where the words after the name begin)."""
    alternatives = re.match(r"^(\S+(?: \S+)?) or (\S+)\b", gloss)
    start = 0
    if alternatives and not alternatives.group(1).isascii() and alternatives.group(2).isascii():
        start = alternatives.start(2)  # "Ürümqi or Urumqi": the spelling English text uses
    words: list[str] = []
    end = start
    for found in _WORD.finditer(gloss, start):
        word = found.group()
        if gloss[found.start() - 1:found.start()] in (",", "(", ";", "/") and words:
            break
        if not (word[:1].isupper() or (words and (word in _PARTICLES or word.startswith("al-")))):
            break
        words.append(word)
        end = found.end()
        if gloss[found.end():found.end() + 1] in (",", "(", ";", "/"):
            break
    while words and words[-1] in _PARTICLES:
        words.pop()
    while len(words) > 1 and words[0] in _TITLES:
        words.pop(0)
    name = " ".join(words)
    for trailing in _TRAILING:
        if name.endswith(" " + trailing):
            name = name[: -len(trailing) - 1]
    return _fold_macrons(name), end


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", name_kinds.fold(text.replace("u:", "u")))


def _cue(text: str) -> str:
    """Return the kind the first country or people named in `text` gives (korean, …, foreign), or ""."""
    first, kind = len(text) + 1, ""
    for cue_kind, words in _CUES:
        for word in words:
            found = re.search(rf"\b{re.escape(word)}\b", text)
            if found and found.start() < first:
                first, kind = found.start(), cue_kind
    for found in re.finditer(r"\b[A-Z][A-Za-z]+\b", text):
        if found.start() >= first:
            break
        word = found.group()
        if word in _ABROAD or (name_kinds.place_name(word) and not name_kinds.ordinary_word(word)):
            return "foreign"  # "Alberta, Canada", "Burmese general": a country or people
    return kind


def _kind(sense: dictionary.Sense, en: str, rest: str) -> tuple[str, bool]:
    """Return (kind, whether the English is the pinyin) of a name sense; `rest` is its gloss after the name."""
    sounds = _letters(sense.pinyin)
    forms = (sounds, *(sounds.removesuffix(end) for end in _SUFFIX_SYLLABLES if sounds.endswith(end)))
    pinyin = any(SequenceMatcher(None, _letters(en), form).ratio() >= _PINYIN_SIMILAR for form in forms)
    if pinyin and any(re.search(rf"\b{re.escape(word)}\b", rest) for word in _CHINA):
        return "chinese", True
    cue = _cue(rest) or _cue(en)  # "China Development Bank": the name itself says whose it is
    if cue:
        return cue, pinyin
    if pinyin:
        return "", True  # Taliban, Nubia: transliterations can spell like pinyin; the rules decide
    if _what(sense.glosses[0], en) == "name":
        return "", False  # Ministry of Public Security, December, Europe: not a person or place abroad
    return "foreign", False


def _what(gloss: str, en: str = "") -> str:
    """Return what a name gloss names: "person", "place" or "name" (an organisation, a month, a work …)."""
    if _PERSON.search(gloss):
        return "person"
    if _PLACE.search(gloss) or "," in gloss.split("(")[0] or en.startswith(("Mt ", "Mount ")):
        return "place"
    known = en and name_kinds.place_name(en.split()[-1]) and not name_kinds.ordinary_word(en.split()[-1])
    return "place" if known else "name"  # Salzburg, Kazan: places the name data knows


@lru_cache(maxsize=4096)
def _lookup(word: str) -> DictionaryName | None:
    for sense in dictionary.load().senses(word):
        if not sense.is_name:
            continue
        en, end = _name_span(sense.glosses[0])
        if not en or not re.search(r"[A-Za-z]", en):
            continue
        kind, pinyin = _kind(sense, en, "/".join(sense.glosses)[end:])
        return DictionaryName(word, en, kind, _what(sense.glosses[0], en), sense.glosses[0], pinyin)
    return None


def lookup(word: str) -> DictionaryName | None:
    """Return the first proper-name sense CC-CEDICT gives `word` (or the word without a place suffix:
    埃德蒙顿市 -> Edmonton; a dotted name whose every part is a person's name: 比尔·克林顿 -> Bill
    Clinton), or None; the dictionary is read on first use."""
    parts = re.split("[·•‧・]", word)
    if len(parts) > 1:
        named_parts = [_lookup(part) for part in parts]
        if all(part is not None and part.what == "person" and part.kind in FOREIGN_KINDS for part in named_parts):
            names = [part for part in named_parts if part is not None]
            last = names[-1].en.split()
            # 唐纳德·特朗普: Donald (name) · Donald Trump (…): the last part's gloss may hold the whole name
            whole = names[-1].en if all(word in last for part in names[:-1] for word in part.en.split()) \
                else " ".join(part.en for part in names)
            return DictionaryName(word, whole, names[-1].kind, "person", " · ".join(part.gloss for part in names))
        return None
    found = _lookup(word)
    if found is None and word.endswith(PLACE_SUFFIXES) and len(word) >= 3:
        core = _lookup(word[:-1])
        if core is not None and core.what == "place":
            return DictionaryName(word, core.en, core.kind, core.what, core.gloss, core.pinyin)
    return found


def ordinary_word(word: str) -> bool:
    """Return whether CC-CEDICT lists `word` only as an ordinary word, no sense a name (美术馆 "art gallery")."""
    senses = dictionary.load().senses(word)
    return bool(senses) and not any(sense.is_name for sense in senses)


def ordinary(word: str, loose: bool = False) -> bool:
    """Return whether CC-CEDICT reads a word a tagger took for a name as ordinary words: one word with no
    name sense (拉开序幕, 北坡, 美术馆, 贺函) or two or more such words of 2+ characters each (热烈+祝贺);
    `loose` lets one of them be a single character (安全+门, 本+赛季: for a name that is no Chinese person,
    whose given name is often a word: 王+建国).
    A person named like a word (高峰) is lost: in the WMT government subset, the tagger's two-character
    "persons" CC-CEDICT lists as words are 贺函 and 贺词 (7 times), never a person."""
    if ordinary_word(word):
        return True
    pieces = dictionary.load().matches(word)
    single = [piece for piece in pieces if piece.end - piece.start == 1]
    return len(pieces) >= 2 and sum(piece.end - piece.start for piece in pieces) == len(word) \
        and len(single) <= (1 if loose else 0) and len(single) < len(pieces) \
        and all(not any(sense.is_name for sense in piece.senses) for piece in pieces)


def gloss(word: str) -> str:
    """Return the first gloss CC-CEDICT gives `word` ("art gallery"), or ""."""
    glosses = dictionary.load().glosses(word)
    return glosses[0] if glosses else ""



def names_in(text: str, boundaries: set[int]) -> list[tuple[int, DictionaryName]]:
    """Return the foreign, Korean, Japanese and Vietnamese names CC-CEDICT finds in `text` that only its
    names spell (麦克阿瑟, 马克龙 — which a tagger may cut in two), each starting and ending where words
    do (`boundaries`: the offsets where the text's words start), as (offset, name) pairs."""
    found = []
    for match in dictionary.load().matches(text):
        if match.end - match.start < 2 or match.start not in boundaries \
                or not (match.end in boundaries or match.end == len(text)):
            continue
        if any(not sense.is_name for sense in match.senses):
            continue  # 成功: "success" as well as a town in Taiwan
        named = _lookup(match.word)
        if named is not None and named.kind in FOREIGN_KINDS and named.what in ("person", "place"):
            found.append((match.start, named))
    return found
