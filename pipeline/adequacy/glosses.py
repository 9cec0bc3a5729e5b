"""A Chinese word's English as the coverage checks look for it: CC-CEDICT glosses without grammar notes,
references followed (中共 'abbr. for 中国共产党[…], Chinese Communist Party'), and whether the word is
grammar rather than content (在于 'to be in', 非常 'very': its first gloss is English function words).
"""
from __future__ import annotations

import re
from typing import Iterable

from .. import dictionary
from ..dictionary import Sense
from . import english

# words the dictionary glosses as grammar or as something too vague to look for in the English
CHINESE_FUNCTION = frozenset("""
我们 他们 你们 自己 这个 那个 这些 那些 这样 那样 这里 那里 什么 怎么 如何 为了 因为 所以 但是 而且 并且 以及 或者
还是 如果 虽然 已经 正在 可以 能够 应该 需要 进行 开展 通过 根据 按照 关于 对于 由于 其中 之一 之间 以来 以上 以下
一个 一些 一起 一直 同时 目前 此外 另外 其他 有关 相关 方面 工作 问题 情况 表示 认为 指出 强调 说 称 据 来 去
""".split())
GRAMMAR = re.compile(r"^(?:surname|variant of|old variant|see |abbr\.|CL:|classifier|used in|particle|"
                     r"Taiwan pr\.|also written|also pr\.|\(.*\)$)", re.IGNORECASE)
# "abbr. for 中國共產黨|中国共产党[Zhong1 guo2 …], Chinese Communist Party", "variant of 够[gou4]", "see 什么[shen2 me5]"
REFERENCE = re.compile(r"^(?:abbr\. (?:for|of|to)|see|(?:old )?variant of|also written)\s+"
                       r"(?:[^\s|\[,]+\|)?([\u3400-\u9fff]+)(?:\[[^\]]*\])?(?:,\s*(.*))?$", re.IGNORECASE)


def of(senses: Iterable[Sense], cedict=None) -> list[str]:
    """Return the glosses to look for in the English: the senses' own glosses without grammar notes, the
    English a reference gloss ends with (中共: "Chinese Communist Party"), and — for a word with no gloss
    of its own — the glosses of the word it refers to ("variant of 够": those of 够)."""
    own, referred = [], []
    for sense in senses:
        for gloss in sense.glosses:
            reference = REFERENCE.match(gloss)
            if reference:
                referred.append(reference.group(1))
                own += [reference.group(2)] if reference.group(2) else []
            elif not GRAMMAR.match(gloss):
                own.append(gloss)
    if own or not referred:
        return own
    cedict = cedict or dictionary.load()
    return [gloss for word in referred for gloss in cedict.glosses(word)
            if not GRAMMAR.match(gloss) and not REFERENCE.match(gloss)]


def shown_and_words(glosses: Iterable[str]) -> tuple[str, list[str]]:
    """Return the gloss to show (the first without a note in brackets, else the first: 捐赠 "donate", not
    "to contribute (as a gift)") and the content words of every gloss."""
    shown, found = [], []
    for gloss in glosses:
        plain = dictionary.content_gloss(gloss)
        shown.append((("(" in gloss), plain))
        found.extend(english.content_words(plain))
    return min(shown, key=lambda item: item[0])[1] if shown else "", found


def grammatical(glosses: list[str]) -> bool:
    """Whether a word's first gloss is English function words only (在于 "to be in", 非常 "very", 是不是
    "is or isn't"): grammar, not content the English must render."""
    return bool(glosses) and not english.content_words(dictionary.content_gloss(glosses[0]))


def keys(words: Iterable[str]) -> set[str]:
    """Return the keys (lemmas, stems) of English words."""
    found: set[str] = set()
    for word in words:
        found |= english.keys(word)
    return found


def verb(glosses: list[str]) -> bool:
    """Whether a word's first gloss is a verb: CC-CEDICT writes verbs with "to" (捐赠 "to donate")."""
    return bool(glosses) and glosses[0].startswith("to ")

