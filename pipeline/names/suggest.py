"""New-term discovery: names jieba tags (ns/nt/nr) that no glossary entry covers, as paste-ready TSV rows.

Chinese names come with pinyin; foreign, Japanese and Korean ones with the English a draft or a
reference uses for them (names.rendering_of), or as a comment line when no English text is given.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, Sequence

from ..formats import read_release
from ..glossary import COLUMNS, Glossary
from ..glossary.proposals import Proposal
from ..stages.names import tag_names
from ..stages.normalise import detect_mode, normalise_text
from .english import rendering_of
from .romanise import KIND_LABELS, kind_in, romanise

CONTEXT = 15  # characters either side of the first occurrence
KIND_BY_SUFFIX = (("省", "province"), ("自治区", "province"), ("市", "city"), ("县", "county"), ("州", "prefecture"),
                  ("局", "office"), ("办", "office"), ("厅", "office"), ("委", "party-body"))


def guess_kind(zh: str, tag: str) -> str:
    """Return the glossary kind of a name jieba tagged, guessed from its tag and last characters."""
    if tag.startswith("nr"):
        return "person"
    for suffix, kind in KIND_BY_SUFFIX:
        if zh.endswith(suffix):
            return kind
    return "organisation" if tag == "nt" else "region"


@dataclass(frozen=True)
class Suggestion:
    """A name found in the texts that no glossary entry covers, with a romanisation to check."""

    zh: str
    tag: str  # jieba's: ns place, nt organisation, nr/nrfg/nrt person
    count: int
    context: str  # the first occurrence with CONTEXT characters either side, as "file: …text…"
    en: str  # pinyin for a Chinese name; for another kind the English found by sound, or ""
    name_kind: str = "chinese"  # chinese | japanese | korean | foreign (name_kinds.classify)

    @property
    def kind(self) -> str:
        """Return the glossary kind guessed from the tag and the name's last characters."""
        return guess_kind(self.zh, self.tag)

    def cells(self) -> tuple[str, ...]:
        """Return the glossary row (COLUMNS order) proposing this name."""
        how = "pypinyin" if self.name_kind == "chinese" else \
            f"{KIND_LABELS[self.name_kind]}, English found by sound in the English text"
        source = f"suggested by press glossary suggest (jieba {self.tag}, {how}); verify before approving"
        note = f"seen {self.count}x; {self.context}"
        return (self.zh, self.en, self.kind, "", "", "proposed", source, note)

    def line(self) -> str:
        """Return the TSV line: a row, or a comment when no English is known (a foreign name without a draft)."""
        if self.en:
            return "\t".join(cell.replace("\t", " ") for cell in self.cells())
        label = KIND_LABELS.get(self.name_kind, "name")
        return f"# {self.zh}\t({label}: no pinyin; give --english with a draft or reference to find it)" \
               f"\t{self.kind}\tseen {self.count}x; {self.context.replace(chr(9), ' ')}"


def _context(text: str, start: int, length: int, name: str) -> str:
    left, right = max(0, start - CONTEXT), min(len(text), start + length + CONTEXT)
    snippet = " ".join(text[left:right].split())
    return f"{name}: …{snippet}…"


def suggest(texts: list[tuple[str, str]], glossary: Glossary | None = None,
            english: dict[str, str] | None = None) -> list[Suggestion]:
    """Return the uncovered names of `texts` ((name, text) pairs), most frequent first.

    A Chinese name is offered with its pinyin; any other kind with the English that `english[name]`
    (the file's draft or reference) uses for it, found by sound (特梅尔 -> "Temer"), else with none.
    """
    counts: Counter[tuple[str, str]] = Counter()
    first: dict[str, str] = {}
    kinds: dict[str, str] = {}
    renderings: dict[str, str] = {}
    english = english or {}
    for name, text in texts:
        for word, tag, start in tag_names(text, glossary):
            if glossary is not None and glossary.lookup(word) is not None:
                continue
            counts[(word, tag)] += 1
            first.setdefault(word, _context(text, start, len(word), name))
            kind = kinds.setdefault(word, kind_in(text, word, tag, start))
            if kind != "chinese" and not renderings.get(word) and english.get(name):
                renderings[word] = rendering_of(word, kind, english[name])
    merged: dict[str, Suggestion] = {}
    for (word, tag), count in counts.most_common():
        if word in merged:  # the same word under two tags: keep the commoner tag, add the counts
            old = merged[word]
            merged[word] = Suggestion(word, old.tag, old.count + count, old.context, old.en, old.name_kind)
            continue
        kind = kinds[word]
        en = romanise(word, tag) if kind == "chinese" else renderings.get(word, "")
        merged[word] = Suggestion(word, tag, count, first[word], en, kind)
    return sorted(merged.values(), key=lambda s: (-s.count, s.zh))


def release_text(path: Path, glossary: Glossary | None = None) -> str:
    """Return a release file's headline and paragraphs, normalised as the pipeline does (simplified)."""
    release = read_release(Path(path))
    protect = (lambda text: [(hit.start, hit.end) for hit in glossary.find(text)]) if glossary else None
    lines = [release.headline, *release.paragraphs]
    mode = detect_mode("".join(lines))
    return "\n".join(normalise_text(line, mode, protect) for line in lines)


def suggest_files(paths: list[Path], glossary: Glossary | None = None,
                  english: list[Path] | None = None) -> list[Suggestion]:
    """Return the uncovered names of release files (any format the readers know; Big5/GBK too);
    `english` (one UTF-8 text per release, same order: a reference or a draft) lets foreign names
    be offered with the English that text uses for them."""
    texts = [(str(path), release_text(path, glossary)) for path in paths]
    drafts = {str(path): Path(en).read_text(encoding="utf-8") for path, en in zip(paths, english, strict=True)} \
        if english else {}
    return suggest(texts, glossary, drafts)


class Row(Protocol):
    """A proposed glossary row: a Suggestion, or a name the aligned archive proposes (align/terms.py)."""

    def line(self) -> str: ...


def as_tsv(suggestions: Sequence[Row], header: bool = True) -> str:
    """Return the suggestions as glossary TSV rows (status proposed), ready to paste into a file."""
    lines = ["\t".join(COLUMNS)] if header else []
    lines += [s.line() for s in suggestions]
    return "\n".join(lines) + "\n"


def proposals_of(path: Path, name: str, glossary: Glossary, english: str = "") -> list[Proposal]:
    """Return the uncovered names of one release file as glossary proposals, each with the sentence around
    its first occurrence (`name` labels the release); `english` (its draft) gives foreign names their English."""
    found = suggest([(name, release_text(path, glossary))], glossary, {name: english} if english else None)
    return [Proposal(s.zh, s.en, s.kind, s.cells()[6], s.context, s.count, name) for s in found]
