"""The translation memory: the store (SQLite or PostgreSQL units, exact and fuzzy lookup) and its TMX interchange."""
from .store import (
    DEFAULT_THRESHOLD,
    SCHEMA_VERSION,
    UNIT_ORIGINS,
    Conflict,
    Memory,
    Merge,
    SearchHit,
    Unit,
    default_path,
    normalise_key,
    release_label,
    timestamp,
)

__all__ = ["DEFAULT_THRESHOLD", "SCHEMA_VERSION", "UNIT_ORIGINS", "Conflict", "Memory", "Merge", "SearchHit", "Unit",
           "default_path", "normalise_key", "release_label", "timestamp"]
