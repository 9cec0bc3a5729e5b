"""Input readers, one module per format; dispatch is built from each module's EXTENSIONS.

Two modules may declare one extension when all but one also define `claims(path) -> bool`: the saved
WeChat article (wechat.py) and the city-site page (html.py) are both .html; a module that claims the
file reads it, else the one that claims nothing does.
"""
from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from ..config import Limits
from ..errors import InputError
from ..model import Release

_SKIP = {"layout"}
# what a reader may add to Release.signature (runner.sign keeps these): how the text was obtained
SIGNATURE_KEYS = ("converted", "ocr")


def ocr_note(engine: str, paragraphs: list[int]) -> str:
    """Return the signature's `ocr` value: the engine and the paragraphs it read (0 = the headline)."""
    ranges: list[list[int]] = []
    numbers = sorted(set(paragraphs))
    for number in numbers:
        if ranges and number == ranges[-1][1] + 1:
            ranges[-1][1] = number
        else:
            ranges.append([number, number])
    spans = ",".join(str(a) if a == b else f"{a}-{b}" for a, b in ranges)
    return f"{engine}; paragraphs {spans}" if spans else engine


def ocr_paragraphs(signature: dict) -> frozenset[int]:
    """Return the paragraphs (0 = the headline) a signature records as read by OCR (see ocr_note)."""
    spans = str(signature.get("ocr", "")).partition("; paragraphs ")[2]
    found: set[int] = set()
    for span in filter(None, spans.split(",")):
        first, _, last = span.partition("-")
        if first.isdigit() and (not last or last.isdigit()):
            found.update(range(int(first), int(last or first) + 1))
    return frozenset(found)


def _modules() -> list:
    return [importlib.import_module(f"{__name__}.{info.name}") for info in pkgutil.iter_modules(__path__)
            if info.name not in _SKIP]


def readers() -> dict[str, object]:
    """Return {extension: reader module} for every reader module in this package (the one claiming
    nothing, where several declare an extension)."""
    table: dict[str, object] = {}
    for module in _modules():
        for extension in getattr(module, "EXTENSIONS", ()):
            if extension not in table or not hasattr(module, "claims"):
                table[extension] = module
    return table


def reader_for(path: Path, extension: str):
    """Return the reader module for `path` read as `extension`, or None when no module declares it."""
    declared = [module for module in _modules() if extension in getattr(module, "EXTENSIONS", ())]
    for module in declared:
        if hasattr(module, "claims") and module.claims(path):
            return module
    return next((module for module in declared if not hasattr(module, "claims")), None)


def read_as(path: Path, extension: str, limits: Limits | None = None) -> Release:
    """Return the Release in `path` read as a file of `extension` (within `limits`)."""
    module = reader_for(path, extension)
    if module is None:
        known = ", ".join(sorted(readers()))
        raise InputError(f"unsupported file type '{extension or '(none)'}'", path, hint=f"pass one of: {known}")
    limits = limits or Limits()
    limits.check_size(path)
    release = module.read(path, limits)
    # every paragraph is at least one segment: refuse now rather than after normalising them all
    if len(release.paragraphs) + 1 > limits.segments:
        raise limits.exceeded("segments", len(release.paragraphs) + 1,
                              "paragraphs and headline, each at least one segment", path)
    return release


def read_release(path: Path, limits: Limits | None = None) -> Release:
    """Return the Release read from `path` by the reader declared for its extension (within `limits`)."""
    return read_as(path, path.suffix.lower(), limits)


def read_pasted(data: bytes, name: str, limits: Limits | None = None) -> Release:
    """Return the Release in text pasted on standard input; its outputs are named after `name`."""
    from .paste import read_text

    limits = limits or Limits()
    if len(data) > limits.input_bytes:
        raise limits.exceeded("input_bytes", len(data), "bytes on standard input", "<stdin>")
    release = read_text(data, Path(f"{name}.txt"))
    if len(release.paragraphs) + 1 > limits.segments:
        raise limits.exceeded("segments", len(release.paragraphs) + 1,
                              "paragraphs and headline, each at least one segment", "<stdin>")
    return release
