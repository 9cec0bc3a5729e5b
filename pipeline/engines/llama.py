"""The embedded engine: a GGUF model run in-process by llama-cpp-python (the only llama_cpp import)."""
from __future__ import annotations

import atexit
import math
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import EngineError, MissingDependency
from . import modelfile
from .base import Draft, Scores, TranslationRequest
from .prompt import PREFIX_ENDS, PROMPT_VERSION, SEED, Usage, build_messages, clean_output, token_limit
from .tokens import lookup, shared

if TYPE_CHECKING:  # llama_cpp loads only when a model is used
    from llama_cpp import Llama
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

_MODELS: dict[tuple, Llama] = {}  # one loaded model per (path, settings) for the whole process
_LOAD_LOCK = threading.Lock()
_SHA256: dict[tuple, str] = {}
# Every model computation runs on this one thread. llama.cpp computes with OpenMP, which keeps a team
# of worker threads per calling thread; once a second thread has computed, the teams' threads outnumber
# the cores and libgomp stops spin-waiting between parallel regions (its throttled spin count), so every
# token waits for wake-ups, for the rest of the process. Measured on 2 cores (benchmarks/bench_threads.py):
# decoding at 27.2 tokens/s with one calling thread, 19.6 with two, 20.1 with one again afterwards.
_MODEL_THREAD = "press-model"
# Prompt lookup: how many tokens to propose per step, by request kind. A repair copies most of its draft
# from the prompt, first drafts and retries copy glossary names and figures; a gloss (a word or two) and
# the raw model (a Chinese-only prompt) too little to pay for the larger batch (docs/benchmarks.md,
# "Prompt lookup": chosen on the tune half's requests replayed against measured batch costs).
LOOKAHEAD = {"repair": 15, "retry": 3, "sentence": 3, "paragraph": 3}
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
        # prompt lookup, per request kind: up to this many tokens copied from the prompt (or the answer so
        # far) are checked in one batch with the next token, and kept where the model picks them too;
        # {} decodes token by token
        self.lookahead = dict(LOOKAHEAD)
        self._lock = threading.Lock()
        self._formatter: Jinja2ChatFormatter | None = None
        # per constant prefix (first drafts and glosses; repairs), the context's state right after it
        self._states: dict[tuple[int, ...], bytes] = {}

    @property
    def signature(self) -> dict:
        """Return engine name, model file name, model sha256 and prompt version."""
        if not self._sha256:
            self._sha256 = file_sha256(self.model_path)
        return {"engine": self.name, "model": self.model_path.name, "model_sha256": self._sha256,
                "prompt_version": PROMPT_VERSION}

    def close(self) -> None:
        """Drop this engine's saved prefix states; the model itself is process-wide and closed at exit."""
        with self._lock:
            self._states.clear()

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
            started = time.perf_counter()  # a prefix evaluated or set back counts as prefill too
            prompt, stop = self._render(llama, messages)
            tokens = llama.tokenize(prompt.encode("utf-8"), special=True)
            reused = self._restore_prefix(llama, prompt, tokens)
            lookahead = self.lookahead.get(kind, 0)
            limit = min(max_tokens or self.max_tokens, self.n_ctx - len(tokens) - lookahead - 1)
            generated, logprobs, drafted, accepted, decode_s = _generate(llama, tokens, limit, stop, lookahead)
            seconds = time.perf_counter() - started
            self.usage.seconds += seconds
            self.usage.calls += 1
            self.usage.prompt_tokens += len(tokens)
            self.usage.completion_tokens += len(generated)
            self.usage.add(kind, prompt_tokens=len(tokens), reused_tokens=reused,
                           completion_tokens=len(generated), seconds=seconds, drafted_tokens=drafted,
                           accepted_tokens=accepted, prefill_s=seconds - decode_s, decode_s=decode_s)
            text = _text(llama, tokens, generated, stop)
            pieces = tuple(llama.detokenize([token]).decode("utf-8", "replace") for token in generated)
        return Draft(text, tuple(logprobs), pieces)

    def score(self, prompts: list[list[dict]], answer: str) -> Scores:
        """Return the log-probability of each token of `answer`, and of the end of the reply after it, as
        the model's reply to each prompt (chat messages): forced decoding, nothing generated.

        Consecutive prompts share the context up to where their tokens first differ (a sentence with one
        clause left out is evaluated again only from that clause on), and the first starts from the kept
        state after its constant prefix, so the scores are a function of the arguments alone.
        """
        return on_model_thread(self._score, prompts, answer)

    def _score(self, prompts: list[list[dict]], answer: str) -> Scores:
        llama = load_model(self.model_path, self.n_ctx, self.n_threads, self.seed, self.n_batch)
        with self._lock:
            started = time.perf_counter()
            rendered = [self._render(llama, messages) for messages in prompts]
            reply = llama.tokenize(answer.encode("utf-8"), add_bos=False, special=False)
            ends = llama.tokenize(rendered[0][1][0].encode("utf-8"), add_bos=False, special=True) \
                if rendered and rendered[0][1] else []
            reply += ends[:1] if len(ends) == 1 else [llama.token_eos()]
            found: list[tuple[float, ...]] = []
            total = evaluated = 0
            for number, (prompt, _) in enumerate(rendered):
                tokens = llama.tokenize(prompt.encode("utf-8"), special=True)
                if len(tokens) + len(reply) > self.n_ctx:
                    raise EngineError(f"a prompt and answer of {len(tokens) + len(reply)} tokens do not fit "
                                      f"the model's context of {self.n_ctx}", hint="score a shorter sentence")
                if number == 0:
                    self._restore_prefix(llama, prompt, tokens)
                else:  # keep what this prompt shares with the one before
                    llama.n_tokens = shared(llama.input_ids[:llama.n_tokens].tolist(), tokens)
                total += len(tokens) + len(reply)
                evaluated += len(tokens) + len(reply) - llama.n_tokens
                found.append(tuple(_forced(llama, tokens, reply)))
            seconds = time.perf_counter() - started
            self.usage.add("score", passes=len(rendered), prompt_tokens=total,
                           reused_tokens=total - evaluated, seconds=seconds, prefill_s=seconds)
            texts = [llama.detokenize(reply[:end]).decode("utf-8", "ignore") for end in range(len(reply))]
            pieces = tuple(text[len(before):] for before, text in zip(texts, texts[1:], strict=False)) + ("",)
        return Scores(pieces, tuple(found))

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
        # build_messages' plain {"role", "content"} dicts are llama_cpp's chat-message TypedDicts in shape
        formatted = self._formatter(messages=messages)  # type: ignore[arg-type]
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


def _generate(llama, tokens: list[int], limit: int, stop: list[str], lookahead: int):
    """Greedily decode after the prompt `tokens` (the context already holds llama.n_tokens of them).

    Return the generated tokens (an end-of-generation token excluded), each one's log-probability
    (max logit - logsumexp: greedy picks the arg-max), how many tokens prompt lookup proposed and how
    many the model confirmed, and the seconds spent decoding (after the prompt was evaluated).

    With lookahead > 0, the tokens that followed an earlier occurrence of the last tokens (`tokens.lookup`)
    are evaluated in one batch with the next token and kept while each is the arg-max of the logits
    before it; the rest leave the context. The answer is still the model's greedy answer and a function
    of the request alone; a batch rounds differently from one token at a time, so at a near tie it can
    differ from the answer decoded token by token.
    """
    import llama_cpp
    import numpy  # llama-cpp-python's own dependency, present wherever this engine runs

    ctx, vocab, n_vocab = llama._ctx, llama._model.vocab, llama.n_vocab()
    if llama.n_tokens >= len(tokens):  # nothing left to evaluate: evaluate the last prompt token again
        llama.n_tokens = len(tokens) - 1
    llama.eval(tokens[llama.n_tokens:])
    row = numpy.ctypeslib.as_array(ctx.get_logits_ith(-1), shape=(n_vocab,)).copy()
    started = time.perf_counter()
    generated: list[int] = []
    logprobs: list[float] = []
    drafted = accepted = 0
    stops = [s.encode("utf-8") for s in stop if s]
    while len(generated) < limit:
        token = int(row.argmax())
        if llama_cpp.llama_vocab_is_eog(vocab, token):
            break
        generated.append(token)
        logprobs.append(_logprob(row, token))
        proposal = lookup(tokens + generated, min(lookahead, limit - len(generated)))
        batch = [token] + proposal
        n_past = llama.n_tokens
        llama._batch.set_batch(batch=batch, n_past=n_past, logits_all=True)
        ctx.decode(llama._batch)
        llama.input_ids[n_past:n_past + len(batch)] = batch
        llama.n_tokens += len(batch)
        rows = numpy.ctypeslib.as_array(ctx.get_logits(), shape=(len(batch), n_vocab))
        kept = 0
        while kept < len(proposal) and int(rows[kept].argmax()) == proposal[kept] \
                and not llama_cpp.llama_vocab_is_eog(vocab, proposal[kept]):
            generated.append(proposal[kept])
            logprobs.append(_logprob(rows[kept], proposal[kept]))
            kept += 1
        drafted, accepted = drafted + len(proposal), accepted + kept
        if kept < len(proposal):  # the proposal's rejected tail leaves the context
            llama.n_tokens = n_past + 1 + kept
            ctx.kv_cache_seq_rm(-1, llama.n_tokens, -1)
        if stops and any(stop in llama.detokenize(generated, prev_tokens=tokens) for stop in stops):
            break  # _text cuts the answer before the stop string
        row = rows[kept].copy()
    return generated, logprobs, drafted, accepted, time.perf_counter() - started


def _forced(llama, tokens: list[int], reply: list[int]) -> list[float]:
    """Evaluate the prompt `tokens` (the context holds llama.n_tokens of them already) and the `reply`
    after it; return each reply token's log-probability (its logit - logsumexp of the row before it)."""
    import numpy

    if llama.n_tokens < len(tokens) - 1:
        llama.eval(tokens[llama.n_tokens:-1])
    ctx, n_vocab = llama._ctx, llama.n_vocab()
    ctx.kv_cache_seq_rm(-1, llama.n_tokens, -1)
    batch, found = [tokens[-1]] + reply[:-1], list[float]()
    for start in range(0, len(batch), llama.n_batch):  # each row's logits predict the next reply token
        chunk, n_past = batch[start:start + llama.n_batch], llama.n_tokens
        llama._batch.set_batch(batch=chunk, n_past=n_past, logits_all=True)
        ctx.decode(llama._batch)
        llama.input_ids[n_past:n_past + len(chunk)] = chunk
        llama.n_tokens += len(chunk)
        rows = numpy.ctypeslib.as_array(ctx.get_logits(), shape=(len(chunk), n_vocab))
        top = rows.max(axis=1)
        norm = top + numpy.log(numpy.exp(rows - top[:, None]).sum(axis=1))
        wanted = reply[start:start + len(chunk)]
        found.extend(float(value) for value in rows[numpy.arange(len(chunk)), wanted] - norm)
    return found


def _logprob(row, token: int) -> float:
    """The log-probability of `token` under the logits `row` (a numpy array): its logit - logsumexp."""
    import numpy

    return -math.log(float(numpy.exp(row - row[token]).sum()))


def _text(llama, tokens: list[int], generated: list[int], stop: list[str]) -> str:
    """Return the answer's text, cut before the first stop string (as llama-cpp-python does)."""
    text = llama.detokenize(generated, prev_tokens=tokens)
    found = [text.index(s.encode("utf-8")) for s in stop if s and s.encode("utf-8") in text]
    return (text[:min(found)] if found else text).decode("utf-8", errors="ignore")
