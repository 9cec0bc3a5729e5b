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
from ..model import Credits, Issue, Release
from ..names import officials
from ..outputs import english, output_paths, xliff
from ..outputs import json as release_json
from ..outputs import review as review_file
from ..outputs.review import ReviewFile, ReviewRow
from ..stages import check as qa
from ..stages.assemble import compose
from ..stages.normalise import source_english
from ..stages.status import judged
from ..stages.terms import find_all
from .changes import Change, changes_between, report_text, unit_notes
from .remember import remember_reviewed

__all__ = ["Change", "IngestResult", "acknowledgements", "apply_review", "blocking", "changes_between",
           "check_review", "commit_ingest", "draft_release", "ingest_review", "plan_ingest", "read_reviewed",
           "release_json_for", "review_outcome", "reviewed_release"]

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
    review = reader.read_review(path, limits)
    limits = limits or Limits()
    for row in review.rows:
        limits.check_unit(row.zh, row.en, f"{row.unit} {row.row} ({row.id or 'no id'})", path)
    return review


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
        # as the names stage leaves them: none inside a foreign official's name (巴西 in 阿巴西)
        reviewed = replace(reviewed, segments=tuple(replace(seg, terms=officials.outside(hits, seg.zh, seg.hints))
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
                                   notes=unit_notes(reviewed.issues))
    return replace(plan, stored=stored, english_path=english_path, report_path=report_path, blocked=())
