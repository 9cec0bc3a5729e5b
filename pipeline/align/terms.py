"""Glossary proposals from the archive: a name jieba tags in the Chinese (one no glossary entry covers) that
recurs across aligned pairs with the same English is proposed with that English, as `press glossary
suggest` proposes names (TSV rows, status proposed), the sentence pairs as evidence. Never approved here.

A person's or place's English is found by sound (romanise.py: the pinyin of a Chinese name, the
transliteration of a foreign one) and proposed when most of its pairs write it alike. An office's or
organisation's English is a translation: among the capitalised spans of the pairs' English ("Municipal
Bureau of Commerce"), not the renderings of glossary terms the pair already holds, the span that
appears in most of the name's pairs and least elsewhere (Dice, as word aligners count), part of whose
words the dictionary's glosses of the name account for. Each span goes to one name only.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..figures.dates import MONTHS
from ..names.english import rendering_of
from ..names.romanise import kind_in, pinyin_written
from ..names.suggest import guess_kind
from .anchors import STOPWORDS, Lexicon, forms, stems
from .archive import AlignedRelease, Pair

MIN_PAIRS = 2  # a name seen once says nothing about consistency
CONSISTENCY = 0.75  # share of the name's pairs whose English holds the span
MIN_DICE = 0.5  # 2·together / (pairs with the name + pairs with the span)
LONGEST = 6  # words in a span
EVIDENCE = 3  # sentence pairs quoted per proposal
EXPLAINED = 0.3  # share of a translated name's English words its dictionary glosses account for
# kinds whose English is a translation, not a sound: found by counts (a person or place only by sound)
TRANSLATED_KINDS = ("office", "party-body", "organisation", "government-body", "congress-body")
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


@dataclass
class _Seen:
    """A name's distinct sentence pairs (one per Chinese sentence: a sentence the archive repeats counts once)."""

    tag: str
    kind: str  # chinese | japanese | korean | foreign (name_kinds)
    pairs: dict[str, tuple[str, Pair, set[str], tuple[str, ...]]] = field(default_factory=dict)


def propose(aligned: list[AlignedRelease], threshold: float, lexicon: Lexicon) -> list[Proposal]:
    """Return proposals for the uncovered names of the pairs accepted at `threshold`, most pairs first: a
    name's English found by sound (its pinyin, or a foreign name's transliteration) where the pairs agree on
    one, else — for a name that is translated, an office or an organisation — the span the counts single
    out, provided the dictionary's glosses of the name account for some of its words."""
    names, everywhere = _occurrences(aligned, threshold)
    candidates = []
    for name, seen in names.items():
        if len(seen.pairs) < MIN_PAIRS:
            continue
        sound = _by_sound(name, seen)
        if sound is not None:
            candidates.append((2, sound[1], (1.0, 0, 1.0), name, sound[0]))
        elif seen.tag == "nt" or guess_kind(name, seen.tag) in TRANSLATED_KINDS:
            candidates += _by_counts(name, seen, everywhere, lexicon)
    proposals, used_names, used_spans = [], set(), set()
    for _, count, _, name, span in sorted(candidates, reverse=True):
        if name in used_names or span in used_spans:
            continue
        used_names.add(name)
        used_spans.add(span)
        seen = names[name]
        evidence = tuple(f"{label}: {pair.zh} = {pair.en}" for label, pair, _, _ in seen.pairs.values()
                         if span in pair.en)[:EVIDENCE]
        proposals.append(Proposal(name, span, guess_kind(name, seen.tag), count, len(seen.pairs), evidence))
    return sorted(proposals, key=lambda p: (-p.together, p.zh))


def _occurrences(aligned: list[AlignedRelease], threshold: float) -> tuple[dict[str, _Seen], Counter[str]]:
    """Return each uncovered name's distinct pairs (with their candidate spans and the glossary renderings
    they hold) and in how many distinct pairs each span occurs."""
    names: dict[str, _Seen] = {}
    everywhere: Counter[str] = Counter()
    counted: set[str] = set()
    for release in aligned:
        by_id = {segment.id: segment for segment in release.chinese.segments}
        for pair in release.pairs:
            key = "".join(pair.zh.split())
            if not pair.accepted(threshold):
                continue
            segments = [by_id[segment_id] for segment_id in pair.zh_ids]
            renderings = tuple(form for segment in segments for term in segment.terms for form in forms(term.en))
            found = spans(pair.en, renderings)
            if key not in counted:
                counted.add(key)
                everywhere.update(found)
            for segment in segments:
                for name in segment.names:
                    seen = names.setdefault(name.zh, _Seen(name.tag, kind_in(segment.zh, name.zh, name.tag,
                                                                             name.start)))
                    seen.pairs.setdefault(key, (release.chinese.release.path.name, pair, found, renderings))
    return names, everywhere


def _by_sound(name: str, seen: _Seen) -> tuple[str, int] | None:
    """Return the English most of the name's pairs write it with by sound (pinyin, or transliteration) and
    in how many pairs, when enough agree; a place word right after it ("Chishui City") comes along."""
    found: Counter[str] = Counter()
    for _, pair, _, renderings in seen.pairs.values():
        written = pinyin_written(name, pair.en, seen.tag) if seen.kind == "chinese" else \
            rendering_of(name, seen.kind, pair.en, renderings)
        if written:
            after = re.match(r"\s+(City|County|District|Province|Prefecture|Town|Township|Village)\b",
                             pair.en[pair.en.find(written) + len(written):])
            found[written + (after.group() if after and name.endswith(tuple("市县区省州镇乡村")) else "")] += 1
    if not found:
        return None
    span, count = found.most_common(1)[0]
    return (span, count) if count >= MIN_PAIRS and count / len(seen.pairs) >= CONSISTENCY else None


def _by_counts(name: str, seen: _Seen, everywhere: Counter[str], lexicon: Lexicon) -> list[tuple]:
    """Return (1, together, (share explained, words, dice), name, span) for the spans that co-occur with a
    translated name consistently and rarely without it, some of whose words the dictionary's glosses of the
    name account for: the best explains most, then says most (a whole name, not a piece of it)."""
    glossed = lexicon(name)
    together = Counter(span for _, _, found, _ in seen.pairs.values() for span in found)
    candidates = []
    for span, count in together.items():
        dice = 2 * count / (len(seen.pairs) + everywhere[span])
        content = stems(span)
        explained = len(content & glossed) / len(content) if content else 0.0
        if count >= MIN_PAIRS and count / len(seen.pairs) >= CONSISTENCY and dice >= MIN_DICE \
                and explained >= EXPLAINED:
            candidates.append((1, count, (round(explained, 1), len(content), dice), name, span))
    return candidates
