"""What QA's findings mean to a reviewer: a status per segment, and the one-line summary of a release."""
from __future__ import annotations

from dataclasses import replace

from ..model import Release, Segment, Status

# below this confidence (geometric-mean token probability times the share of the Chinese the draft renders,
# adequacy.checks.folded_confidence) a draft is one to check carefully: the lowest fifth of the pipeline's
# drafts of the WMT tune half (rows 1-92) falls below it (0.358 measured with `benchmarks/calibrate_confidence.py
# benchmarks/results/run19/wmt.tsv --fold`; 21 of the 91 report-half drafts fall below it, docs/benchmarks.md)
LOW_CONFIDENCE = 0.36
# warnings that say the draft itself may be wrong (not just its punctuation)
DOUBTS = ("length_ratio", "no_repetition", "no_added_names", "glossary_terms_used", "clause_missing",
          "sentence_added", "entity_swapped", "read_by_ocr", "one_english_per_name")


def decide(segment: Segment, findings=()) -> Status:
    """Return what a reviewer should make of a segment: error, check carefully, reviewed, memory, engine
    or untranslated — from its QA findings (acknowledged ones aside), origin and the engine's confidence."""
    if any(issue.blocking for issue in findings):
        return "error"
    if segment.origin in ("reviewed", "memory"):
        return segment.origin
    if not segment.en.strip():
        return "untranslated"
    doubtful = any(issue.severity == "warning" and issue.check in DOUBTS and not issue.acknowledged
                   for issue in findings)
    if doubtful or (segment.confidence is not None and segment.confidence < LOW_CONFIDENCE):
        return "check carefully"
    return "engine"


def judged(release: Release) -> Release:
    """Return the release with every segment's status decided from its findings: the one place a status
    is decided (the check stage and the review loop's checks call it; writers only read it)."""
    return replace(release, segments=tuple(replace(segment, status=decide(segment, release.findings_of(segment)))
                                           for segment in release.segments))


def label(segment: Segment) -> str:
    """Return the Status a reviewer reads in the review table: the status, with the memory score for
    reused and similar units (memory 100 %, fuzzy 87 %)."""
    if segment.status == "memory":
        return "memory 100\u00a0%"
    if segment.status in ("engine", "untranslated") and segment.matches:
        return f"fuzzy {segment.matches[0].score:.0f}\u00a0%"
    return segment.status


def careful(release: Release) -> int:
    """Return how many drafted segments a reviewer should check carefully (status error or check carefully)."""
    return sum(1 for segment in release.segments if segment.status in ("error", "check carefully"))


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
