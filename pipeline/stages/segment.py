"""Segmentation: paragraphs -> sentences -> words, glossary terms and names. The only jieba import."""
from __future__ import annotations

import logging
import re
import warnings
from dataclasses import replace
from functools import lru_cache

from . import terms
from ..context import Context
from ..model import Release, Segment, TaggedName, TermHit

ENDERS = "。！？!?"
ELLIPSIS = "…"
CLOSERS = "”’」』）)】〕\"'"
# An ellipsis followed by one of these continues the sentence: 柑橘、葡萄……等产品
ELLIPSIS_CONTINUES = "等，、,"
NAME_TAGS = ("nr", "nrfg", "nrt", "ns", "nt")
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


def tokens(text: str) -> tuple[terms.Token, ...]:
    """Return the words of `text` as jieba's tagger cuts it, with their tags and offsets."""
    found, position = [], 0
    for pair in _tagger().cut(text):
        found.append(terms.Token(pair.word, pair.flag, position, position + len(pair.word)))
        position += len(pair.word)
    return tuple(found)


def words(text: str, glossary=None) -> tuple[str, ...]:
    """Return the words of a sentence; every glossary term found in it is one word."""
    return analyse(text, glossary)[0]


# jieba tags frequent ordinary words as names (友谊 nr, 城市 ns, 深度 ns); real names in releases are
# rare in its dictionary (赵克志, 王毅: absent; 李克强: 6). Measured on the samples: these bounds drop
# 友谊 (1499), 贺信 (58), 城市 (25084), 深度 (1930) and keep every person and place name.
COMMON_PERSON_FREQ = 50
COMMON_PLACE_FREQ = 1000
PLACE_SUFFIXES = tuple("市县省区镇乡村州")


def _common(token: terms.Token) -> bool:
    frequency = _tagger().tokenizer.FREQ.get(token.word) or 0
    if token.flag.startswith("nr"):
        return frequency >= COMMON_PERSON_FREQ
    named_place = len(token.word) >= 3 and token.word.endswith(PLACE_SUFFIXES)  # 湘潭市, not 城市
    return frequency >= COMMON_PLACE_FREQ and not named_place


def analyse(text: str, glossary=None, extra: dict | None = None, cut: tuple[terms.Token, ...] | None = None
            ) -> tuple[tuple[str, ...], tuple[TermHit, ...], tuple[TaggedName, ...]]:
    """Return the words, glossary terms and tagged names of a sentence: one jieba pass, one glossary pass.

    A glossary form counts only where it is a name of its own (not inside a longer word or name, see
    terms.py); `extra` adds the release's short forms. Every term is one word; jieba's person, place
    and organisation names outside the terms (frequent ordinary words left out) are what
    romanisation looks at.
    """
    cut = cut if cut is not None else tokens(text)
    hits: tuple[TermHit, ...] = ()
    if glossary is not None:
        hits = terms.in_context(glossary.find(text, terms.acceptor(text, cut), extra), text, cut)
    names = tuple(TaggedName(token.word, token.flag, token.start) for token in cut
                  if token.flag in NAME_TAGS and len(token.word) >= 2 and not _common(token)
                  and not any(hit.start < token.end and token.start < hit.end for hit in hits))
    return terms.merged_words(text, cut, hits), hits, names


def tag_names(text: str, glossary=None) -> list[tuple[str, str, int]]:
    """Return (word, tag, start) for person/place/organisation names jieba finds outside glossary terms."""
    return [(name.zh, name.tag, name.start) for name in analyse(text, glossary)[2]]


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
    """Stage: return the release with one Segment per sentence (the headline is p0.s1), each with its
    words, glossary terms (longest match first; short forms of names the release gives in full) and
    the names jieba tagged."""
    found_sentences = sentences(release, ctx)
    cuts = [tokens(zh) for _, zh, _ in found_sentences]
    found = [analyse(zh, ctx.glossary, cut=cut) for (_, zh, _), cut in zip(found_sentences, cuts)]
    short = terms.short_forms((hit for _, hits, _ in found for hit in hits), ctx.glossary)
    segments = []
    for (id_, zh, paragraph), cut, result in zip(found_sentences, cuts, found):
        extra = {form: entry for form, entry in short.items() if form in zh}
        if extra:  # a short form here: choose the terms again with it
            result = analyse(zh, ctx.glossary, extra, cut)
        segments.append(Segment(id=id_, zh=zh, paragraph=paragraph, words=result[0], terms=result[1],
                                names=result[2]))
    return replace(release, segments=tuple(segments))
