"""Segmentation: paragraphs -> sentences -> words (jieba's cut, with tags and offsets). The only jieba import."""
from __future__ import annotations

import logging
import re
import warnings
from dataclasses import replace
from functools import lru_cache

from ..context import Context
from ..model import Release, Segment, Token

REQUIRES = ("headline", "paragraphs")
ASSIGNS = ("segments.id", "segments.zh", "segments.paragraph", "segments.tokens", "segments.words")


ENDERS = "。！？!?"
ELLIPSIS = "…"
CLOSERS = "”’」』）)】〕\"'"
# An ellipsis followed by one of these continues the sentence: 柑橘、葡萄……等产品
ELLIPSIS_CONTINUES = "等，、,"
# the only characters split_sentences looks at
_SPECIAL = re.compile("[《》" + re.escape(ENDERS + ELLIPSIS) + "；;]")


def split_sentences(text: str, semicolon: bool = False) -> list[str]:
    """Return the sentences of a paragraph.

    A sentence ends after 。！？ or an ellipsis, together with any closing quotes or brackets that
    follow (。” ！」 ？）), never inside 《…》; with `semicolon`, ； ends a sentence too.
    """
    enders = ENDERS + ("；;" if semicolon else "")
    sentences, start, depth, index = [], 0, 0, 0
    while (found := _SPECIAL.search(text, index)) is not None:  # jump from one mark to the next
        index = found.start()
        char = text[index]
        if char == "《":
            depth += 1
        elif char == "》":
            depth = max(0, depth - 1)
        ends = depth == 0 and (char in enders or char == ELLIPSIS)
        if ends:
            end = index + 1
            while end < len(text) and (text[end] in enders or text[end] == ELLIPSIS):
                end += 1
            if char == ELLIPSIS and end < len(text) and text[end] in ELLIPSIS_CONTINUES:
                index = end
                continue
            while end < len(text) and text[end] in CLOSERS:
                end += 1
            sentences.append(text[start:end])
            start = index = end
            continue
        index += 1
    if text[start:].strip():
        sentences.append(text[start:])
    return [s.strip() for s in sentences if s.strip()]


@lru_cache(maxsize=1)
def _jieba():
    """Import jieba on first use: loading it costs ~1 s, which `press --help` should not pay."""
    with warnings.catch_warnings():
        # jieba 0.42 imports the deprecated pkg_resources; the warning means nothing to our users
        warnings.simplefilter("ignore")
        import jieba
        import jieba.posseg
    jieba.setLogLevel(logging.WARNING)
    return jieba


@lru_cache(maxsize=1)
def _tagger():
    """Return jieba's part-of-speech tagger over its own dictionary (glossary forms are not added:
    the words jieba finds on its own are what tells a name from a form inside a longer word)."""
    return _jieba().posseg.dt


def tokens(text: str) -> tuple[Token, ...]:
    """Return the words of `text` as jieba's tagger cuts it, with their tags and offsets."""
    found, position = [], 0
    for pair in _tagger().cut(text):
        found.append(Token(pair.word, pair.flag, position, position + len(pair.word)))
        position += len(pair.word)
    return tuple(found)


def word_frequency(word: str) -> int:
    """Return how often jieba's dictionary saw `word` (0 when it does not list it)."""
    return _tagger().tokenizer.FREQ.get(word) or 0


def sentences(release: Release, ctx: Context) -> list[tuple[str, str, int]]:
    """Return (id, sentence, paragraph) for the headline and every sentence of the body; raises
    LimitError past the [limits] segments per release or characters per segment."""
    limits = ctx.config.limits
    found = [("p0.s1", release.headline, 0)]
    for number, paragraph in enumerate(release.paragraphs, start=1):
        for index, sentence in enumerate(split_sentences(paragraph, ctx.split_semicolon), start=1):
            found.append((f"p{number}.s{index}", sentence, number))
    if len(found) > limits.segments:
        raise limits.exceeded("segments", len(found), "segments (sentences and the headline)", release.path)
    longest = max(found, key=lambda item: len(item[1]))
    if len(longest[1]) > limits.segment_chars:
        raise limits.exceeded("segment_chars", len(longest[1]), f"characters in one segment ({longest[0]}: "
                              f"{longest[1][:12]}…; a sentence ends at 。！？)", release.path)
    return found


def segment(release: Release, ctx: Context) -> Release:
    """Stage: return the release with one Segment per sentence (the headline is p0.s1), each with jieba's
    cut of it (words, tags, offsets)."""
    segments = []
    for id_, zh, paragraph in sentences(release, ctx):
        cut = tokens(zh)
        segments.append(Segment(id=id_, zh=zh, paragraph=paragraph, tokens=cut,
                                words=tuple(token.word for token in cut if token.word.strip())))
    return replace(release, segments=tuple(segments))
