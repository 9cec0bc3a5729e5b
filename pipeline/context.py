"""The Context every stage receives: the run's settings and the glossary, memory, engine and draft cache.

A Context owns what it opened: use it as a context manager (or call close()) and the memory's connection,
the engine's connections or states and the draft cache are closed with it."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .config import Config

if TYPE_CHECKING:  # the real classes import heavy libraries; stages only need their names here
    from .engines.base import Engine
    from .engines.cache import ResultCache
    from .glossary.store import Glossary
    from .memory.store import Memory


@dataclass
class Context:
    """What the stages share for a run: settings and the loaded glossary, memory, engine and cache."""

    config: Config
    glossary: Glossary
    engine: Engine | None = None
    memory: Memory | None = None
    cache: ResultCache | None = None
    timings: dict[str, float] = field(default_factory=dict)

    def __enter__(self) -> Context:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Close the memory, the engine and the draft cache (each at most once; safe to call twice)."""
        for resource in (self.memory, self.engine, self.cache):
            close = getattr(resource, "close", None)
            if close is not None:
                close()
        self.memory = self.engine = self.cache = None

    @property
    def opencc(self) -> str:
        return self.config.opencc

    @property
    def split_semicolon(self) -> bool:
        return self.config.split_semicolon

    @property
    def quiet(self) -> bool:
        return self.config.quiet
