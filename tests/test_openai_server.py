"""The OpenAI-compatible engine against a real `python -m llama_cpp.server` with the same GGUF."""
from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from pipeline import config, runner
from pipeline.engines import make_engine
from pipeline.errors import EngineError
from pipeline.model import Release
from pipeline.stages.check import HAN

from engine_support import CountingEngine, free_port, model_file  # noqa: F401  (fixture)

pytestmark = pytest.mark.slow
ALIAS = "press-test-model"


def wait_for_models(url: str, process: subprocess.Popen, timeout: float = 180.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"llama_cpp.server exited with {process.returncode}: "
                               f"{process.stderr.read().decode(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/v1/models", timeout=2) as response:
                if ALIAS in json.load(response)["data"][0]["id"]:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"llama_cpp.server did not answer {url}/v1/models within {timeout:.0f} s")


@pytest.fixture(scope="module")
def server_url(model_file):
    pytest.importorskip("llama_cpp.server", reason="pip install 'press-pipeline[server]'")
    port = free_port()
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(model_file), "--host", "127.0.0.1",
               "--port", str(port), "--model_alias", ALIAS, "--n_ctx", "2048", "--verbose", "False"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_models(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stderr.close()


def test_release_drafted_through_the_server_uses_the_glossary(server_url, tmp_path):
    engine = CountingEngine(make_engine("openai", base_url=server_url, model=ALIAS, concurrency=2))
    options = {"engine": "none", "quiet": True, "memory": str(tmp_path / "memory.sqlite")}  # not the user's
    ctx = dataclasses.replace(runner.build_context(config.load(options)), engine=engine, cache=None)
    text = "常德市与日本东近江市于1994年缔结友好城市关系。东近江市市长向常德市人民致以问候。"
    release = runner.run(Release(path=Path("r.txt"), headline="", paragraphs=(text,)), ctx, stop_after="names")
    result = runner.run(release, ctx, start_after="names", stop_after="repair")
    body = [seg for seg in result.segments if seg.zh]
    # one paragraph request (or two sentence requests), then at most a repair per sentence and
    # a short request for each run of words left in Chinese
    assert len(body) == 2 and 1 <= engine.calls <= 8
    for seg in body:
        assert seg.origin == "engine" and not HAN.search(seg.en)
        assert "higashiomi" in seg.en.casefold() and "changde" in seg.en.casefold(), seg.en
    assert engine.engine.usage.completion_tokens > 0
    assert engine.signature["engine"] == "openai" and engine.signature["model"] == ALIAS


def test_base_url_with_v1_works_too(server_url):
    engine = make_engine("openai", base_url=server_url + "/v1/", model=ALIAS)
    assert engine.complete([{"role": "user", "content": "Reply with the single word: yes"}], max_tokens=4)


def test_wrong_base_url_is_a_clear_404(server_url):
    engine = make_engine("openai", base_url=server_url + "/api", model=ALIAS)
    with pytest.raises(EngineError, match="404") as error:
        engine.complete([{"role": "user", "content": "hi"}], max_tokens=2)
    assert "--base-url" in error.value.hint
