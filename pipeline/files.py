"""Writing files whole or not at all: the one write_atomic every file the tool writes goes through."""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Mapping

from .errors import PipelineError

# a file being written ends in .part, so a crash mid-write never leaves something that looks finished
TEMP_SUFFIX = ".part"


def new_file_mode() -> int:
    """Return the permissions a new file gets under the current umask (0o666 & ~umask): mkstemp's 0600
    would make a glossary or an export readable by its owner only, SQLite's 0644 a shared memory
    unwritable by the group."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; on success it is fsynced and renamed onto `path`.

    The temporary file gets the permissions of any new file (mkstemp's 0600 would make a glossary or
    an export readable by its owner only); on any error it is removed and `path` is left untouched.
    """
    path = Path(path)
    if path.is_dir():
        raise PipelineError("a folder has this name", path, hint="choose a file name, not a folder")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".press-{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    except OSError as error:
        reason = ("a file has the name of this folder" if isinstance(error, (FileExistsError, NotADirectoryError))
                  else error.strerror)
        raise PipelineError(f"cannot write here ({reason})", path.parent,
                            hint="choose a folder you can write to") from None
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, new_file_mode())
        with open(temporary, "rb+") as written:
            os.fsync(written.fileno())
        os.replace(temporary, path)
    except OSError as error:
        raise PipelineError(f"cannot write the file ({error.strerror})", path,
                            hint="check the folder is writable and the disk not full") from None
    finally:
        temporary.unlink(missing_ok=True)


def write_atomic(path: Path, content: str | bytes | Callable[[Path], None]) -> Path:
    """Write text, bytes, or whatever `content(temporary_path)` writes, to `path` atomically; return path."""
    with atomic_path(Path(path)) as temporary:
        if callable(content):
            content(temporary)
        elif isinstance(content, bytes):
            temporary.write_bytes(content)
        else:
            with open(temporary, "w", encoding="utf-8", newline="") as out:
                out.write(content)
    return Path(path)


def _same_file(output: Path, given: Path) -> bool:
    """Return True when `output` names the file `given` names: the same path, or the same inode through a
    symbolic or hard link (replacing the output would replace what the user gave)."""
    try:
        if output.exists() and given.exists():
            return os.path.samefile(output, given)
        return output.resolve() == given.resolve()
    except OSError:
        return False


def refuse_overwrite(output: Path, inputs: Mapping[str, Path | str | None],
                     hint: str = "name another output file with -o; nothing was written") -> None:
    """Raise PipelineError when writing `output` would replace one of `inputs` ({what it is: its path});
    None and database addresses (postgresql://…) among them are skipped."""
    for what, given in inputs.items():
        if given is None or "://" in str(given):
            continue
        if _same_file(Path(output), Path(given)):
            same = "" if Path(output) == Path(given) else f" ({given})"
            raise PipelineError(f"this is {what}{same}; the output would replace it", output,
                                hint=hint)
