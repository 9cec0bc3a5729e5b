"""QA checks of foreign officials and lists (issue 33), listed in stages/check.py's CHECKS: a name kept open
for the reviewer ([倪瑞兰]), an official the draft lost, a bracketed name the source does not have ([Mr. Zhang]),
an official's name written as pinyin (Bai Yating for 白雅婷), a list that lost items."""
from __future__ import annotations

import re
from typing import cast

from ..model import CheckName, Issue, Release, Segment, Severity
from . import lists, officials
from .english import term_used
from .romanise import pinyin_written

BRACKETED = re.compile(r"\[([^\[\]\n]{1,60})\]")  # a [..] in a draft: [石立德] kept open, or [Mr. Zhang] made up
SOURCE_BRACKETS = re.compile(r"[\[［【〔]([^\]］】〕\n]{1,60})[\]］】〕]")  # the source's own: [1], 【新华社】


def _issue(check, segment: Segment, message: str, level: str | None = None, fix: str = "") -> Issue:
    found = re.search(r"Severity: (\w+)", check.__doc__ or "")
    return Issue(cast(CheckName, check.__name__.removeprefix("check_")),
                 cast(Severity, level or (found.group(1) if found else "warning")), segment.id, message, fix)


def check_official_names_entered(segment: Segment, release: Release) -> list[Issue]:
    """Foreign officials' names are entered as their embassy writes them, not left open as [倪瑞兰]

    Severity: error
    """
    kept_open = sorted((officials.placeholder(name) for name in officials.open_names(segment.hints)
                        if name in segment.en), key=segment.en.find)
    return [_issue(check_official_names_entered, segment, "foreign official's name: enter the name the embassy uses"
                   f" in place of {', '.join(kept_open)}")] if kept_open else []


def check_officials_kept(segment: Segment, release: Release) -> list[Issue]:
    """Every foreign official the Chinese names is in the draft, named or kept open

    Severity: error
    """
    lost = [hint for hint in segment.hints if hint.kind == officials.KIND and segment.origin == "engine"
            and not lists.held((officials.placeholder(hint.zh), hint.zh, hint.en), segment.en, term_used)]
    return [_issue(check_officials_kept, segment, f"foreign official {hint.zh} is missing from the draft",
                   fix=f"The draft leaves out this person: {officials.with_title(segment.zh, hint.zh)}\n"
                   f"Its English must contain: {hint.en or officials.placeholder(hint.zh)}") for hint in lost]


def check_list_items_kept(segment: Segment, release: Release) -> list[Issue]:
    """Every item of a list in the Chinese (A、B、C) is in the draft (a reviewer's English is not judged)

    Severity: error (warning when only the count of commas and "and" says so)
    """
    return [_issue(check_list_items_kept, segment, message, level, fix=fix)
            for message, level, fix in lists.lost_items(segment, term_used) if segment.origin == "engine"]


def bracketed_invented(segment: Segment) -> list[str]:
    """Return the [..] of a draft that are neither a name the segment keeps open ([石立德]) nor anything the
    source has in brackets itself; as many others pass as the source has brackets of its own ([Xinhua] for
    【新华社】)."""
    kept = {officials.placeholder(name) for name in officials.open_names(segment.hints)}
    own = [found.group(1).strip() for found in SOURCE_BRACKETS.finditer(segment.zh)]
    written = [found for found in BRACKETED.finditer(segment.en) if found.group(0) not in kept]
    others = [found.group(0) for found in written if found.group(1).strip() not in own]
    return others[len(own) - len({found.group(1).strip() for found in written} & set(own)):]


def check_brackets_from_source(segment: Segment, release: Release) -> list[Issue]:
    """A name in brackets in a draft is one the source names ([石立德]), not one the model made up ([Mr. Zhang])

    Severity: error
    """
    if segment.origin != "engine":
        return []
    missing = [officials.placeholder(name) for name in officials.open_names(segment.hints)
               if officials.placeholder(name) not in segment.en]
    instead = f"write {' '.join(missing)} where the source names {'them' if len(missing) > 1 else 'the person'}" \
        if missing else "leave the brackets out"
    return [_issue(check_brackets_from_source, segment, f"the draft writes {written} in brackets, the source has "
                   "no such name" + (f" (it keeps {', '.join(missing)} open)" if missing else ""),
                   fix=f"The draft writes {written}, which the Chinese does not say: {instead}")
            for written in dict.fromkeys(bracketed_invented(segment))]


def romanised_officials(segment: Segment) -> list[tuple[str, str]]:
    """Return (name, its pinyin as written) for each foreign official of the segment whose Chinese name the
    English writes as pinyin, capitalised (Bai Yating, Gaoyang), unless that is the English the release or the
    glossary gives it."""
    found = []
    for hint in segment.hints:
        if hint.kind != officials.KIND or (hint.en and term_used(hint.en, segment.en)):
            continue
        written = pinyin_written(hint.zh, segment.en)
        if written[:1].isupper():
            found.append((hint.zh, written))
    return found


def check_officials_not_romanised(segment: Segment, release: Release) -> list[Issue]:
    """A foreign official's Chinese name is not written as its pinyin in a draft (白雅婷 is not Bai Yating)

    Severity: error
    """
    if segment.origin != "engine":
        return []  # a reviewer may know that the embassy does write it so
    return [_issue(check_officials_not_romanised, segment, f"the draft writes {written}, the pinyin of {name}, a "
                   "foreign official whose English only the embassy knows",
                   fix=f"The draft writes {written}, the pinyin of a foreign official's name: write "
                   f"{hint_form(segment, name)} in its place") for name, written in romanised_officials(segment)]


def hint_form(segment: Segment, name: str) -> str:
    """Return how a draft writes a foreign official: the English the release or glossary gives, else [name]."""
    return next((h.en for h in segment.hints if h.kind == officials.KIND and h.zh == name and h.en),
                officials.placeholder(name))


# in the order stages/check.py runs them, after the adequacy checks
OFFICIALS_CHECKS = (check_official_names_entered, check_officials_kept, check_brackets_from_source,
                    check_officials_not_romanised)
