"""English words as the coverage checks compare them: lemmas and stems; the only `lemminflect` import.

lemminflect (English lemmas from a lexicon with inflection rules) was measured against simplemma on the
tune half of benchmarks/data/adequacy (docs/decisions/adequacy-lexical.md) and kept.
"""
from __future__ import annotations

import re
from functools import lru_cache

WORD = re.compile(r"(?<![0-9A-Za-z])(?:[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z])")  # not the "th" of "19th"
SENTENCE_END = re.compile(r"(?<=[.!?])([\"”’')]*)\s+(?=[\"“‘(]?[A-Z0-9])")
# a full stop after these is no sentence end ("Mr. Li", "Co., Ltd", "U.S. dollars")
ABBREVIATIONS = ("Mr", "Mrs", "Ms", "Dr", "St", "Co", "Ltd", "Inc", "No", "Jan", "Feb", "Aug", "Sept", "Oct",
                 "Nov", "Dec", "U.S", "U.K", "U.N", "E.U", "Gov", "Prof", "Gen", "Lt", "Col", "vs", "etc")
STEM = 5  # words of more letters than this also match by their first STEM letters (develop ~ development)
FUNCTION_WORDS = frozenset("""
a an the and or but nor so yet if then than that this these those there here where when while whom whose
which who what why how as at by for from in into of off on onto out over to up upon with within without
about above across after against along among around before behind below beneath beside between beyond
during except inside near past since through throughout till toward towards under underneath until via
be am is are was were been being have has had having do does did doing will would shall should may might
must can could i me my mine we us our ours you your yours he him his she her hers it its they them their
theirs myself yourself himself herself itself ourselves themselves one ones such own same other another
each every all both either neither some any no none not only also too very just more most less least much
many few several own again once ever even still already yet however therefore thus hence well
said say says mr mrs ms dr per via s t
isn't aren't wasn't weren't don't doesn't didn't won't can't cannot couldn't shouldn't wouldn't hasn't haven't hadn't
""".split())
MONTHS = frozenset("january february march april may june july august september october november december "
                   "monday tuesday wednesday thursday friday saturday sunday".split())


@lru_cache(maxsize=1)
def _lemmas_of():
    from lemminflect import getAllLemmas  # imported on first use: its lexicon loads in ~0.3 s

    return getAllLemmas


@lru_cache(maxsize=65536)
def lemmas(word: str) -> frozenset[str]:
    """Return a lower-case word's lemmas ("supplies" -> supply; "held" -> hold, held), itself included."""
    found = {word}
    for forms in _lemmas_of()(word).values():
        found.update(forms)
    return frozenset(found)


def stem(word: str) -> str:
    """Return the prefix by which related words match: its first STEM letters for a long word."""
    return word[:STEM] if len(word) > STEM + 1 else word


def words(text: str) -> list[str]:
    """Return the words of an English text, lower case, possessive 's dropped, apostrophes straight."""
    return [re.sub(r"['’]s$", "", word.lower()).replace("’", "'") for word in WORD.findall(text)]


def content_words(text: str) -> list[str]:
    """Return the words of a text that carry content: not function words, months or weekdays."""
    return [word for word in words(text) if word not in FUNCTION_WORDS and word not in MONTHS and len(word) > 1]


# British spellings as American ones, so that glosses and drafts match either way (dialogue ~ dialog)
SPELLINGS = ((re.compile(r"ogue$"), "og"), (re.compile(r"(?<=\w{3})our$"), "or"),
             (re.compile(r"(?<=..[^aeiou])is(?=e$|ed$|ing$|ation$)"), "iz"), (re.compile(r"(?<=\w{2})(?<!s)tre$"), "ter"))


def american(word: str) -> str:
    """Return a word in American spelling (dialogue -> dialog, labour -> labor, organise -> organize)."""
    for pattern, replacement in SPELLINGS:
        word = pattern.sub(replacement, word)
    return word


def keys(word: str) -> set[str]:
    """Return what a word matches by: its lemmas and their stems, in American spelling."""
    found: set[str] = set()
    for lemma in lemmas(word):
        lemma = american(lemma)
        found.update((lemma, stem(lemma)))
    return found


def vocabulary(text: str) -> set[str]:
    """Return the keys of every content word of a text: what a Chinese word's gloss is looked up in."""
    found: set[str] = set()
    for word in content_words(text):
        found |= keys(word)
    for part in re.findall(r"[a-z]+", " ".join(words(text))):  # hyphenated: people-to-people
        found |= keys(part)
    return found


def sentences(text: str) -> list[str]:
    """Return the sentences of an English text (at . ! ? followed by a capital), abbreviations kept whole."""
    pieces, start = [], 0
    for found in SENTENCE_END.finditer(text):
        before = text[start:found.start()].rstrip("\"”’')")
        last = before.split()[-1] if before.split() else ""
        if last.rstrip(".") in ABBREVIATIONS or re.fullmatch(r"(?:[A-Z]\.)+", last):
            continue
        pieces.append(text[start:found.end(1)].strip())
        start = found.end()
    pieces.append(text[start:].strip())
    return [piece for piece in pieces if piece]
