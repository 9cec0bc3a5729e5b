"""The one text-cleaning rule at every door of the memory and the glossary, and how text is shown on a terminal.

Text a person hands press (a command-line argument, a TMX, TBX, XLIFF, CSV or Excel cell, a reviewed
English) may hold a tab and a line break, nothing else that is not text: a control character (ESC,
BEL, NUL, DEL, a C1 character such as U+009B), a lone surrogate (a byte that was not UTF-8 on the
command line) or a non-character (U+FFFE) is refused with the field named. Stored, such a character
would make the memory's TMX export unreadable, a Word file unwritable, or rewrite the terminal of the
next person who prints the unit. Text press makes itself from file names is escaped instead (`escaped`).
"""
from __future__ import annotations

import re
import unicodedata

from .errors import PipelineError, printable

# refused everywhere: C0 but tab and newline, DEL, C1, surrogates, the two non-characters XML cannot hold
_REFUSED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# what a glossary cell also refuses: a tab or a line break would end the TSV cell or row it is written to
_REFUSED_IN_CELL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
HINT = "remove it (type the text again rather than pasting terminal output); nothing was written"


def describe(char: str) -> str:
    """Return how a refused character is named in a message: U+001B (ESC), or the byte a surrogate stands for."""
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # how Python keeps a byte of a command-line argument that is not UTF-8
        return f"the byte 0x{code - 0xDC00:02X}, which is not UTF-8"
    if 0xD800 <= code <= 0xDFFF:
        return f"a lone surrogate U+{code:04X}"
    name = unicodedata.name(char, "") or _C0_NAMES.get(code, "")
    return f"U+{code:04X}" + (f" ({name})" if name else "")


_C0_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "BACKSPACE", 0x09: "TAB", 0x0A: "LINE FEED", 0x0D: "CARRIAGE RETURN",
             0x1B: "ESC", 0x7F: "DEL", 0x9B: "CSI"}


def refused_character(text: str, cell: bool = False) -> str | None:
    """Return the first character of `text` the rule refuses (`cell`: a glossary cell, where tab and line
    break are refused too), or None when the text is clean."""
    found = (_REFUSED_IN_CELL if cell else _REFUSED).search(text)
    return found.group() if found else None


def problem(field: str, text: str, cell: bool = False) -> str | None:
    """Return "<field> holds a control character (U+001B (ESC))" when `text` breaks the rule, else None."""
    char = refused_character(text, cell)
    if char is None:
        return None
    what = "a byte that is not text" if 0xD800 <= ord(char) <= 0xDFFF else "a control character"
    return f"{field} holds {what}: {describe(char)}"


def check(fields: dict[str, str | None], path=None, line: int | None = None, error=PipelineError,
          cell: bool = False, hint: str = HINT) -> None:
    """Raise `error` (one line: the field named, the character, where) when a value of `fields`
    ({field name: text}) breaks the rule; None values are skipped."""
    for field, text in fields.items():
        found = problem(field, text, cell) if text else None
        if found:
            raise error(found, path, line, hint=hint)


def escaped(text: str) -> str:
    """Return `text` with every character the rule refuses (and tabs and line breaks) spelled as an escape:
    how a file name is recorded in the memory and shown on the terminal."""
    return printable(text)


def strip(text: str) -> str:
    """Return `text` without the characters the rule refuses: for text press makes itself (an engine draft)."""
    return _REFUSED.sub("", text) if _REFUSED.search(text) else text
