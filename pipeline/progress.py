"""Progress bars per release (the only tqdm import): shown on a terminal, silent otherwise."""
from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Iterator, TextIO

from tqdm import tqdm


class _Silent:
    def update(self, count: int = 1) -> None:
        pass


def visible(quiet: bool, stream: TextIO | None = None) -> bool:
    """Return whether a bar should be drawn: not quiet and the stream is a terminal."""
    stream = stream or sys.stderr
    return not quiet and bool(getattr(stream, "isatty", lambda: False)())


@contextmanager
def progress_bar(total: int, label: str, quiet: bool = False, stream: TextIO | None = None,
                 unit: str = "seg") -> Iterator:
    """Yield an object with update(n): a done/total bar counting `unit`s (segments, releases) with ETA, or
    a silent stand-in."""
    stream = stream or sys.stderr
    if not visible(quiet, stream) or total <= 0:
        yield _Silent()
        return
    bar = tqdm(total=total, desc=label, unit=unit, file=stream, leave=True, dynamic_ncols=True)
    try:
        yield bar
    finally:
        bar.close()
