"""Glossary proposals from the archive: a name jieba tags in the Chinese (one no glossary entry covers) that
recurs across aligned pairs with the same English is proposed with that English, as `press glossary
suggest` proposes names (TSV rows, status proposed), the sentence pairs as evidence. Never approved here.

The English of a name is found by counts, as word aligners do: among the capitalised spans of the pairs'
English ("Anuradhapura City", "Municipal Bureau of Commerce"), not the renderings of glossary terms the
pair already holds, the span that appears in most of the name's pairs and least elsewhere (Dice), each
span given to one name only.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from ..figures.dates import MONTHS
from ..suggest import guess_kind
from .anchors import STOPWORDS, forms
from .archive import AlignedRelease, Pair

MIN_PAIRS = 2  # a name seen once says nothing about consistency
CONSISTENCY = 0.75  # share of the name's pairs whose English holds the span
MIN_DICE = 0.5  # 2·together / (pairs with the name + pairs with the span)
LONGEST = 6  # words in a span
EVIDENCE = 3  # sentence pairs quoted per proposal
CONNECTORS = frozenset({"of", "and", "the", "for", "de", "du", "la", "on", "in"})
_WORD = re.compile(r"[A-Za-z][\w'’\-]*")
_NOT_NAMES = frozenset(word.lower() for word in MONTHS) | frozenset(
    "monday tuesday wednesday thursday friday saturday sunday".split())


@dataclass(frozen=True)
class Proposal:
    """A name and the English the archive consistently gives it, with the pairs that show it."""

    zh: str
    en: str
    kind: str
    together: int  # pairs holding both
    pairs: int  # pairs holding the name
    evidence: tuple[str, ...]  # "release: 中文 = English"

    def cells(self) -> tuple[str, ...]:
        """Return the glossary row (COLUMNS order) proposing this name."""
        source = (f"proposed by press memory align: {self.together} of {self.pairs} aligned archive pairs give "
                  "this English; verify before approving")
        note = "evidence: " + " ‖ ".join(self.evidence)
        return (self.zh, self.en, self.kind, "", "", "proposed", source, note)

    def line(self) -> str:
        """Return the TSV line of the proposal."""
        return "\t".join(" ".join(cell.split()) for cell in self.cells())


def spans(english: str, taken: tuple[str, ...] = ()) -> set[str]:
    """Return the candidate names in an English sentence: runs of capitalised words (of/and/the inside),
    every sub-run that starts and ends capitalised, up to LONGEST words; runs of stopwords, months and
    weekdays, and spans over an occurrence of a `taken` form (glossary renderings the pair holds), left out."""
    words = list(_WORD.finditer(english))
    runs: list[list[re.Match]] = []
    for word in words:
        capital = word.group()[0].isupper()
        joins = runs and english[runs[-1][-1].end():word.start()].strip() == ""
        if joins and (capital or word.group().lower() in CONNECTORS):
            runs[-1].append(word)
        elif capital:
            runs.append([word])
    lower_text = english.lower()
    covered = {position for form in taken if form for found in re.finditer(re.escape(form.lower()), lower_text)
               for position in range(found.start(), found.end())}
    found = set()
    for run in runs:
        for start in range(len(run)):
            for end in range(start + 1, min(len(run), start + LONGEST) + 1):
                piece = run[start:end]
                if not (piece[0].group()[0].isupper() and piece[-1].group()[0].isupper()):
                    continue
                text = english[piece[0].start():piece[-1].end()]
                lower = [w.group().lower() for w in piece]
                if all(w in STOPWORDS or w in CONNECTORS or w in _NOT_NAMES for w in lower):
                    continue
                if not covered.intersection(range(piece[0].start(), piece[-1].end())):
                    found.add(text)
    return found


def propose(aligned: list[AlignedRelease], threshold: float) -> list[Proposal]:
    """Return proposals for the uncovered names of the pairs accepted at `threshold`, most pairs first."""
    names: dict[str, list[tuple[str, Pair, set[str]]]] = defaultdict(list)
    tags: dict[str, str] = {}
    everywhere: Counter[str] = Counter()
    for release in aligned:
        by_id = {segment.id: segment for segment in release.chinese.segments}
        for pair in release.pairs:
            if not pair.accepted(threshold):
                continue
            segments = [by_id[segment_id] for segment_id in pair.zh_ids]
            renderings = tuple(form for segment in segments for term in segment.terms for form in forms(term.en))
            found = spans(pair.en, renderings)
            everywhere.update(found)
            for name in dict.fromkeys(name.zh for segment in segments for name in segment.names):
                tags.setdefault(name, next(n.tag for s in segments for n in s.names if n.zh == name))
                names[name].append((release.chinese.release.path.name, pair, found))
    candidates = []
    for name, seen in names.items():
        if len(seen) < MIN_PAIRS:
            continue
        together = Counter(span for _, _, found in seen for span in found)
        for span, count in together.items():
            dice = 2 * count / (len(seen) + everywhere[span])
            if count >= MIN_PAIRS and count / len(seen) >= CONSISTENCY and dice >= MIN_DICE:
                candidates.append((dice, count, len(span.split()), name, span))
    proposals, used_names, used_spans = [], set(), set()
    for _, count, _, name, span in sorted(candidates, reverse=True):
        if name in used_names or span in used_spans:
            continue
        used_names.add(name)
        used_spans.add(span)
        evidence = tuple(f"{label}: {pair.zh} = {pair.en}" for label, pair, found in names[name]
                         if span in found)[:EVIDENCE]
        proposals.append(Proposal(name, span, guess_kind(name, tags[name]), count, len(names[name]), evidence))
    return sorted(proposals, key=lambda p: (-p.together, p.zh))
