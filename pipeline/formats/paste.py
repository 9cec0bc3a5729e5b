"""Text pasted on standard input (`press translate -`): an article copied from WeChat or a city site.

Decoded like a .txt file; the first line is the headline, WeChat's account line under it (原创 公众号
2021-11-07 08:40) gives the source and date, furniture and credit lines are dropped, and a paste
with one paragraph a line and no blank lines keeps its paragraphs (boilerplate.py).
"""
from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..model import Release
from .boilerplate import account_line, article, is_boilerplate
from .txt import decode, looks_binary

ACCOUNT_WINDOW = 3  # the account line is among the first lines under the headline


def read_text(data: bytes, path: Path) -> Release:
    """Return the Release in pasted bytes; `path` names the outputs (it need not exist)."""
    if not data.strip():
        raise InputError("nothing was pasted (standard input is empty)", "<stdin>",
                         hint="paste the release, then end the input with Ctrl-D (Ctrl-Z Enter on Windows)")
    if looks_binary(data):
        raise InputError("standard input is not text", "<stdin>", hint="pipe a text file or paste the release")
    text = decode(data, Path("<stdin>")).replace("\r\n", "\n").replace("\r", "\n")
    lines = [line for line in text.split("\n")]
    content = [index for index, line in enumerate(lines) if line.strip() and not is_boilerplate(line)]
    if not content:
        raise InputError("the pasted text holds no article", "<stdin>", hint="paste the headline and the text")
    headline = lines[content[0]].strip()
    fields: dict[str, str] = {}
    for index in content[1:1 + ACCOUNT_WINDOW]:
        found = account_line(lines[index])
        if found:
            fields = found
            lines[index] = ""
            break
    return article(path, headline, lines[content[0] + 1:], fields)
