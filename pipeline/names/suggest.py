"""New-term discovery: whole names no glossary entry covers, as paste-ready TSV rows a maintainer can approve.

The names are the names stage's (a term is found once): whole names (拉苏尔佐达, not 苏尔 and 佐达),
never ordinary words (美术馆, 外事办公室), a generic head after a place proposing the whole name
(常德市外事办公室). Each proposal carries its English from the best source there is — the release's
brackets, the reviewed English (`--english`, the memory), CC-CEDICT's proper name, and pinyin in the
glossary's style for Chinese persons and places only — or none ("needs an English name"), and its
evidence: the sentence, and where the English came from (docs/glossary.md "Proposals").
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from ..config import Config
from ..context import Context
from ..formats import read_release
from ..glossary import COLUMNS, Glossary
from ..model import NameHint, Release, Segment
from ..runner import run  # the stages: a term and a name are found once, as `press translate` finds them
from ..stages.normalise import detect_mode, normalise_text
from ..stages.terms import PLACE_KINDS
from . import dictionary as name_dictionary
from .english import rendering_of
from .romanise import KIND_LABELS, pinyin_written, romanise

KIND_BY_SUFFIX = (("省", "province"), ("自治区", "province"), ("市", "city"), ("县", "county"), ("州", "prefecture"),
                  ("局", "office"), ("办", "office"), ("厅", "office"), ("处", "office"), ("办公室", "office"),
                  ("委", "party-body"), ("大会", "event"), ("博览会", "event"), ("论坛", "event"), ("节", "event"))
# the heads of institution names: an ordinary word ending so is a name when a place comes before it
HEADS = ("办公室", "博物馆", "美术馆", "图书馆", "银行", "大学", "学院", "医院", "委员会", "协会", "研究院", "研究所",
         "中心", "公司", "集团", "剧院", "外事办", "商会", "基金会")
NEEDS_ENGLISH = "needs an English name"


@dataclass(frozen=True)
class Suggestion:
    """A name no glossary entry covers: its English (or none), where that came from, and where it was seen."""

    zh: str
    tag: str  # jieba's: ns place, nt organisation, nr/nrfg/nrt person (nz: found by the dictionary or brackets)
    count: int
    context: str  # evidence: "file: the first sentence it is in"
    en: str  # "" when no source gives one: the maintainer must supply it
    name_kind: str = "chinese"  # chinese | japanese | korean | vietnamese | foreign (names.classify)
    english_from: str = ""  # pinyin | bracketed in the release | reviewed English (…) | CC-CEDICT '…' | ""
    what: str = ""  # the glossary kind when something better than the tag and suffix tells (CC-CEDICT)

    @property
    def kind(self) -> str:
        """Return the glossary kind: from the last characters (市 city), else what the dictionary says
        (a person, a city), else from the tag."""
        by_suffix = next((kind for suffix, kind in sorted(KIND_BY_SUFFIX, key=lambda item: -len(item[0]))
                          if self.zh.endswith(suffix)), "")
        return by_suffix or self.what or guess_kind(self.zh, self.tag)

    def cells(self) -> tuple[str, ...]:
        """Return the glossary row (COLUMNS order) proposing this name."""
        label = "Chinese name" if self.name_kind == "chinese" else KIND_LABELS.get(self.name_kind, "name")
        source = f"suggested by press glossary suggest ({label}; English from {self.english_from}); verify " \
                 "before approving"
        note = f"seen {self.count}x; {self.context}"
        return (self.zh, self.en, self.kind, "", "", "proposed", source, note)

    def line(self) -> str:
        """Return the TSV line: a row, or a comment line for a name that needs an English name first."""
        if self.en:
            return "\t".join(cell.replace("\t", " ") for cell in self.cells())
        label = "Chinese name" if self.name_kind == "chinese" else KIND_LABELS.get(self.name_kind, "name")
        return f"# {self.zh}\t({NEEDS_ENGLISH}; {label})\t{self.kind}\tseen {self.count}x; " \
               f"{self.context.replace(chr(9), ' ')}"


def guess_kind(zh: str, tag: str) -> str:
    """Return the glossary kind of a name, guessed from its tag and last characters."""
    if tag.startswith("nr"):
        return "person"
    for suffix, kind in sorted(KIND_BY_SUFFIX, key=lambda item: -len(item[0])):
        if zh.endswith(suffix):
            return kind
    return "organisation" if tag == "nt" else "region"


def _dictionary_kind(named: name_dictionary.DictionaryName | None) -> str:
    """Return the glossary kind a dictionary gloss says (city, county, person …), or ""."""
    if named is None:
        return ""
    if named.what == "person":
        return "person"
    gloss = named.gloss.lower()
    for word, kind in (("county", "county"), ("city", "city"), ("capital", "city"), ("province", "province"),
                       ("state", "region"), ("prefecture", "prefecture")):
        if re.search(rf"\b{word}\b", gloss):
            return kind
    return "region" if named.what == "place" else ""


def _english(hint: NameHint, reviewed: str, where: str) -> tuple[str, str]:
    """Return (English, where it came from) for a hinted name, by rank: the release's brackets, the
    reviewed English of its sentence or release, CC-CEDICT's name, pinyin for a Chinese person or place."""
    if hint.source == "release":
        return hint.en, "the release's own spelling in brackets"
    named = name_dictionary.lookup(hint.zh)
    if reviewed:
        found = _reviewed(hint, reviewed, named)
        if found:
            return found, f"the reviewed English ({where})"
    if named is not None and (hint.source == "dictionary" or hint.tag.startswith("nt") or hint.kind != "chinese"):
        return named.en, f"CC-CEDICT '{named.gloss[:60]}'"
    if hint.kind == "chinese" and hint.tag.startswith(("nr", "ns")):
        return romanise(hint.zh, hint.tag), "pinyin (pypinyin, glossary style)"
    return "", ""


def _reviewed(hint: NameHint, reviewed: str, named: name_dictionary.DictionaryName | None) -> str:
    """Return how reviewed English writes a name: the dictionary's form if it uses it, its pinyin for a
    Chinese person or place, else the capitalised words that sound like it."""
    if named is not None and re.search(rf"\b{re.escape(named.en)}\b", reviewed):
        return named.en
    if hint.tag.startswith("nt"):
        return ""  # an organisation is translated: its English cannot be found by sound
    if hint.kind == "chinese":
        return pinyin_written(hint.zh, reviewed, hint.tag)
    return rendering_of(hint.zh, hint.kind, reviewed)


def _institutions(segment: Segment) -> list[NameHint]:
    """Return the institutions named by a place and a generic head the tagger took for a name
    (常德市 + 外事办公室 -> 常德市外事办公室), as hints of organisations; a generic head alone is no name."""
    found = []
    for name in segment.names:
        if not (name.zh.endswith(HEADS) and name_dictionary.ordinary(name.zh)):
            continue
        places = [term.start for term in segment.terms if term.end == name.start and term.kind in PLACE_KINDS]
        places += [place.start for place in segment.names
                   if place.start + len(place.zh) == name.start and place.tag.startswith("ns")]
        if places:
            found.append(NameHint(segment.zh[min(places):name.start + len(name.zh)], "", "nt", "chinese"))
    return found


@dataclass
class _Seen:
    hint: NameHint
    count: int
    context: str
    en: str = ""
    english_from: str = ""


RANK = ("the release's", "the reviewed", "CC-CEDICT", "pinyin")


def _better(new: str, old: str) -> bool:
    """Return whether English from source `new` outranks English from source `old`."""
    rank = {prefix: index for index, prefix in enumerate(RANK)}
    def position(source: str) -> int:
        return next((rank[prefix] for prefix in RANK if source.startswith(prefix)), len(RANK))
    return position(new) < position(old)


def suggest_releases(releases: list[Release], glossary: Glossary | None = None,
                     english: dict[str, str] | None = None, memory=None) -> list[Suggestion]:
    """Return the uncovered whole names of `releases` (as read), most frequent first; `english` maps a
    release's path to its reviewed English (a reference or a checked draft), `memory` gives reviewed
    English by sentence (Memory.exact)."""
    ctx = Context(config=Config(quiet=True), glossary=glossary or Glossary([]))
    seen: dict[str, _Seen] = {}
    for release in releases:
        prepared = run(release, ctx, stop_after="names")
        for segment in prepared.segments:
            reviewed, where = _reviewed_text(segment, str(release.path), english or {}, memory)
            for hint in (*segment.hints, *_institutions(segment)):
                _count(seen, hint, segment, reviewed, where, f"{release.path}: {segment.zh}")
    return _whole_only(seen)


def _reviewed_text(segment: Segment, name: str, english: dict[str, str], memory) -> tuple[str, str]:
    """Return the reviewed English for a segment (the memory's unit for its sentence, else the release's
    whole English text) and what it is."""
    if memory is not None:
        unit = memory.exact(segment.zh, origins=("reviewed",))
        if unit is not None:
            return unit.en, "translation memory"
    return english.get(name, ""), f"--english for {Path(name).name}" if english.get(name) else ""


def _count(seen: dict[str, _Seen], hint: NameHint, segment: Segment, reviewed: str, where: str, context: str) -> None:
    en, source = _english(hint, reviewed, where)
    times = max(1, segment.zh.count(hint.zh))
    known = seen.get(hint.zh)
    if known is None:
        seen[hint.zh] = _Seen(hint, times, context, en, source)
        return
    known.count += times
    if en and (not known.en or _better(source, known.english_from)):
        known.en, known.english_from = en, source


def _whole_only(seen: dict[str, _Seen]) -> list[Suggestion]:
    """Return the suggestions, leaving out a name that is only ever part of a longer one (博尔市 of 马里博尔市)."""
    suggestions = []
    for zh, item in seen.items():
        longer = [other for other in seen if zh in other and other != zh]
        if longer and item.count <= sum(seen[other].count for other in longer):
            continue
        named = name_dictionary.lookup(zh)
        suggestions.append(Suggestion(zh, item.hint.tag, item.count, item.context, item.en, item.hint.kind,
                                      item.english_from or NEEDS_ENGLISH,
                                      _dictionary_kind(named) if named is not None else ""))
    return sorted(suggestions, key=lambda s: (-s.count, s.zh))


def _release(name: str, text: str) -> Release:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return Release(path=Path(name), headline=lines[0] if lines else "", paragraphs=tuple(lines[1:]))


def suggest(texts: list[tuple[str, str]], glossary: Glossary | None = None,
            english: dict[str, str] | None = None, memory=None) -> list[Suggestion]:
    """Return the uncovered names of `texts` ((name, text) pairs: first line the headline, then
    paragraphs), most frequent first; `english[name]` is that text's reviewed English."""
    return suggest_releases([_release(name, text) for name, text in texts], glossary, english, memory)


def release_text(path: Path, glossary: Glossary | None = None) -> str:
    """Return a release file's headline and paragraphs, normalised as the pipeline does (simplified)."""
    release = read_release(Path(path))
    protect = (lambda text: [(hit.start, hit.end) for hit in glossary.find(text)]) if glossary else None
    lines = [release.headline, *release.paragraphs]
    mode = detect_mode("".join(lines))
    return "\n".join(normalise_text(line, mode, protect) for line in lines)


def suggest_files(paths: list[Path], glossary: Glossary | None = None,
                  english: list[Path] | None = None, memory=None) -> list[Suggestion]:
    """Return the uncovered names of release files (any format the readers know; Big5/GBK too);
    `english` (one UTF-8 text per release, same order: a reference or a checked draft) and `memory`
    give the reviewed English names are written with."""
    releases = [replace(read_release(Path(path)), path=Path(path)) for path in paths]
    drafts = {str(path): Path(en).read_text(encoding="utf-8") for path, en in zip(paths, english or [], strict=False)}
    return suggest_releases(releases, glossary, drafts, memory)


def as_tsv(suggestions, header: bool = True) -> str:
    """Return the suggestions as glossary TSV rows (status proposed), ready to paste into a file."""
    lines = ["\t".join(COLUMNS)] if header else []
    lines += [s.line() for s in suggestions]
    return "\n".join(lines) + "\n"
