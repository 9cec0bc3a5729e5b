"""New-term discovery: names jieba tags (ns/nt/nr) that no glossary entry covers, as paste-ready TSV rows."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .formats import read_release
from .glossary import COLUMNS, Glossary
from .romanise import romanise
from .normalise import detect_mode, normalise_text
from .segment import tag_names

CONTEXT = 15  # characters either side of the first occurrence
KIND_BY_SUFFIX = (("省", "province"), ("自治区", "province"), ("市", "city"), ("县", "county"), ("州", "prefecture"),
                  ("局", "office"), ("办", "office"), ("厅", "office"), ("委", "party-body"))


@dataclass(frozen=True)
class Suggestion:
    """A name found in the texts that no glossary entry covers, with a romanisation to check."""

    zh: str
    tag: str  # jieba's: ns place, nt organisation, nr/nrfg/nrt person
    count: int
    context: str  # the first occurrence with CONTEXT characters either side, as "file: …text…"
    en: str

    @property
    def kind(self) -> str:
        """Return the glossary kind guessed from the tag and the name's last characters."""
        if self.tag.startswith("nr"):
            return "person"
        for suffix, kind in KIND_BY_SUFFIX:
            if self.zh.endswith(suffix):
                return kind
        return "organisation" if self.tag == "nt" else "region"

    def cells(self) -> tuple[str, ...]:
        """Return the glossary row (COLUMNS order) proposing this name."""
        source = f"suggested by press glossary suggest (jieba {self.tag}, pypinyin); verify before approving"
        note = f"seen {self.count}x; {self.context}"
        return (self.zh, self.en, self.kind, "", "", "proposed", source, note)


def _context(text: str, start: int, length: int, name: str) -> str:
    left, right = max(0, start - CONTEXT), min(len(text), start + length + CONTEXT)
    snippet = " ".join(text[left:right].split())
    return f"{name}: …{snippet}…"


def suggest(texts: list[tuple[str, str]], glossary: Glossary | None = None) -> list[Suggestion]:
    """Return the uncovered names of `texts` ((name, text) pairs), most frequent first."""
    counts: Counter[tuple[str, str]] = Counter()
    first: dict[str, str] = {}
    for name, text in texts:
        for word, tag, start in tag_names(text, glossary):
            if glossary is not None and glossary.lookup(word) is not None:
                continue
            counts[(word, tag)] += 1
            first.setdefault(word, _context(text, start, len(word), name))
    merged: dict[str, Suggestion] = {}
    for (word, tag), count in counts.most_common():
        if word in merged:  # the same word under two tags: keep the commoner tag, add the counts
            old = merged[word]
            merged[word] = Suggestion(word, old.tag, old.count + count, old.context, old.en)
            continue
        merged[word] = Suggestion(word, tag, count, first[word], romanise(word, tag))
    return sorted(merged.values(), key=lambda s: (-s.count, s.zh))


def release_text(path: Path, glossary: Glossary | None = None) -> str:
    """Return a release file's headline and paragraphs, normalised as the pipeline does (simplified)."""
    release = read_release(Path(path))
    protect = (lambda text: [(hit.start, hit.end) for hit in glossary.find(text)]) if glossary else None
    lines = [release.headline, *release.paragraphs]
    mode = detect_mode("".join(lines))
    return "\n".join(normalise_text(line, mode, protect) for line in lines)


def suggest_files(paths: list[Path], glossary: Glossary | None = None) -> list[Suggestion]:
    """Return the uncovered names of release files (any format the readers know; Big5/GBK too)."""
    return suggest([(str(path), release_text(path, glossary)) for path in paths], glossary)


def as_tsv(suggestions: list[Suggestion], header: bool = True) -> str:
    """Return the suggestions as glossary TSV rows (status proposed), ready to paste into a file."""
    lines = ["\t".join(COLUMNS)] if header else []
    lines += ["\t".join(cell.replace("\t", " ") for cell in s.cells()) for s in suggestions]
    return "\n".join(lines) + "\n"
