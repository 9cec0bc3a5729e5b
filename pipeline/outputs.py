"""Writing a release's three outputs (review .docx, English .docx, JSON) atomically into a folder."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from . import office
from .draft import compose
from .errors import PipelineError
from .model import Release, signature_line
from .review import write_review

SUFFIXES = {"review": ".review.docx", "english": ".en.docx", "json": ".json"}
# a file being written ends in .part, so a crash mid-write never leaves something that looks like output
TEMP_SUFFIX = ".part"


def to_json(release: Release) -> dict:
    """Return the JSON form of a release: segments in reading order, the headline first."""
    return {
        "source": str(release.path),
        "meta": release.meta.as_dict(),
        "segments": [{"id": s.id, "zh": s.zh, "en": s.en, "origin": s.origin,
                      "terms": [t.as_dict() for t in s.terms],
                      "hints": [{"zh": h.zh, "en": h.en, "tag": h.tag, "kind": h.kind} for h in s.hints],
                      "notes": list(s.notes)} for s in release.segments],
        "issues": [issue.as_dict() for issue in release.issues],
        "credits": release.credits.as_dict(),
        "english": list(release.english),
        "release_hash": release.hash,
        "signature": release.signature,
    }


def write_english(release: Release, path: Path) -> None:
    """Write the clean English release (.docx, Title/Normal styles, credits last) to `path`."""
    english = compose(release)
    document = office.new_document()
    document.add_paragraph(english.headline, style="Title")
    if english.dateline:
        document.add_paragraph(english.dateline)
    for paragraph in english.paragraphs:
        document.add_paragraph(paragraph)
    if english.credits:
        document.add_paragraph("")
        for line in english.credits:
            document.add_paragraph(line)
    office.set_properties(document, title=english.headline, author=release.credits.translator,
                          comments=signature_line(release.signature),
                          keywords=f"release-hash:{release.hash}", subject=str(release.path.name))
    office.save(document, path)


def _write_json(release: Release, path: Path) -> None:
    path.write_text(json.dumps(to_json(release), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


WRITERS = {"review": write_review, "english": write_english, "json": _write_json}


def output_paths(source: Path, out_dir: Path | None) -> dict[str, Path]:
    """Return {kind: path} of the outputs for input `source` in `out_dir` (default: beside it)."""
    directory = out_dir if out_dir is not None else source.parent
    return {kind: directory / f"{source.stem}{suffix}" for kind, suffix in SUFFIXES.items()}


def write_outputs(release: Release, out_dir: Path | None, kinds=tuple(SUFFIXES)) -> dict[str, Path]:
    """Write the outputs of `release`: all to temporary files first, then renamed into place."""
    paths = output_paths(release.path, out_dir)
    directory = next(iter(paths.values())).parent
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise PipelineError(f"cannot create the output folder ({error.strerror})", directory,
                            hint="choose another folder with -o") from None
    for kind in kinds:
        if paths[kind].is_dir():
            raise PipelineError("a folder has the name of this output", paths[kind],
                                hint="rename or remove that folder, or choose another folder with -o")
    umask = os.umask(0)
    os.umask(umask)  # mkstemp creates 0600 files; outputs get the permissions of any new file
    temporary: dict[str, Path] = {}
    placed: list[Path] = []
    try:
        for kind in kinds:
            handle, name = tempfile.mkstemp(prefix=".press-", suffix=SUFFIXES[kind] + TEMP_SUFFIX,
                                            dir=directory)
            os.close(handle)
            temporary[kind] = Path(name)
            WRITERS[kind](release, temporary[kind])
            os.chmod(temporary[kind], 0o666 & ~umask)
        for kind, path in temporary.items():
            os.replace(path, paths[kind])
            placed.append(paths[kind])
    except OSError as error:
        for path in placed:  # all three outputs or none
            path.unlink(missing_ok=True)
        raise PipelineError(f"cannot write the outputs ({error.strerror})", directory,
                            hint="check the output folder, or choose another one with -o") from None
    finally:
        for path in temporary.values():
            path.unlink(missing_ok=True)
    return {kind: paths[kind] for kind in kinds}
