"""Input readers, one module per format; dispatch is built from each module's EXTENSIONS."""
from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from ..config import Limits
from ..errors import InputError
from ..model import Release

_SKIP = {"layout"}


def readers() -> dict[str, object]:
    """Return {extension: reader module} for every reader module in this package."""
    table: dict[str, object] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name in _SKIP:
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for extension in getattr(module, "EXTENSIONS", ()):
            table[extension] = module
    return table


def read_release(path: Path, limits: Limits | None = None) -> Release:
    """Return the Release read from `path` by the reader declared for its extension (within `limits`)."""
    table = readers()
    module = table.get(path.suffix.lower())
    if module is None:
        known = ", ".join(sorted(table))
        raise InputError(f"unsupported file type '{path.suffix or '(none)'}'", path,
                         hint=f"pass one of: {known}")
    limits = limits or Limits()
    limits.check_size(path)
    release = module.read(path, limits)
    # every paragraph is at least one segment: refuse now rather than after normalising them all
    if len(release.paragraphs) + 1 > limits.segments:
        raise limits.exceeded("segments", len(release.paragraphs) + 1,
                              "paragraphs and headline, each at least one segment", path)
    return release
