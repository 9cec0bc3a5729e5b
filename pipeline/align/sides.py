"""The two sides of an archived release, read with the input readers: the Chinese normalised and segmented
as `press translate` does (so aligned units key on the sentences recall will look up), the published
English as headline, metadata and paragraphs, its credit lines left out, split into sentences."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from ..context import Context
from ..errors import InputError
from ..formats import read_release
from ..model import Credits, Release, Segment
from ..runner import prepare
from ..stages.assemble import read_credits

# an abbreviation's full stop ends no sentence: titles, company forms, months, "No. 5", "e.g."
ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st no nos co ltd inc corp jr sr gov gen lt col sen rep dept univ assn bros vs approx "
    "jan feb mar apr jun jul aug sep sept oct nov dec e.g i.e a.m p.m fig".split())
_END = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")


@dataclass(frozen=True)
class Sentence:
    """One English sentence of a published release; its id follows the Chinese segments' ("p2.s3")."""

    id: str
    text: str
    paragraph: int  # 0 = headline


@dataclass(frozen=True)
class Chinese:
    """The Chinese side: the release after segmentation (its segments carry terms, words and names)."""

    release: Release

    @property
    def segments(self) -> tuple[Segment, ...]:
        return self.release.segments


@dataclass(frozen=True)
class English:
    """The English side: its release as read, its sentences (headline first) and the credits it ended with."""

    release: Release
    sentences: tuple[Sentence, ...]
    credits: Credits


def split_english(text: str) -> list[str]:
    """Return the sentences of an English paragraph: a sentence ends at . ! ? (with closing quotes or
    brackets) before a capital, digit or opening quote, not after an abbreviation, an initial or U.S."""
    sentences, start = [], 0
    for match in _END.finditer(text):
        if match.group().startswith(".") and len(match.group().rstrip("\"”’')]")) == 1:
            word = _WORD_BEFORE.search(text[start:match.start() + 1])
            if word and (word.group(1).lower() in ABBREVIATIONS or len(word.group(1)) == 1
                         or "." in word.group(1)):
                continue
        sentences.append(text[start:match.end()].strip())
        start = match.end()
    sentences.append(text[start:].strip())
    return [sentence for sentence in sentences if sentence]


def read_chinese(path: Path, ctx: Context) -> Chinese:
    """Return the Chinese side of an archived release as `press translate` prepares it: normalised, segmented,
    its glossary terms and the names jieba tags found."""
    return Chinese(prepare(Path(path), ctx, stop_after="names"))


def read_english(path: Path, ctx: Context) -> English:
    """Return the published English of a release: headline, metadata and paragraphs as the readers give
    them, the credit lines it ends with (Translator: …, Chinese source: …) left out and kept as Credits."""
    release = read_release(Path(path), ctx.config.limits)
    paragraphs, credits = read_credits(release.paragraphs)
    if not paragraphs:
        raise InputError("the English release has a headline but no body paragraphs", path,
                         hint="pass the published English release (headline, then its paragraphs)")
    sentences = [Sentence("p0.s1", " ".join(release.headline.split()), 0)]
    for number, paragraph in enumerate(paragraphs, start=1):
        sentences += [Sentence(f"p{number}.s{index}", text, number)
                      for index, text in enumerate(split_english(" ".join(paragraph.split())), start=1)]
    return English(replace(release, paragraphs=paragraphs, credits=credits), tuple(sentences), credits)
