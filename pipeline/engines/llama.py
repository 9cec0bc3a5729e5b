"""The embedded engine: a GGUF model run in-process by llama-cpp-python (the only llama_cpp import)."""
from __future__ import annotations

import atexit
import math
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..errors import EngineError, MissingDependency
from . import modelfile
from .base import Draft, TranslationRequest
from .prompt import PREFIX_ENDS, PROMPT_VERSION, SEED, Usage, build_messages, clean_output, token_limit

_MODELS: dict[tuple, object] = {}  # one loaded model per (path, settings) for the whole process
_LOAD_LOCK = threading.Lock()
_SHA256: dict[tuple, str] = {}
# Every model computation runs on this one thread. llama.cpp computes with OpenMP, which keeps a team
# of worker threads per calling thread; once a second thread has computed, the teams' threads outnumber
# the cores and libgomp stops spin-waiting between parallel regions (its throttled spin count), so every
# token waits for wake-ups, for the rest of the process. Measured on 2 cores (benchmarks/bench_threads.py):
# decoding at 27.2 tokens/s with one calling thread, 19.6 with two, 20.1 with one again afterwards.
_MODEL_THREAD = "press-model"
_WORKER: ThreadPoolExecutor | None = None
_WORKER_LOCK = threading.Lock()


def on_model_thread(function, *args, **kwargs):
    """Return function(*args, **kwargs), run on the process's one model thread."""
    global _WORKER
    if threading.current_thread().name.startswith(_MODEL_THREAD):
        return function(*args, **kwargs)
    with _WORKER_LOCK:
        if _WORKER is None:
            _WORKER = ThreadPoolExecutor(max_workers=1, thread_name_prefix=_MODEL_THREAD)
    return _WORKER.submit(function, *args, **kwargs).result()


def load_model(path: Path, n_ctx: int, n_threads: int, seed: int, n_batch: int = 512):
    """Return the process-wide llama_cpp.Llama for path, loading it (on the model thread) on first use only."""
    return on_model_thread(_load_model, path, n_ctx, n_threads, seed, n_batch)


def _load_model(path: Path, n_ctx: int, n_threads: int, seed: int, n_batch: int):
    key = (str(path.resolve()), n_ctx, n_threads, seed, n_batch)
    with _LOAD_LOCK:
        if key not in _MODELS:
            try:
                from llama_cpp import Llama
            except ImportError as exc:
                raise MissingDependency("the embedded engine needs llama-cpp-python",
                                        hint="pip install 'press-pipeline[model]'") from exc
            try:
                _MODELS[key] = Llama(model_path=str(path), n_ctx=n_ctx, n_threads=n_threads, n_batch=n_batch,
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


class _Recorder:
    """A logits processor that records the log-probability of each token greedy decoding picks.

    At temperature 0 with no penalties the next token is the arg-max of the logits, so its
    log-probability is max - logsumexp; the logits are returned unchanged.
    """

    def __init__(self):
        self.logprobs: list[float] = []

    def __call__(self, input_ids, scores):
        import numpy  # llama-cpp-python's own dependency, present wherever this engine runs

        top = float(scores.max())
        self.logprobs.append(-math.log(float(numpy.exp(scores - top).sum())))  # top - logsumexp
        return scores


class LlamaEngine:
    """Drafts segments with a local GGUF model: deterministic, loaded once, one request at a time.

    Every request starts from the model state right after its constant prompt prefix (system message
    and instruction line), evaluated once on its own: the prefix is not recomputed per request, and
    each answer stays a function of its request whatever ran before.
    """

    name = "llama"
    concurrency = 1  # one llama context; more threads would only queue on the lock

    def __init__(self, model: str | Path | None = None, n_ctx: int = 4096, n_threads: int | None = None,
                 seed: int = SEED, max_tokens: int = 512, n_batch: int = 512, **_ignored):
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
        self.n_batch = n_batch
        self.seed = seed
        self.max_tokens = max_tokens
        self.usage = Usage()
        self.reuse_prefix = True
        self._lock = threading.Lock()
        self._formatter = None
        # per constant prefix (first drafts and glosses; repairs), the context's state right after it
        self._states: dict[tuple[int, ...], bytes] = {}

    @property
    def signature(self) -> dict:
        """Return engine name, model file name, model sha256 and prompt version."""
        if not self._sha256:
            self._sha256 = file_sha256(self.model_path)
        return {"engine": self.name, "model": self.model_path.name, "model_sha256": self._sha256,
                "prompt_version": PROMPT_VERSION}

    def translate(self, request: TranslationRequest) -> Draft:
        """Return the English draft of the request (one numbered line per sentence for a paragraph)."""
        draft = self.complete(build_messages(request), max_tokens=token_limit(request, self.max_tokens),
                              kind=request.kind)
        text = draft.text if request.sentences else clean_output(draft.text)
        return Draft(text, draft.logprobs, draft.pieces)

    def complete(self, messages: list[dict], max_tokens: int | None = None, kind: str = "raw") -> Draft:
        """Return the model's raw reply to chat messages (temperature 0, fixed seed) with token logprobs."""
        return on_model_thread(self._complete, messages, max_tokens, kind)

    def _complete(self, messages: list[dict], max_tokens: int | None, kind: str) -> Draft:
        llama = load_model(self.model_path, self.n_ctx, self.n_threads, self.seed, self.n_batch)
        with self._lock:
            perf, started = _perf(llama), time.perf_counter()  # a prefix evaluated or set back counts too
            prompt, stop = self._render(llama, messages)
            tokens = llama.tokenize(prompt.encode("utf-8"), special=True)
            reused = self._restore_prefix(llama, prompt, tokens)
            recorder = _Recorder()
            from llama_cpp import LogitsProcessorList

            result = llama.create_completion(prompt=tokens, max_tokens=max_tokens or self.max_tokens,
                                             temperature=0.0, seed=self.seed, stop=stop,
                                             logits_processor=LogitsProcessorList([recorder]))
            seconds = time.perf_counter() - started
            after = _perf(llama)
            usage = result.get("usage") or {}
            self.usage.seconds += seconds
            self.usage.calls += 1
            self.usage.prompt_tokens += usage.get("prompt_tokens", 0)
            self.usage.completion_tokens += usage.get("completion_tokens", 0)
            self.usage.add(kind, prompt_tokens=usage.get("prompt_tokens", 0), reused_tokens=reused,
                           completion_tokens=usage.get("completion_tokens", 0), seconds=seconds,
                           prefill_s=(after[0] - perf[0]) / 1000, decode_s=(after[1] - perf[1]) / 1000)
            text = result["choices"][0]["text"] or ""
            generated = llama._input_ids.tolist()[len(tokens):]
            pieces = tuple(llama.detokenize([token]).decode("utf-8", "replace") for token in generated)
        logprobs = tuple(recorder.logprobs[:len(pieces)])
        return Draft(text, logprobs, pieces[:len(logprobs)])

    def _render(self, llama, messages: list[dict]) -> tuple[str, list[str]]:
        """Return the prompt text of chat messages in the model's own chat template, and its stop strings."""
        if self._formatter is None:
            from llama_cpp import llama_chat_format

            template = llama.metadata.get("tokenizer.chat_template")
            if not template:
                raise EngineError("the model file has no chat template", path=self.model_path,
                                  hint="use a chat/instruct GGUF model")
            self._formatter = llama_chat_format.Jinja2ChatFormatter(
                template=template, eos_token=llama._model.token_get_text(llama.token_eos()),
                bos_token=llama._model.token_get_text(llama.token_bos()))
        formatted = self._formatter(messages=messages)
        stop = formatted.stop if isinstance(formatted.stop, list) else [formatted.stop] if formatted.stop else []
        return formatted.prompt, stop

    def _restore_prefix(self, llama, prompt: str, tokens: list[int]) -> int:
        """Put the context in the state right after this prompt's constant prefix; return how many
        prompt tokens that saves (0 when the prefix had to be evaluated, or the prompt has none).

        A constant prefix (a system message of PREFIX_ENDS) is evaluated alone the first time and its
        state kept (about 2 MB each, set back in milliseconds); a later request with the same prefix
        truncates the context back to it when the context still starts with it, else sets the kept
        state back, so the rest of the prompt is evaluated on exactly the same state every time. A
        prompt without one (the plain retry) starts from an empty context and leaves the kept states alone.
        """
        ends = [prompt.find(marker) + len(marker) for marker in PREFIX_ENDS if marker in prompt]
        prefix = tuple(llama.tokenize(prompt[:ends[0]].encode("utf-8"), special=True)) \
            if ends and self.reuse_prefix else ()
        if not prefix or tuple(tokens[:len(prefix)]) != prefix:
            llama.reset()
            return 0
        if prefix not in self._states:
            llama.reset()
            llama.eval(list(prefix))
            self._states[prefix] = _get_state(llama)
            reused = 0
        else:
            if llama.n_tokens < len(prefix) or tuple(llama._input_ids.tolist()[:len(prefix)]) != prefix:
                _set_state(llama, self._states[prefix])
                llama.input_ids[:len(prefix)] = prefix
            reused = len(prefix)
        llama.n_tokens = len(prefix)  # everything after the prefix is dropped before the next eval
        return reused


def _get_state(llama) -> bytes:
    """Return the context's state (its KV cache for the tokens evaluated so far) as bytes."""
    import ctypes

    import llama_cpp

    size = llama_cpp.llama_state_get_size(llama._ctx.ctx)
    buffer = (ctypes.c_uint8 * size)()
    written = llama_cpp.llama_state_get_data(llama._ctx.ctx, buffer, size)
    return ctypes.string_at(buffer, written)


def _set_state(llama, state: bytes) -> None:
    """Set a state from _get_state back into the context (llama-cpp-python's load_state would also
    copy its logits array, hundreds of MB, which the next evaluation overwrites anyway)."""
    import ctypes

    import llama_cpp

    buffer = (ctypes.c_uint8 * len(state)).from_buffer_copy(state)
    if llama_cpp.llama_state_set_data(llama._ctx.ctx, buffer, len(state)) != len(state):
        raise EngineError("llama.cpp could not restore the model's state",
                          hint="run the command again; if it recurs, reinstall llama-cpp-python")


def _perf(llama) -> tuple[float, float]:
    """Return the context's cumulative prompt-evaluation and generation milliseconds."""
    import llama_cpp

    data = llama_cpp.llama_perf_context(llama._ctx.ctx)
    return data.t_p_eval_ms, data.t_eval_ms
