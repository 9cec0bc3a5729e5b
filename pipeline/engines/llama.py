"""The embedded engine: a GGUF model run in-process by llama-cpp-python (the only llama_cpp import)."""
from __future__ import annotations

import atexit
import os
import threading
import time
from pathlib import Path

from ..errors import EngineError, MissingDependency
from . import modelfile
from .base import TranslationRequest
from .prompt import PROMPT_VERSION, SEED, Usage, build_messages, clean_output

_MODELS: dict[tuple, object] = {}  # one loaded model per (path, settings) for the whole process
_LOAD_LOCK = threading.Lock()
_SHA256: dict[tuple, str] = {}


def load_model(path: Path, n_ctx: int, n_threads: int, seed: int):
    """Return the process-wide llama_cpp.Llama for path, loading it on first use only."""
    key = (str(path.resolve()), n_ctx, n_threads, seed)
    with _LOAD_LOCK:
        if key not in _MODELS:
            try:
                from llama_cpp import Llama
            except ImportError as exc:
                raise MissingDependency("the embedded engine needs llama-cpp-python",
                                        hint="pip install 'press-pipeline[model]'") from exc
            try:
                _MODELS[key] = Llama(model_path=str(path), n_ctx=n_ctx, n_threads=n_threads,
                                     seed=seed, verbose=False)
            except ValueError as exc:
                raise EngineError(f"cannot load the model: {exc}", path=path,
                                  hint="pass --model PATH to a valid GGUF file") from exc
        return _MODELS[key]


@atexit.register
def _close_models() -> None:
    # closing before interpreter teardown avoids llama_cpp's noisy __del__ at exit
    with _LOAD_LOCK:
        for model in _MODELS.values():
            model.close()
        _MODELS.clear()


def file_sha256(path: Path) -> str:
    """Return the sha256 of a model file, computed once per process per (path, size, mtime)."""
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    if key not in _SHA256:
        _SHA256[key] = modelfile.sha256_of(path)
    return _SHA256[key]


class LlamaEngine:
    """Drafts segments with a local GGUF model: deterministic, loaded once, one request at a time."""

    name = "llama"
    concurrency = 1  # one llama context; more threads would only queue on the lock

    def __init__(self, model: str | Path | None = None, n_ctx: int = 2048, n_threads: int | None = None,
                 seed: int = SEED, max_tokens: int = 512, **_ignored):
        if model:
            self.model_path = Path(model).expanduser()
            if not self.model_path.is_file():
                raise EngineError("model file not found", path=self.model_path,
                                  hint="pass --model PATH to an existing .gguf file, or omit --model")
            self._sha256 = ""
        else:
            self.model_path = modelfile.model_path()
            self._sha256 = modelfile.DEFAULT_MODEL.sha256
        self.n_ctx = n_ctx
        self.n_threads = n_threads or max(1, min(os.cpu_count() or 1, 4))
        self.seed = seed
        self.max_tokens = max_tokens
        self.usage = Usage()
        self._lock = threading.Lock()

    @property
    def signature(self) -> dict:
        """Return engine name, model file name, model sha256 and prompt version."""
        if not self._sha256:
            self._sha256 = file_sha256(self.model_path)
        return {"engine": self.name, "model": self.model_path.name, "model_sha256": self._sha256,
                "prompt_version": PROMPT_VERSION}

    def translate(self, request: TranslationRequest) -> str:
        """Return the English draft of request.zh."""
        limit = min(self.max_tokens, 48 + 4 * len(request.zh))  # bounds runaway repetition
        return clean_output(self.complete(build_messages(request), max_tokens=limit))

    def complete(self, messages: list[dict], max_tokens: int | None = None) -> str:
        """Return the model's raw reply to chat messages (temperature 0, fixed seed)."""
        llama = load_model(self.model_path, self.n_ctx, self.n_threads, self.seed)
        with self._lock:
            started = time.perf_counter()
            # reusing the previous prompt's KV cache makes the same request decode differently
            # (and was once 30x slower); a reset keeps every answer a function of its request
            llama.reset()
            result = llama.create_chat_completion(messages=messages, temperature=0.0, seed=self.seed,
                                                  max_tokens=max_tokens or self.max_tokens)
            self.usage.seconds += time.perf_counter() - started
            self.usage.calls += 1
            usage = result.get("usage") or {}
            self.usage.prompt_tokens += usage.get("prompt_tokens", 0)
            self.usage.completion_tokens += usage.get("completion_tokens", 0)
        return result["choices"][0]["message"]["content"] or ""
