"""The change report of an ingest: what the reviewer did to each segment, and a hint for the glossary
maintainers wherever the reviewer replaced a glossary rendering, naming what replaced it."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from ..model import Release, Segment, TermHit
from ..stages import check as qa

_EDGE_PUNCTUATION = "\"'“”‘’«»()[]{}.,;:!?"
_ABBREVIATION = re.compile(r"(?:[A-Za-z]\.){2,}$")  # U.S., U.K., P.R.C.: the final stop is the word's
# words a rendering's neighbours may lose with it ("the United States" -> "U.S."): no replacement of their own
_FUNCTION_WORDS = {"the", "a", "an", "of", "in", "to", "for", "and", "at", "on", "from", "with", "by"}
ACCEPTED_NOTE = "accepted with --accept-errors: {check}"  # stored on a unit whose error was let through
SIMILAR = 0.5  # how alike (difflib ratio, folded) a phrase must be to stand for a rendering in a tangled edit


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
    for before, after in zip(draft.segments, reviewed.segments, strict=False):
        status = "empty" if not after.en else "unconfirmed" if after.id in unconfirmed else \
            "confirmed" if after.en == before.en else "changed"
        hints = tuple(glossary_hints(before, after.en)) if status == "changed" else ()
        changes.append(Change(before.id, before.zh, before.en, after.en, status, hints))
    return tuple(changes)


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


def _phrase(words: list[str]) -> str:
    """Return words as a phrase without the punctuation around it (an abbreviation keeps its final stop)."""
    text = " ".join(words).strip(_EDGE_PUNCTUATION.replace(".", "") + " ")
    return text if _ABBREVIATION.search(text) else text.rstrip(".")


def _stands_for(phrase: str, rendering: str) -> bool:
    """Return whether a phrase can be a rendering's replacement in a tangled edit: its initials (U.S. for
    United States), a form of its words (American, America's) or a spelling close to it."""
    folded, target = phrase.casefold(), rendering.casefold()
    letters = re.sub(r"[^a-z]", "", folded)
    initials = "".join(word[0] for word in _folded_words(rendering) if word not in _FUNCTION_WORDS)
    if len(initials) > 1 and letters == initials:
        return True
    stems = {word[:5] for word in _folded_words(rendering) if len(word) >= 5}
    return any(word[:5] in stems for word in _folded_words(phrase) if len(word) >= 5) \
        or difflib.SequenceMatcher(None, folded, target, autojunk=False).ratio() >= SIMILAR


def _replacement(before: str, after: str, span: tuple[int, int], rendering: str = "") -> str | None:
    """Return what took the place of before's words span[0]:span[1] in `after` ("" when they were deleted,
    None when the edit around them is too tangled to say); never a neighbouring word kept from before, nor
    new words that replaced other words of the sentence (a name further on)."""
    after_words = after.split()
    before_folded = _folded_words(before)
    matcher = difflib.SequenceMatcher(None, before_folded, _folded_words(after), autojunk=False)
    opcodes = matcher.get_opcodes()
    covering = [op for op in opcodes if op[1] < span[1] and op[2] > span[0]]
    changed = [op for op in covering if op[0] != "equal"]
    if not changed:
        return None
    # a new phrase elsewhere that stands for the rendering (U.S. moved to the front)
    moved = next((phrase for tag, _, _, j1, j2 in opcodes if tag in ("insert", "replace") and (tag, j1) not in
                  {(op[0], op[3]) for op in changed} for phrase in [_phrase(after_words[j1:j2])]
                  if phrase and _stands_for(phrase, rendering)), None)
    if all(op[0] in ("delete", "equal") for op in covering):
        return moved or ""  # deleted where it stood: moved, or removed
    first, last = covering[0], covering[-1]
    start = first[3] + (span[0] - first[1]) if first[0] == "equal" else first[3]
    end = last[3] + (span[1] - last[1]) if last[0] == "equal" else last[4]
    words = after_words[start:end]
    # the other words these edits replaced: function words go with the rendering; anything else means the
    # new words replaced more than the rendering, so only a phrase that stands for it is named
    others = [word for op in changed for index in range(op[1], op[2]) if not span[0] <= index < span[1]
              for word in [before_folded[index]] if word and word not in _FUNCTION_WORDS]
    if not others:
        return _phrase(words) or None
    candidates = [_phrase(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)]
    fitting = [phrase for phrase in candidates if phrase and _stands_for(phrase, rendering)]
    return max(fitting, key=lambda phrase: difflib.SequenceMatcher(None, phrase.casefold(), rendering.casefold(),
                                                                   autojunk=False).ratio(), default=moved)


def glossary_hints(segment: Segment, after: str) -> list[str]:
    """Return one hint per glossary rendering the draft used and the reviewed English no longer uses (or
    never used), naming what replaced it; plurals, case changes and the glossary's accepted English variants
    are no replacement."""
    hints = []
    for term in _hinted(segment.terms):
        zh, en = term.zh, term.en
        if not en or qa.rendered(term, after):
            continue
        if not qa.term_used(en, segment.en):
            hints.append(f"{zh}: the reviewed English does not use the glossary rendering '{en}'")
            continue
        span = _term_span(_folded_words(segment.en), en)
        replacement = _replacement(segment.en, after, span, en) if span else None
        if replacement == "":
            hints.append(f"{zh}: reviewer removed glossary rendering '{en}'")
        else:
            hints.append(f"{zh}: reviewer replaced glossary rendering '{en}'"
                         + (f" with '{replacement}'" if replacement else ""))
    return list(dict.fromkeys(hints))


def _hinted(terms: tuple[TermHit, ...]) -> list[TermHit]:
    """Return one term per (zh, en): the same term found twice gives one hint."""
    seen: dict[tuple[str, str], TermHit] = {}
    for term in terms:
        seen.setdefault((term.zh, term.en), term)
    return list(seen.values())


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
    notes = unit_notes(release.issues)
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


def unit_notes(issues) -> dict[str, str]:
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
