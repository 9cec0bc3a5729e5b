"""Where press-pipeline keeps its files: the only `platformdirs` import."""
from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def press_home() -> Path:
    """Return the data/cache root: $PRESS_HOME when set, else the platform's user cache directory."""
    home = os.environ.get("PRESS_HOME", "").strip()
    if home:
        return Path(home).expanduser()
    return Path(platformdirs.user_cache_dir("press-pipeline", appauthor=False))


def models_dir() -> Path:
    """Return the directory holding assembled GGUF model files."""
    return press_home() / "models"


def cache_dir() -> Path:
    """Return the directory holding the draft result cache."""
    return press_home() / "cache"
