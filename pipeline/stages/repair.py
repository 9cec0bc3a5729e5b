"""Mechanical repairs of a draft after the retry: what a rule can put right without guessing.

A figure written with the wrong magnitude or currency (3.5 billion yuan for 3.5亿元), a glossary name
written as a forbidden form or a near-miss spelling (Hanover where the glossary says Hannover), a date
whose month, day or year is wrong or whose part of day is missing next to the right date, a foreign
official's title written without the name ([倪瑞兰] put back after it), an official's pinyin (Bai Yating ->
[白雅婷]) or a bracketed name the source does not have ([Mr. Zhang] -> [石立德]). Each repair replaces text the draft
already has (its anchor) and is recorded; nothing is inserted without one, so a name the draft left out
entirely stays an error for the reviewer.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace

from ..context import Context
from ..figures import dates, numbers
from ..figures.dates import MONTHS, PARTS
from ..model import Release, Segment, TermHit
from ..names import officials
from ..names.checks import bracketed_invented, hint_form, romanised_officials
from ..names.english import with_renderings
from ..names.headline import title_case, titles_first
from .check import rendered, term_used

REQUIRES = ("segments.en", "segments.origin", "segments.terms", "segments.hints", "segments.names", "meta")
ASSIGNS = ("segments.en", "segments.repairs", "segments.notes")

NEAR_MISS = 0.85  # similarity (difflib ratio, case-folded) above which a span is a misspelt name
MAX_POWER = 4  # 3.5 billion for 3.5亿 is a factor 10; further apart is no slip of magnitude
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?(?:\s?-?(?:hundred|thousand|million|billion|trillion))?", re.I)
_WORD = re.compile(r"[\w'’-]+")


@dataclass(frozen=True)
class Repair:
    """One change made to a draft: what was written, what replaced it, and why."""

    before: str
    after: str
    reason: str

    def note(self) -> str:
        return f"repaired: “{self.before}” → “{self.after}” ({self.reason})"


def repair_drafts(release: Release, ctx: Context) -> Release:
    """Stage: return the release with each engine draft mechanically repaired where a rule can (figures,
    glossary spellings, dates, a headline's full stop, title case and titles before names), every repair
    noted, and the English the draft gives each name outside the glossary noted for the reviewer to verify."""
    segments = []
    for segment in release.segments:
        if segment.origin == "engine":
            en, repairs = repair(segment, release)
            segment = with_renderings(replace(segment, en=en, repairs=tuple(fix.note() for fix in repairs)))
        segments.append(segment)
    return replace(release, segments=tuple(segments))


def repair(segment: Segment, release: Release) -> tuple[str, tuple[Repair, ...]]:
    """Return the segment's English with the mechanical repairs made, and the repairs."""
    en, done = segment.en, []
    for fix in (_figures, _terms, _dates, _invented_names, _officials):
        en, found = fix(segment, en, release)
        done.extend(found)
    if segment.paragraph == 0:
        en, styled = house_style(segment, headline_style(en))
        done.extend(styled)
    return en, tuple(done)


def house_style(segment: Segment, en: str) -> tuple[str, list[Repair]]:
    """Return a headline with its titles before names and in title case (names/headline.py cites the rule),
    and the repairs that made it so."""
    repairs = []
    rules = ((lambda text: titles_first(segment, text), "headline house style: title before name"),
             (title_case, "headline house style: title case"))
    for rule, reason in rules:
        styled = rule(en)
        if styled != en:
            repairs.append(Repair(*_changed_words(en, styled), reason))
            en = styled
    return en, repairs


def _changed_words(before: str, after: str) -> tuple[str, str]:
    """Return the run of words from the first to the last that differ (same word count: case, order)."""
    old, new = before.split(), after.split()
    start = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), 0)
    end = next((i for i, (a, b) in enumerate(zip(old[::-1], new[::-1], strict=False)) if a != b), 0)
    return " ".join(old[start:len(old) - end]), " ".join(new[start:len(new) - end])


def headline_style(en: str) -> str:
    """Return a headline as the seed writes it: no final full stop (an abbreviation's stays)."""
    text = en.rstrip()
    if text.endswith(".") and not text.endswith("..") and not re.search(r"\b[A-Z][a-z]{0,3}\.$|\b[A-Z]\.$", text):
        return text[:-1]
    return text


def _figures(segment: Segment, en: str, release: Release) -> tuple[str, list[Repair]]:
    missing = [q for q in numbers.missing_quantities(segment.zh, en)
               if q.unit not in ("year", "decade", "century", "ordinal")]
    if not missing:
        return en, []
    stated = {value for q in numbers.parse_zh(segment.zh) for value in numbers.accepted_values(q)}
    repairs = []
    for quantity in missing:
        candidates = [found for found in numbers.parse_en(en) if found.unit not in ("year", "ordinal") and (
            # a slip of magnitude: 3.5 billion for 3.5亿 (and no other figure of the source is worth that)
            found.value not in stated and _power_apart(found.value, quantity.value)
            and numbers.compatible(quantity.unit, found.unit)
            # the right number in the wrong currency: 8.6 million yuan for 860万美元
            or found.value == quantity.value and quantity.unit and found.unit and found.unit != quantity.unit)]
        if len(candidates) != 1:
            continue  # no anchor, or more than one: a rule cannot tell which is meant
        found = candidates[0]
        start, end = found.span
        right = numbers.render(replace(quantity, approx=""))
        new = right if found.text.endswith(tuple(_unit_words(found))) or not found.unit else \
            _NUMBER.sub(numbers.render_value(quantity.value), found.text, count=1)
        if new == found.text:
            continue
        en = en[:start] + new + en[end:]
        repairs.append(Repair(found.text, new, f"figure {quantity.text} is {right}"))
    return en, repairs


def _officials(segment: Segment, en: str, release: Release) -> tuple[str, list[Repair]]:
    """Put each foreign official the draft names only by title back after it, as [name] (or its English)."""
    hints = {h.zh: h for h in segment.hints if h.kind == officials.KIND
             and officials.placeholder(h.zh) not in en and h.zh not in en and not (h.en and term_used(h.en, en))}
    repairs = []
    for start, end, name in sorted(officials.insertions(segment.zh, en, hints, segment.terms, segment.tokens or None),
                                   key=lambda found: -found[1]):
        written = hints[name].en or officials.placeholder(name)
        repairs.append(Repair(en[start:end], f"{en[start:end]} {written}", f"foreign official {name} after the "
                              "title the draft gives"))
        en = f"{en[:end]} {written}{en[end:]}"
    return en, repairs[::-1]


def _invented_names(segment: Segment, en: str, release: Release) -> tuple[str, list[Repair]]:
    """Put a foreign official back where the draft wrote something else in his name's place: the one bracketed
    name the source does not have ([Mr. Zhang]) when just one name kept open is missing, and an official's
    pinyin written as a name of two words or more, each capitalised (Bai Yating -> [白雅婷])."""
    repairs = []
    invented = list(dict.fromkeys(bracketed_invented(replace(segment, en=en))))
    missing = [name for name in officials.open_names(segment.hints) if officials.placeholder(name) not in en]
    if len(invented) == 1 and len(missing) == 1 and en.count(invented[0]) == 1:
        right = officials.placeholder(missing[0])
        repairs.append(Repair(invented[0], right, f"foreign official {missing[0]}: a bracketed name the source does "
                              "not have"))
        en = en.replace(invented[0], right)
    for name, written in romanised_officials(replace(segment, en=en)):
        parts = re.split(r"[\s'’-]+", written)
        if len(parts) > 1 and all(part[:1].isupper() for part in parts):
            right = hint_form(segment, name)
            repairs.append(Repair(written, right, f"foreign official {name} written as pinyin"))
            en = en.replace(written, right)
    return en, repairs


def _unit_words(found) -> list[str]:
    return [found.unit, found.unit.rstrip("s")] if found.unit else []


def _power_apart(a, b) -> bool:
    if not a or not b or a == b:
        return False
    ratio = max(a, b) / min(a, b)
    return any(ratio == 10 ** power for power in range(1, MAX_POWER + 1))


def _terms(segment: Segment, en: str, release: Release) -> tuple[str, list[Repair]]:
    repairs = []
    others = {term.en.casefold() for term in segment.terms}
    for term in dict.fromkeys(segment.terms):
        if not term.en or rendered(term, en):
            continue
        span = _forbidden_span(term, en) or _near_miss_span(term.en, en, others)
        if span is None:
            continue  # no anchor: the name is simply missing, which stays an error
        start, end, why = span
        repairs.append(Repair(en[start:end], term.en, f"glossary: {term.zh} is {term.en}; {why}"))
        en = en[:start] + term.en + en[end:]
    return en, repairs


def _forbidden_span(term: TermHit, en: str) -> tuple[int, int, str] | None:
    for wrong in sorted(term.forbidden, key=len, reverse=True):
        match = re.search(rf"(?<!\w){re.escape(wrong)}(?!\w)", en, re.IGNORECASE)
        if match:
            return match.start(), match.end(), "a forbidden rendering"
    return None


def _near_miss_span(english: str, en: str, others: set[str]) -> tuple[int, int, str] | None:
    """Return the span of words in `en` spelt almost like `english` (Hanover ~ Hannover), if just one."""
    words = list(_WORD.finditer(en))
    size = len(english.split())
    target = english.casefold()
    best: list[tuple[float, int, int]] = []
    for count in {max(1, size - 1), size, size + 1}:
        for first in range(len(words) - count + 1):
            start, end = words[first].start(), words[first + count - 1].end()
            text = en[start:end]
            if not text[:1].isupper() and english[:1].isupper():
                continue  # a name is written with a capital
            if text.casefold() in others:
                continue  # another glossary name of the segment
            score = difflib.SequenceMatcher(None, text.casefold(), target, autojunk=False).ratio()
            if score >= NEAR_MISS:
                best.append((score, start, end))
    if not best:
        return None
    score, start, end = max(best)
    if sum(1 for other in best if other[0] == score and (other[1], other[2]) != (start, end)) > 0:
        return None
    return start, end, f"written “{en[start:end]}”, {score:.0%} alike"


def _dates(segment: Segment, en: str, release: Release) -> tuple[str, list[Repair]]:
    mentions = dates.parse_dates(segment.zh, release.meta.date or None)
    missing = [m for m in mentions if not dates.found_in(en, m)]
    if len(missing) != 1 or len(mentions) != 1:
        return en, []  # several dates in one sentence: a rule cannot tell which the draft means
    mention, repairs = missing[0], []
    for fix in (_date_month_day, _date_year, _date_part):
        new = fix(mention, en)
        if new is not None and new != en:
            before, after = _changed(en, new)
            repairs.append(Repair(before, after, f"date {mention.text} is {dates.render(mention)}"))
            en = new
        if dates.found_in(en, mention):
            break
    return (en, repairs) if dates.found_in(en, mention) else (segment.en, [])


def _month_day_pattern() -> re.Pattern:
    names = "|".join(MONTHS)
    return re.compile(rf"\b({names})\s+(\d{{1,2}})(st|nd|rd|th)?\b")


def _date_month_day(mention, en: str) -> str | None:
    if not (mention.month and mention.day) or mention.first_day or mention.range_end:
        return None
    found = list(_month_day_pattern().finditer(en))
    if len(found) != 1:
        return None
    match = found[0]
    right = f"{MONTHS[mention.month - 1]} {mention.day}"
    return en[:match.start()] + right + en[match.end():]


def _date_year(mention, en: str) -> str | None:
    if mention.year is None:
        return None
    years = list(re.finditer(r"(?<!\d)(?:19|20)\d\d(?!\d)", en))
    if len(years) != 1 or int(years[0].group()) == mention.year:
        return None
    return en[:years[0].start()] + str(mention.year) + en[years[0].end():]


def _date_part(mention, en: str) -> str | None:
    if not mention.part or mention.hour is not None or not (mention.month and mention.day):
        return None
    date = rf"{MONTHS[mention.month - 1]}\s+{mention.day}(?:st|nd|rd|th)?\b"
    match = re.search(rf"\b([Oo]n)\s+({date})", en)
    if match is None:
        return None
    phrase = PARTS[mention.part][0]
    lead = "on the" if match.group(1) == "on" else "On the"
    text = f"{lead} {phrase} of {match.group(2)}" if phrase != "noon" else f"{match.group(1)} noon on {match.group(2)}"
    return en[:match.start()] + text + en[match.end():]


def _changed(before: str, after: str) -> tuple[str, str]:
    """Return the part of `before` that changed and what replaced it (whole words)."""
    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    end = 0
    while end < min(len(before), len(after)) - start and before[-1 - end] == after[-1 - end]:
        end += 1
    while start > 0 and before[start - 1].isalnum():
        start -= 1
    return before[start:len(before) - end].strip(), after[start:len(after) - end].strip()
