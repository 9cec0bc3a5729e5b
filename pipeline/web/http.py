"""What a route sees and returns, free of the ASGI framework (as Datasette keeps its own Request and Response):
a Request with the form, the uploads, the session and the language; a Page (template + data, also served
as JSON), a Redirect, a Download or an EventStream. Only server.py turns these into HTTP."""
from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Callable

from ..errors import LimitError, PipelineError


class HTTPError(PipelineError):
    """A request the server refuses with `status` (403 a bad CSRF token, 404 an unknown id, 413 too large)."""

    def __init__(self, status: int, message: str, hint: str = ""):
        super().__init__(message, hint=hint)
        self.status = status


@dataclass
class Upload:
    """One uploaded file: the name the browser gave (never used as a path) and its content, spooled."""

    name: str
    file: IO[bytes]

    def save(self, path: Path, limit: int) -> int:
        """Copy the upload to `path` (a name the server chose), refusing more than `limit` bytes; returns the size."""
        self.file.seek(0, 2)
        size = self.file.tell()
        if size > limit:
            raise LimitError(f"{size:,} bytes in {self.name!r}, over the limit of {limit:,}",
                             hint="if the file is genuine, raise [limits] input_bytes in press.toml")
        self.file.seek(0)
        with open(path, "wb") as out:
            shutil.copyfileobj(self.file, out)
        return size


@dataclass
class Session:
    """What the signed session cookie holds: its id (the CSRF token derives from it), who signed in, the
    name given for the change log, and the chosen UI language."""

    sid: str
    user: str = ""
    name: str = ""
    lang: str = ""

    @property
    def who(self) -> str:
        """Return who is making a change: the signed-in user, else the name given in a form."""
        return self.user or self.name


@dataclass
class Request:
    """One request as a route handler sees it."""

    method: str
    path: str
    params: dict[str, str] = field(default_factory=dict)  # from the route's path
    query: dict[str, str] = field(default_factory=dict)
    form: dict[str, str] = field(default_factory=dict)
    lists: dict[str, list[str]] = field(default_factory=dict)  # form fields given several times
    files: list[Upload] = field(default_factory=list)
    session: Session = field(default_factory=lambda: Session(""))
    lang: str = "en"
    csrf: str = ""
    wants_json: bool = False

    def get(self, name: str, default: str = "") -> str:
        """Return a form field (else a query parameter) stripped of surrounding spaces."""
        return (self.form.get(name) or self.query.get(name) or default).strip()


@dataclass
class Page:
    """A page: the template rendered with `data`, or `data` itself as JSON for `<path>.json`."""

    template: str
    data: dict
    status: int = 200


@dataclass
class Redirect:
    """Go to another page of this server (after a POST: the page shows the result)."""

    location: str

    def __post_init__(self) -> None:
        if not self.location.startswith("/") or self.location.startswith("//"):
            raise ValueError(f"not a local address: {self.location!r}")  # never an open redirect


@dataclass
class Download:
    """A file from the workspace or the glossary, sent as an attachment called `filename`."""

    path: Path | None
    filename: str
    media_type: str = "application/octet-stream"
    content: bytes | None = None  # sent instead of a file (an export made on the fly)


@dataclass
class EventStream:
    """Server-sent events: `poll(version)` returns (new version, JSON text or None), asked a few times a second."""

    poll: Callable[[int], tuple[int, str | None]]
    event: str = "message"


Reply = Page | Redirect | Download | EventStream
