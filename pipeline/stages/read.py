"""The read stage: a release file (any format pipeline/formats reads) becomes a Release with its credits;
the one validated way in, for single files and batches alike."""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from ..context import Context
from ..errors import PipelineError
from ..formats import read_release
from ..model import Credits, Release

REQUIRES = ("path",)
ASSIGNS = ("headline", "meta", "paragraphs", "credits", "first_line", "signature")  # signature: converted, ocr

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def check_credits(credits: Credits) -> None:
    """Raise PipelineError when a credit holds a character Word files cannot store."""
    for name, value in credits.as_dict().items():
        if _CONTROL.search(value):
            raise PipelineError(f"the {name.replace('_', ' ')} credit {value!r} contains a control character",
                                hint="type it again without pasting terminal output")


def read(source: Path, ctx: Context, credits: Credits = Credits()) -> Release:
    """Return the release read from `source` (within the [limits] of `ctx`), credited with `credits`."""
    check_credits(credits)
    return replace(read_release(Path(source), ctx.config.limits), credits=credits)
