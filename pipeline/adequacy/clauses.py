"""A Chinese sentence cut into clauses at ，；：、 and quotes, never inside a name, a figure or a title."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

# ，；：、 (and their ASCII forms outside figures: 1,000 and 8:30 stay whole), sentence ends, quotes
MARKS = re.compile(r"[，；：、。！？!?“”「」『』\"]|[,;:](?!\d)|(?<!\d)[,:]")
OPENERS, CLOSERS = "《（(【", "》）)】"


@dataclass(frozen=True)
class Clause:
    """A stretch of a Chinese sentence between clause marks: zh[start:end] == text."""

    text: str
    start: int
    end: int


def _enclosed(zh: str) -> list[tuple[int, int]]:
    """Return the spans of 《titles》 and (brackets), marks included: no clause ends inside them."""
    spans, opened = [], []
    for index, char in enumerate(zh):
        if char in OPENERS:
            opened.append(index)
        elif char in CLOSERS and opened:
            spans.append((opened.pop(), index + 1))
    return spans


def split(zh: str, protected: Iterable[tuple[int, int]] = ()) -> list[Clause]:
    """Return the clauses of a sentence, in order, without their marks and surrounding spaces.

    A mark inside a protected span (a glossary term, a figure: its start and end offsets) or inside
    《…》 or brackets does not cut: 中国、日本友好协会 stays one clause when it is one glossary name."""
    spans = [*protected, *_enclosed(zh)]
    inside = {position for start, end in spans for position in range(start, end)}
    clauses, start = [], 0
    for found in MARKS.finditer(zh):
        if found.start() in inside:
            continue
        clauses.append((start, found.start()))
        start = found.end()
    clauses.append((start, len(zh)))
    result = []
    for left, right in clauses:
        text = zh[left:right]
        stripped = text.strip()
        if stripped:
            offset = left + text.index(stripped)
            result.append(Clause(stripped, offset, offset + len(stripped)))
    return result
