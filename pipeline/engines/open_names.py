"""Foreign officials' names kept open through drafting: the model sees a placeholder, the draft gets [倪瑞兰].

A foreign official's Chinese name (澳大利亚驻成都总领事倪瑞兰) has an English only the embassy knows; a
model asked for it romanises it (Ni Ruilan) or drops it. So every request sees a numbered placeholder
in its place, which the model copies like any other token, and every answer gets the Chinese name back
in brackets, for the reviewer to replace: "Consul General of Australia in Chengdu [倪瑞兰]".
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..model import NameHint
from ..names.officials import KIND, open_names, placeholder
from .base import Draft, Engine, TranslationRequest

TOKEN = "[P{}]"
_TOKEN = re.compile(r"(?<![\w\[])\[?\s*P(\d{1,2})\s*\]?(?!\w)")


def numbering(texts, names) -> dict[str, int]:
    """Return {name: number}: the open names numbered in the order `texts` first mention them."""
    joined = "\n".join(texts)
    found = sorted((joined.find(name), name) for name in names if name in joined)
    numbers = {name: number for number, (_, name) in enumerate(found, start=1)}
    for name in names:
        numbers.setdefault(name, len(numbers) + 1)
    return numbers


def mask(text: str, numbers: dict[str, int]) -> str:
    """Return `text` with each open name (bare or as its [placeholder]) replaced by its numbered token."""
    for name in sorted(numbers, key=len, reverse=True):
        token = TOKEN.format(numbers[name])
        text = text.replace(placeholder(name), token).replace(name, token)
    return text


def unmask(text: str, numbers: dict[str, int]) -> str:
    """Return a draft with each numbered token the model copied written as the name's [placeholder]."""
    names = {number: name for name, number in numbers.items()}
    return _TOKEN.sub(lambda m: placeholder(names[int(m.group(1))]) if int(m.group(1)) in names else m.group(0),
                      text)


def masked_request(request: TranslationRequest, numbers: dict[str, int]) -> TranslationRequest:
    """Return the request as the model sees it: open names as tokens everywhere, their hints left out."""
    def each(texts: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(mask(text, numbers) for text in texts)

    hints = tuple(h for h in request.hints if not (h.kind == KIND and h.zh in numbers))
    terms = tuple(t for t in request.terms if t.zh not in numbers)  # a person entry without English yet
    return replace(request, terms=terms, zh=mask(request.zh, numbers), sentences=each(request.sentences),
                   context_before=each(request.context_before), context_after=each(request.context_after),
                   draft=mask(request.draft, numbers), fixes=each(request.fixes), gloss=mask(request.gloss, numbers),
                   hints=hints)


class OpenNames:
    """An engine that drafts with the open names of `hints` masked, and answers with them in brackets."""

    def __init__(self, engine: Engine, hints: tuple[NameHint, ...]):
        self.engine = engine
        self.names = open_names(hints)

    def __getattr__(self, attribute: str):
        return getattr(self.engine, attribute)  # name, concurrency, signature, usage …

    def translate(self, request: TranslationRequest) -> Draft:
        """Return the engine's draft of `request`, the open names masked on the way in and bracketed out."""
        texts = (*request.sentences, request.zh, *request.context_before, *request.context_after, request.draft)
        numbers = numbering(texts, [name for name in self.names if any(name in text for text in texts)])
        if not numbers:
            return self.engine.translate(request)
        answer = self.engine.translate(masked_request(request, numbers))
        draft = answer if isinstance(answer, Draft) else Draft(answer)
        return replace(draft, text=unmask(draft.text, numbers))
