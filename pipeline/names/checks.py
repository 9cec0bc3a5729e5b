"""QA checks of foreign officials and lists (issue 33), listed in stages/check.py's CHECKS: a name kept open
for the reviewer ([倪瑞兰]), an official the draft lost, a list that lost items."""
from __future__ import annotations

import re
from typing import cast

from ..model import CheckName, Issue, Release, Segment, Severity
from . import lists, officials
from .english import term_used


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
