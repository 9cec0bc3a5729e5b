"""The release JSON (<stem>.json): every segment, finding, credit and the signature, written and read back;
the one reader of release JSON, also of the copies a review .docx and an XLIFF file carry."""
from __future__ import annotations

import json
from pathlib import Path

from ..errors import ReviewError
from ..model import Credits, Issue, MemoryMatch, Meta, NameHint, Release, Segment, TermHit

SUFFIX = ".json"


def to_json(release: Release) -> dict:
    """Return the JSON form of a release: segments in reading order, the headline first."""
    return {
        "source": str(release.path),
        "meta": release.meta.as_dict(),
        "segments": [{"id": s.id, "zh": s.zh, "en": s.en, "origin": s.origin,
                      "status": s.status, "confidence": s.confidence,
                      "terms": [t.as_dict() for t in s.terms],
                      "hints": [{"zh": h.zh, "en": h.en, "tag": h.tag, "kind": h.kind}
                                | ({"source": h.source} if h.source else {}) for h in s.hints],
                      "matches": [{"zh": m.zh, "en": m.en, "score": m.score, "origin": m.origin}
                                  | ({"release": m.release} if m.release else {}) for m in s.matches],
                      "notes": list(s.notes), "repairs": list(s.repairs)} for s in release.segments],
        "issues": [issue.as_dict() for issue in release.issues],
        "credits": release.credits.as_dict(),
        "english": list(release.english.lines) if release.english is not None else [],
        "release_hash": release.hash,
        "signature": release.signature,
    }


def dumps(release: Release, indent: int | None = 2, ascii_only: bool = False) -> str:
    """Return the JSON text of a release (what <stem>.json holds and the review .docx carries inside)."""
    return json.dumps(to_json(release), ensure_ascii=ascii_only, indent=indent)


def write(release: Release, path: Path) -> None:
    """Write the release JSON of `release` to `path`."""
    path.write_text(dumps(release) + "\n", encoding="utf-8")


def load_release(path: Path, hint: str = "") -> Release:
    """Return the Release recorded in a `press translate` JSON output (segments as drafted); `hint` replaces
    the default advice when it is damaged."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ReviewError("the release data (.json) written with the review file is missing", path,
                          hint="keep <stem>.json beside the review file, or pass --release FILE.json") from None
    except UnicodeDecodeError:
        text = ""  # reported as not a release JSON below
    except OSError as error:
        raise ReviewError(f"cannot read the release data ({error.strerror})", path,
                          hint="pass the <stem>.json that `press translate` wrote") from None
    return parse(text, path, hint or "pass the <stem>.json that `press translate` wrote",
                 edited_hint=hint or "translate the source again to regenerate it")


def parse(text: str, path: Path, hint: str, edited_hint: str = "") -> Release:
    """Return the Release in a release JSON text read from `path`; ReviewError (with `hint`) when damaged."""
    try:
        data = json.loads(text)
        release = release_from_json(data)
    except (ValueError, KeyError, TypeError, AttributeError, IndexError) as error:
        raise ReviewError(f"not a press-pipeline release JSON ({error.__class__.__name__}: {error})", path,
                          hint=hint) from None
    if data.get("release_hash", release.hash) != release.hash:
        raise ReviewError("the release JSON was edited (its segments no longer match its hash)", path,
                          hint=edited_hint or hint)
    return release


def release_from_json(data: dict) -> Release:
    """Return the Release a to_json() dict describes (KeyError/TypeError/ValueError when it is not one)."""
    segments = tuple(_segment_from_json(item) for item in data["segments"])
    return Release(
        path=Path(data["source"]), headline=segments[0].zh if segments else "",
        meta=Meta(**data.get("meta", {})), segments=segments,
        issues=tuple(Issue(**item) for item in data.get("issues", [])),
        credits=Credits(**data.get("credits", {})), signature=data.get("signature", {}))


def _segment_from_json(item: dict) -> Segment:
    number = item["id"][1:].split(".")[0]
    return Segment(id=item["id"], zh=item["zh"], paragraph=int(number) if number.isdigit() else 0,
                   terms=tuple(TermHit(**term) for term in item.get("terms", [])),
                   hints=tuple(NameHint(**hint) for hint in item.get("hints", [])),
                   # a release written before the trust order listed earlier engine drafts as matches: they are
                   # no memory match (never reviewed), so neither the Status column nor XLIFF shows them as one
                   matches=tuple(MemoryMatch(**match) for match in item.get("matches", [])
                                 if match.get("origin") != "engine"),
                   en=item.get("en", ""), origin=item.get("origin", "untranslated"), status=item.get("status", ""),
                   notes=tuple(item.get("notes", [])), confidence=item.get("confidence"),
                   repairs=tuple(item.get("repairs", [])))
