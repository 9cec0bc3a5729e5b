"""Translation engines: make_engine(name, **options) builds "none", "llama" or "openai"."""
from __future__ import annotations

from ..config import ENGINE_NAMES
from ..errors import EngineError
from .base import Engine, TranslationRequest


def make_engine(name: str, **options) -> Engine | None:
    """Return the named engine built from CLI/config options (None-valued ones ignored); "none" -> None."""
    options = {key: value for key, value in options.items() if value is not None}
    if name == "none":
        return None
    if name == "llama":
        from .llama import LlamaEngine
        return LlamaEngine(**options)
    if name == "openai":
        from .openai import OpenAIEngine
        return OpenAIEngine(**options)
    raise EngineError(f"unknown engine {name!r}", hint="choose one of: " + ", ".join(ENGINE_NAMES))


__all__ = ["ENGINE_NAMES", "Engine", "TranslationRequest", "make_engine"]
