"""Where the server keeps what people upload and what it makes of it: one folder per release or reviewed file,
named by an id the server draws, holding the upload under a name made safe from the browser's, and a
small JSON record. A name or an id from a request is never a path: ids are checked against their form
and looked up among the folders; file names are rebuilt from letters and digits."""
from __future__ import annotations

import json
import re
import secrets
import unicodedata
from pathlib import Path

from ..errors import InputError, printable
from ..files import write_atomic
from .http import HTTPError, Upload

ID = re.compile(r"[0-9a-f]{16}")
KEEP = "-_.() "  # besides letters and digits, what a stored file name may hold
MAX_STEM = 80
RECORD = "record.json"


def safe_name(name: str, suffixes: list[str]) -> str:
    """Return a file name for an upload called `name`: its last path part, letters, digits and -_.() kept,
    other characters as _, no leading dot; its suffix must be one of `suffixes` (InputError otherwise)."""
    base = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, extension = base.rpartition(".")
    suffix = f".{extension.lower()}" if dot else ""
    if suffix not in suffixes:
        raise InputError(f"{printable(name)!r} is not a file this page reads",
                         hint=f"upload one of: {', '.join(suffixes)}")
    stem = "".join(char if char.isalnum() or char in KEEP else "_" for char in stem)
    return (stem.strip(" ._")[:MAX_STEM].strip(" ._") or "release") + suffix


class Shelf:
    """The folders of one kind of upload (releases, reviewed files) under the workspace."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def folder(self, item_id: str) -> Path:
        """Return the folder of an id drawn by this shelf; 404 for anything else."""
        if not ID.fullmatch(item_id or "") or not (self.root / item_id).is_dir():
            raise HTTPError(404, "no such item", "it may have been removed; go back to the list")
        return self.root / item_id

    def store(self, upload: Upload, suffixes: list[str], limit: int) -> tuple[str, Path]:
        """Save an upload into a new folder; returns (id, path of the stored file)."""
        name = safe_name(upload.name, suffixes)
        item_id = secrets.token_hex(8)
        folder = self.root / item_id
        folder.mkdir()
        try:
            upload.save(folder / name, limit)
        except BaseException:
            (folder / name).unlink(missing_ok=True)
            folder.rmdir()
            raise
        return item_id, folder / name

    def read(self, item_id: str) -> dict:
        """Return the record of an item ({} when it has none yet)."""
        path = self.folder(item_id) / RECORD
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}

    def write(self, item_id: str, record: dict) -> None:
        write_atomic(self.folder(item_id) / RECORD, json.dumps(record, ensure_ascii=False, indent=1))

    def ids(self) -> list[str]:
        """Return the ids of the items on this shelf that have a record, oldest first."""
        found = [path.parent for path in self.root.glob(f"*/{RECORD}") if ID.fullmatch(path.parent.name)]
        return [folder.name for folder in sorted(found, key=lambda folder: folder.stat().st_mtime_ns)]

    def file(self, item_id: str, name: str) -> Path:
        """Return a file the server wrote into an item's folder, by the name its record gives."""
        path = self.folder(item_id) / name
        if not name or Path(name).name != name or not path.is_file():
            raise HTTPError(404, "no such file", "it may not be written yet")
        return path
