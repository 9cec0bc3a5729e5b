"""`press serve`: the office's workspace in a browser — releases dropped and reviewed, the glossary kept, the
memory searched — a thin layer of pages over pipeline.api (see docs/web.md)."""
from __future__ import annotations

from pathlib import Path

from .. import api
from ..paths import press_home
from .app import Site
from .auth import add_user, sign_in_for


def default_workspace() -> Path:
    """Return where the server keeps uploads and outputs unless told: $PRESS_HOME/web."""
    return press_home() / "web"


def serve(config: api.Config, host: str = "127.0.0.1", port: int = 8765, workspace: Path | None = None,
          token: str = "", users: Path | None = None, announce=None) -> None:
    """Run the web app until Ctrl-C; refuses an address other machines reach unless a sign-in is set."""
    from .server import run  # the ASGI stack loads only to serve

    site = Site(config, Path(workspace) if workspace else default_workspace(), host, sign_in_for(host, token, users))
    run(site, port, announce or (lambda line: print(line, flush=True)))


__all__ = ["Site", "add_user", "default_workspace", "serve", "sign_in_for"]
