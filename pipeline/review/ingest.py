"""The return trip: a reviewed file (the review .docx, or XLIFF from a CAT tool) matched to its release, QA
re-run (the reviewer's acknowledgements honoured), stored in the memory as reviewed, and the final English
release and change report written.

Each reader of reviewed segments declares the suffixes it READS and returns a ReviewFile; the rest of
the way is the same for all of them."""
from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from pathlib import Path

from ..config import Limits
from ..errors import ReviewError
from ..files import atomic_path
from ..memory import Memory
from ..model import Credits, Issue, Release, Segment
from ..outputs import english, output_paths, xliff
from ..outputs import json as release_json
from ..outputs import review as review_file
from ..outputs.review import ReviewFile, ReviewRow
from ..stages import check as qa
from ..stages.assemble import compose
from ..stages.normalise import source_english
from ..stages.status import judged
from ..stages.terms import find_all
from .remember import remember_reviewed

__all__ = ["Change", "IngestResult", "acknowledgements", "apply_review", "blocking", "changes_between",
           "check_review", "commit_ingest", "draft_release", "ingest_review", "plan_ingest", "read_reviewed",
           "release_json_for", "review_outcome", "reviewed_release"]

ACCEPTED_NOTE = "accepted with --accept-errors: {check}"
# the readers of reviewed segments, by the suffixes they declare
REVIEW_READERS = {suffix: module for module in (review_file, xliff) for suffix in module.READS}


def release_json_for(review_path: Path) -> Path:
    """Return the JSON written beside a review file: x.review.docx → x.json."""
    name = Path(review_path).name
    suffix = review_file.SUFFIX
    stem = name[:-len(suffix)] if name.endswith(suffix) else Path(name).stem
    return Path(review_path).with_name(stem + release_json.SUFFIX)


def read_reviewed(path: Path, limits: Limits | None = None) -> ReviewFile:
    """Return the reviewed segments of a review .docx or an XLIFF file, read by the reader its suffix names
    (within `limits`)."""
    reader = REVIEW_READERS.get(Path(path).suffix.lower())
    if reader is None:
        raise ReviewError(f"cannot read reviewed segments from a {Path(path).suffix or 'file without suffix'}",
                          path, hint="give the <stem>.review.docx or an XLIFF file (.xlf) from `press export`")
    return reader.read_review(path, limits)


def draft_release(review: ReviewFile, release_path: Path | None = None) -> Release:
    """Return the release a review file belongs to, as drafted: `--release FILE.json` when given, else the
    data the review file carries (refused when a <stem>.json beside it says otherwise), else that .json.
    An XLIFF file carries the release as exported (terms found again, QA re-run, English so far): a .json
    beside it must be of the same release, but may differ in what a draft holds."""
    if release_path is not None:
        return release_json.load_release(release_path)
    sidecar = release_json_for(review.path)
    carried = review.release  # read by outputs/json.py, as every release JSON is
    if carried is None:  # a review file written before the data travelled inside it
        if not sidecar.is_file():
            raise ReviewError("the review file carries no release data and no .json is beside it", review.path,
                              hint=f"put {sidecar.name} beside it, or pass --release FILE.json")
        return release_json.load_release(sidecar)
    if sidecar.is_file():
        _refuse_disagreement(carried, release_json.load_release(sidecar, hint=_MOVE_AWAY.format(sidecar.name)),
                             review.path, sidecar, drafts_only=review.exported)
    return carried


_MOVE_AWAY = "move {} away (the review file carries its own release data), or pass --release with the right .json"


def _refuse_disagreement(carried: Release, sidecar: Release, review_path: Path, sidecar_path: Path,
                         drafts_only: bool = False) -> None:
    if carried.hash != sidecar.hash:
        raise ReviewError(f"{sidecar_path.name} beside the review file belongs to another release (hash "
                          f"{sidecar.hash[:12]}; the review file's is {carried.hash[:12]})",
                          review_path, hint=_MOVE_AWAY.format(sidecar_path.name))
    if drafts_only:
        return
    ours, theirs = release_json.to_json(carried), release_json.to_json(sidecar)
    labels = {"en": "drafted English", "origin": "origin", "terms": "glossary terms", "hints": "name hints",
              "notes": "notes"}
    # strict=False: segments are compared pairwise as far as both go (one hash, so one source text)
    differences = [f"{label} of {a['id']}" for a, b in zip(ours["segments"], theirs["segments"], strict=False)
                   for key, label in labels.items() if a.get(key) != b.get(key)]
    differences += [key for key in ("source", "meta", "issues", "credits", "signature") if ours[key] != theirs[key]]
    if differences:
        shown = ", ".join(differences[:4]) + (f" and {len(differences) - 4} more" if len(differences) > 4 else "")
        raise ReviewError(f"the release data inside the review file and {sidecar_path.name} beside it differ "
                          f"({shown})", review_path,
                          hint=f"pass --release {sidecar_path} to use the .json, or move it away to use the data "
                          "inside the review file")


def apply_review(release: Release, review: ReviewFile) -> Release:
    """Return `release` with the reviewed English; raise ReviewError if the file belongs to another release."""
    if review.release_hash and review.release_hash != release.hash:
        raise ReviewError(f"the review file belongs to another release (hash {review.release_hash[:12]}, "
                          f"expected {release.hash[:12]})", review.path,
                          hint="review the file written by the latest `press translate` of this source")
    rows: dict[str, ReviewRow] = {}
    for row in review.rows:
        if row.id in rows:
            raise ReviewError(f"segment {row.id} appears twice ({row.unit}s {rows[row.id].row} and {row.row})",
                              review.path, hint="delete the copy; edit only the English")
        rows[row.id] = row
    known = {seg.id for seg in release.segments}  # built once: inside the comprehension, once per row (n²)
    unknown = [row for row in review.rows if row.id not in known]
    if unknown:
        raise ReviewError(f"unknown segment id {unknown[0].id!r} in {unknown[0].unit} {unknown[0].row}",
                          review.path, hint="segment IDs must not be edited; restore it from the original file")
    segments = []
    for seg in release.segments:
        if seg.id not in rows:
            raise ReviewError(f"segment {seg.id} is missing from the review "
                              f"{'table' if review.path.suffix.lower() == '.docx' else 'file'}", review.path,
                              hint="restore what was deleted; leave the English empty if unsure")
        row = rows[seg.id]
        if "".join(row.zh.split()) != "".join(seg.zh.split()):
            raise ReviewError(f"the 中文 of segment {seg.id} ({row.unit} {row.row}) was edited", review.path,
                              hint="restore the Chinese (the grey 中文 cell, the XLIFF source); edit only the English")
        # English the file still marks as needing work goes into the release, not into the memory
        segments.append(replace(seg, en=row.en, origin="reviewed" if row.en and row.confirmed else seg.origin))
    return replace(release, segments=tuple(segments))


def acknowledgements(review: ReviewFile) -> dict[str, dict[str, str]]:
    """Return {segment id: {check: the reviewer's reason}} from `ok: <check> — <why>` lines in Notes cells
    (XLIFF: the notes a translator added); raise ReviewError for a line naming no check."""
    found: dict[str, dict[str, str]] = {}
    for row in review.rows:
        for written, reason in qa.acknowledgements_in(row.notes):
            check = written.lower()
            if check not in qa.SEVERITY:
                close = difflib.get_close_matches(check, qa.SEVERITY, n=1)
                raise ReviewError(f"“ok: {written}” in the Notes of {row.id} ({row.unit} {row.row}) names "
                                  "no QA check", review.path,
                                  hint=(f"did you mean {close[0]}? " if close else "") +
                                  "use the check name `press check` prints")
            found.setdefault(row.id, {})[check] = reason
    return found


def reviewed_release(review_path: Path, release_path: Path | None = None,
                     limits: Limits | None = None) -> tuple[Release, Release, ReviewFile]:
    """Return (draft release, reviewed release, review file) for a review .docx or XLIFF file, refusing
    mismatches and files over the input_bytes limit."""
    limits = limits or Limits()
    for path in (review_path, release_path or release_json_for(review_path)):
        limits.check_size(Path(path))
    review = read_reviewed(review_path, limits)
    draft = draft_release(review, release_path)
    return draft, apply_review(draft, review), review


def checked(reviewed: Release, glossary=None, acknowledged: dict[str, dict[str, str]] | None = None,
            require_english: bool = True) -> Release:
    """Return the reviewed release with its QA findings (empty cells are errors unless `require_english` is
    off), acknowledged ones marked; against the current glossary when one is given (its forbidden renderings
    are not in the release data)."""
    if glossary is not None:  # the terms found as `press translate` finds them
        found = find_all([seg.zh for seg in reviewed.segments], glossary)
        reviewed = replace(reviewed, segments=tuple(replace(seg, terms=hits)
                                                    for seg, hits in zip(reviewed.segments, found, strict=True)),
                           meta=replace(reviewed.meta, source_en=source_english(reviewed.meta.source, glossary)))
    issues = qa.acknowledge(qa.run_checks(reviewed, require_english=require_english), acknowledged or {})
    return judged(replace(reviewed, issues=issues))


def check_review(review_path: Path, release_path: Path | None = None, glossary=None,
                 limits: Limits | None = None) -> Release:
    """Return the reviewed release with QA findings (glossary, numbers, Han, empty cells) as its issues;
    findings the reviewer acknowledged in the Notes cell carry the reason."""
    _, reviewed, review = reviewed_release(review_path, release_path, limits)
    return checked(reviewed, glossary, acknowledgements(review))


def blocking(issues) -> tuple[Issue, ...]:
    """Return the error-severity findings no reviewer acknowledged: what stops an ingest."""
    return tuple(issue for issue in issues if issue.blocking)


@dataclass(frozen=True)
class Change:
    """What the reviewer did to one segment: changed, confirmed (left as drafted), left empty, or left
    marked as needing work (unconfirmed: in the release, not in the memory)."""

    id: str
    zh: str
    before: str
    after: str
    status: str  # changed | confirmed | empty | unconfirmed
    glossary: tuple[str, ...] = ()  # hints for glossary maintainers

    def as_dict(self) -> dict:
        return {"id": self.id, "zh": self.zh, "before": self.before, "after": self.after,
                "status": self.status, "glossary": list(self.glossary)}


def changes_between(draft: Release, reviewed: Release,
                    unconfirmed: frozenset[str] = frozenset()) -> tuple[Change, ...]:
    """Return one Change per segment, with glossary hints where the reviewer replaced a listed rendering."""
    changes = []
    for before, after in zip(draft.segments, reviewed.segments, strict=True):
        status = "empty" if not after.en else "unconfirmed" if after.id in unconfirmed else \
            "confirmed" if after.en == before.en else "changed"
        hints = tuple(glossary_hints(before, after.en)) if status == "changed" else ()
        changes.append(Change(before.id, before.zh, before.en, after.en, status, hints))
    return tuple(changes)


_EDGE_PUNCTUATION = "\"'“”‘’«»()[]{}.,;:!?"


def _folded_words(text: str) -> list[str]:
    """Return the words of `text` folded for comparison (case, edge punctuation); one per word of split()."""
    return [word.strip(_EDGE_PUNCTUATION).casefold() for word in text.split()]


def _same_word(word: str, wanted: str) -> bool:
    """Return whether `word` is `wanted` or its plural (city/cities, office/offices, box/boxes)."""
    plurals = {wanted, wanted + "s", wanted + "es"} | ({wanted[:-1] + "ies"} if wanted.endswith("y") else set())
    return word in plurals


def _term_span(words: list[str], term_en: str) -> tuple[int, int] | None:
    """Return (start, end) of the first use of a glossary rendering among folded `words`, plural allowed."""
    wanted = _folded_words(term_en)
    if wanted[:1] == ["the"] and len(wanted) > 1:
        wanted = wanted[1:]
    for start in range(len(words) - len(wanted) + 1):
        if words[start:start + len(wanted) - 1] == wanted[:-1] and _same_word(words[start + len(wanted) - 1],
                                                                              wanted[-1]):
            return start, start + len(wanted)
    return None


def _replacement(before: str, after: str, span: tuple[int, int]) -> str | None:
    """Return what took the place of before's words span[0]:span[1] in `after` ("" when they were deleted,
    None when the edit around them is too tangled to say); never a neighbouring word kept from before."""
    after_words = after.split()
    matcher = difflib.SequenceMatcher(None, _folded_words(before), _folded_words(after), autojunk=False)
    start = end = None
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if i1 <= span[0] < i2:
            start = j1 + (span[0] - i1 if op == "equal" else min(span[0] - i1, j2 - j1))
            if op == "delete" and i1 <= span[0] and span[1] <= i2:
                return ""
        if i1 < span[1] <= i2:
            end = j1 + (span[1] - i1) if op == "equal" else j2 - min(i2 - span[1], j2 - j1)
    if start is None or end is None or end <= start:
        return None
    return " ".join(after_words[start:end]).strip(_EDGE_PUNCTUATION + " ") or None


def glossary_hints(segment: Segment, after: str) -> list[str]:
    """Return one hint per glossary rendering the draft used and the reviewed English no longer uses (or
    never used), naming what replaced it; plurals and case changes are no replacement."""
    hints = []
    for zh, en in dict.fromkeys((term.zh, term.en) for term in segment.terms):
        if not en or qa.term_used(en, after):
            continue
        if not qa.term_used(en, segment.en):
            hints.append(f"{zh}: the reviewed English does not use the glossary rendering '{en}'")
            continue
        span = _term_span(_folded_words(segment.en), en)
        replacement = _replacement(segment.en, after, span) if span else None
        if replacement == "":
            hints.append(f"{zh}: reviewer removed glossary rendering '{en}'")
        else:
            hints.append(f"{zh}: reviewer replaced glossary rendering '{en}'"
                         + (f" with '{replacement}'" if replacement else ""))
    return list(dict.fromkeys(hints))


def report_text(release: Release, changes: tuple[Change, ...], tracked_by: str = "") -> str:
    """Return the human-readable change report of an ingest (saved as <stem>.changes.txt)."""
    counts = {status: sum(1 for c in changes if c.status == status)
              for status in ("changed", "confirmed", "empty", "unconfirmed")}
    waiting = f", {counts['unconfirmed']} still marked as needing work" if counts["unconfirmed"] else ""
    lines = [f"Review of {release.path.name} (release {release.hash[:12]}): {counts['changed']} changed, "
             f"{counts['confirmed']} confirmed, {counts['empty']} left empty{waiting}"]
    if tracked_by:
        lines.append(f'tracked changes by {tracked_by} — pass --reviewer "{tracked_by}" to credit them')
    lines.append("")
    notes = _unit_notes(release.issues)
    for change in changes:
        if change.status == "changed":
            lines += [f"{change.id} changed", f"  before: {change.before or '(empty)'}", f"  after:  {change.after}"]
            lines += [f"  glossary hint: {hint}" for hint in change.glossary]
        elif change.status == "empty":
            lines.append(f"{change.id} still has no English (not stored)")
        elif change.status == "unconfirmed":
            lines.append(f"{change.id} is still marked as needing work: in the English release, not stored "
                         "in the memory (confirm it in the CAT tool and import again)")
            if change.after != change.before:
                lines += [f"  before: {change.before or '(empty)'}", f"  after:  {change.after}"]
        elif change.id in notes:
            lines.append(f"{change.id} confirmed")
        lines += [f"  {line}" for line in notes.get(change.id, "").splitlines()]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class IngestResult:
    """What `press ingest` found and did: the checked, credited release, per-segment changes, and — once
    committed — memory counts and the files written. `blocked` holds the unacknowledged errors that
    stop it (then nothing was written)."""

    release: Release
    changes: tuple[Change, ...]
    stored: dict
    english_path: Path | None
    report_path: Path | None
    blocked: tuple[Issue, ...] = ()
    tracked_by: str = ""  # a tracked-change author other than the credited reviewer: suggested, not credited

    def count(self, status: str) -> int:
        return sum(1 for change in self.changes if change.status == status)


def ingest_review(review_path: Path, memory: Memory, release_path: Path | None = None, reviewer: str = "",
                  out_dir: Path | None = None, *, translator: str = "", defaults: Credits = Credits(),
                  glossary=None, accept_errors: bool = False, limits: Limits | None = None) -> IngestResult:
    """Check a reviewed .docx or XLIFF file and, unless an unacknowledged error blocks it, store its English
    as "reviewed" units and write <stem>.en.docx and <stem>.changes.txt beside it (or in `out_dir`)."""
    plan = plan_ingest(review_path, release_path, credits=Credits(translator, reviewer), defaults=defaults,
                       glossary=glossary, limits=limits)
    return commit_ingest(plan, memory, Path(out_dir) if out_dir is not None else Path(review_path).parent,
                         accept_errors)


def plan_ingest(review_path: Path, release_path: Path | None = None, *, credits: Credits = Credits(),
                defaults: Credits = Credits(), glossary=None, limits: Limits | None = None) -> IngestResult:
    """Return what ingesting a review .docx or XLIFF file would do, writing nothing: refuses (ReviewError) a
    file that does not belong to its release, and lists the unacknowledged errors that would block it."""
    draft, reviewed, review = reviewed_release(review_path, release_path, limits)
    return review_outcome(draft, reviewed, credits=credits, defaults=defaults, glossary=glossary,
                          acknowledged=acknowledgements(review), tracked_by=review.tracked_by,
                          unconfirmed=frozenset(row.id for row in review.rows if row.en and not row.confirmed))


def review_outcome(draft: Release, reviewed: Release, *, credits: Credits = Credits(),
                   defaults: Credits = Credits(), glossary=None,
                   acknowledged: dict[str, dict[str, str]] | None = None, tracked_by: str = "",
                   unconfirmed: frozenset[str] = frozenset()) -> IngestResult:
    """Return the uncommitted IngestResult of `reviewed` (the draft with the reviewer's English): QA run,
    acknowledgements honoured, credits given, else the draft's, else `defaults` (press.toml), English composed;
    `unconfirmed` segments (still marked as needing work) will not be stored."""
    reviewed = checked(reviewed, glossary, acknowledged)
    credited = Credits(credits.translator or draft.credits.translator or defaults.translator,
                       credits.reviewer or draft.credits.reviewer or defaults.reviewer,
                       credits.source_url or draft.credits.source_url or defaults.source_url)
    reviewed = replace(reviewed, credits=credited)
    reviewed = replace(reviewed, english=compose(reviewed))
    suggestion = tracked_by if tracked_by and tracked_by != credited.reviewer else ""
    return IngestResult(reviewed, changes_between(draft, reviewed, unconfirmed), {}, None, None,
                        blocking(reviewed.issues), suggestion)


def ingest_outputs(plan: IngestResult, directory: Path) -> tuple[Path, Path]:
    """Return the files an ingest writes into `directory`: <stem>.en.docx and <stem>.changes.txt."""
    english_path = output_paths(Path(plan.release.path), Path(directory))["english"]
    return english_path, english_path.with_name(Path(plan.release.path).stem + ".changes.txt")


def commit_ingest(plan: IngestResult, memory: Memory, directory: Path, accept_errors: bool = False) -> IngestResult:
    """Store the planned release's English as reviewed units and write <stem>.en.docx and <stem>.changes.txt
    into `directory`; a blocked plan is returned untouched unless `accept_errors` (recorded on the units).
    English still marked as needing work goes into <stem>.en.docx, not into the memory.

    Both files are written to temporary files first and the memory is updated last, so a failure (a folder
    named like the report, a full disk) leaves the memory and the outputs as they were."""
    if plan.blocked and not accept_errors:
        return plan
    reviewed = plan.release
    english_path, report_path = ingest_outputs(plan, directory)
    with atomic_path(english_path) as english_temporary, atomic_path(report_path) as report_temporary:
        english.write(reviewed, english_temporary)
        report_temporary.write_text(report_text(reviewed, plan.changes, tracked_by=plan.tracked_by),
                                    encoding="utf-8")
        waiting = {change.id for change in plan.changes if change.status == "unconfirmed"}
        confirmed = tuple(replace(seg, en="") if seg.id in waiting else seg for seg in reviewed.segments)
        stored = remember_reviewed(replace(reviewed, segments=confirmed), memory, reviewed.credits.reviewer,
                                   notes=_unit_notes(reviewed.issues))
    return replace(plan, stored=stored, english_path=english_path, report_path=report_path, blocked=())


def _unit_notes(issues) -> dict[str, str]:
    """Return {segment id: note stored with its unit}: the acknowledgements, and errors accepted by flag."""
    notes: dict[str, list[str]] = {}
    for issue in issues:
        if issue.segment_id is None:
            continue
        if issue.acknowledged:
            notes.setdefault(issue.segment_id, []).append(f"ok: {issue.check} — {issue.acknowledged}")
        elif issue.severity == "error":
            notes.setdefault(issue.segment_id, []).append(ACCEPTED_NOTE.format(check=issue.check))
    return {segment_id: "\n".join(dict.fromkeys(lines)) for segment_id, lines in notes.items()}
