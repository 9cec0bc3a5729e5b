"""Any OpenAI-compatible chat-completions server over HTTP (the only httpx import)."""
from __future__ import annotations

import os
import threading
import time

import httpx

from ..errors import EngineError
from .base import Draft, TranslationRequest
from .prompt import PROMPT_VERSION, SEED, Usage, build_messages, clean_output, token_limit

RETRY_STATUS = frozenset({408, 429, 500, 502, 503, 504})


def chat_url(base_url: str) -> str:
    """Return the chat-completions URL for a base URL given with or without /v1."""
    base = base_url.strip().rstrip("/")
    if base.endswith("/chat/completions"):
        return base
    if not base.endswith("/v1"):
        base += "/v1"
    return base + "/chat/completions"


class OpenAIEngine:
    """Drafts segments through POST {base_url}/v1/chat/completions with retries and a request limit."""

    name = "openai"

    def __init__(self, base_url: str | None = None, model: str | None = None,
                 api_key_env: str | None = None, concurrency: int | None = None,
                 timeout: float = 120.0, retries: int = 3, backoff: float = 1.0,
                 max_tokens: int = 512, **_ignored):
        if not base_url:
            raise EngineError("the openai engine needs a server address",
                              hint="pass --base-url http://host:port (or set [engine] base_url in press.toml)")
        self.base_url = base_url
        self.url = chat_url(base_url)
        self.model = model or "default"
        self.api_key_env = api_key_env or "PRESS_API_KEY"
        self.concurrency = max(1, int(concurrency or 4))
        self.retries = retries
        self.backoff = backoff
        self.max_tokens = max_tokens
        self.logprobs = True  # asked for; a server that refuses the field is asked again without it
        self.usage = Usage()
        key = os.environ.get(self.api_key_env, "")
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        self._client = httpx.Client(headers=headers, timeout=httpx.Timeout(timeout, connect=10.0))
        self._slots = threading.Semaphore(self.concurrency)
        self._usage_lock = threading.Lock()

    @property
    def signature(self) -> dict:
        """Return engine name, model name, prompt version (a server's model sha256 is unknown)."""
        return {"engine": self.name, "model": self.model, "model_sha256": "",
                "prompt_version": PROMPT_VERSION, "base_url": self.base_url}

    def translate(self, request: TranslationRequest) -> Draft:
        """Return the English draft of the request (one numbered line per sentence for a paragraph)."""
        draft = self.complete(build_messages(request), max_tokens=token_limit(request, self.max_tokens),
                              kind=request.kind)
        return draft if request.sentences else Draft(clean_output(draft.text), draft.logprobs, draft.pieces)

    def complete(self, messages: list[dict], max_tokens: int | None = None, kind: str = "raw") -> Draft:
        """Return the server's reply to chat messages (temperature 0, fixed seed), with token logprobs
        when the server gives them."""
        payload = {"model": self.model, "messages": messages, "temperature": 0.0, "seed": SEED,
                   "max_tokens": max_tokens or self.max_tokens}
        if self.logprobs:
            payload["logprobs"] = True
        started = time.perf_counter()
        with self._slots:
            data = self._post(payload)
        try:
            choice = data["choices"][0]
            text = choice["message"]["content"] or ""
        except (KeyError, IndexError, TypeError) as exc:
            raise EngineError(f"{self.url} answered without choices[0].message.content",
                              hint="is --base-url an OpenAI-compatible server?") from exc
        tokens = ((choice.get("logprobs") or {}).get("content") or []) if isinstance(choice, dict) else []
        logprobs = tuple(float(item["logprob"]) for item in tokens if isinstance(item.get("logprob"), (int, float)))
        pieces = tuple(str(item.get("token", "")) for item in tokens)
        seconds = time.perf_counter() - started
        with self._usage_lock:
            self.usage.calls += 1
            self.usage.seconds += seconds
            usage = data.get("usage") or {}
            self.usage.prompt_tokens += usage.get("prompt_tokens", 0) or 0
            self.usage.completion_tokens += usage.get("completion_tokens", 0) or 0
            self.usage.add(kind, prompt_tokens=usage.get("prompt_tokens", 0) or 0,
                           completion_tokens=usage.get("completion_tokens", 0) or 0, seconds=seconds)
        if len(pieces) != len(logprobs):
            logprobs, pieces = (), ()
        return Draft(text, logprobs, pieces)

    def _post(self, payload: dict) -> dict:
        problem = ""
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                response = self._client.post(self.url, json=payload)
            except httpx.TimeoutException:
                problem = "timed out"
                continue
            except httpx.ConnectError as exc:
                raise EngineError(f"cannot connect to {self.url}: {exc}",
                                  hint="is the server running? check --base-url") from exc
            if response.status_code in RETRY_STATUS:
                problem = f"answered {response.status_code}"
                continue
            if response.status_code == 400 and payload.pop("logprobs", None) and "logprobs" in response.text:
                self.logprobs = False  # this server does not know the field: confidence stays unknown
                return self._post(payload)
            self._raise_for_status(response)
            return response.json()
        raise EngineError(f"{self.url} {problem} after {self.retries + 1} attempts",
                          hint="the server is overloaded or slow; retry later or lower [engine] concurrency")

    def _raise_for_status(self, response: httpx.Response) -> None:
        status = response.status_code
        if status in (401, 403):
            raise EngineError(f"{self.url} refused the API key ({status})",
                              hint=f"put a valid key in the environment variable {self.api_key_env} "
                                   "(or choose another with --api-key-env)")
        if status == 404:
            raise EngineError(f"{self.url} answered 404: unknown model {self.model!r} or wrong base URL",
                              hint="check --model and --base-url (with or without /v1)")
        if status >= 400:
            raise EngineError(f"{self.url} answered {status}: {response.text[:200]}")

    def close(self) -> None:
        """Close the HTTP connection pool."""
        self._client.close()
