"""Normalisation: OpenCC to simplified (glossary names protected), half-width digits/Latin, clean spaces."""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

import opencc

from ..config import OPENCC_MODES
from ..context import Context
from ..model import Meta, Release

REQUIRES = ("headline", "meta", "paragraphs")
ASSIGNS = ("headline", "meta", "paragraphs", "opencc")

MODES = OPENCC_MODES  # press.toml [normalise] opencc and --opencc
# auto converts when at least this share of Han characters changes under t2s
AUTO_THRESHOLD = 0.005
_HAN = re.compile(r"[\u3400-\u9fff]+")
DETECT_SAMPLE = 200_000
_FULL_WIDTH = {code: code - 0xFEE0 for code in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B),
                                                  *range(0xFF41, 0xFF5B))}
_FULL_WIDTH.update({0xFF05: ord("%"), 0x3000: ord(" ")})


@lru_cache(maxsize=None)
def _converter(mode: str) -> opencc.OpenCC:
    return opencc.OpenCC(mode)


def detect_mode(text: str) -> str:
    """Return "t2s" when the text is traditional Chinese, else "none" (judged on its first
    DETECT_SAMPLE characters: a release does not change script halfway, and a 50 MB file must not
    cost a list of 17 million characters)."""
    han = "".join(_HAN.findall(text[:DETECT_SAMPLE]))
    if not han:
        return "none"
    converted = _converter("t2s").convert(han)
    # strict=False: a phrase may convert to one of another length; characters are compared as far as both go
    changed = sum(1 for a, b in zip(han, converted, strict=False) if a != b)
    return "t2s" if changed / len(han) >= AUTO_THRESHOLD else "none"


def convert(text: str, mode: str, protected: list[tuple[int, int]]) -> str:
    """Return `text` converted with OpenCC `mode`, leaving the protected (start, end) spans unchanged."""
    if mode == "none" or not text:
        return text
    pieces, position = [], 0
    for start, end in sorted(protected):
        if start < position:
            continue
        pieces.append(_converter(mode).convert(text[position:start]))
        pieces.append(text[start:end])
        position = end
    pieces.append(_converter(mode).convert(text[position:]))
    return "".join(pieces)


def half_width(text: str) -> str:
    """Return text with full-width digits, Latin letters, % and ideographic spaces made half-width."""
    text = text.translate(_FULL_WIDTH)
    # a full-width full stop between digits is a decimal point: ３．５亿 -> 3.5亿
    return re.sub(r"(?<=\d)[．。](?=\d)", ".", text)


def clean_spaces(text: str) -> str:
    """Return text with control characters removed and spaces kept only between Latin/digit words."""
    text = re.sub(r"[\u200b-\u200d\ufeff\ufffe\uffff\x00-\x08\x0b-\x1f]", "", text)
    text = re.sub(r"[ \t\u00a0]+", " ", text).strip()
    return re.sub(r"(?<![A-Za-z0-9.,;:!?%]) | (?![A-Za-z0-9(])", "", text)


def normalise_text(text: str, mode: str, protect=None) -> str:
    """Return one string normalised: conversion with protected glossary spans, half-width, spaces."""
    spans = protect(text) if protect else []
    return clean_spaces(half_width(convert(text, mode, spans)))


def source_english(source: str, glossary) -> str:
    """Return the glossary's English for a whole source name (来源：常德政府网 → Changde Government Website),
    or "" when no one entry covers all of it."""
    hits = glossary.find(source) if source else []
    whole = [hit for hit in hits if hit.start == 0 and hit.end == len(source) and hit.kind != "stop"]
    return whole[0].en if whole else ""


def normalise(release: Release, ctx: Context) -> Release:
    """Stage: return the release converted to simplified Chinese with glossary names untouched, and the
    source's English name from the glossary."""
    mode = ctx.opencc
    if mode == "auto":
        mode = detect_mode(release.headline + "".join(release.paragraphs))
    # the glossary is searched here only when the script is converted: its names must survive OpenCC
    protect = None
    if mode != "none":
        protect = lambda text: [(hit.start, hit.end) for hit in ctx.glossary.find(text)]  # noqa: E731

    def norm(text: str) -> str:
        return normalise_text(text, mode, protect)

    source = norm(release.meta.source)
    meta = Meta(source=source, date=half_width(release.meta.date).strip(), author=norm(release.meta.author),
                url=release.meta.url.strip(), source_en=source_english(source, ctx.glossary))
    return replace(release, headline=norm(release.headline), meta=meta,
                   paragraphs=tuple(p for p in map(norm, release.paragraphs) if p), opencc=mode)
