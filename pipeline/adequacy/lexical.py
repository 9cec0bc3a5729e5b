"""Lexical coverage: which clauses of the Chinese an English text renders, and which English sentences
nothing in the Chinese licenses — from glossary terms, figures, dates, names and CC-CEDICT glosses.

Works on any English (an engine's draft, a reviewer's): no model. Each clause is cut into units — a
glossary term, a figure, a date, a name, a dictionary word of two or more characters (jieba's words, joined
where the dictionary lists the run; a word said twice in a row once; not a word whose first gloss is grammar,
glosses.grammatical) — and a unit is rendered when the English has its glossary rendering,
its figure or date, its name (pinyin, surname, the dictionary's English, a demonym, or for a foreign name a
span that sounds like it), or a word sharing a lemma (or a 5-letter stem) with one of its glosses, each
English word rendering one Chinese word at most (that word again where the Chinese repeats it). Units weigh
WEIGHTS; a clause is missing when at least MIN_UNRENDERED of its weight is not rendered and at most
MISSING_SHARE is, while the rest of the sentence (its other undoubted clauses) is rendered at least
CONTEXT_SHARE (in a loose paraphrase every clause looks missing); or when its names are kept but its
MIN_WORDS_LOST+ words are not; or when NAMES_LOST weight of its names, terms, figures and dates is not
rendered and at most NAMES_SHARE of it is; or when it opens with a coverb (向, 为, 对 …) and keeps its names but
not the ACTION_WORDS+ words after them, a verb among them (action_lost). An English sentence with at least MIN_WORDS content words of which
at least ADDED_SHARE match nothing the Chinese glosses is added.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .. import dictionary
from ..figures import dates, numbers
from ..model import TaggedName, TermHit
from ..names import english as name_english
from ..names import kinds as name_kinds
from ..names import romanise
from . import clauses, english, glosses

# tuned on benchmarks/data/adequacy/tune.tsv (docs/decisions/adequacy-lexical.md)
WEIGHTS = {"term": 2.0, "name": 2.0, "figure": 2.0, "date": 2.0, "word": 1.0, "foreign": 1.0}
MIN_UNRENDERED = 3.0  # a clause is missing when this much of its weight is not rendered ...
MISSING_SHARE = 0.15  # ... and at most this share of it is ...
CONTEXT_SHARE = 0.2  # ... while the rest of the sentence is rendered at least this much (not a loose paraphrase)
MIN_WORDS_LOST = 5  # ... or when this many of its dictionary words, at most MISSING_SHARE of them rendered,
# stand beside names the English has: the names kept, what the clause says of them lost
NAMES_LOST = 4.0  # ... or when this much weight of its names, terms, figures and dates is not rendered ...
NAMES_SHARE = 0.3  # ... and at most this share of the clause is
MIN_WORDS = 5
ADDED_SHARE = 0.65
ACTION_WORDS = 2  # ... or when a coverb's clause keeps its names but loses this many words after them (action_lost)
# coverbs: a clause opening with one says what is done to, for, with or at someone (向 X 捐赠 'donate to X')
COVERBS = frozenset("向 为 对 给 与 同 跟 和 替 朝 把 将 在 从".split())
LEADERS = frozenset("并 还 也 又 再 均 都 同时 并且 而 更".split())  # words before a coverb: 并与韩国富川市
GLOSS_WORDS = 8  # words of a clause's gloss shown to the reviewer
_HAN = re.compile(r"[\u4e00-\u9fff]")
_OPEN = re.compile(r"\[([\u3400-\u9fff·]+)\]")  # a name kept open: the Chinese in brackets


@dataclass(frozen=True)
class Unit:
    """A piece of a clause the English should render: its Chinese, kind and whether it is rendered."""

    zh: str
    kind: str  # term | figure | date | name | word | foreign (a name jieba tagged that is not Chinese)
    gloss: str  # its English as the glossary, figures or dictionary give it
    rendered: bool
    keys: frozenset[str] = field(default=frozenset(), compare=False)  # a dictionary word's gloss keys
    verb: bool = field(default=False, compare=False)  # a dictionary word whose first gloss is a verb ("to donate")


@dataclass(frozen=True)
class ClauseCoverage:
    """A clause and its units; `missing` when too few of them are rendered."""

    clause: clauses.Clause
    units: tuple[Unit, ...]
    opener: str = ""  # its first word (after 并, 还, 也 …): a coverb (向, 为, 对 …) opens a predicate of its own

    @property
    def weight(self) -> float:
        return sum(WEIGHTS[unit.kind] for unit in self.units)

    @property
    def rendered(self) -> float:
        """Return the share of the clause's weight the English renders (1.0 for a clause with no units)."""
        total = self.weight
        return sum(WEIGHTS[unit.kind] for unit in self.units if unit.rendered) / total if total else 1.0

    @property
    def unrendered(self) -> bool:
        """Whether the clause, judged alone, is not in the English."""
        return self.weight * (1 - self.rendered) >= MIN_UNRENDERED and self.rendered <= MISSING_SHARE

    @property
    def words_lost(self) -> bool:
        """Whether the clause's names are in the English but its many words are not."""
        words = [unit for unit in self.units if unit.kind == "word"]
        return (MIN_WORDS_LOST <= len(words) < len(self.units)
                and sum(unit.rendered for unit in words) <= MISSING_SHARE * len(words))

    @property
    def action_lost(self) -> bool:
        """Whether a coverb's predicate (向斯里兰卡阿努拉达普拉市捐赠医疗物资 'donate medical supplies to
        Anuradhapura') keeps its names in the English but loses its verb and object: the clause opens with a
        coverb, and its ACTION_WORDS+ dictionary words after the last name, a verb among them, are not rendered."""
        named = [index for index, unit in enumerate(self.units) if unit.kind != "word"]
        if self.opener not in COVERBS or not named:
            return False
        after = self.units[named[-1] + 1:]
        return (len(after) >= ACTION_WORDS and not any(unit.rendered for unit in after)
                and any(unit.verb for unit in after) and all(self.units[index].rendered for index in named))

    @property
    def names_lost(self) -> bool:
        """Whether the clause's names, terms, figures and dates are mostly not in the English."""
        lost = sum(WEIGHTS[unit.kind] for unit in self.units if unit.kind not in ("word", "foreign") and not unit.rendered)
        return lost >= NAMES_LOST and self.rendered <= NAMES_SHARE

    @property
    def gloss(self) -> str:
        """Return the clause in English words, unit by unit ("Sri Lanka … donate medical treatment supplies")."""
        text = " ".join(unit.gloss for unit in self.units if unit.gloss)
        return " ".join(text.split()[:GLOSS_WORDS]) + (" …" if len(text.split()) > GLOSS_WORDS else "")


@dataclass(frozen=True)
class SentenceCoverage:
    """An English sentence, its content words and those nothing in the Chinese licenses."""

    text: str
    content: tuple[str, ...]
    free: tuple[str, ...]

    @property
    def added(self) -> bool:
        return len(self.content) >= MIN_WORDS and len(self.free) >= ADDED_SHARE * len(self.content)


@dataclass(frozen=True)
class Coverage:
    """What lexical coverage found for one (Chinese, English) pair."""

    clauses: tuple[ClauseCoverage, ...]
    sentences: tuple[SentenceCoverage, ...]  # () when the English is one sentence

    @property
    def missing(self) -> tuple[ClauseCoverage, ...]:
        """Return the clauses not in the English while the rest of the sentence is."""
        # the rest of the sentence a clause is judged beside: the clauses not themselves doubted
        context = [clause for clause in self.clauses if clause.rendered > MISSING_SHARE]
        total = sum(clause.weight for clause in context)
        rendered = sum(clause.weight * clause.rendered for clause in context)
        found = []
        for clause in self.clauses:
            mine = clause in context
            rest = total - clause.weight * mine
            share = (rendered - clause.weight * clause.rendered * mine) / rest if rest else 1.0
            if (clause.unrendered and share >= CONTEXT_SHARE) or clause.words_lost or clause.names_lost \
                    or clause.action_lost:
                found.append(clause)
        return tuple(found)

    @property
    def rendered(self) -> float:
        """Return the share of the sentence's weight the English renders (1.0 when nothing is judged)."""
        total = sum(clause.weight for clause in self.clauses)
        return sum(clause.weight * clause.rendered for clause in self.clauses) / total if total else 1.0

    @property
    def added(self) -> tuple[str, ...]:
        """Return the English sentences nothing in the Chinese licenses."""
        return tuple(sentence.text for sentence in self.sentences if sentence.added)


def _word_units(text: str, start: int, en_keys: set[str], en: str, cedict) -> list[tuple[int, int, Unit]]:
    """Return units for the dictionary words of one jieba word (itself when listed, else its sub-words)."""
    matches = [(start, start + len(text), text)] if text in cedict else \
        [(start + m.start, start + m.end, m.word) for m in cedict.matches(text) if len(m.word) >= 2]
    units = []
    for left, right, word in matches:
        if len(_HAN.findall(word)) < 2 or word in glosses.CHINESE_FUNCTION:
            continue
        senses = cedict.senses(word)
        own = glosses.of((sense for sense in senses if not sense.is_name), cedict)
        names = [sense.name for sense in senses if sense.is_name and sense.name]
        names += [plain for sense in senses if sense.is_name for gloss in sense.glosses[1:]
                  if 0 < len((plain := dictionary.content_gloss(gloss)).split()) <= 3]
        if not names and glosses.grammatical(own):  # 在于 'to be in', 非常 'very': grammar
            continue
        first, words = glosses.shown_and_words(own)
        keys = glosses.keys(words)
        left_in_chinese = word in en  # words the English leaves in Chinese are no_untranslated_han's to report
        said = any(_says(name, en, en_keys) for name in names) or bool(names and romanise.pinyin_written(word, en, "ns"))
        if names and not keys:
            units.append((left, right, Unit(word, "name", names[0], said or left_in_chinese)))
        elif keys:  # a word that is also a name (国会 parliament; Parliament) is a word either renders
            units.append((left, right, Unit(word, "word", first, bool(keys & en_keys) or said or left_in_chinese,
                                            frozenset(keys), glosses.verb(own))))
    return units


def _says(name: str, en: str, en_keys: set[str]) -> bool:
    """Return whether the English writes every content word of a name (any case, accents, plural: Democratic
    Party in "democratic parties", Kōbe in "Kobe") or its demonym (China in "Chinese")."""
    folded = name_kinds.fold(en)
    wanted = english.content_words(name) or name.split()
    said = [bool(re.search(rf"\b{re.escape(name_kinds.fold(word))}", folded) or english.keys(word.lower()) & en_keys
                 or any(name_kinds.names_place(other, word) for other in _capitalised(en))) for word in wanted]
    return sum(said) >= len(said) - (len(said) >= 3)  # a long name may lose a word (Belt and Road [Initiative])


def _capitalised(en: str) -> list[str]:
    return re.findall(r"\b[A-Z][a-z]+", en)


def _term_rendered(term: TermHit, en: str, en_keys: set[str]) -> bool:
    wanted = [word for word in english.content_words(term.en)]
    if not wanted:
        return True
    found = sum(bool(english.keys(word) & en_keys) for word in wanted)
    return found * 2 >= len(wanted)


def _units(zh: str, en: str, terms: tuple[TermHit, ...], words: tuple[str, ...], names: tuple[TaggedName, ...],
           release_date: str | None) -> list[tuple[int, int, Unit]]:
    """Return (start, end, unit) for every unit of the sentence, in no particular order."""
    cedict = dictionary.load()
    en_keys = english.vocabulary(en)
    units: list[tuple[int, int, Unit]] = []
    for opened in set(_OPEN.findall(en)):  # a name kept open as its Chinese ([石立德], issue 33) is in the English
        units += [(at.start(), at.end(), Unit(opened, "name", opened, True)) for at in re.finditer(re.escape(opened), zh)]
    for term in terms:
        if term.en:
            units.append((term.start, term.end, Unit(term.zh, "term", term.en, _term_rendered(term, en, en_keys))))
    missing = {quantity.span for quantity in numbers.missing_quantities(zh, en)}
    for quantity in numbers.parse_zh(zh):
        units.append((*quantity.span, Unit(quantity.text, "figure", numbers.render(quantity), quantity.span not in missing)))
    for mention in dates.parse_dates(zh, release_date):
        units.append((*mention.span, Unit(mention.text, "date", dates.render(mention), dates.found_in(en, mention))))
    taken = {position for start, end, _ in units for position in range(start, end)}
    for name in names:
        end = name.start + len(name.zh)
        if not taken & set(range(name.start, end)) and name.tag.startswith("nr"):
            units.append((name.start, end, _person(zh, name, en)))
            taken |= set(range(name.start, end))
    for run in _joined(_offsets(zh, words), cedict):
        start, word = run[0][0], "".join(part for _, part in run)
        doubled = zh[start - len(word):start] == word  # 学习学习 'study a bit': one unit
        if doubled or taken & set(range(start, start + len(word))):
            continue
        found = _word_units(word, start, en_keys, en, cedict)
        units.extend(found if found or len(run) == 1 else
                     [unit for at, part in run for unit in _word_units(part, at, en_keys, en, cedict)])
    return units


def _person(zh: str, name: TaggedName, en: str) -> Unit:
    """Return the unit of a person's name jieba tagged: a Chinese name is rendered by its pinyin (or its
    surname alone: "Han noted"); any other by a capitalised span that sounds like it (穆里尼奥 Mourinho),
    and is a weaker unit, "foreign" (jieba's foreign names are often no names: 本赛季)."""
    kind = romanise.kind_in(zh, name.zh, name.tag, name.start)
    if kind != "chinese":
        rendered = bool(romanise.pinyin_written(name.zh, en, name.tag) or name_english.rendering_of(name.zh, kind, en))
        return Unit(name.zh, "foreign", romanise.romanise(name.zh, name.tag), rendered)
    surname = 2 if name.zh[:2] in romanise.COMPOUND_SURNAMES else 1
    rendered = bool(romanise.pinyin_written(name.zh, en, name.tag) or romanise.pinyin_written(name.zh, en, "ns")) or (
        len(name.zh) > surname and bool(romanise.pinyin_written(name.zh[:surname], en, name.tag)))
    return Unit(name.zh, "name", romanise.romanise(name.zh, name.tag), rendered)


def _joined(offsets: list[tuple[int, str]], cedict, most: int = 4) -> list[list[tuple[int, str]]]:
    """Return the words in runs: up to `most` adjacent words the dictionary lists as one word make one run
    (一带 + 一路 = 一带一路 'Belt and Road Initiative'), longest first; every other word is a run alone."""
    found, index = [], 0
    while index < len(offsets):
        for size in range(min(most, len(offsets) - index), 1, -1):
            run = offsets[index:index + size]
            text = "".join(word for _, word in run)
            if all(a + len(w) == b for (a, w), (b, _) in zip(run, run[1:], strict=False)) and text in cedict:
                found.append(run)
                index += size
                break
        else:
            found.append(offsets[index:index + 1])
            index += 1
    return found


def _offsets(zh: str, words: tuple[str, ...]) -> list[tuple[int, str]]:
    """Return (offset, word) for the words of a sentence, found left to right."""
    found, position = [], 0
    for word in words:
        at = zh.find(word, position)
        if at < 0:
            continue
        found.append((at, word))
        position = at + len(word)
    return found


def licensed_keys(zh: str, terms: tuple[TermHit, ...], words: tuple[str, ...], release_date: str | None) -> set[str]:
    """Return the English keys the Chinese licenses: its terms' renderings, figures, dates, and every
    gloss of its words and of the dictionary words inside them."""
    cedict = dictionary.load()
    texts = [term.en for term in terms]
    texts += [numbers.render(quantity) for quantity in numbers.parse_zh(zh)]
    texts += [dates.render(mention) for mention in dates.parse_dates(zh, release_date)]
    keys = glosses.keys(word for text in texts for word in english.content_words(text))
    seen = set(words) | {match.word for word in words for match in cedict.matches(word)}
    seen |= {match.word for match in cedict.matches(zh)}
    for word in seen:
        names = [sense.name for sense in cedict.names(word)]
        keys |= glosses.keys(glosses.shown_and_words(glosses.of(cedict.senses(word), cedict))[1] + english.content_words(" ".join(names)))
    return keys


def sentence_coverage(zh: str, en: str, terms: tuple[TermHit, ...] = (), words: tuple[str, ...] = (),
                      release_date: str | None = None) -> tuple[SentenceCoverage, ...]:
    """Return each English sentence with its content words and those the Chinese does not license;
    () for a one-sentence English (one that renders nothing is a non-translation, not an addition)."""
    sentences = english.sentences(en)
    if len(sentences) < 2:
        return ()
    keys = licensed_keys(zh, terms, words, release_date)
    pinyin = romanise.pinyin_words(zh)
    found = []
    for sentence in sentences:
        content = tuple(word for word in english.content_words(sentence) if not word.isdigit())
        free = tuple(word for word in content
                     if not (english.keys(word) & keys) and word.replace("-", "") not in pinyin)
        found.append(SentenceCoverage(sentence, content, free))
    return tuple(found)


def assess(zh: str, en: str, terms: tuple[TermHit, ...] = (), words: tuple[str, ...] = (),
           names: tuple[TaggedName, ...] = (), release_date: str | None = None) -> Coverage:
    """Return the coverage of `zh` by `en`: each clause with its units, and the added English sentences.
    `words` are the sentence's words (segment.words); without them the dictionary's longest matches."""
    words = words or tuple(match.word for match in dictionary.load().matches(zh))
    units = _units(zh, en, terms, words, names, release_date)
    protected = [(start, end) for start, end, unit in units if unit.kind != "word"]
    offsets = _offsets(zh, words)
    found = []
    for clause in clauses.split(zh, protected):
        inside = sorted((item for item in units if clause.start <= item[0] and item[1] <= clause.end),
                        key=lambda item: item[0])
        opener = next((word for at, word in offsets if clause.start <= at < clause.end and word not in LEADERS), "")
        found.append(ClauseCoverage(clause, tuple(unit for _, _, unit in inside), opener))
    return Coverage(exclusive(tuple(found), en), sentence_coverage(zh, en, terms, words, release_date))


def exclusive(found: tuple[ClauseCoverage, ...], en: str) -> tuple[ClauseCoverage, ...]:
    """Return the clauses with each English word rendering one dictionary word at most: a clause that
    only shares a common word ("meeting") with the English, which another clause renders with it, loses
    it. The best-rendered clauses choose first."""
    english_keys = [english.keys(word) for word in english.content_words(en)]
    used: dict[int, str] = {}  # English word -> the Chinese word it renders (repeated, it may render it again)
    result = list(found)
    for index in sorted(range(len(found)), key=lambda i: -found[i].rendered):
        units = []
        for unit in found[index].units:
            if unit.kind == "word" and unit.rendered and unit.zh not in en:
                free = next((i for i, keys in enumerate(english_keys)
                             if used.get(i, unit.zh) == unit.zh and keys & unit.keys), None)
                if free is None:
                    unit = replace(unit, rendered=False)
                else:
                    used[free] = unit.zh
            units.append(unit)
        result[index] = replace(found[index], units=tuple(units))
    return tuple(result)
