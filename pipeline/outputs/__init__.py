"""What a translated release is written as: one module per output, each declaring its SUFFIX and write().

The table of outputs is built from those declarations (as the input readers are from EXTENSIONS), and
the outputs of a release are written all or none, each through a temporary file renamed into place.
"""
from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

from ..errors import PipelineError
from ..files import atomic_path
from ..model import Release
from . import english, json, review

# the outputs of `press translate`, by kind; their order is the order files are written
WRITERS = {"review": review, "english": english, "json": json}
SUFFIXES = {kind: module.SUFFIX for kind, module in WRITERS.items()}


def output_paths(source: Path, out_dir: Path | None) -> dict[str, Path]:
    """Return {kind: path} of the outputs for input `source` in `out_dir` (default: beside it)."""
    directory = out_dir if out_dir is not None else source.parent
    return {kind: directory / f"{source.stem}{suffix}" for kind, suffix in SUFFIXES.items()}


def write_outputs(release: Release, out_dir: Path | None, kinds=tuple(WRITERS)) -> dict[str, Path]:
    """Write the outputs of `release`: every one to a temporary file first, then all renamed into place."""
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
    with ExitStack() as stack:
        # entered in reverse, renamed in order: the JSON, which marks a release as done for a resumed
        # batch (batch.plan.up_to_date), comes into place last, after a hard kill too
        temporaries = {kind: stack.enter_context(atomic_path(paths[kind])) for kind in reversed(kinds)}
        for kind in kinds:
            WRITERS[kind].write(release, temporaries[kind])
    return {kind: paths[kind] for kind in kinds}
