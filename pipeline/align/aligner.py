"""Sentence alignment by dynamic programming: Gale–Church's length model plus lexical anchors (hunalign's
idea), beads of 1-1, 1-2, 2-1, 1-0 and 0-1 sentences, and each bead's posterior probability as its score.

The cost of a bead is -log of its prior, -log of the length model's probability that the English is as
long as the Chinese makes it (Gale & Church 1993: English characters ~ N(c·l, s²·l) for l Chinese
characters), minus a reward for the share of anchors that match (anchors.compare), plus a penalty per
figure one side has and the other lacks and for a bead that spans a paragraph break. The best path is the alignment; forward–backward over the same
costs gives each of its beads the probability that the data put it there, which is its score.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Sequence

from .anchors import Evidence

BEADS = ((1, 1), (1, 2), (2, 1), (1, 0), (0, 1))


@dataclass(frozen=True)
class Model:
    """The aligner's parameters (tuned on the tune half of the WMT government pairs: docs/benchmarks.md)."""

    ratio: float = 3.9  # English characters (spaces left out) per Chinese character
    variance: float = 35.0  # s²: variance of the English length per Chinese character
    priors: tuple[float, ...] = (0.80, 0.09, 0.07, 0.02, 0.02)  # of BEADS, in order
    reward: float = 32.0  # nats per unit of similarity above `expected`
    expected: float = 0.2  # similarity at which a pair is as likely a translation as not
    paragraph: float = 4.0  # nats for a bead that spans a paragraph break on either side
    figure: float = 2.0  # nats per figure one side has and the other lacks
    skip: float = 3.0  # nats for a sentence left alone (1-0, 0-1) beyond its prior
    temperature: float = 1.0  # costs are divided by it for the posterior (a score's calibration)
    band: int = 12  # cells either side of the diagonal searched (at least; grows with the document)


@dataclass(frozen=True)
class Bead:
    """Sentences aligned together: indices into the Chinese and English sentence lists, and the score."""

    zh: tuple[int, ...]
    en: tuple[int, ...]
    score: float = 0.0  # posterior probability, 0..1
    similarity: float = 0.0  # share of anchors that matched, 0..1

    @property
    def kind(self) -> str:
        return f"{len(self.zh)}-{len(self.en)}"


@dataclass(frozen=True)
class Layout:
    """Where each side's paragraphs start (a bead across one costs Model.paragraph) and which section each
    sentence is in (headline 0, body 1: a bead never mixes sections)."""

    zh_breaks: frozenset[int] = frozenset()
    en_breaks: frozenset[int] = frozenset()
    zh_sections: tuple[int, ...] = ()
    en_sections: tuple[int, ...] = ()

    @classmethod
    def of(cls, zh_paragraphs: Sequence[int], en_paragraphs: Sequence[int]) -> "Layout":
        """Return the layout of two sequences of paragraph numbers (0 = headline), one per sentence."""
        def breaks(numbers: Sequence[int]) -> frozenset[int]:
            return frozenset(k for k in range(1, len(numbers)) if numbers[k] != numbers[k - 1])
        return cls(breaks(zh_paragraphs), breaks(en_paragraphs), tuple(int(p > 0) for p in zh_paragraphs),
                   tuple(int(p > 0) for p in en_paragraphs))


def length_cost(zh: int, en: int, model: Model) -> float:
    """Return -log P(an English of `en` characters | a Chinese of `zh`), two-tailed as Gale–Church's."""
    mean = (zh + en / model.ratio) / 2 or 1.0  # their average, in Chinese characters, as G&C's δ uses
    delta = (en - zh * model.ratio) / math.sqrt(mean * model.variance)
    probability = math.erfc(abs(delta) / math.sqrt(2))  # = 2 (1 - Φ(|δ|))
    return -math.log(max(probability, 1e-12))


class _Costs:
    """The cost of every bead the band allows, computed once (the forward and backward passes share it)."""

    def __init__(self, zh: Sequence[Evidence], en: Sequence[Evidence], layout: Layout,
                 compare: Callable[[Evidence, Evidence], tuple[float, int]], model: Model):
        self.zh, self.en, self.layout, self.compare, self.model = zh, en, layout, compare, model
        self.priors = {bead: -math.log(prior) for bead, prior in zip(BEADS, model.priors, strict=True)}
        self.cache: dict[tuple[int, int, int, int], tuple[float, float]] = {}

    def __call__(self, i: int, j: int, a: int, b: int) -> tuple[float, float]:
        """Return (cost, similarity) of the bead zh[i-a:i] ~ en[j-b:j]."""
        key = (i, j, a, b)
        found = self.cache.get(key)
        if found is None:
            found = self.cache[key] = self._cost(i, j, a, b)
        return found

    def _cost(self, i: int, j: int, a: int, b: int) -> tuple[float, float]:
        model, layout = self.model, self.layout
        cost = self.priors[(a, b)]
        sections = {layout.zh_sections[k] for k in range(i - a, i)} | {layout.en_sections[k] for k in range(j - b, j)}
        if len(sections) > 1:
            return math.inf, 0.0  # a headline is aligned with a headline only
        if not a or not b:
            return cost + model.skip, 0.0
        zh = _sum(self.zh[i - a:i])
        en = _sum(self.en[j - b:j])
        score, missing = self.compare(zh, en)
        cost += length_cost(zh.length, en.length, model) - model.reward * (score - model.expected) \
            + model.figure * missing
        if (a == 2 and i - 1 in layout.zh_breaks) or (b == 2 and j - 1 in layout.en_breaks):
            cost += model.paragraph
        return cost, score


def _sum(evidence: Sequence[Evidence]) -> Evidence:
    total = evidence[0]
    for more in evidence[1:]:
        total = total + more
    return total


def _cells(n: int, m: int, band: int):
    """Yield (i, j) in order, those within `band` of the diagonal from (0, 0) to (n, m)."""
    for i in range(n + 1):
        centre = i * m / n if n else 0
        for j in range(max(0, int(centre) - band), min(m, int(centre) + band + 1) + 1):
            yield i, j


def align(zh: Sequence[Evidence], en: Sequence[Evidence], compare: Callable[[Evidence, Evidence], tuple[float, int]],
          model: Model | None = None, layout: Layout | None = None) -> list[Bead]:
    """Return the beads of the best alignment of two sentence sequences, in order, each with its score
    (`layout`: paragraph starts and sections; default one paragraph each side)."""
    n, m = len(zh), len(en)
    model = model or Model()
    layout = layout or Layout(zh_sections=(1,) * n, en_sections=(1,) * m)
    band = max(model.band, abs(n - m) + model.band // 2, (n + m) // 8)
    costs = _Costs(zh, en, layout, compare, model)
    cells = list(_cells(n, m, band))
    allowed = set(cells)
    best: dict[tuple[int, int], tuple[float, tuple[int, int] | None]] = {(0, 0): (0.0, None)}
    forward: dict[tuple[int, int], float] = {(0, 0): 0.0}
    t = model.temperature
    for i, j in cells:
        if (i, j) == (0, 0):
            continue
        options, sums = [], []
        for a, b in BEADS:
            previous = (i - a, j - b)
            cost = costs(i, j, a, b)[0] if previous in best else math.inf
            if cost < math.inf:
                options.append((best[previous][0] + cost, (a, b)))
                sums.append(forward[previous] - cost / t)
        if options:
            best[(i, j)] = min(options)
            forward[(i, j)] = _logsumexp(sums)
    if (n, m) not in best:
        raise ValueError("no alignment within the band")  # cannot happen: the band always holds the corner
    backward = _backward(n, m, allowed, costs, t)
    total = forward[(n, m)]
    beads, cell = [], (n, m)
    while cell != (0, 0):
        step = best[cell][1]
        assert step is not None  # only (0, 0) has no step into it
        a, b = step
        i, j = cell
        cost, score = costs(i, j, a, b)
        posterior = math.exp(min(0.0, forward[(i - a, j - b)] - cost / t + backward[cell] - total))
        beads.append(Bead(tuple(range(i - a, i)), tuple(range(j - b, j)), round(posterior, 4), round(score, 4)))
        cell = (i - a, j - b)
    return beads[::-1]


def _backward(n: int, m: int, allowed: set[tuple[int, int]], costs: _Costs, t: float) -> dict[tuple[int, int], float]:
    """Return log of the summed probability of every path from each cell to (n, m)."""
    backward = {(n, m): 0.0}
    for i, j in sorted(allowed, reverse=True):
        if (i, j) == (n, m):
            continue
        sums = [backward[(i + a, j + b)] - cost / t for a, b in BEADS if (i + a, j + b) in backward
                for cost in [costs(i + a, j + b, a, b)[0]] if cost < math.inf]
        if sums:
            backward[(i, j)] = _logsumexp(sums)
    return backward


def _logsumexp(values: list[float]) -> float:
    top = max(values)
    return top + math.log(sum(math.exp(value - top) for value in values))
