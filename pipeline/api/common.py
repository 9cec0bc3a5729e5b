"""What every API module shares: the settings a caller loaded, else press.toml's."""
from __future__ import annotations

from .. import config as config_module
from ..config import Config


def loaded(config: Config | None) -> Config:
    """Return the settings a caller loaded (the CLI, with its flags), else press.toml's."""
    return config if config is not None else config_module.load()
