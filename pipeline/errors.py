"""User-fixable problems: each carries a path, an optional line and a hint saying how to fix it."""
from __future__ import annotations

from pathlib import Path


class PipelineError(Exception):
    """A problem the user can fix; cli.main prints it as one `error: …` line and exits 2."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None,
                 hint: str = ""):
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.hint = hint

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        hint = f" — {self.hint}" if self.hint else ""
        return f"{where}{self.message}{hint}"


class InputError(PipelineError):
    """An input release cannot be read (missing, binary, empty, undecodable)."""


class GlossaryError(PipelineError):
    """A glossary file is malformed or an operation on it conflicts with an entry."""


class EngineError(PipelineError):
    """The translation engine cannot be set up or reached (model missing, server refused)."""


class MemoryError_(PipelineError):
    """The translation memory or a TMX file cannot be used."""


class ReviewError(PipelineError):
    """A reviewed .docx does not belong to the release or cannot be read."""


class MissingDependency(PipelineError):
    """An optional library is not installed; the hint names the install command."""
