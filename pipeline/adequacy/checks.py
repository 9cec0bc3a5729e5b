"""The adequacy checks QA runs on every English segment (drafted or reviewed): clause_missing, sentence_added,
entity_swapped.

Their findings are warnings that make a draft one to check carefully (stages.status.DOUBTS), and drafting
asks for one repair of the sentence when a draft has them (stages.check.draft_problems).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import cast

from ..model import CheckName, Issue, Release, Segment, Severity
from ..stages import names as naming
from ..stages import segment as segmenting
from ..stages import terms as finding
from . import lexical, relations

COVERAGE_FOLD = 1.0  # confidence x rendered share ** this: Spearman with chrF on the tune half 0.484 -> 0.511


def analyse(zh: str, glossary=None) -> tuple[tuple[str, ...], tuple, tuple]:
    """Return the words (glossary terms one word each), glossary terms and jieba-tagged names of a sentence:
    one jieba cut, as the segment, terms and names stages make them."""
    cut = segmenting.tokens(zh)
    hits = finding.find(zh, glossary, cut=cut) if glossary is not None else ()
    return finding.merged_words(zh, cut, hits), hits, naming.tagged(cut, hits)


@lru_cache(maxsize=4096)
def _analysed(zh: str) -> tuple[tuple[str, ...], tuple]:
    """Return jieba's words and tagged names of a sentence (the same for `press translate` and `press check`,
    whose segments carry no words)."""
    words, _, names = analyse(zh)
    return words, names


@lru_cache(maxsize=1024)
def _coverage(zh: str, en: str, terms: tuple, release_date: str) -> lexical.Coverage:
    words, names = _analysed(zh)
    return lexical.assess(zh, en, terms, words, names, release_date or None)


def coverage(segment: Segment, release: Release) -> lexical.Coverage:
    """Return the lexical coverage of a segment's Chinese by its English (cached: drafting and the check
    stage ask about the same English)."""
    return _coverage(segment.zh, segment.en, segment.terms, release.meta.date)


def folded_confidence(segment: Segment, release: Release) -> float | None:
    """Return a draft's confidence with its coverage folded in: the engine's confidence times the share of
    the Chinese (by unit weight) its English renders, to the power COVERAGE_FOLD — chosen on the WMT tune
    half (benchmarks/calibrate_confidence.py --fold, docs/decisions/confidence-threshold.md)."""
    if segment.confidence is None:
        return None
    return segment.confidence * coverage(segment, release).rendered ** COVERAGE_FOLD


def _issue(check, segment: Segment, message: str, fix: str) -> Issue:
    severity = re.search(r"Severity: (\w+)", check.__doc__ or "")
    return Issue(cast(CheckName, check.__name__.removeprefix("check_")),
                 cast(Severity, severity.group(1) if severity else "warning"), segment.id, message, fix)


def check_clause_missing(segment: Segment, release: Release) -> list[Issue]:
    """Every clause of the Chinese is rendered in the English (dictionary, glossary, figures, dates)

    Severity: warning
    """
    return [clause_missing(segment, found) for found in coverage(segment, release).missing if not _told(found)]


def _told(found: lexical.ClauseCoverage) -> bool:
    """Whether a clause is missing only for names the other checks already report: glossary terms, figures
    and dates (glossary_terms_used, numbers_match, dates_match name the clause and what it must contain)."""
    lost = {unit.kind for unit in found.units if not unit.rendered and unit.kind != "word"}
    return not (found.unrendered or found.words_lost or found.action_lost) and lost <= {"term", "figure", "date"}


def clause_missing(segment: Segment, found: lexical.ClauseCoverage) -> Issue:
    """Return the clause_missing finding for a clause of the segment its English leaves out."""
    return _issue(check_clause_missing, segment, f"{found.clause.text} ‘{found.gloss}’ is not in the English",
                  fix=f"The draft leaves out this part of the Chinese: {found.clause.text}\n"
                      f"Translate it too (word by word: {found.gloss}).")


def check_sentence_added(segment: Segment, release: Release) -> list[Issue]:
    """The English says nothing the Chinese does not (no sentence without a counterpart)

    Severity: warning
    """
    return [sentence_added(segment, sentence) for sentence in coverage(segment, release).added]


def sentence_added(segment: Segment, sentence: str) -> Issue:
    """Return the sentence_added finding for a sentence of the segment's English the Chinese does not say."""
    return _issue(check_sentence_added, segment, f"“{sentence}” has no counterpart in the Chinese",
                  fix=f"The draft adds a sentence the Chinese does not have: {sentence}\nLeave it out.")


def check_entity_swapped(segment: Segment, release: Release) -> list[Issue]:
    """The English puts each place where the Chinese does and gives each title or office to its own place

    Severity: warning
    """
    return [_issue(check_entity_swapped, segment, f"‘{swap.phrase}’: {swap.truth}",
                   fix=f"The draft says ‘{swap.phrase}’, but {swap.truth}: {swap.fix}. Correct that.")
            for swap in relations.swaps(segment.zh, segment.en, segment.terms)]


CHECKS = (check_clause_missing, check_sentence_added, check_entity_swapped)
