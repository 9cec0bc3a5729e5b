"""What QA's findings mean to a reviewer: a status per segment, and the one-line summary of a release."""
from __future__ import annotations

from ..model import Issue, Release, Segment

# below this confidence (geometric-mean token probability) a draft is one to check carefully: the lowest
# fifth of the pipeline's drafts of the WMT tune half (rows 1-92) falls below it (0.597 measured with
# benchmarks/calibrate_confidence.py; 21 of the 91 report-half drafts fall below it, docs/benchmarks.md)
LOW_CONFIDENCE = 0.60
# warnings that say the draft itself may be wrong (not just its punctuation)
DOUBTS = ("length_ratio", "no_repetition", "no_added_names", "glossary_terms_used", "one_english_per_name")


# the release whose findings were indexed last, and the index: looking through every finding for every
# segment made the Status, the Notes column and the JSON of n segments cost n² (with --engine none each
# segment has a finding). One tuple, replaced whole: a thread never reads another release's index.
_INDEXED: tuple = (None, {})


def findings_by_segment(release: Release) -> dict[str | None, list[Issue]]:
    """Return the findings of `release` grouped by segment id (None: release-wide), indexed once per release."""
    global _INDEXED
    last, index = _INDEXED
    if last is not release:
        index = {}
        for issue in release.issues:
            index.setdefault(issue.segment_id, []).append(issue)
        _INDEXED = (release, index)
    return index


def findings_of(segment: Segment, release: Release) -> list[Issue]:
    """Return the findings of `release` about `segment` (from the index: linear over a release)."""
    return findings_by_segment(release).get(segment.id, [])


def status(segment: Segment, issues=()) -> str:
    """Return what a reviewer should make of a segment: error, check carefully, reviewed, memory, engine
    or untranslated — from its QA findings (acknowledged ones aside), origin and the engine's confidence."""
    mine = [issue for issue in issues if issue.segment_id == segment.id and not issue.acknowledged]
    if any(issue.severity == "error" for issue in mine):
        return "error"
    if segment.origin in ("reviewed", "memory"):
        return segment.origin
    if not segment.en.strip():
        return "untranslated"
    doubtful = any(issue.severity == "warning" and issue.check in DOUBTS for issue in mine)
    if doubtful or (segment.confidence is not None and segment.confidence < LOW_CONFIDENCE):
        return "check carefully"
    return "engine"


def label(segment: Segment, issues=()) -> str:
    """Return the Status a reviewer reads in the review table: the status, with the memory score for
    reused and similar units (memory 100 %, fuzzy 87 %)."""
    found = status(segment, issues)
    if found == "memory":
        return "memory 100\u00a0%"
    if found in ("engine", "untranslated") and segment.matches:
        return f"fuzzy {segment.matches[0].score:.0f}\u00a0%"
    return found


def careful(release: Release) -> int:
    """Return how many drafted segments a reviewer should check carefully (status error or check carefully)."""
    return sum(1 for segment in release.segments
               if status(segment, findings_of(segment, release)) in ("error", "check carefully"))


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 or word == "info" else "s")


def summary(issues) -> str:
    """Return one terminal line: "3 errors, 1 warning, 1 acknowledged in 2 segments" (or "no issues");
    a finding the reviewer acknowledged counts as acknowledged, not by its severity."""
    issues = tuple(issues)
    if not issues:
        return "no issues"
    counts = {level: sum(issue.severity == level and not issue.acknowledged for issue in issues)
              for level in ("error", "warning", "info")}
    parts = [_plural(counts["error"], "error"), _plural(counts["warning"], "warning")]
    if counts["info"]:
        parts.append(_plural(counts["info"], "info"))
    acknowledged = sum(1 for issue in issues if issue.acknowledged)
    if acknowledged:
        parts.append(f"{acknowledged} acknowledged")
    segments = len({issue.segment_id for issue in issues if issue.segment_id})
    where = [_plural(segments, "segment")] if segments else []
    if any(issue.segment_id is None for issue in issues):
        where.append("the release")
    return ", ".join(parts) + " in " + " and ".join(where)
