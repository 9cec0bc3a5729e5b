"""The engine protocol: what a translation request holds, what a draft returns, what every engine provides."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from ..model import MemoryMatch, NameHint, TermHit


@dataclass(frozen=True)
class TranslationRequest:
    """Everything an engine needs to draft one segment or one paragraph, and nothing it may not see."""

    zh: str
    terms: tuple[TermHit, ...] = ()
    hints: tuple[NameHint, ...] = ()
    figures: tuple[tuple[str, str], ...] = ()  # (Chinese figure, English rendering), from figures/numbers.py
    dates: tuple[tuple[str, str], ...] = ()  # (Chinese date or time, English rendering), from figures/dates.py
    release_date: str = ""  # the release's own date, which resolves 今年, 昨天 …
    context_before: tuple[str, ...] = ()  # neighbouring source sentences, for pronouns/ellipsis
    context_after: tuple[str, ...] = ()
    examples: tuple[MemoryMatch, ...] = ()
    strict: bool = False  # set on the retry after a failed verification
    draft: str = ""  # on a repair retry: the first draft, to be corrected rather than redone
    fixes: tuple[str, ...] = ()  # on a repair retry: what the first draft got wrong, one line each
    is_headline: bool = False
    # a paragraph request: the sentences, numbered in the prompt and answered one numbered line each
    # (zh is then their concatenation); empty for a single segment
    sentences: tuple[str, ...] = ()
    # a gloss request: Chinese words a draft of zh left untranslated, asked for alone (their English only)
    gloss: str = ""

    @property
    def kind(self) -> str:
        """What sort of request this is, for usage accounting: paragraph, sentence, repair, retry or gloss."""
        if self.gloss:
            return "gloss"
        if self.strict:
            return "repair" if self.draft else "retry"
        return "paragraph" if self.sentences else "sentence"


@dataclass(frozen=True)
class Draft:
    """An engine's answer: the English, and how sure the model was of it when the engine can tell.

    `logprobs` are the log-probabilities of the generated tokens (one per token, in order) with
    `pieces` the text each token added, so a paragraph's answer can be split per sentence.
    """

    text: str
    logprobs: tuple[float, ...] = ()
    pieces: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scores:
    """Forced decoding of one answer after several prompts: the text each of its tokens adds (the pieces
    join to the answer; the end of the reply last, as "") and, per prompt, each token's log-probability."""

    pieces: tuple[str, ...]
    logprobs: tuple[tuple[float, ...], ...]


class Engine(Protocol):
    """A translation engine: a name, how many requests it takes at once, a signature for outputs, and
    translate(request) -> Draft."""

    name: str
    concurrency: int

    @property
    def signature(self) -> dict: ...

    def translate(self, request: TranslationRequest) -> Draft: ...

    def close(self) -> None: ...


class Scorer(Protocol):
    """An engine that can also score a given answer after prompts (the embedded one; an API that returns
    no log-probabilities for the prompt's continuation cannot)."""

    def score(self, prompts: list[list[dict]], answer: str) -> Scores: ...


def scorer(engine) -> Scorer | None:
    """Return the engine when it can score given answers by forced decoding, else None."""
    return engine if callable(getattr(engine, "score", None)) else None
