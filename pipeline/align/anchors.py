"""Lexical anchors between a Chinese and an English sentence, as hunalign uses them beside lengths: figures
and dates (read in both languages by pipeline/figures), glossary names (the term finder's hits and their
approved English) and CC-CEDICT's glosses of the Chinese words (pipeline/dictionary).

Each side of a sentence is reduced once to what can match (Evidence); a bead of one or two sentences per
side adds its sentences' evidence up, and `compare` says which share of it matched, 0..1, and how many
figures one side has that the other lacks.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..dictionary import Dictionary, content_gloss
from ..figures.dates import DateMention, found_in, parse_dates
from ..figures.numbers import accepted_values, parse_en, parse_zh
from ..model import Segment
from ..stages.terms import PLACE_WORDS

STEM = 5  # English words compare by their first letters: "cooperation" ~ "cooperate", "exchanges" ~ "exchange"
GLOSSES = 8  # the first glosses of a word: a word with thirty senses would otherwise match any sentence
# weight of an anchor in the share matched: a figure, date or glossary name says more than a word
STRONG, WORD = 3.0, 1.0
STOPWORDS = frozenset("""a an the of to in on at by for with from as and or but not no nor is are was were be been
being am has have had do does did will would shall should can could may might must this that these those it its
which who whom whose what when where while than then there here also very more most such so too only just about
into over under up out he she they we you i his her their our your my them us him me one ones sb sth etc used
something someone somebody person thing things kind sort particle classifier measure word""".split())
_LATIN = re.compile(r"[a-z]+")
_HAN = re.compile(r"[\u3400-\u9fff]")


def stems(text: str) -> frozenset[str]:
    """Return the content words of English text, lower-cased and cut to STEM letters (stopwords left out)."""
    return frozenset(word[:STEM] for word in _LATIN.findall(text.lower()) if word not in STOPWORDS and len(word) > 1)


@dataclass(frozen=True)
class Evidence:
    """What one or more sentences of one side can be matched by."""

    length: int  # characters, spaces left out
    figures: frozenset[Decimal] = frozenset()
    dates: tuple[DateMention, ...] = ()
    names: tuple[tuple[str, ...], ...] = ()  # per glossary term: its English forms, lower-case
    words: tuple[frozenset[str], ...] = ()  # Chinese: per word, its glosses' stems; English: ()
    text: str = ""  # English: the sentence(s), lower-case
    content: frozenset[str] = frozenset()  # English: the stems of its content words

    def __add__(self, other: "Evidence") -> "Evidence":
        return Evidence(self.length + other.length, self.figures | other.figures, self.dates + other.dates,
                        self.names + other.names, self.words + other.words,
                        f"{self.text} {other.text}".strip(), self.content | other.content)


def english_evidence(text: str) -> Evidence:
    """Return the evidence of an English sentence: its length, figures (small ones only in digits) and words."""
    figures = frozenset(quantity.value for quantity in parse_en(text)
                        if any(char.isdigit() for char in quantity.text) or quantity.value > 10)
    return Evidence(len("".join(text.split())), figures, text=text.lower(), content=stems(text))


class Lexicon:
    """The English a Chinese word may be rendered with, as stems: CC-CEDICT's first glosses of the word, or of
    the dictionary words inside it when jieba's word is not listed (each word looked up once)."""

    def __init__(self, cedict: Dictionary):
        self.cedict = cedict
        self._stems: dict[str, frozenset[str]] = {}

    def __call__(self, word: str) -> frozenset[str]:
        found = self._stems.get(word)
        if found is None:
            words = [word] if word in self.cedict else [match.word for match in self.cedict.matches(word)]
            found = frozenset(stem for listed in words for gloss in self.cedict.glosses(listed)[:GLOSSES]
                              for stem in stems(content_gloss(gloss)))
            self._stems[word] = found
        return found


def chinese_evidence(segment: Segment, lexicon: Lexicon, release_date: str = "") -> Evidence:
    """Return the evidence of a Chinese segment: figures, dates, glossary names and its words' glosses
    (words inside a glossary term, and words whose glosses are all stopwords, add nothing)."""
    figures = frozenset(value for quantity in parse_zh(segment.zh) for value in accepted_values(quantity))
    terms = [term for term in segment.terms if term.kind != "stop"]
    covered = {position for term in terms for position in range(term.start, term.end)}
    words, position = [], 0
    for word in segment.words:
        start = max(segment.zh.find(word, position), position)
        position = start + len(word)
        if _HAN.search(word) and not covered.intersection(range(start, position)):
            glossed = lexicon(word)
            if glossed:
                words.append(glossed)
    return Evidence(len("".join(segment.zh.split())), figures, tuple(parse_dates(segment.zh, release_date or None)),
                    tuple(forms(term.en) for term in terms), tuple(words))


def forms(english: str) -> tuple[str, ...]:
    """Return the forms a glossary rendering may take in a published English: as listed, and a place's
    bare name ("Higashiomi City" is often just "Higashiomi")."""
    bare = PLACE_WORDS.sub("", english)
    return tuple(dict.fromkeys(form.lower() for form in (english, bare) if form))


def compare(zh: Evidence, en: Evidence) -> tuple[float, int]:
    """Return how much of the two sides' evidence matches, 0..1 — the mean of the Chinese anchors' share
    found in the English and the English content words' share a Chinese anchor accounts for — and how
    many figures one side has and the other lacks (strong evidence that the two do not belong together)."""
    weight = matched = 0.0
    covered: set[str] = set()
    dated = {part for mention in zh.dates for part in (mention.year, mention.month, mention.day) if part}
    extra = {value for value in en.figures - zh.figures if value not in dated}  # a day written as a figure
    missing = len(zh.figures - en.figures) + len(extra)
    weight += STRONG * (len(zh.figures) + len(extra))
    matched += STRONG * len(zh.figures & en.figures)
    for mention in zh.dates:
        weight += STRONG
        matched += STRONG if found_in(en.text, mention) else 0.0
    for names in zh.names:
        weight += STRONG
        form = next((form for form in names if form in en.text), None)
        if form is not None:
            matched += STRONG
            covered |= stems(form)
    for glosses in zh.words:
        weight += WORD
        shared = glosses & en.content
        if shared:
            matched += WORD
            covered |= shared
    shares = []
    if weight:
        shares.append(matched / weight)
    if en.content:
        shares.append(len(covered & en.content) / len(en.content))
    return (sum(shares) / len(shares) if shares else 0.0), missing
