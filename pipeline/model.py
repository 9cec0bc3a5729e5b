"""The data that flows through the pipeline: frozen dataclasses, no I/O, no third-party imports."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Literal

# where a segment's English came from: nobody yet, the engine, a reviewed memory unit, a reviewer
Origin = Literal["untranslated", "engine", "memory", "reviewed"]
Severity = Literal["error", "warning", "info"]
# the QA checks by name, as findings record them and reviewers acknowledge them (`ok: numbers_match — …`):
# one per `check_<name>` function of stages/check.py (a test holds the two lists together)
CheckName = Literal["not_empty", "glossary_terms_used", "forbidden_terms_absent", "no_untranslated_han",
                    "no_meta_reply", "numbers_match", "dates_match", "length_ratio", "punctuation",
                    "no_repetition", "no_added_names", "names_as_given", "clause_missing", "sentence_added",
                    "entity_swapped", "official_names_entered", "officials_kept", "brackets_from_source",
                    "officials_not_romanised", "list_items_kept", "repairs_made",
                    "read_by_ocr", "credits_present", "source_named", "one_english_per_name"]
# what a reviewer should make of a segment, decided once by the check stage ("" before it ran)
Status = Literal["", "error", "check carefully", "engine", "memory", "reviewed", "untranslated"]

SIGNATURE_ORDER = ("package", "engine", "model", "model_sha256", "prompt_version", "glossary", "opencc")
PROPERTY_LIMIT = 255  # Word core properties hold at most 255 characters
# where a translation-memory unit came from, best first: a reviewer's English outranks the office's published
# archive (aligned by `press memory align`), which outranks another tool's memory (imported), which outranks
# the engine's unreviewed drafts. Here, not in memory/, because press.toml's [memory] trusted names them.
UNIT_ORIGINS = ("reviewed", "aligned", "imported", "engine")


def signature_line(signature: dict) -> str:
    """Return a signature as one `key=value; …` line that fits a Word document property."""
    keys = [k for k in SIGNATURE_ORDER if k in signature] + sorted(set(signature) - set(SIGNATURE_ORDER))
    line = "; ".join(f"{key}={signature[key]}" for key in keys)
    return line if len(line) <= PROPERTY_LIMIT else line[: PROPERTY_LIMIT - 1] + "…"


@dataclass(frozen=True)
class Meta:
    """Release metadata read from the header lines (来源/日期/作者/原文链接) or the page."""

    source: str = ""
    date: str = ""  # as written in the release, e.g. "2021-11-07 08:40:54"
    author: str = ""
    url: str = ""
    source_en: str = ""  # the glossary's English for the whole source name ("" when it has none)

    def as_dict(self) -> dict:
        return {"source": self.source, "date": self.date, "author": self.author, "url": self.url,
                "source_en": self.source_en}


@dataclass(frozen=True)
class Token:
    """One word jieba found in a segment, its part-of-speech tag and its span (character offsets)."""

    word: str
    flag: str
    start: int
    end: int


@dataclass(frozen=True)
class TermHit:
    """A glossary term found in a segment; start/end are character offsets into Segment.zh."""

    zh: str
    en: str
    kind: str
    start: int
    end: int
    status: str = "approved"
    matched: str = ""  # the form found in the text when it was a variant, else ""
    forbidden: tuple[str, ...] = ()  # English renderings that must not be used for this term
    en_variants: tuple[str, ...] = ()  # other English the glossary accepts (U.S., American for United States)
    # the entry's note: where a place lies ("Sri Lanka", "Shiga Prefecture, Japan"; adequacy/relations.py)
    note: str = field(default="", compare=False)

    def as_dict(self) -> dict:
        return {"zh": self.zh, "en": self.en, "kind": self.kind, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class TaggedName:
    """A person/place/organisation name jieba tagged outside the glossary terms of a segment."""

    zh: str
    tag: str  # nr | ns | nt (jieba's tags)
    start: int  # character offset into Segment.zh


@dataclass(frozen=True)
class NameHint:
    """A name no glossary entry covers: the English the release or the dictionary gives it, else pinyin
    if it is Chinese, else no English."""

    zh: str
    en: str  # the pinyin of a Chinese name; "" for other kinds (pinyin would be wrong)
    tag: str  # nr | ns | nt
    kind: str = "chinese"  # chinese | japanese | korean | vietnamese | foreign (names.classify)
    # where `en` comes from: "" pinyin (a Chinese name) or none; "dictionary" (CC-CEDICT's proper name);
    # "release" (the release spells the name in brackets: 马克龙（Emmanuel Macron）); "reading" (a Vietnamese
    # person's Sino-Vietnamese reading, Unihan kVietnamese: 陈大光 Tran Dai Quang)
    source: str = ""


@dataclass(frozen=True)
class MemoryMatch:
    """A translation-memory unit similar to a segment (fuzzy match), offered to the engine and Notes."""

    zh: str
    en: str
    score: float  # 0..100
    origin: str = "reviewed"
    release: str = ""  # where the unit came from: a release label, or the TMX file an imported unit came in


@dataclass(frozen=True)
class Issue:
    """A QA finding: data, not an exception."""

    check: CheckName
    severity: Severity
    segment_id: str | None
    message: str
    # what a repair request tells the model to change ("" when a repair cannot help); not exported
    fix: str = field(default="", compare=False)
    # the reviewer's "ok: <check> — <why>" in the review file: shown, stored with the unit, never blocking
    acknowledged: str = ""

    @property
    def blocking(self) -> bool:
        """An error nobody acknowledged: what makes a segment's status "error" and stops an ingest."""
        return self.severity == "error" and not self.acknowledged

    def as_dict(self) -> dict:
        found = {"check": self.check, "severity": self.severity, "segment_id": self.segment_id,
                 "message": self.message}
        return found | ({"acknowledged": self.acknowledged} if self.acknowledged else {})


@dataclass(frozen=True)
class Segment:
    """One sentence (or the headline); its id ("p3.s2", headline "p0.s1") is the round-trip key."""

    id: str
    zh: str
    paragraph: int = 0  # 0 = headline, 1.. = body paragraphs
    tokens: tuple[Token, ...] = ()  # jieba's cut (stage segment)
    words: tuple[str, ...] = ()  # the words, every glossary term one word (stage terms)
    terms: tuple[TermHit, ...] = ()
    names: tuple[TaggedName, ...] = ()  # names jieba tagged outside the terms, for romanisation
    hints: tuple[NameHint, ...] = ()
    matches: tuple[MemoryMatch, ...] = ()  # fuzzy translation-memory candidates, best first
    en: str = ""
    origin: Origin = "untranslated"
    status: Status = ""  # decided once, by the check stage (stages/status.py)
    notes: tuple[str, ...] = ()  # free-text notes shown to reviewers (memory scores, automatic names)
    confidence: float | None = None  # the engine's: geometric-mean probability of its tokens, 0..1
    repairs: tuple[str, ...] = ()  # mechanical repairs made to the engine's draft ("repaired: … → …")


@dataclass(frozen=True)
class Credits:
    """Who made the English release; printed at its end in the seed's house style."""

    translator: str = ""
    reviewer: str = ""
    source_url: str = ""

    def as_dict(self) -> dict:
        return {"translator": self.translator, "reviewer": self.reviewer, "source_url": self.source_url}


@dataclass(frozen=True)
class English:
    """The English release as printed: headline, Source/Date line, body paragraphs, credit lines."""

    headline: str
    dateline: str = ""
    paragraphs: tuple[str, ...] = ()
    credits: tuple[str, ...] = ()

    @property
    def lines(self) -> tuple[str, ...]:
        """Every line in order, as the JSON records them (an empty dateline included)."""
        return (self.headline, self.dateline, *self.paragraphs, *self.credits)


@dataclass(frozen=True)
class Release:
    """What every stage takes and returns (dataclasses.replace, never mutate)."""

    path: Path
    headline: str
    meta: Meta = field(default_factory=Meta)
    paragraphs: tuple[str, ...] = ()
    segments: tuple[Segment, ...] = ()
    issues: tuple[Issue, ...] = ()
    credits: Credits = field(default_factory=Credits)
    signature: dict = field(default_factory=dict)
    english: English | None = None  # the assembled English release (stage assemble)
    first_line: int = 1  # line of the headline in the input file, for error messages
    opencc: str = ""  # the conversion the normalise stage applied (t2s, hk2s, tw2s, none)

    @cached_property
    def findings(self) -> dict[str | None, tuple[Issue, ...]]:
        """The findings grouped by segment id (None: about the release as a whole), indexed once: a frozen
        release never changes, and looking through every finding for every segment costs n²."""
        index: dict[str | None, list[Issue]] = {}
        for issue in self.issues:
            index.setdefault(issue.segment_id, []).append(issue)
        return {key: tuple(found) for key, found in index.items()}

    def findings_of(self, segment: Segment) -> tuple[Issue, ...]:
        """Return the findings about `segment`."""
        return self.findings.get(segment.id, ())

    @property
    def hash(self) -> str:
        """A sha256 over the segment ids and their Chinese: what a review .docx must match."""
        digest = hashlib.sha256()
        for seg in self.segments:
            digest.update(f"{seg.id}\t{seg.zh}\n".encode())
        return digest.hexdigest()
