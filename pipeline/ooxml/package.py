"""The .docx package (a zip archive) checked against press.toml [limits] from its directory alone, before
python-docx inflates any part: a zip bomb is refused by what its directory declares. An Excel .xlsx
(glossary import) is the same kind of package and is checked the same way. No library imported."""
from __future__ import annotations

import zipfile
from pathlib import Path

from ..config import MIB, Limits
from ..errors import InputError

# a .docx part this small cannot hurt, whatever its compression ratio
_RATIO_FLOOR = MIB


def check_package(path: Path, limits: Limits) -> None:
    """Raise LimitError when a part of the .docx at `path` would inflate past the limits (read from the
    zip directory, before anything is inflated), InputError when it is no zip archive at all."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except FileNotFoundError:
        raise InputError("no such file", path, hint="check the path") from None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise InputError("not a Word .docx file (not a zip archive)", path,
                         hint="save it from Word or LibreOffice as .docx") from None
    total = 0
    for part in parts:
        if part.file_size > limits.docx_part_bytes:
            raise limits.exceeded("docx_part_bytes", part.file_size,
                                  f"bytes in its part {part.filename} once inflated", path)
        if part.file_size > _RATIO_FLOOR and part.file_size > limits.docx_ratio * max(1, part.compress_size):
            raise limits.exceeded("docx_ratio", part.file_size // max(1, part.compress_size),
                                  f"times inflation of its part {part.filename} (compressed "
                                  f"{part.compress_size:,} bytes)", path)
        total += part.file_size
    if total > 4 * limits.docx_part_bytes:
        raise limits.exceeded("docx_part_bytes", total // 4, "bytes per part on average once inflated "
                              "(all parts together may inflate to 4 × the limit)", path)


def check_workbook(path: Path, limits: Limits) -> None:
    """Raise LimitError when a part of the Excel .xlsx at `path` would inflate past the same limits as a
    .docx part (an .xlsx is the same kind of zip package); a file that is no zip archive passes, for
    the workbook reader to report in its own words."""
    if zipfile.is_zipfile(path):
        check_package(path, limits)
