"""Words a draft left in Chinese (…delivered a主旨 speech), filled in: the glossary's English, else the engine's
answer to a short request for those words of the sentence (a gloss), spliced into the draft."""
from __future__ import annotations

import re

from ..engines.base import Draft, Engine, TranslationRequest
from ..names import officials
from . import check as qa

REPAIR_MAX_HAN = 0.2  # a draft with more Han than this share of its characters is redone, not repaired
GLOSS_MAX_RUNS = 4  # more runs of Chinese left in a draft than this: the sentence is redone instead
GLOSS_MAX_WORDS = 8  # a gloss answer longer than this is a sentence, not the English of a few words
_LATIN = re.compile(r"[A-Za-z]")
_QUOTED = re.compile(r'["“]([^"“”]+)["”]')
_ARTICLES = ("the", "a", "an")


def fill_leftovers(engine: Engine | None, request: TranslationRequest, en: str, asked: dict[str, str] | None = None) -> str:
    """Return an English draft with the runs of Chinese it left in it (…delivered a主旨 speech) replaced by
    their English: the glossary's where the run is a glossary form, else the engine's answer to a short
    request for those words of this sentence. A draft mostly in Chinese, one with more than GLOSS_MAX_RUNS
    runs, and a run whose answer is not a few plain English words are left as they are. `asked` keeps the
    answers had for this sentence, so a run a later draft leaves again is not asked for twice; with no
    engine, only those answers and the glossary's are used."""
    runs = list(dict.fromkeys(qa.HAN_RUN.findall(officials.without_open(en, request.hints))))
    if not runs or len(runs) > GLOSS_MAX_RUNS or not mostly_english(officials.without_open(en, request.hints)):
        return en
    glossary = {(term.matched or term.zh): term.en for term in request.terms}
    asked = {} if asked is None else asked
    for run in runs:
        if run not in glossary and run not in asked and engine is not None:
            # asked once, with its sentence. Words the model gives back in Chinese (8 of 34 glosses on the
            # WMT tune half) are not asked again alone: that answered 3 of 7, all wrongly (局常委
            # "Chairman"), and a wrong English word is not flagged for the reviewer as a Chinese one is
            asked[run] = gloss_answer(engine.translate(
                TranslationRequest(zh=request.zh, gloss=run, is_headline=request.is_headline)))
        answer = glossary.get(run) or asked.get(run)
        if answer:
            en = _splice(en, run, answer)
    return en


def gloss_answer(answer: Draft | str) -> str:
    """Return the English words of a gloss reply, or "" when it is not a few plain English words. A reply
    that quotes them in a sentence (The English translation for "国务院" is "The State Council".) gives
    its last quoted English."""
    line = ((answer.text if isinstance(answer, Draft) else answer).strip().splitlines() or [""])[0]
    quoted = [part for part in _QUOTED.findall(line) if _LATIN.search(part) and not qa.HAN.search(part)]
    if quoted and (qa.HAN.search(line) or len(line.split()) > GLOSS_MAX_WORDS):
        line = quoted[-1]
    text = line.strip(" \"'“”‘’`*").rstrip(".。;；,，:：").strip()
    if not text or qa.HAN.search(text) or len(text.split()) > GLOSS_MAX_WORDS or not _LATIN.search(text):
        return ""
    return text


def _splice(en: str, run: str, english: str) -> str:
    """Return `en` with every `run` replaced by `english`, spaced from the words beside it."""
    def put(match: re.Match) -> str:
        before = en[match.start() - 1] if match.start() else ""
        after = en[match.end()] if match.end() < len(en) else ""
        words, previous = english.split(maxsplit=1), en[:match.start()].split()[-1:]
        # "enjoys the国务院" + "The State Council": one article, not two
        put_in = (words[1] if len(words) == 2 and previous and previous[0].lower() in _ARTICLES
                  and words[0].lower() in _ARTICLES else english)
        return (" " if before.isalnum() else "") + put_in + (" " if after.isalnum() else "")
    return re.sub(re.escape(run), put, en)


def mostly_english(en: str) -> bool:
    """Return whether at most REPAIR_MAX_HAN of a draft's characters are Chinese."""
    letters = sum(1 for char in en if not char.isspace())
    return len(qa.HAN.findall(en)) <= REPAIR_MAX_HAN * letters
