"""What `press` prints: control characters escaped, characters the output's encoding lacks replaced, a closed
pipe ended quietly.

Text from the memory or a glossary is clean (pipeline/clean.py refuses control characters at every door),
but a file name, an old memory or a unit stored before that rule may still hold ESC: printed raw it would
recolour or rewrite the reader's terminal. An output whose encoding cannot show Chinese
(PYTHONIOENCODING=ascii, a latin-1 terminal) gets escapes instead of a crash after the work is done.
"""
from __future__ import annotations

import codecs
import os
import re
import sys
from typing import TextIO

# C0 but tab, line feed and carriage return (CSV on standard output ends its rows with CR LF), DEL, C1
_SHOWN_ESCAPED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
ERRORS = "press-escape"
_warned: list[bool] = []


def _escape(error: UnicodeError) -> tuple[str, int]:
    """Return a character the output's encoding lacks as a \\u escape, warning once on standard error."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    if not _warned and sys.__stderr__ is not None:
        _warned.append(True)
        sys.__stderr__.write(f"warning: this output's encoding ({error.encoding}) cannot show every character; "
                             "they are written as \\u escapes (set PYTHONIOENCODING=utf-8 to see them)\n")
    replacement, end = codecs.backslashreplace_errors(error)
    return str(replacement), end


codecs.register_error(ERRORS, _escape)


class Escaping:
    """A text stream that writes through to `stream` with control characters spelled as escapes (\\x1b)."""

    def __init__(self, stream: TextIO):
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(_SHOWN_ESCAPED.sub(
            lambda found: found.group().encode("unicode_escape").decode("ascii"), text))
        return len(text)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def guard() -> None:
    """Make standard output and standard error escape control characters and what their encoding lacks."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors=ERRORS)
        if not isinstance(stream, Escaping):
            setattr(sys, name, Escaping(stream))


def closed_pipe() -> int:
    """Return the exit code of a run whose reader closed standard output, which is pointed at /dev/null so
    that Python's final flush does not fail again (the Python documentation's recipe for SIGPIPE)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)  # the process's standard output
    os.close(devnull)
    return 141  # as the shell reports a program ended by SIGPIPE
