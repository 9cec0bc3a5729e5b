"""From the lines of PDF pages (a text layer or OCR) to a release: page furniture dropped, the
headline taken from the largest type on the first page, paragraphs found from first-line indents,
line gaps and short closing lines, Chinese lines joined without spaces.

Geometry is in PDF points, top-down, whatever read the page (pdftext.py, ocr.py).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from statistics import median

from .layout import is_meta_line

BAND = 0.10  # headers and footers live in the top and bottom tenth of a page ...
NUMBER_BAND = 0.15  # ... page numbers within the top or bottom 15 %
PAGE_NUMBER = re.compile(r"^(?:[-—–－_\s]*\d{1,4}[-—–－_\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|"
                         r"\d+\s*/\s*\d+|(?:page|p\.)\s*\d+(?:\s*(?:of|/)\s*\d+)?)$", re.IGNORECASE)
ENDS = "。！？!?；;：:…”’」』）)】"  # a line ending with one of these may close a paragraph
HEADLINE_SIZE = 0.88  # lines this close to the largest type belong to the headline (OCR measures it ±10 %)
_LATIN_END, _LATIN_START = re.compile(r"[A-Za-z]$"), re.compile(r"^[A-Za-z]")


@dataclass(frozen=True)
class Line:
    """One line of text on a page: its box in points (top-down), type size, and where it came from."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    page: int
    ocr: bool = False


@dataclass(frozen=True)
class Page:
    """One page: its size in points and its lines in reading order."""

    number: int
    width: float
    height: float
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the release: its text and whether any of it was read by OCR (pages listed)."""

    text: str
    pages: tuple[int, ...]
    ocr: bool


def _furniture(line: Line, page: Page, body_size: float, repeated: set[str]) -> bool:
    """True for a page header, footer or number (by place, type size, pattern, repetition)."""
    text = line.text.strip()
    top_share, bottom_share = line.bottom / page.height, line.top / page.height
    in_band = top_share <= BAND or bottom_share >= 1 - BAND
    near_edge = top_share <= NUMBER_BAND or bottom_share >= 1 - NUMBER_BAND
    if near_edge and PAGE_NUMBER.match(text):
        return True
    if near_edge and _key(text) in repeated:
        return True
    return in_band and line.size < 0.9 * body_size


def _key(text: str) -> str:
    return re.sub(r"[\d\s]+", "#", text.strip())


def _repeated(pages: list[Page]) -> set[str]:
    """Return the texts (digits masked) that open or close two or more pages: running heads and feet."""
    counts: Counter = Counter()
    for page in pages:
        edges = {_key(line.text) for line in page.lines[:2] + page.lines[-2:]}
        counts.update(edges)
    return {key for key, count in counts.items() if count >= 2 and len(pages) >= 2}


def body_size(lines: list[Line]) -> float:
    """Return the type size most of the text is set in (weighted by characters)."""
    weights: Counter = Counter()
    for line in lines:
        weights[round(line.size * 2) / 2] += len(line.text)
    return weights.most_common(1)[0][0] if weights else 12.0


def content_lines(pages: list[Page]) -> list[Line]:
    """Return every line that is not page furniture, in reading order."""
    size = body_size([line for page in pages for line in page.lines])
    repeated = _repeated(pages)
    return [line for page in pages for line in page.lines if line.text.strip()
            and not _furniture(line, page, size, repeated)]


def split_headline(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """Return (headline lines, the lines after them): the first run of the largest type on the first
    page with text; lines above it (a letterhead) are dropped. Without larger type: the first line."""
    if not lines:
        return [], []
    first_page = [line for line in lines if line.page == lines[0].page]
    largest = max(line.size for line in first_page)
    if largest < 1.1 * body_size(lines):
        return lines[:1], lines[1:]
    start = next(index for index, line in enumerate(lines) if line.size >= largest * HEADLINE_SIZE)
    end = start
    while end + 1 < len(lines) and lines[end + 1].page == lines[start].page \
            and lines[end + 1].size >= largest * HEADLINE_SIZE:
        end += 1
    return lines[start:end + 1], lines[end + 1:]


def join(lines: list[Line]) -> str:
    """Return the lines as one paragraph: Chinese lines joined without a space, Latin words with one."""
    text = ""
    for line in lines:
        piece = line.text.strip()
        space = " " if _LATIN_END.search(text) and _LATIN_START.match(piece) else ""
        text += space + piece
    return text


class _Measure:
    """The body's left and right edges and its normal line gap, per page (what a break is measured against)."""

    def __init__(self, lines: list[Line]):
        self.size = body_size(lines)
        body = [line for line in lines if abs(line.size - self.size) <= 0.15 * self.size]
        by_page: dict[int, list[Line]] = {}
        for line in body or lines:
            by_page.setdefault(line.page, []).append(line)
        self.left = {page: Counter(round(line.x0) for line in group).most_common(1)[0][0]
                     for page, group in by_page.items()}
        self.right = {page: max(line.x1 for line in group) for page, group in by_page.items()}
        gaps = [second.top - first.bottom for group in by_page.values() for first, second in zip(group, group[1:], strict=False)
                if 0 <= second.top - first.bottom < 3 * self.size]
        self.gap = median(gaps) if gaps else 0.5 * self.size

    def left_of(self, line: Line) -> float:
        return self.left.get(line.page, min(self.left.values(), default=line.x0))

    def right_of(self, line: Line) -> float:
        return self.right.get(line.page, max(self.right.values(), default=line.x1))

    def centred(self, line: Line) -> bool:
        left, right = line.x0 - self.left_of(line), self.right_of(line) - line.x1
        return left > 2 * line.size and right > 2 * line.size and abs(left - right) < 2 * line.size

    def breaks(self, previous: Line, line: Line) -> bool:
        """True when `line` starts a new paragraph after `previous`."""
        size = max(line.size, previous.size)
        if max(line.size, previous.size) > 1.2 * min(line.size, previous.size):
            return True  # a heading, a note in smaller type
        if is_meta_line(line.text) or is_meta_line(previous.text) or self.centred(line) or self.centred(previous):
            return True
        if line.x0 > self.left_of(line) + 0.8 * size:
            return True  # a first-line indent
        if line.page == previous.page and line.top - previous.bottom > self.gap + 0.5 * size:
            return True  # space between paragraphs
        short = previous.x1 < self.right_of(previous) - 1.5 * size
        return short and previous.text.rstrip().endswith(tuple(ENDS))


def paragraphs(lines: list[Line]) -> list[Paragraph]:
    """Return the paragraphs the lines make."""
    if not lines:
        return []
    measure = _Measure(lines)
    groups: list[list[Line]] = [[lines[0]]]
    for previous, line in zip(lines, lines[1:], strict=False):
        if measure.breaks(previous, line):
            groups.append([line])
        else:
            groups[-1].append(line)
    return [Paragraph(join(group), tuple(sorted({line.page for line in group})), any(line.ocr for line in group))
            for group in groups]


def release_parts(pages: list[Page]) -> tuple[Paragraph | None, list[Paragraph]]:
    """Return (headline, body paragraphs) of the pages, or (None, []) when they hold no text."""
    lines = content_lines(pages)
    head, rest = split_headline(lines)
    if not head:
        return None, []
    headline = Paragraph(join(head), tuple(sorted({line.page for line in head})), any(line.ocr for line in head))
    return headline, paragraphs(rest)
