""".docx releases: Word paragraphs, headings and table cells in reading order, then the shared layout.

The OOXML itself is read in pipeline/ooxml/ (the only python-docx import): tracked changes come
back accepted, fields as their displayed result, runs joined.
"""
from __future__ import annotations

from pathlib import Path

from .. import ooxml
from ..config import Limits
from ..errors import InputError
from ..model import Release
from .layout import is_meta_line, parse_lines

EXTENSIONS = (".docx",)
# a heading this far down (counting non-empty paragraphs) is a section heading, not the headline
HEADLINE_WINDOW = 3


def _start(blocks: list[tuple[str, str]]) -> int:
    """Return the index of the headline block: the first heading when it opens the document.

    A letterhead line above the title ("常德市商务局") is not part of the release; a heading that
    comes after the metadata or the first body paragraphs is a section heading instead.
    """
    seen = 0
    for index, (kind, text) in enumerate(blocks):
        if not text.strip():
            continue
        if kind == "heading":
            return index
        seen += 1
        if seen >= HEADLINE_WINDOW or is_meta_line(text):
            break
    return next(index for index, (_, text) in enumerate(blocks) if text.strip())


def lines_of(blocks: list[tuple[str, str]]) -> list[str]:
    """Return the blocks as text lines, a blank line between paragraphs (the .txt layout)."""
    lines: list[str] = []
    for index, (kind, text) in enumerate(blocks):
        # a headline broken over two lines with Shift+Enter is still one headline
        pieces = [text.replace("\n", "")] if kind == "heading" or index == 0 else text.split("\n")
        lines.extend(piece.replace("\t", " ") for piece in pieces)
        lines.append("")
    return lines


def read(path: Path, limits: Limits | None = None) -> Release:
    """Return the Release in a .docx: first heading (or first paragraph) headline, metadata, body.

    The zip directory is checked against `limits` before any part is inflated.
    """
    blocks = ooxml.read_blocks(path, limits)
    if not any(text.strip() for _, text in blocks):
        raise InputError("the document has no text", path,
                         hint="pass a release with a headline and text")
    start = _start(blocks)
    layout = parse_lines(lines_of(blocks[start:]))
    if layout is None or not layout.paragraphs:
        raise InputError("the release has a headline but no body paragraphs", path, start + 1,
                         "put the headline and each body paragraph in paragraphs of their own")
    return Release(path=path, headline=layout.headline, meta=layout.meta,
                   paragraphs=layout.paragraphs, first_line=start + 1)
