"""Foreign officials' names kept open through drafting: the model sees a placeholder, the draft gets [倪瑞兰].

A foreign official's Chinese name (澳大利亚驻成都总领事倪瑞兰) has an English only the embassy knows; a
model asked for it romanises it (Ni Ruilan) or drops it. So every request sees a numbered placeholder
in its place, which the model copies like any other token, and every answer gets the Chinese name back
in brackets, for the reviewer to replace: "Consul General of Australia in Chengdu [倪瑞兰]". A later mention
without the title (石立德代表使节团感谢…) is masked the same way; a name inside a longer word or name (马克 in
马克思主义) is not, when the caller gives a word cutter (the draft stage gives jieba's).
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..model import NameHint
from ..names.officials import KIND, mentions, open_names, placeholder
from .base import Draft, Engine, TranslationRequest

TOKEN = "[P{}]"
_TOKEN = re.compile(r"(?<![\w\[])\[?\s*P(\d{1,2})\s*\]?(?!\w)")


def _spans(text: str, names, cut=None) -> list[tuple[int, int, str]]:
    """Return the whole mentions of `names` in `text` (every one without a cutter), bracketed ones included."""
    if not names or not any(name in text for name in names):
        return []
    return mentions(text, names, cut(text) if cut is not None else None)


def numbering(texts, names, cut=None) -> dict[str, int]:
    """Return {name: number}: the open names numbered in the order `texts` first mention them (whole)."""
    joined = "\n".join(texts)
    found: dict[str, int] = {}
    for start, _, name in _spans(joined, names, cut):
        found.setdefault(name, start)
    numbers = {name: number for number, name in enumerate(sorted(found, key=found.__getitem__), start=1)}
    for name in names:
        numbers.setdefault(name, len(numbers) + 1)
    return numbers


def mask(text: str, numbers: dict[str, int], cut=None) -> str:
    """Return `text` with each whole mention of an open name (bare or as its [placeholder]) replaced by its
    numbered token."""
    for start, end, name in reversed(_spans(text, list(numbers), cut)):
        bracketed = text[start - 1:start] == "[" and text[end:end + 1] == "]"
        start, end = (start - 1, end + 1) if bracketed else (start, end)
        text = text[:start] + TOKEN.format(numbers[name]) + text[end:]
    return text


def unmask(text: str, numbers: dict[str, int]) -> str:
    """Return a draft with each numbered token the model copied written as the name's [placeholder]."""
    names = {number: name for name, number in numbers.items()}
    return _TOKEN.sub(lambda m: placeholder(names[int(m.group(1))]) if int(m.group(1)) in names else m.group(0),
                      text)


def masked_request(request: TranslationRequest, numbers: dict[str, int], cut=None) -> TranslationRequest:
    """Return the request as the model sees it: open names as tokens everywhere, their hints left out."""
    def one(text: str) -> str:
        return mask(text, numbers, cut)

    def each(texts: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(map(one, texts))

    hints = tuple(h for h in request.hints if not (h.kind == KIND and h.zh in numbers))
    terms = tuple(t for t in request.terms if t.zh not in numbers)  # a person entry without English yet
    return replace(request, terms=terms, zh=one(request.zh), sentences=each(request.sentences),
                   context_before=each(request.context_before), context_after=each(request.context_after),
                   draft=one(request.draft), fixes=each(request.fixes), gloss=one(request.gloss), hints=hints)


class OpenNames:
    """An engine that drafts with the open names of `hints` masked, and answers with them in brackets;
    `cut(text)` returns a text's words (jieba's), so that only whole names are masked."""

    def __init__(self, engine: Engine, hints: tuple[NameHint, ...], cut=None):
        self.engine, self.cut = engine, cut
        self.names = open_names(hints)

    def __getattr__(self, attribute: str):
        return getattr(self.engine, attribute)  # name, concurrency, signature, usage …

    def translate(self, request: TranslationRequest) -> Draft:
        """Return the engine's draft of `request`, the open names masked on the way in and bracketed out."""
        texts = (*request.sentences, request.zh, *request.context_before, *request.context_after, request.draft)
        present = {name for text in texts for _, _, name in _spans(text, self.names, self.cut)}
        numbers = numbering(texts, [name for name in self.names if name in present], self.cut)
        if not numbers:
            return self.engine.translate(request)
        answer = self.engine.translate(masked_request(request, numbers, self.cut))
        draft = answer if isinstance(answer, Draft) else Draft(answer)
        return replace(draft, text=unmask(draft.text, numbers))
