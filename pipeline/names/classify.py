"""What a name is, all sources together: a middle dot, CC-CEDICT's proper names, then the lists and
character statistics of names/kinds.py. Context rules (a Korean or Vietnamese person after the
country's name) are applied by romanise.kind_in, which sees the sentence."""
from __future__ import annotations

from . import kinds as name_kinds
from .dictionary import lookup


def classify(word: str, tag: str) -> str:
    """Return what a name is: "chinese" (gets a pinyin hint), "japanese", "korean", "vietnamese" or "foreign".

    A middle dot makes it foreign (迪蒙·迪维尔); else the dictionary's kind when CC-CEDICT glosses it as
    a name and says whose (埃德蒙顿 foreign, 金正恩 korean, 常德 chinese); else names.kinds.classify.
    """
    if any(dot in word for dot in name_kinds.TRANSLITERATION_DOT):
        return "foreign"
    named = lookup(word)
    if named is not None and named.kind:
        return named.kind
    return name_kinds.classify(word, tag)


def decided_by_statistics(word: str, tag: str) -> bool:
    """Return whether only the character statistics decide what `word` is (no dot, dictionary kind or list)."""
    named = lookup(word)
    return not any(dot in word for dot in name_kinds.TRANSLITERATION_DOT) \
        and (named is None or not named.kind) and name_kinds.listed(word) is None
