"""Draft result cache: SQLite, keyed by source, terms, model and prompt version (stdlib sqlite3)."""
from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import threading
import unicodedata
from pathlib import Path

from ..errors import PipelineError
from ..files import new_file_mode
from ..model import NameHint, TermHit
from ..paths import cache_dir

SCHEMA = """CREATE TABLE IF NOT EXISTS drafts (
    key TEXT PRIMARY KEY, zh TEXT NOT NULL, en TEXT NOT NULL, model TEXT NOT NULL,
    prompt_version TEXT NOT NULL, created TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)"""
_SPACE = re.compile(r"\s+")


def normalise_source(zh: str) -> str:
    """Return the source as compared for caching: NFKC, whitespace collapsed, trimmed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", zh)).strip()


def model_id(signature: dict) -> str:
    """Return what identifies the model in a key: its sha256, else engine and model name."""
    return signature.get("model_sha256") or f"{signature.get('engine', '')}:{signature.get('model', '')}"


def cache_key(zh: str, terms: tuple[TermHit, ...], signature: dict,
              dates: tuple[tuple[str, str], ...] = (), paragraph: tuple[str, ...] = (),
              names: tuple[NameHint, ...] = ()) -> str:
    """Return the sha256 key of (normalised source, glossary terms, model, prompt version).

    `dates` are the sentence's dates as resolved against its release: 今年 is 2021 in one release
    and 2022 in another, so the same sentence must not reuse a draft that names the other year.
    `names` likewise: a name the release spells in brackets (or the dictionary in force) gives it the
    English the draft was asked to use.
    """
    payload = {
        "zh": normalise_source(zh),
        "terms": sorted({(term.zh, term.en) for term in terms}),
        "model": model_id(signature),
        "prompt_version": signature.get("prompt_version", ""),
    }
    if dates:
        payload["dates"] = sorted(set(dates))
    spelled = sorted({(hint.zh, hint.en, hint.source) for hint in names if hint.source})
    if spelled:
        payload["names"] = spelled
    if paragraph:  # drafted as part of a paragraph request: the draft depends on the whole paragraph
        payload["paragraph"] = [normalise_source(sentence) for sentence in paragraph]
    encoded = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()


class ResultCache:
    """Stored engine drafts; get/put are safe to call from the translate stage's worker threads."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            created = not self.path.exists()
            self._db = sqlite3.connect(self.path, check_same_thread=False)
            self._db.execute(SCHEMA)
            columns = {row[1] for row in self._db.execute("PRAGMA table_info(drafts)")}
            if "confidence" not in columns:  # caches written before drafts carried a confidence
                self._db.execute("ALTER TABLE drafts ADD COLUMN confidence REAL")
            self._db.commit()
            if created:  # SQLite creates 0644 whatever the umask
                os.chmod(self.path, new_file_mode())
        except (OSError, sqlite3.Error) as exc:
            raise PipelineError(f"cannot open the draft cache: {exc}", path=self.path,
                                hint="check the directory is writable, or set PRESS_HOME") from exc
        self._lock = threading.Lock()

    @classmethod
    def default(cls) -> "ResultCache":
        """Return the cache at $PRESS_HOME/cache/drafts.sqlite3 (or the platform cache dir)."""
        return cls(cache_dir() / "drafts.sqlite3")

    def get(self, key: str) -> str | None:
        """Return the cached English for key, or None."""
        found = self.get_draft(key)
        return found[0] if found else None

    def get_draft(self, key: str) -> tuple[str, float | None] | None:
        """Return the cached (English, confidence) for key, or None."""
        with self._lock:
            row = self._db.execute("SELECT en, confidence FROM drafts WHERE key = ?", (key,)).fetchone()
        return (row[0], row[1]) if row else None

    def put(self, key: str, zh: str, en: str, signature: dict, confidence: float | None = None) -> None:
        """Store the English (and the model's confidence in it) for key, replacing an older entry."""
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO drafts (key, zh, en, model, prompt_version, confidence) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (key, zh, en, model_id(signature), signature.get("prompt_version", ""), confidence))
            self._db.commit()

    def __len__(self) -> int:
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM drafts").fetchone()[0]

    def close(self) -> None:
        """Close the database connection."""
        self._db.close()
