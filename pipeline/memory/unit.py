"""The memory unit as stored and exchanged, its lookup key, and the timestamps both databases store."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta, timezone
from functools import cached_property, lru_cache
from pathlib import Path

from .. import clean
from ..model import Release

_STAMP = re.compile(r"\d{8}T\d{6}Z")
# a clock a little ahead is not "the future"; a date beyond this is not trusted to win a comparison
CLOCK_SLACK = timedelta(days=1)


def normalise_key(zh: str) -> str:
    """Return the lookup key of a source sentence: NFKC (full-width to half-width) with all whitespace removed."""
    return "".join(unicodedata.normalize("NFKC", zh).split())


def timestamp(moment: datetime | None = None) -> str:
    """Return a UTC timestamp in the TMX form YYYYMMDDThhmmssZ (also how the memory stores times)."""
    moment = moment or datetime.now(timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def valid_timestamp(value: str) -> bool:
    """Return True when `value` is a real date in the TMX form YYYYMMDDThhmmssZ."""
    if not _STAMP.fullmatch(value):
        return False
    try:
        datetime(int(value[:4]), int(value[4:6]), int(value[6:8]), int(value[9:11]), int(value[11:13]),
                 int(value[13:15]))
    except ValueError:
        return False
    return True


@lru_cache(maxsize=8)
def _future_from(now: str) -> str:
    return timestamp(datetime.strptime(now, "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc) + CLOCK_SLACK)


def in_future(value: str, now: str | None = None) -> bool:
    """Return True when a stored or imported timestamp lies beyond now plus a day of clock slack."""
    return value > _future_from(now or timestamp())


def release_label(release: Release) -> str:
    """Return the `release` field stored with units: file name and a short release hash."""
    return f"{clean.escaped(Path(release.path).name)}#{release.hash[:12]}"  # a file name may hold ESC


@dataclass(frozen=True)
class Unit:
    """One translation-memory unit as stored and as exchanged through TMX (`id` is the database's, if any)."""

    zh: str
    en: str
    origin: str = "imported"
    translator: str = ""
    reviewer: str = ""
    release: str = ""
    source_url: str = ""
    created: str = ""  # YYYYMMDDThhmmssZ; filled in by Memory.store when empty
    updated: str = ""
    note: str | None = None  # why a reviewer let a QA finding stand (None: nothing to say)
    id: int | None = field(default=None, compare=False)

    @cached_property
    def zh_key(self) -> str:  # cached in the instance's __dict__ (a frozen dataclass allows that)
        return normalise_key(self.zh)

    def as_dict(self) -> dict:
        """Return the unit as a JSON-ready dict (id first)."""
        return {"id": self.id, **{name: getattr(self, name) for name in COLUMNS}}


# the stored columns, in Unit's order: a new field (with its migration) is stored, read and exported by name
COLUMNS = tuple(f.name for f in fields(Unit) if f.name != "id")


def unit_from_row(row: tuple) -> Unit:
    """Return the Unit of a row selected as (id, *COLUMNS)."""
    return Unit(id=row[0], **dict(zip(COLUMNS, row[1:], strict=True)))
