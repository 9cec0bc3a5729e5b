"""Other programs the readers run (LibreOffice, pdftoppm, tesseract, the PDF text reader): found on
PATH or refused with the package to install, run in a process group of their own under a time limit,
and killed whole — helpers included — when they overrun."""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
from functools import lru_cache
from pathlib import Path

from ..config import Limits
from ..errors import InputError, LimitError, MissingDependency


def find(names: tuple[str, ...], what: str, hint: str, path: Path | None = None) -> str:
    """Return the full path of the first of `names` on PATH, else raise MissingDependency with `hint`."""
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    raise MissingDependency(f"{what} is needed to read this file and is not installed", path, hint=hint)


def run(args: list[str], *, limits: Limits, path: Path, what: str, cwd: Path | None = None,
        stdin: bytes | None = None, fix: str = "", env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Return the finished process (stdout/stderr as bytes) of `args`, run within [limits] convert_seconds.

    A program still running at the limit is killed with everything it started (LibreOffice starts
    soffice.bin) and a LimitError names the file; `fix` says what else the user can do; `env` adds to
    the environment.
    """
    seconds = limits.convert_seconds
    process = subprocess.Popen(args, cwd=cwd, stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                               env={**os.environ, **env} if env else None)
    try:
        stdout, stderr = process.communicate(stdin, timeout=seconds)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise LimitError(f"{what} did not finish within {seconds:,} seconds, the limit", path,
                         hint=(f"{fix}; or, " if fix else "") + "if the file is genuine, raise the limit in "
                         f"press.toml: [limits] convert_seconds = {seconds * 4}") from None
    except BaseException:
        _kill_group(process)  # Ctrl-C or a batch worker stopping: no converter left behind
        raise
    return subprocess.CompletedProcess(args, process.returncode, stdout, stderr)


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.communicate()


def failed(done: subprocess.CompletedProcess, what: str, path: Path, hint: str) -> InputError:
    """Return the error for a program that exited non-zero: its last line of output says why."""
    lines = [line.strip() for line in (done.stderr or done.stdout or b"").decode("utf-8", "replace").splitlines()
             if line.strip() and "javaldx" not in line]
    why = f" ({lines[-1][:160]})" if lines else f" (exit status {done.returncode})"
    return InputError(f"{what} failed{why}", path, hint=hint)


@lru_cache(maxsize=None)
def version(program: str, flag: str = "--version") -> str:
    """Return the version number a program prints (e.g. "7.4.7.2" for soffice), "" when it prints none."""
    try:
        done = subprocess.run([program, flag], capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    found = re.search(rb"(\d+\.\d+(?:\.\d+)*)", done.stdout + done.stderr)
    return found.group(1).decode() if found else ""
