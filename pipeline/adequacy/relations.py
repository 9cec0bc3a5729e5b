"""Swapped entities: the English puts a place inside another than the Chinese does, or gives one place's
mayor, government or office to another.

    swaps(zh, en, terms)   # (Swap(phrase="Mukono in South Korea", ...), ...)

What the Chinese says (facts): a place directly preceded by its country or province (斯里兰卡阿努拉达普拉市,
日本滋贺县东近江市); where a glossary entry's note places it ("Sri Lanka", "Shiga Prefecture, Japan"); where
CC-CEDICT's gloss places it ("Toulouse (city in France)"); whose a title or office is (东近江市市长: the mayor
is Higashiomi's). What the English says: "<A> in <B>", "<A>, <B>" and "<A> of <B>" (B a larger place),
"<B>'s <A>", "Mayor of <X>", "<X> Mayor", "<X>'s government". A relation is swapped when the English puts
a place inside one the Chinese places inside it (Sri Lanka in Anuradhapura), inside another place of the
level where the Chinese places it (Mukono in South Korea for 乌干达穆科诺市), or gives a title or office to a
place the Chinese does not give it to, when the Chinese names the owner of every one of its mentions.
Only places the Chinese names are judged (a place it does not name is no_added_names's).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Iterable

from .. import dictionary
from ..model import TermHit
from ..names import dictionary as names_dictionary

COUNTRY, REGION, CITY, UNKNOWN = 3, 2, 1, 0
LEVELS = {"country": COUNTRY, "province": REGION, "municipality": REGION, "region": REGION, "prefecture": REGION,
          "city": CITY, "county": CITY}
# a title or office of the Chinese, the English words that render it, and what may stand between its owner and it
TITLES = (("市长", "(?:vice |deputy )?mayor"), ("省长", "governor"), ("州长", "governor"), ("知事", "governor"),
          ("政府", "government"), ("外事办", "foreign affairs office"), ("外办", "foreign affairs office"))
_SHOWN = {"(?:vice |deputy )?mayor": "mayor"}  # a pattern as the finding names it
_BETWEEN = ("", "市", "省", "县", "人民", "市人民", "省人民", "县人民", "副", "市副", "常务副", "市常务副")
SUFFIXES = r"(?:\s+(?:City|Prefecture|Province|County|State|Municipality|Region))?"
_IN = re.compile(r",?\s+in\s+(?:the\s+)?")
_COMMA = re.compile(r",\s*")
_OF = re.compile(r"\s+of\s+(?:the\s+)?")
_POSSESSIVE = re.compile(r"['’]s\s+")
_OWNER_BEFORE = r"\b({title})\s+of\s+(?:the\s+)?(?:city\s+of\s+)?$"
_OWNER_AFTER = (r"^(?:\s+(?:city|municipal|prefectural|provincial|people's|metropolitan))*\s+({title})\b"
                r"|^['’]s\s+({title})\b")
_PARTICLES = ("of", "the", "and", "de", "da", "del", "du")
# "Consul General of Australia in Perth", "investment from Japan in Osaka": "in" says where, not what holds what
_ATTRIBUTE = re.compile(r"\b(?:of|from|by)\s+(?:the\s+)?$", re.IGNORECASE)
_CEDICT_CONTAINER = re.compile(r"([A-Z][\w'’-]*(?: (?:of |and )?[A-Z][\w'’-]*)*)\W*$")


@dataclass(frozen=True)
class Within:
    """A place a place lies in, as a fact: its English, level (UNKNOWN when only a gloss names it), Chinese
    ("" when a note or gloss names it) and where the fact comes from."""

    en: str
    level: int
    zh: str = ""
    evidence: str = "the Chinese"


@dataclass(frozen=True)
class Place:
    """A place the Chinese names: its English forms, level, span and the places it lies in."""

    zh: str
    forms: tuple[str, ...]
    level: int
    start: int
    end: int
    within: tuple[Within, ...] = ()
    holds: bool = False  # it stands right before a place it holds (韩国 in 韩国富川市): a container in this text

    @property
    def label(self) -> str:
        return f"{self.zh} ({self.forms[0]})"


@dataclass(frozen=True)
class Swap:
    """A relation the English states that the Chinese contradicts."""

    phrase: str  # the English that says it: "Mukono in South Korea", "Mayor of Changde"
    truth: str  # what the Chinese says: "the Chinese places 穆科诺市 in 乌干达 (Uganda)"
    fix: str  # how to write it: "Mukono is in Uganda, not in South Korea"


@dataclass(frozen=True)
class Mention:
    """Where the English writes a place the Chinese names."""

    place: Place
    start: int
    end: int  # after a suffix ("City", "Prefecture")


def _note_within(note: str, level: int) -> tuple[Within, ...]:
    """Return where a glossary note places an entry: its first part, "Sri Lanka" (a country), "Shiga
    Prefecture, Japan" (a region, then a country); nothing unless every word is a name's."""
    first = re.sub(r"\([^)]*\)", "", note.split(";")[0]).strip()
    parts = [part.strip() for part in first.split(",")]
    if not first or level >= COUNTRY or not all(
            part and all(word[:1].isupper() or word in _PARTICLES for word in part.split()) for part in parts):
        return ()
    return tuple(Within(part, COUNTRY if index == len(parts) - 1 else REGION, "", "the glossary")
                 for index, part in enumerate(parts))


def _gloss_level(gloss: str) -> int:
    """Return the level a gloss gives its place: "Guang'an prefecture-level city in Sichuan" a city."""
    gloss = re.sub(r"\S+-level\b", "", gloss)
    found = re.search(r"\b(?:(city|town|capital|district|county|municipality)|(province|prefecture|state))\b", gloss)
    return UNKNOWN if not found else CITY if found.group(1) else REGION


def _gloss_within(name: names_dictionary.DictionaryName) -> tuple[Within, ...]:
    """Return where CC-CEDICT's gloss places a name: the last name it ends with ("Toulouse (city in France)",
    "Maribor, 2nd biggest city in Slovenia"), of a level the gloss does not tell."""
    rest = re.sub(r"\((city|town) in ([^)]*)\)", r", \1 in \2", name.gloss[len(name.en):])
    rest = re.sub(r"\([^)]*\)|[\u3400-\u9fff|\[\]\d]+", " ", rest).strip()
    found = _CEDICT_CONTAINER.search(rest) if re.search(r",| in | of ", rest) else None
    return (Within(found.group(1), UNKNOWN, "", "CC-CEDICT"),) if found and found.group(1) != name.en else ()


def places(zh: str, terms: Iterable[TermHit]) -> list[Place]:
    """Return the places the Chinese names (glossary terms of a place kind, CC-CEDICT place names elsewhere),
    in order, each with the places it lies in: those right before it, its note's, its gloss's."""
    found = [Place(term.zh, tuple(form for form in (term.en, *term.en_variants) if form), LEVELS[term.kind],
                   term.start, term.end, _note_within(term.note, LEVELS[term.kind]))
             for term in terms if term.kind in LEVELS and term.en]
    taken = {index for place in found for index in range(place.start, place.end)}
    for match in dictionary.load().matches(zh):
        if match.end - match.start < 2 or taken & set(range(match.start, match.end)):
            continue
        if not all(sense.is_name for sense in match.senses) and zh[match.end:match.end + 1] not in ("市", "省", "县", "州"):
            continue
        named = names_dictionary.lookup(match.word)
        if named is not None and named.what == "place" and re.search("[A-Za-z]", named.en):
            found.append(Place(match.word, (named.en,), _gloss_level(named.gloss), match.start, match.end,
                               _gloss_within(named)))
    found.sort(key=lambda place: place.start)
    chained: list[Place] = []
    for place in found:  # 日本滋贺县东近江市: Higashiomi in Shiga and in Japan
        before = chained[-1] if chained else None
        if before is not None and before.end == place.start and before.level > max(place.level, UNKNOWN) \
                and (place.level or before.level == COUNTRY):
            place = replace(place, within=(Within(before.forms[0], before.level, before.zh), *before.within,
                                           *place.within))
            chained[-1] = replace(before, holds=True)
        chained.append(place)
    return [replace(place, within=_leveled(place.within, chained)) for place in chained]


def _leveled(within: tuple[Within, ...], known: list[Place]) -> tuple[Within, ...]:
    """Return the facts with a level where a place the Chinese names tells it (a gloss's "France": 法国)."""
    return tuple(replace(fact, level=next((place.level for place in known if _same(fact.en, place.forms, False)),
                                          UNKNOWN))
                 if fact.level == UNKNOWN else fact for fact in within)


def _words(name: str) -> set[str]:
    folded = unicodedata.normalize("NFD", name)
    folded = "".join(char for char in folded if unicodedata.category(char) != "Mn").lower()
    return set(re.findall(r"[a-z]+", folded)) - {"the", "of", "city", "prefecture", "province", "county", "state"}


def _same(name: str, forms: Iterable[str], loose: bool = True) -> bool:
    """Whether a name is one of the forms, up to case, accents and a suffix (Shiga ~ Shiga Prefecture); `loose`:
    one's words inside the other's (Korea ~ South Korea, Australia ~ Western Australia; never South and North)."""
    words = _words(name)
    return bool(words) and any((other := _words(form))
                               and (words == other or loose and (words <= other or other <= words)) for form in forms)


def _plain(text: str) -> str:
    """Return the text with accents dropped, letter for letter (offsets kept)."""
    return "".join(unicodedata.normalize("NFD", char)[0] for char in text)


def mentions(en: str, found: list[Place]) -> list[Mention]:
    """Return where the English writes the places, longest first where they overlap, in order."""
    plain = _plain(en)
    hits: list[Mention] = []
    for place in found:
        for form in place.forms:
            if len(form) < 2:
                continue
            hits += [Mention(place, found.start(), found.end())
                     for found in re.finditer(rf"(?<![\w-]){re.escape(_plain(form))}(?![\w-]){SUFFIXES}", plain)]
    kept: list[Mention] = []
    for mention in sorted(hits, key=lambda item: item.start - item.end):
        if all(mention.end <= other.start or other.end <= mention.start for other in kept):
            kept.append(mention)
    return sorted(kept, key=lambda item: item.start)


def placed(inner: Place, outer: Place, loose: bool = False) -> Within | None:
    """Return the fact that places `inner` inside `outer` (the Chinese, the glossary or the dictionary), or None;
    `loose`: a larger or smaller place of a like name counts (Korea for South Korea)."""
    return next((fact for fact in inner.within if fact.zh == outer.zh or _same(fact.en, outer.forms, loose)), None)


def contains(outer: Place, inner: Place, loose: bool = False) -> bool:
    """Whether the Chinese (its glossary, its dictionary) places `inner` inside `outer`."""
    return placed(inner, outer, loose) is not None


def _said(fact: Within, place: Place) -> str:
    """Return who places a place where: "the Chinese places 穆科诺市 in 乌干达 (Uganda)"."""
    where = f"{fact.zh} ({fact.en})" if fact.zh else fact.en
    return f"the Chinese places {place.zh} in {where}" if fact.evidence == "the Chinese" else \
        f"{fact.evidence} places {place.zh} ({place.forms[0]}) in {where}"


def relation(en: str, first: Mention, second: Mention) -> tuple[Mention, Mention, str] | None:
    """Return (inner, outer, the words between) when the English between two mentions says one lies in the
    other."""
    gap, after = en[first.end:second.start], en[second.end:second.end + 3]
    inner, outer = first.place.level, second.place.level
    if _IN.fullmatch(gap):
        return first, second, gap
    larger = outer == COUNTRY > inner or outer > inner >= CITY
    if (_COMMA.fullmatch(gap) or _OF.fullmatch(gap)) and larger and not _POSSESSIVE.match(after):
        return first, second, gap
    if _OF.fullmatch(gap) and contains(first.place, second.place):  # Inner Mongolia of Baotou
        return first, second, gap
    if _POSSESSIVE.fullmatch(gap) and (inner == COUNTRY > outer or inner > outer >= CITY
                                       or contains(second.place, first.place)):  # Anuradhapura's Sri Lanka
        return second, first, gap
    return None


def judge(en: str, inner: Mention, outer: Mention, between: str = ",") -> Swap | None:
    """Return the swap a relation the English states is, or None: turned round, or a place put in another
    of the level the Chinese places it in — after "in" (which also says where something happens: a
    delegation from Toulouse in China) only a place the Chinese uses as a container."""
    phrase = en[min(inner.start, outer.start):max(inner.end, outer.end)]
    a, b = inner.place, outer.place
    if a.zh == b.zh or _same(a.forms[0], b.forms):
        return None
    fact = placed(b, a)
    if fact is not None and not (_IN.fullmatch(between) and _ATTRIBUTE.search(en[:inner.start])):
        return Swap(phrase, _said(fact, b), f"{b.forms[0]} is in {a.forms[0]}")  # Sri Lanka in Anuradhapura
    if b.level < REGION or contains(b, a, loose=True) or (_IN.fullmatch(between) and not b.holds):
        return None
    facts = [fact for fact in a.within if fact.level == b.level]
    if not facts or any(_same(fact.en, b.forms) for fact in a.within):
        return None
    return Swap(phrase, _said(facts[0], a), f"{a.forms[0]} is in {facts[0].en}, not in {b.forms[0]}")


def owners(zh: str, found: list[Place]) -> dict[str, tuple[str, set[str]]]:
    """Return {English pattern: (the Chinese title, owners)} for the titles and offices the Chinese gives a
    place at every mention (东近江市市长); a title also said without its place (市长, 我市政府) is left out."""
    owners: dict[str, tuple[str, set[str]]] = {}
    unknown: set[str] = set()
    for title, pattern in TITLES:
        for hit in re.finditer(title, zh):
            owner = next((place.zh for place in found for between in _BETWEEN
                          if place.end + len(between) == hit.start() and zh[place.end:hit.start()] == between
                          or place.end == hit.start() + 1 and title.startswith(zh[place.end - 1])), None)
            if owner is None:
                unknown.add(pattern)
            else:
                owners.setdefault(pattern, (title, set()))[1].add(owner)
    return {pattern: owned for pattern, owned in owners.items() if pattern not in unknown}


def titled(en: str, mention: Mention, pattern: str) -> tuple[int, int] | None:
    """Return the span of "Mayor of <place>", "<place> Mayor" or "<place>'s mayor" around a mention, or None."""
    before = re.search(_OWNER_BEFORE.format(title=pattern), en[:mention.start], re.IGNORECASE)
    after = re.search(_OWNER_AFTER.format(title=pattern), en[mention.end:], re.IGNORECASE)
    if not (before or after):
        return None
    return before.start() if before else mention.start, mention.end + after.end() if after else mention.end


def _owner_swaps(zh: str, en: str, found: list[Place], said: list[Mention]) -> list[Swap]:
    swaps = []
    for pattern, (title, owned) in owners(zh, found).items():
        rightful = [place for place in found if place.zh in owned]
        for mention in said:
            span = titled(en, mention, pattern)
            if span is None or mention.place.zh in owned or any(_same(mention.place.forms[0], place.forms)
                                                                 for place in rightful):
                continue
            names = ", ".join(place.label for place in rightful)
            what = _SHOWN.get(pattern, pattern)
            swaps.append(Swap(en[span[0]:span[1]].strip(), f"the Chinese gives {title} ({what}) to {names}",
                              f"the {what} is {rightful[0].forms[0]}'s, not {mention.place.forms[0]}'s"))
    return swaps


def swaps(zh: str, en: str, terms: Iterable[TermHit] = ()) -> list[Swap]:
    """Return the relations between places the English states that the Chinese contradicts, in order."""
    found = places(zh, terms)
    if not found:
        return []
    said = mentions(en, found)
    result = []
    for first, second in zip(said, said[1:], strict=False):
        pair = relation(en, first, second)
        swap = judge(en, *pair) if pair else None
        if swap is not None:
            result.append(swap)
    return result + _owner_swaps(zh, en, found, said)
