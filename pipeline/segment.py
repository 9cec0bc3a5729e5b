"""Segmentation: paragraphs -> sentences -> words, terms and names (jieba, glossary terms kept whole). The only jieba import."""
from __future__ import annotations

import logging
import re
import warnings
import weakref
from dataclasses import replace
from functools import lru_cache

from .context import Context
from .model import Release, Segment, TaggedName, TermHit

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


@lru_cache(maxsize=8)
def _tokenizer(forms: tuple[str, ...]):
    jieba = _jieba()
    tokenizer = jieba.Tokenizer()
    for form in forms:
        # glossary names are never split: they get a frequency no competing route can beat
        tokenizer.add_word(form, freq=10**6)
    return jieba.posseg.POSTokenizer(tokenizer)


# the tagger of each glossary object: its forms are a long tuple to hash, and every sentence asks
_TAGGERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _tagger(glossary):
    if not glossary:
        return _tokenizer(())
    tagger = _TAGGERS.get(glossary)
    if tagger is None:
        tagger = _TAGGERS[glossary] = _tokenizer(tuple(glossary.forms))
    return tagger


def _pieces(text: str, hits) -> list[tuple[str, bool]]:
    """Return the text cut at glossary hits: (piece, is_term)."""
    pieces, position = [], 0
    for hit in hits:
        if hit.start > position:
            pieces.append((text[position:hit.start], False))
        pieces.append((text[hit.start:hit.end], True))
        position = hit.end
    if position < len(text):
        pieces.append((text[position:], False))
    return pieces


def words(text: str, glossary=None) -> tuple[str, ...]:
    """Return the words of a sentence; every glossary term found in it is one word."""
    return analyse(text, glossary)[0]


# jieba tags frequent ordinary words as names (友谊 nr, 城市 ns, 深度 ns); real names in releases are
# rare in its dictionary (赵克志, 王毅: absent; 李克强: 6). Measured on the samples: these bounds drop
# 友谊 (1499), 贺信 (58), 城市 (25084), 深度 (1930) and keep every person and place name.
COMMON_PERSON_FREQ = 50
COMMON_PLACE_FREQ = 1000
PLACE_SUFFIXES = tuple("市县省区镇乡村州")


def _common(pair, tokenizer) -> bool:
    frequency = tokenizer.tokenizer.FREQ.get(pair.word) or 0
    if pair.flag.startswith("nr"):
        return frequency >= COMMON_PERSON_FREQ
    named_place = len(pair.word) >= 3 and pair.word.endswith(PLACE_SUFFIXES)  # 湘潭市, not 城市
    return frequency >= COMMON_PLACE_FREQ and not named_place


def analyse(text: str, glossary=None) -> tuple[tuple[str, ...], tuple[TermHit, ...], tuple[TaggedName, ...]]:
    """Return the words, glossary terms and tagged names of a sentence: one glossary pass, one jieba pass.

    Every term is one word; the text between terms is cut by jieba's tagger, whose person, place and
    organisation names (frequent ordinary words left out) are the names romanisation looks at.
    """
    hits = tuple(glossary.find(text)) if glossary else ()
    tokenizer = _tagger(glossary)
    found_words: list[str] = []
    names: list[TaggedName] = []
    offset = 0
    for piece, is_term in _pieces(text, hits):
        if is_term:
            found_words.append(piece)
        else:
            position = offset
            for pair in tokenizer.cut(piece):
                if pair.word.strip():
                    found_words.append(pair.word)
                if pair.flag in NAME_TAGS and len(pair.word) >= 2 and not _common(pair, tokenizer):
                    names.append(TaggedName(pair.word, pair.flag, position))
                position += len(pair.word)
        offset += len(piece)
    return tuple(found_words), hits, tuple(names)


def tag_names(text: str, glossary=None) -> list[tuple[str, str, int]]:
    """Return (word, tag, start) for person/place/organisation names jieba finds outside glossary terms."""
    return [(name.zh, name.tag, name.start) for name in analyse(text, glossary)[2]]


def _segment(id_: str, zh: str, paragraph: int, glossary) -> Segment:
    found_words, terms, names = analyse(zh, glossary)
    return Segment(id=id_, zh=zh, paragraph=paragraph, words=found_words, terms=terms, names=names)


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
    words, glossary terms (longest match first) and the names jieba tagged."""
    return replace(release, segments=tuple(_segment(id_, zh, number, ctx.glossary)
                                           for id_, zh, number in sentences(release, ctx)))
