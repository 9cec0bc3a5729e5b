"""The read stage: a release file (any format pipeline/formats reads) becomes a Release with its credits;
the one validated way in, for single files and batches alike."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .. import clean
from ..context import Context
from ..formats import read_release
from ..model import Credits, Release

REQUIRES = ("path",)
ASSIGNS = ("headline", "meta", "paragraphs", "credits", "first_line", "signature")  # signature: converted, ocr


def check_credits(credits: Credits) -> None:
    """Raise PipelineError when a credit breaks the one text-cleaning rule (clean.py): a control character
    would make the Word files unwritable and the memory's TMX unreadable."""
    clean.check({f"the {name.replace('_', ' ')} credit": value for name, value in credits.as_dict().items()})


def read(source: Path, ctx: Context, credits: Credits = Credits()) -> Release:
    """Return the release read from `source` (within the [limits] of `ctx`), credited with `credits`."""
    check_credits(credits)
    return replace(read_release(Path(source), ctx.config.limits), credits=credits)
