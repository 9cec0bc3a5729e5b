"""Progress bars per release (the only tqdm import): shown on a terminal, silent otherwise; and the
listener a caller (the web app's job runner) may set to hear the same counts."""
from __future__ import annotations

import sys
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Callable, Iterator, TextIO

# (label, done, total) after each update of a bar opened in this context (a thread's own value)
Listener = Callable[[str, int, int], None]
_LISTENER: ContextVar[Listener | None] = ContextVar("press_progress_listener", default=None)


class _Silent:
    def update(self, count: int = 1) -> None:
        pass


class _Heard:
    """A bar that also tells the listener how far it has come."""

    def __init__(self, bar, listener: Listener, label: str, total: int):
        self.bar, self.listener, self.label, self.total, self.done = bar, listener, label, total, 0

    def update(self, count: int = 1) -> None:
        self.bar.update(count)
        self.done += count
        self.listener(self.label, self.done, self.total)

    def __getattr__(self, name):  # write() and the rest of tqdm's interface, when drawn
        return getattr(self.bar, name)


@contextmanager
def listening(listener: Listener) -> Iterator[None]:
    """Within this block (in this thread), every progress bar also reports (label, done, total) to `listener`."""
    token = _LISTENER.set(listener)
    try:
        yield
    finally:
        _LISTENER.reset(token)


def visible(quiet: bool, stream: TextIO | None = None) -> bool:
    """Return whether a bar should be drawn: not quiet and the stream is a terminal."""
    stream = stream or sys.stderr
    return not quiet and bool(getattr(stream, "isatty", lambda: False)())


@contextmanager
def progress_bar(total: int, label: str, quiet: bool = False, stream: TextIO | None = None,
                 unit: str = "seg") -> Iterator:
    """Yield an object with update(n): a done/total bar counting `unit`s (segments, releases) with ETA, or
    a silent stand-in; a listener set with `listening` hears every update either way."""
    stream = stream or sys.stderr
    listener = _LISTENER.get()
    if not visible(quiet, stream) or total <= 0:
        yield _Heard(_Silent(), listener, label, total) if listener and total > 0 else _Silent()
        return
    from tqdm import tqdm  # here: only a terminal draws a bar, and importing tqdm costs every command ~0.1 s

    bar = tqdm(total=total, desc=label, unit=unit, file=stream, leave=True, dynamic_ncols=True)
    try:
        yield _Heard(bar, listener, label, total) if listener else bar
    finally:
        bar.close()
