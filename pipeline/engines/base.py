"""The engine protocol: what a translation request holds and what every engine provides."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from ..model import MemoryMatch, NameHint, TermHit


@dataclass(frozen=True)
class TranslationRequest:
    """Everything an engine needs to draft one segment, and nothing it may not see."""

    zh: str
    terms: tuple[TermHit, ...] = ()
    hints: tuple[NameHint, ...] = ()
    figures: tuple[tuple[str, str], ...] = ()  # (Chinese figure, English rendering), from numbers.py
    dates: tuple[tuple[str, str], ...] = ()  # (Chinese date or time, English rendering), from dates.py
    release_date: str = ""  # the release's own date, which resolves 今年, 昨天 …
    context_before: tuple[str, ...] = ()  # neighbouring source sentences, for pronouns/ellipsis
    context_after: tuple[str, ...] = ()
    examples: tuple[MemoryMatch, ...] = ()
    strict: bool = False  # set on the retry after a failed verification
    draft: str = ""  # on a repair retry: the first draft, to be corrected rather than redone
    fixes: tuple[str, ...] = ()  # on a repair retry: what the first draft got wrong, one line each
    is_headline: bool = False


class Engine(Protocol):
    """A translation engine: a name, how many requests it takes at once, a signature for outputs, and
    translate(request) -> English."""

    name: str
    concurrency: int

    @property
    def signature(self) -> dict: ...

    def translate(self, request: TranslationRequest) -> str: ...
