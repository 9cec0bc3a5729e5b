"""The public Python API; every CLI command is a thin wrapper around one function here."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from . import config as config_module
from .formats import read_release
from .errors import PipelineError
from .model import Credits, Release
from .outputs import write_outputs
from .runner import Context, build_context, run


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def check_credits(credits: Credits) -> None:
    """Raise PipelineError when a credit holds a character Word files cannot store."""
    for name, value in credits.as_dict().items():
        if _CONTROL.search(value):
            raise PipelineError(f"the {name.replace('_', ' ')} credit {value!r} contains a control character",
                                hint="type it again without pasting terminal output")


@dataclass(frozen=True)
class Result:
    """One translated release and the files written for it."""

    release: Release
    outputs: dict


def translate_file(path: Path, *, out_dir: Path | None = None, credits: Credits = Credits(),
                   ctx: Context | None = None, config: config_module.Config | None = None,
                   stop_after: str | None = None) -> Result:
    """Read, translate and write one release; returns the Release and the paths written."""
    check_credits(credits)
    ctx = ctx or build_context(config or config_module.load())
    release = read_release(Path(path))
    release = replace(release, credits=credits)
    release = run(release, ctx, stop_after=stop_after)
    outputs = write_outputs(release, out_dir) if stop_after is None else {}
    return Result(release, outputs)
