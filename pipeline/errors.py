"""User-fixable problems: each carries a path, an optional line and a hint saying how to fix it."""
from __future__ import annotations

import re
from pathlib import Path

# C0 and C1 control characters (tab and newline included): a file name holding ESC must not be able
# to recolour or rewrite the user's terminal when an error line names it; a lone surrogate (a byte of a
# file name or argument that is not UTF-8) cannot be written to a terminal at all
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def printable(text: str) -> str:
    """Return `text` with every control character spelled as an escape (\\x1b), safe to print."""
    return _CONTROL.sub(lambda found: found.group().encode("unicode_escape").decode("ascii"), text)


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
        return printable(f"{where}{self.message}{hint}")


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


class LimitError(PipelineError):
    """An input is larger than a limit of press.toml [limits]; the hint says how to raise it."""


class MissingDependency(PipelineError):
    """An optional library is not installed; the hint names the install command."""
