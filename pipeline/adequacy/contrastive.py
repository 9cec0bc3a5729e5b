"""Contrastive conditioning with the embedded model: which clauses of the Chinese an English text leaves
out, and which of its sentences the Chinese does not ask for (Vamvas & Sennrich, ACL 2022, "As Little
as Possible, as Much as Necessary"), by forced decoding — the English is scored, never generated.

Omissions: the English is scored after the translation prompt of the whole sentence and of the sentence
without each clause in turn. The English of a clause becomes less likely when the clause leaves the
source; a clause whose removal leaves the English at least as likely (a mean log-probability gain above
OMISSION_GAIN) is not in the English. Additions: the English is also scored after the prompt of an empty
source; an English sentence (of two or more) whose tokens the Chinese makes no likelier than nothing at
all (mean gain below ADDITION_GAIN) is not licensed by it. One pass per clause scored, plus two.

Engines that cannot score a given answer (an OpenAI-compatible API gives no log-probabilities for it) and
`--engine none` get a Coverage that says so (`unavailable`), never an error.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Iterable

from ..config import CONTRASTIVE
from ..engines.base import TranslationRequest, scorer
from ..engines.prompt import build_messages
from ..errors import PipelineError
from ..model import Issue, Release
from . import checks, english
from . import clauses as clause_split

# tuned on the tune half of benchmarks/data/adequacy (docs/decisions/contrastive.md)
OMISSION_GAIN = 0.0
ADDITION_GAIN = 0.3
GATE = 0.5  # a clause lexical coverage renders at most this share of is doubted, and scored
MIN_LETTERS = 2  # a clause of fewer letters (等, a lone mark) is not scored
_LETTER = re.compile(r"[\u3400-\u9fffA-Za-z0-9]")


@dataclass(frozen=True)
class Contrast:
    """A clause and how much likelier the English is without it (mean log-probability per token)."""

    clause: clause_split.Clause
    gain: float


@dataclass(frozen=True)
class SentenceGain:
    """An English sentence and how much likelier the Chinese makes its tokens than an empty source does."""

    text: str
    gain: float


@dataclass(frozen=True)
class Coverage:
    """What contrastive conditioning found for one (Chinese, English) pair, and what it cost."""

    contrasts: tuple[Contrast, ...] = ()
    sentences: tuple[SentenceGain, ...] = ()  # () when the English is one sentence
    passes: int = 0
    seconds: float = 0.0
    unavailable: str = ""  # why the engine could not score, "" when it did

    @property
    def missing(self) -> tuple[clause_split.Clause, ...]:
        """Return the clauses the English leaves out."""
        return tuple(contrast.clause for contrast in self.contrasts if contrast.gain > OMISSION_GAIN)

    @property
    def added(self) -> tuple[str, ...]:
        """Return the English sentences the Chinese does not license."""
        return tuple(sentence.text for sentence in self.sentences if sentence.gain < ADDITION_GAIN)


def unavailable(engine) -> str:
    """Return why contrastive conditioning cannot run with this engine, or "" when it can."""
    if engine is None:
        return "contrastive conditioning needs the embedded model (the engine is none)"
    if scorer(engine) is None:
        return (f"the {engine.name} engine cannot score a given English (no log-probabilities for it): "
                "contrastive conditioning needs the embedded model")
    return ""


def scored_clauses(zh: str, protected: Iterable[tuple[int, int]] = ()) -> list[clause_split.Clause]:
    """Return the clauses of `zh` worth a pass: the adequacy splitter's, of MIN_LETTERS letters or more."""
    return [clause for clause in clause_split.split(zh, protected)
            if len(_LETTER.findall(clause.text)) >= MIN_LETTERS]


def assess(engine, zh: str, en: str, protected: Iterable[tuple[int, int]] = (),
           clauses: Iterable[clause_split.Clause] | None = None) -> Coverage:
    """Return the contrastive coverage of `zh` by `en`: each clause scored (`clauses`, else every clause
    of scored_clauses), and each sentence of a multi-sentence English weighed against an empty source."""
    reason = unavailable(engine)
    if reason or not zh.strip() or not en.strip():
        return Coverage(unavailable=reason)
    started = time.perf_counter()
    found = sorted(scored_clauses(zh, protected) if clauses is None else clauses, key=lambda clause: -clause.start)
    several = len(english.sentences(en)) > 1
    # last clause first: each prompt then shares the context with the one before up to its own clause
    sources = [zh, *(zh[:clause.start] + zh[clause.end:] for clause in found), *([""] if several else [])]
    scores = engine.score([build_messages(TranslationRequest(zh=source)) for source in sources], en)
    whole = scores.logprobs[0]
    contrasts = [Contrast(clause, _mean(lost) - _mean(whole))
                 for clause, lost in zip(found, scores.logprobs[1:len(found) + 1], strict=True)]
    gains = [full - none for full, none in zip(whole, scores.logprobs[-1], strict=True)] if several else []
    return Coverage(tuple(sorted(contrasts, key=lambda contrast: contrast.clause.start)),
                    _sentence_gains(en, scores.pieces, gains) if several else (), len(sources),
                    time.perf_counter() - started)


def _mean(values) -> float:
    return sum(values) / len(values)


def _sentence_gains(en: str, pieces: tuple[str, ...], gains: list[float]) -> tuple[SentenceGain, ...]:
    """Return the mean gain of the tokens of each sentence of `en` (pieces: each token's text, joining to
    `en`); () when `en` is one sentence."""
    sentences = english.sentences(en)
    if len(sentences) < 2:
        return ()
    starts, offset = [], 0
    for piece in pieces:
        starts.append(offset)
        offset += len(piece)
    result, position = [], 0
    for sentence in sentences:
        start = en.find(sentence, position)
        start = position if start < 0 else start
        position = start + len(sentence)
        tokens = [gain for gain, at, piece in zip(gains, starts, pieces, strict=True)
                  if piece and start <= at + len(piece) - len(piece.lstrip()) < position]
        if tokens:
            result.append(SentenceGain(sentence, _mean(tokens)))
    return tuple(result)


@dataclass(frozen=True)
class Judgement:
    """Clauses missing and sentences added as lexical coverage and contrastive conditioning judge together."""

    missing: tuple[clause_split.Clause, ...]
    added: tuple[str, ...]
    coverage: Coverage  # what contrastive conditioning scored (unavailable: lexical alone judged)


def judge(engine, zh: str, en: str, lexical_coverage) -> Judgement:
    """Return the clauses missing and sentences added: contrastive conditioning decides the clauses lexical
    coverage doubts (rendered share at most GATE) and every sentence of a multi-sentence English; lexical
    coverage decides the rest, and everything when the engine cannot score."""
    doubted = [item.clause for item in lexical_coverage.clauses
               if item.rendered <= GATE and len(_LETTER.findall(item.clause.text)) >= MIN_LETTERS]
    needed = bool(doubted) or len(english.sentences(en)) > 1
    coverage = assess(engine, zh, en, clauses=doubted) if needed else Coverage(unavailable=unavailable(engine))
    if coverage.unavailable:
        return Judgement(tuple(item.clause for item in lexical_coverage.missing), tuple(lexical_coverage.added),
                         coverage)
    return Judgement(coverage.missing, coverage.added, coverage)


ADEQUACY = ("clause_missing", "sentence_added")
SETTINGS = CONTRASTIVE  # [engine] contrastive in press.toml


def wanted(setting: str) -> bool:
    """Return whether the check stage asks contrastive conditioning (press.toml [engine] contrastive)."""
    if setting not in SETTINGS:
        raise PipelineError(f"unknown contrastive setting {setting!r}",
                            hint=f"write [engine] contrastive = one of: {', '.join(SETTINGS)}")
    return setting == "gated"


def refine(release: Release, engine, issues: tuple[Issue, ...]) -> tuple[Issue, ...]:
    """Return the findings with each segment's clause_missing and sentence_added as `judge` decides them
    (lexical coverage, contrastive conditioning on what it doubts); unchanged when the engine cannot score."""
    if unavailable(engine):
        return issues
    kept = [issue for issue in issues if issue.check not in ADEQUACY]
    judged: list[Issue] = []
    for segment in release.segments:
        if not segment.en.strip():
            continue
        coverage = checks.coverage(segment, release)
        found = judge(engine, segment.zh, segment.en, coverage)
        clauses = {(item.clause.start, item.clause.end): item for item in coverage.clauses}
        judged += [checks.clause_missing(segment, clauses[(clause.start, clause.end)]) for clause in found.missing]
        judged += [checks.sentence_added(segment, sentence) for sentence in found.added]
    order = {segment.id: index for index, segment in enumerate(release.segments)}
    position = {id(issue): index for index, issue in enumerate(kept)}
    # each segment's findings together, in segment order, release-level findings last (as run_checks orders them)
    return tuple(sorted(kept + judged, key=lambda issue: (order.get(issue.segment_id or "", len(order)),
                                                          position.get(id(issue), len(kept)))))
