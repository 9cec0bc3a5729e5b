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
from dataclasses import dataclass, replace
from pathlib import Path

from ..config import Config
from ..context import Context
from ..formats import read_release
from ..glossary import COLUMNS, Glossary
from ..glossary.proposals import Proposal
from ..model import NameHint, Release, Segment
from ..runner import run  # the stages: a term and a name are found once, as `press translate` finds them
from ..stages.names import release_officials
from ..stages.normalise import detect_mode, normalise_text
from ..stages.terms import PLACE_KINDS
from . import candidates, officials
from . import dictionary as name_dictionary
from . import kinds as name_kinds
from .english import organisation_rendering, rendering_of
from .regional import vietnamese_rendering
from .romanise import KIND_LABELS, PLACE_SUFFIXES, autonomous, pinyin_written, romanise, syllables

KIND_BY_SUFFIX = (("省", "province"), ("自治区", "province"), ("市", "city"), ("县", "county"), ("州", "prefecture"),
                  ("区", "county"), ("局", "office"), ("办", "office"), ("厅", "office"), ("处", "office"),
                  ("办公室", "office"), ("委", "party-body"), ("大会", "event"), ("博览会", "event"), ("论坛", "event"),
                  ("节", "event"), ("大学", "organisation"), ("银行", "organisation"), ("公司", "organisation"),
                  ("中心", "organisation"), ("集团", "organisation"), ("党", "organisation"), ("共和国", "country"),
                  ("联邦", "country"), ("王国", "country"))
# the heads of institution names: an ordinary word ending so is a name when a place comes before it
HEADS = ("办公室", "博物馆", "美术馆", "图书馆", "银行", "大学", "学院", "医院", "委员会", "协会", "研究院", "研究所",
         "中心", "公司", "集团", "剧院", "外事办", "商会", "基金会")
NEEDS_ENGLISH = "needs an English name"
TRANSLITERATION_ODDS = 1.0  # names.kinds.foreign_odds of a transliteration proposed without English
OFFICIAL_ENGLISH = ("the release's", "CC-CEDICT")  # sources an official's proposed English may come from
SHORT_SOUND = 0.9  # how like its reviewed English a two-character transliteration must sound (鲁德 Rudy, not 新欧 Sharing)


@dataclass(frozen=True)
class Suggestion:
    """A name no glossary entry covers: its English (or none), where that came from, and where it was seen."""

    zh: str
    tag: str  # jieba's: ns place, nt organisation, nr/nrfg/nrt person (nz: found by the dictionary or brackets)
    count: int
    context: str  # evidence: "file: the first sentence it is in"
    en: str  # "" when no source gives one: the maintainer must supply it
    name_kind: str = "chinese"  # chinese | japanese | korean | vietnamese | foreign (names.classify)
    english_from: str = ""  # the release's brackets | the reviewed English (…) | CC-CEDICT (CC BY-SA 4.0) '…' | pinyin …
    what: str = ""  # the glossary kind when something better than the tag and suffix tells (CC-CEDICT)
    title: str = ""  # a foreign official's: the title before the name as written (澳大利亚驻成都总领事)
    country: str = ""  # … and the foreign country or place it names (澳大利亚)

    @property
    def kind(self) -> str:
        """Return the glossary kind: from the last characters (市 city), else what the dictionary says
        (a person, a city), else from the tag."""
        by_suffix = next((kind for suffix, kind in sorted(KIND_BY_SUFFIX, key=lambda item: -len(item[0]))
                          if self.zh.endswith(suffix)), "")
        if self.name_kind != "chinese" and self.zh.endswith("州") and self.what:
            return self.what  # 维多利亚州: a state
        return by_suffix or self.what or guess_kind(self.zh, self.tag)

    def cells(self) -> tuple[str, ...]:
        """Return the glossary row (COLUMNS order) proposing this name; a foreign official's (issue 33) as a
        `person` row with its title and country as evidence, and English only from the release's brackets or
        the dictionary (else the name the embassy uses, which a maintainer enters)."""
        if self.name_kind == officials.KIND:
            evidence = "foreign official" + (f": {self.title}" if self.title else ", after a foreign title") \
                + (f", country {self.country}" if self.country else "")
            if self.en and self.english_from.startswith(OFFICIAL_ENGLISH):
                return (self.zh, self.en, "person", "", "", "proposed", f"suggested by press glossary suggest "
                        f"({evidence}; English from {self.english_from}); verify before approving",
                        f"seen {self.count}x; {self.context}")
            found = f"; the English text has “{self.en}” (verify)" if self.en else ""
            source = f"suggested by press glossary suggest ({evidence}); enter the name the embassy uses before approving"
            return (self.zh, "", "person", "", "", "proposed", source, f"seen {self.count}x; {self.context}{found}")
        label = "Chinese name" if self.name_kind == "chinese" else KIND_LABELS.get(self.name_kind, "name")
        source = f"suggested by press glossary suggest ({label}; English from {self.english_from}); verify " \
                 "before approving"
        note = f"seen {self.count}x; {self.context}"
        return (self.zh, self.en, self.kind, "", "", "proposed", source, note)

    def line(self) -> str:
        """Return the TSV line: a row, or a comment line for a name that needs an English name first."""
        if self.en or self.name_kind == officials.KIND:
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
    gloss = re.sub(r"\b(?:county|prefecture)[ -]level city", "city", named.gloss.lower())
    found = [(match.start(), kind) for word, kind in GLOSS_KINDS for match in re.finditer(rf"\b{word}\b", gloss)]
    if found:
        return min(found)[1]  # the first that the gloss says: "Pingchang county in Panzhihua" is a county
    if named.what == "place" and named.kind != "chinese" and re.match(r"^[^,(]+, [A-Z]", named.gloss):
        return "city"  # "Manchester, England", "Da Nang, Vietnam": a place and its country
    return "region" if named.what == "place" else ""


def _english(hint: NameHint, reviewed: str, where: str) -> tuple[str, str]:
    """Return (English, where it came from) for a hinted name, by rank: the release's brackets, the
    reviewed English of its sentence or release, CC-CEDICT's name, pinyin for a Chinese person or place."""
    if hint.source == "release":
        return hint.en, "the release's own spelling in brackets"
    if hint.source == candidates.REVIEWED:
        return hint.en, f"the reviewed English ({where})"
    named = name_dictionary.lookup(hint.zh)
    chinese = hint.kind == "chinese" and hint.tag.startswith(("nr", "ns")) and not hint.source
    official = hint.kind == officials.KIND and named is not None  # the dictionary's, not a reviewer's spelling
    if reviewed and not chinese and not official:
        found = _reviewed(hint, reviewed, named)
        if found:
            return _place_styled(hint, found), f"the reviewed English ({where})"
    if named is not None and (hint.source == "dictionary" or hint.tag.startswith("nt") or hint.kind != "chinese"):
        return _place_styled(hint, named.en), f"CC-CEDICT (CC BY-SA 4.0) '{named.gloss[:60]}'"
    if chinese:  # in the glossary's style (Han Changfu, Chengguan District); the reviewed English's reading first
        # 卡若区, 如皋 tagged as persons are places
        tag = "ns" if hint.zh.endswith(PLACE_ENDS) or name_kinds.listed(hint.zh) == "chinese" else hint.tag
        written = pinyin_written(hint.zh, reviewed, tag) if reviewed else ""
        styled = romanise(hint.zh, tag)
        if written and _letters(written) != _letters(styled):  # 韩长赋 Han Changfu: a reading pypinyin gets wrong
            return _styled(hint.zh, written), f"the reviewed English ({where}), in the glossary's style"
        return styled, "pinyin in the glossary's style" + (f", as the reviewed English reads it ({where})"
                                                          if written else " (pypinyin)")
    return "", ""


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", name_kinds.fold(text).replace("v", "u"))  # Lüping = Lvping = Lu'ping


def _place_styled(hint: NameHint, en: str) -> str:
    """Return the English of a Chinese place with the English of its 县/区 (乃东区 Naidong -> Naidong District)."""
    chinese_place = hint.kind == "chinese" and (hint.tag.startswith("ns") or hint.zh.endswith(PLACE_ENDS))
    return _styled(hint.zh, en) if chinese_place else en


def _styled(zh: str, written: str) -> str:
    """Return a Chinese name as reviewed English writes it, with the English of its 县/区/省 the glossary
    writes (城关区 "Chengguan" -> "Chengguan District", 秀山土家族苗族自治县 "Xiushan" -> "Xiushan Tujia and Miao
    Autonomous County")."""
    division = autonomous(zh)
    if division and written.split()[-1] not in GENERIC_PLACE_WORDS:
        return f"{written} {division[1]} {division[2]}"
    for suffix, english in PLACE_SUFFIXES.items():
        if english and zh.endswith(suffix) and len(zh) > 2 and not written.endswith(english) \
                and written.split()[-1] not in GENERIC_PLACE_WORDS:
            return f"{written} {english}"
    return written


def _reviewed(hint: NameHint, reviewed: str, named: name_dictionary.DictionaryName | None) -> str:
    """Return how reviewed English writes a name that is no Chinese person or place: the dictionary's form
    if it uses it, else the capitalised words that sound like it."""
    if named is not None and re.search(rf"\b{re.escape(named.en)}\b", reviewed):
        return named.en
    if hint.tag.startswith("nt"):  # an organisation is translated: its English is found by its words' glosses
        found = organisation_rendering(hint.zh, reviewed)
        # a part of the dictionary's name (Democratic of Democratic Party) is no better than the name
        return "" if named is not None and found and found.lower() in named.en.lower() else found
    if hint.kind == "vietnamese":  # 阮富仲: Nguyen Phu Trong, the surname's English and one word a character
        return vietnamese_rendering(hint.zh, reviewed, syllables) or rendering_of(hint.zh, hint.kind, reviewed)
    return rendering_of(hint.zh, hint.kind, reviewed)


def _institutions(segment: Segment) -> list[NameHint]:
    """Return the institutions named by a place or an organisation and a generic institution the tagger took
    for a name (常德市 + 外事办公室 -> 常德市外事办公室, 越南共产党 + 中央委员会), as hints of organisations; a generic
    head alone is no name."""
    found = []
    for name in segment.names:
        if not (name.zh.endswith(HEADS + INSTITUTION_ENDS) and candidates.generic_institution(name.zh)):
            continue
        places = [term.start for term in segment.terms
                  if term.end == name.start and term.kind in PLACE_KINDS + ORGANISATION_KINDS]
        places += [place.start for place in segment.names
                   if place.start + len(place.zh) == name.start and place.tag.startswith(("ns", "nt"))]
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
    role: str = ""  # the glossary kind the words around the first occurrence say (a title before: person)


GLOSS_KINDS = (("county", "county"), ("district", "county"), ("city", "city"), ("capital", "city"), ("port", "city"),
               ("town", "city"), ("province", "province"), ("state", "region"), ("prefecture", "prefecture"),
               ("palace", "region"), ("company", "organisation"), ("corporation", "organisation"))
# what the words after a name say it is: 里瓦斯市长 (a city's mayor), 总理拉苏尔佐达 (a premier)
AFTER_PLACE = (("市长", "city"), ("市委", "city"), ("市政府", "city"), ("警察局", "city"), ("市议会", "city"),
               ("州长", "region"))
TITLES = ("总统", "总理", "首相", "市长", "州长", "外长", "部长", "主席", "大使", "议员", "球员", "法官", "局长", "国王",
          "女王", "教练", "领导人", "书记", "副市长", "代表", "记者")
RANK = ("the release's", "the reviewed", "CC-CEDICT", "pinyin")  # where the English came from, best first


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
    titled: dict[str, officials.Official] = {}  # each foreign official's first mention after a title
    for release in releases:
        prepared = run(release, ctx, stop_after="names")
        for zh, official in release_officials(prepared).items():
            titled.setdefault(zh, official)
        for segment in prepared.segments:
            reviewed, where = _reviewed_text(segment, str(release.path), english or {}, memory)
            firms = candidates.joined_by_ampersand(
                segment, {hint.zh: _english(hint, reviewed, where)[0] for hint in segment.hints}, reviewed)
            for hint in (*segment.hints, *_institutions(segment), *firms):
                _count(seen, hint, segment, reviewed, where, f"{release.path}: {segment.zh}")
    return _whole_only(seen, titled)


def _reviewed_text(segment: Segment, name: str, english: dict[str, str], memory) -> tuple[str, str]:
    """Return the reviewed English for a segment (the memory's unit for its sentence, else the release's
    whole English text) and what it is."""
    if memory is not None:
        unit = memory.exact(segment.zh, origins=("reviewed",))
        if unit is not None:
            return unit.en, "translation memory"
    return english.get(name, ""), f"--english for {Path(name).name}" if english.get(name) else ""


GENERIC_PLACE_WORDS = frozenset(("County", "District", "City", "Province", "Town", "Township", "Village", "Region"))
PLACE_ENDS = ("特别行政区", "自治区", "自治州", "自治县", "省", "市", "县", "区", "州", "镇", "乡", "村", "岛", "湾")
INSTITUTION_ENDS = ("部", "委", "局", "办", "厅", "院", "会", "社", "党", "司", "署", "处", "行", "所", "校", "馆", "中心",
                    "公司", "集团", "大学", "政府", "联", "中央", "台", "报", "网", "组", "团", "队")
INSIDE_WORDS = frozenset("和与及之的做在对把被了")  # 党和政府, 国与国, 做中美: a phrase, not a name
ORGANISATION_KINDS = ("organisation", "party-body", "government-body", "office", "congress-body")


def _a_name(hint: NameHint, en: str, source: str) -> bool:
    """Return whether a hinted name is one a maintainer could list: a person or place CC-CEDICT knows, no
    phrase (党和政府), an organisation ending as institutions do (…部, …委员会; not 全党全国, 中美关系), a
    Chinese place a list knows or with its 市/县/区 after a name (沈北新区, not 新区, 江河, 中美), a
    two-character transliteration only with an English (not 缅中, 新欧), a longer one with no English only
    if it reads as a transliteration."""
    zh = hint.zh
    named = name_dictionary.lookup(zh)
    if hint.source == "release" or (named is not None and named.what in ("person", "place")):
        return True
    if " & " in en:
        return True  # a firm the reviewed English names "X & Y" (西蒙与舒斯特: Simon & Schuster)
    if any(char in INSIDE_WORDS for char in zh):
        return False
    if hint.tag.startswith("nt"):
        return zh.endswith(INSTITUTION_ENDS) or named is not None
    if hint.kind == "chinese" and hint.tag.startswith("ns"):
        core = next((zh[: -len(end)] for end in PLACE_ENDS if zh.endswith(end)), "")
        return name_kinds.listed(zh) is not None or len(core) >= 2 or zh.endswith(candidates.BUILDINGS)
    if hint.kind != "chinese" and len(zh) == 2:
        return bool(en) and (not source.startswith("the reviewed") or name_kinds.sound_similarity(
            syllables(zh), en) >= SHORT_SOUND)
    # a transliteration with no English anywhere must read as one (费斯特拉维奇 2.1, not 从严治党 -1.0)
    return hint.kind != "foreign" or bool(en) or name_kinds.foreign_odds(zh) >= TRANSLITERATION_ODDS


def _count(seen: dict[str, _Seen], hint: NameHint, segment: Segment, reviewed: str, where: str, context: str) -> None:
    role = _role(segment.zh, hint.zh)
    written = candidates.as_written_here(hint, role)
    if written is None:
        return
    hint = written
    en, source = _english(hint, reviewed, where)
    if not _a_name(hint, en, source) or candidates.piece_after_place(hint, segment) \
            or candidates.unattested(hint, source, reviewed, role) \
            or candidates.short_division(hint, _dictionary_kind(name_dictionary.lookup(hint.zh)), reviewed) \
            or candidates.bare_institution(hint, source, reviewed):
        return
    times = max(1, segment.zh.count(hint.zh))
    known = seen.get(hint.zh)
    if known is None:
        seen[hint.zh] = _Seen(hint, times, context, en, source, role)
        return
    known.count += times
    if en and (not known.en or _better(source, known.english_from)):
        known.en, known.english_from = en, source


def _role(zh: str, name: str) -> str:
    """Return the glossary kind the words around a name in a sentence say: a place before 市长/州长, a
    person after a title (总统, 市长 …), else ""."""
    start = zh.find(name)
    after, before = zh[start + len(name):start + len(name) + 3], zh[max(0, start - 3):start]
    place = next((kind for word, kind in AFTER_PLACE if after.startswith(word)), "")
    return place or ("person" if before.endswith(TITLES) else "")


def _whole_only(seen: dict[str, _Seen], titled: dict[str, officials.Official]) -> list[Suggestion]:
    """Return the suggestions, leaving out a name that is only ever part of a longer one (博尔市 of 马里博尔市),
    but not a name before a generic institution (越南共产党 of 越南共产党中央委员会: a party of its own);
    a foreign official's with the title and country of `titled`."""
    suggestions = []
    for zh, item in seen.items():
        longer = [other for other in seen if zh in other and other != zh
                  and not candidates.named_before_institution(zh, other, HEADS + INSTITUTION_ENDS)]
        if longer and item.count <= sum(seen[other].count for other in longer):
            continue
        named = name_dictionary.lookup(zh)
        what = item.role or (_dictionary_kind(named) if named is not None else "")
        if not what and item.hint.kind != "chinese" and zh.endswith("州"):
            what = "region"  # a foreign state (维多利亚州), not a Chinese prefecture
        official = titled.get(zh) if item.hint.kind == officials.KIND else None
        suggestions.append(Suggestion(zh, item.hint.tag, item.count, item.context, item.en, item.hint.kind,
                                      item.english_from or NEEDS_ENGLISH, what,
                                      official.title if official else "", official.country if official else ""))
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


def proposals_of(path: Path, name: str, glossary: Glossary, english: str = "") -> list[Proposal]:
    """Return the uncovered names of one release file as glossary proposals for the workspace's proposals
    page, each with its evidence (the sentence, where its English came from) and kind; `name` labels the
    release, `english` (its draft) is the English names are looked for in."""
    release = replace(read_release(Path(path)), path=Path(name))
    found = suggest_releases([release], glossary, {name: english} if english else None)
    return [Proposal(s.zh, s.en, s.kind, s.cells()[6], s.context, s.count, name) for s in found]
