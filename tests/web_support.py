"""Shared by the web tests: a Site over a copy of the repository's glossary and an empty memory (engine none),
a real uvicorn server for it on 127.0.0.1 and a free port, and Chromium driven by Playwright."""
from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import GLOSSARY_DIR, SAMPLES

SAMPLE = SAMPLES / "changde-higashiomi-2021" / "source.zh.txt"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def glossary_copy(folder: Path) -> Path:
    """Copy the repository's glossary TSV files (not its sources/) into `folder`; returns the copy."""
    target = folder / "glossary"
    target.mkdir(parents=True)
    for path in GLOSSARY_DIR.glob("*.tsv"):
        shutil.copy(path, target / path.name)
    return target


def make_site(folder: Path, **config):
    """Return a Site over a glossary copy and a fresh memory in `folder` (engine none unless told)."""
    from pipeline import api
    from pipeline.web.app import Site

    settings = {"engine": "none", "glossary": str(glossary_copy(folder)), "memory": str(folder / "memory.sqlite"),
                "quiet": True} | config
    return Site(api.Config(**settings), folder / "workspace")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(site):
    """Run `site` under uvicorn in a thread on 127.0.0.1 and a free port; yields its base URL."""
    import uvicorn

    from pipeline.web.server import create_app

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(site), host="127.0.0.1", port=port, log_level="warning",
                                          timeout_graceful_shutdown=1))
    site.start()
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        site.close()


def chromium_or_skip() -> str:
    """Return Chromium's path; skip without it on a workstation, fail under $CI (.ci/run installs it)."""
    if Path(CHROMIUM).exists():
        return CHROMIUM
    message = "chromium is not installed (apt-get install chromium)"
    if os.environ.get("CI"):
        pytest.fail(f"{message}, and CI must run the browser tests: .ci/run installs it", pytrace=False)
    pytest.skip(message, allow_module_level=True)
    raise AssertionError  # unreachable: skip raises


@contextmanager
def browser():
    """Yield a Playwright Chromium browser (Debian's, launched by path: Playwright's own download is unreachable)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_or_skip(), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()
