"""What both tables of the hostile corpus share (tests/test_hostile.py's written cases and the families of
tests/hostile_families.py): the Case record, and the makers of a memory and of a translated draft."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable

from conftest import REPO
from hostile_inputs import SAMPLE

UTF8 = "utf-8"


@dataclass(frozen=True)
class Case:
    """One hostile input: what to write and run, and what must come of it."""

    id: str
    make: Callable[[Path], list]  # writes the inputs into the work folder, returns press's arguments
    code: int  # the exit code
    says: str = ""  # what the one error line must hold ("" for a case that must work: no error line)
    limits: dict = field(default_factory=dict)  # press.toml [limits] of the case
    check: Callable[[Path], None] | None = None  # further checks of the work folder afterwards
    new_files: bool = False  # a failing case that may leave files (a batch's other, good file)
    env: Callable[[Path], dict] | None = None  # environment variables of the run (PATH without a program)
    stdin: bytes = b""  # what is piped to the command (`press translate -`)
    toml: str = ""  # the whole press.toml of the case (instead of `limits`)
    pipe: str = ""  # a shell command press's standard output is piped to (`head -c 100`: a pipe closed early)
    xfail: str = ""  # why the case fails until another branch is merged (a strict xfail: it must then pass)


def write(path: Path, content: str | bytes, encoding: str = UTF8) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path


def with_memory(work: Path) -> Path:
    """Return home/m.sqlite holding one reviewed unit."""
    from pipeline.memory import Memory, Unit

    (work / "home").mkdir(parents=True, exist_ok=True)
    with Memory(work / "home" / "m.sqlite") as memory:
        memory.store(Unit("常德市", "Changde", origin="reviewed"))
    return work / "home" / "m.sqlite"


_DRAFTING = threading.Lock()  # the cases are made two at a time: the sample is translated once


@lru_cache(maxsize=1)
def _draft() -> dict[str, bytes]:
    """Return {file name: bytes} of the sample translated with engine none (review file, English, JSON)."""
    import tempfile

    from pipeline.api import translate_file
    from pipeline.config import Config
    from pipeline.runner import build_context

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        ctx = build_context(Config(engine="none", glossary=str(REPO / "glossary"), memory=str(work / "t.sqlite")))
        translate_file(SAMPLE, out_dir=work / "draft", ctx=ctx)
        ctx.memory.close()
        return {path.name: path.read_bytes() for path in (work / "draft").iterdir()}


def drafted(folder: Path) -> Path:
    """Write the sample's draft (source.zh.review.docx, .en.docx, .json) into `folder`; return it."""
    with _DRAFTING:
        files = _draft()
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (folder / name).write_bytes(content)
    return folder
