"""One archived release aligned: its Chinese and published English read, sentences aligned, and the pairs
that go into the memory (score at or above the threshold, origin `aligned`) told from those a person
should look at (the alignment review file)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..context import Context
from ..figures.dates import release_ymd
from ..figures.numbers import missing_figures
from ..memory import Unit, release_label, timestamp
from .aligner import Bead, Layout, Model, align
from .anchors import Lexicon, chinese_evidence, compare, english_evidence
from .sides import Chinese, English, read_chinese, read_english

DEFAULT_THRESHOLD = 0.9
# below this share of matching anchors a pair is listed with "few anchors match" whatever its score
WEAK_SIMILARITY = 0.15


def percent(share: float) -> str:
    """Return a share as the review files print it: "92 %", "99.5 %" (a no-break space before the sign)."""
    return f"{round(share * 100, 1):g}\u00a0%"


@dataclass(frozen=True)
class Pair:
    """One bead as text: Chinese sentences (joined as written) and English sentences (joined by a space)."""

    id: str  # "a3": the bead's number in the release, the round-trip key of the alignment review file
    zh: str
    en: str
    zh_ids: tuple[str, ...]  # the Chinese segments' ids ("p2.s1")
    en_ids: tuple[str, ...]  # the English sentences' ids
    score: float  # the bead's posterior probability, 0..1
    similarity: float  # share of the anchors that matched, 0..1

    @property
    def kind(self) -> str:
        return f"{len(self.zh_ids)}-{len(self.en_ids)}"

    def accepted(self, threshold: float) -> bool:
        """Return whether the pair goes into the memory without a person looking at it."""
        return bool(self.zh and self.en) and self.score >= threshold and self.similarity >= WEAK_SIMILARITY

    def reasons(self, threshold: float) -> tuple[str, ...]:
        """Return why a person should look at the pair (empty for a pair nothing speaks against)."""
        if not self.en:
            return ("no English found for this Chinese",)
        if not self.zh:
            return ("no Chinese found for this English",)
        found = [f"score below {percent(threshold)}"] if self.score < threshold else []
        missing = missing_figures(self.zh, self.en)
        if missing:
            found.append(f"figures not in the English: {', '.join(missing)}")
        if self.similarity < WEAK_SIMILARITY:
            found.append(f"few words, names or figures match ({percent(self.similarity)})")
        return tuple(found)


@dataclass(frozen=True)
class AlignedRelease:
    """An archived release pair and its aligned sentences."""

    zh_path: Path
    en_path: Path
    chinese: Chinese
    english: English
    pairs: tuple[Pair, ...]

    @property
    def label(self) -> str:
        """The `release` field of its units: the Chinese file's name and release hash."""
        return release_label(self.chinese.release)

    @property
    def published(self) -> str:
        """The release date as a memory timestamp (the newer archive's English wins), else now."""
        found = release_ymd(self.chinese.release.meta.date or self.english.release.meta.date)
        try:
            return timestamp(datetime(*found, tzinfo=timezone.utc)) if found else timestamp()
        except ValueError:  # a date that is no date (2021-02-30)
            return timestamp()

    def units(self, threshold: float) -> list[Unit]:
        """Return the memory units of the pairs accepted at `threshold` (origin `aligned`)."""
        return [self.unit(pair) for pair in self.pairs if pair.accepted(threshold)]

    def unit(self, pair: Pair, en: str | None = None, reviewer: str = "") -> Unit:
        """Return the memory unit of a pair (with a person's English, when they fixed it)."""
        credits = self.english.credits
        return Unit(zh=pair.zh, en=en if en is not None else pair.en, origin="aligned", translator=credits.translator,
                    reviewer=reviewer, release=self.label,
                    source_url=credits.source_url or self.chinese.release.meta.url,
                    created=self.published, updated=self.published)


def align_release(zh_path: Path, en_path: Path, ctx: Context, lexicon: Lexicon, model: Model | None = None
                  ) -> AlignedRelease:
    """Return the aligned sentence pairs of a Chinese release and its published English."""
    chinese = read_chinese(zh_path, ctx)
    english = read_english(en_path, ctx)
    date = chinese.release.meta.date
    zh = [chinese_evidence(segment, lexicon, date) for segment in chinese.segments]
    en = [english_evidence(sentence.text) for sentence in english.sentences]
    layout = Layout.of([segment.paragraph for segment in chinese.segments],
                       [sentence.paragraph for sentence in english.sentences])
    beads = align(zh, en, compare, model, layout)
    pairs = tuple(_pair(number, bead, chinese, english) for number, bead in enumerate(beads, start=1))
    return AlignedRelease(Path(zh_path), Path(en_path), chinese, english, pairs)


def _pair(number: int, bead: Bead, chinese: Chinese, english: English) -> Pair:
    segments = [chinese.segments[k] for k in bead.zh]
    sentences = [english.sentences[k] for k in bead.en]
    return Pair(f"a{number}", "".join(s.zh for s in segments), " ".join(s.text for s in sentences),
                tuple(s.id for s in segments), tuple(s.id for s in sentences), bead.score, bead.similarity)
