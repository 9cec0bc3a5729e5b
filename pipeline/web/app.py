"""The web app's pieces put together: the Site (settings, job runner, sign-in, keys) and the table of routes
(each a handler taking (site, request) and returning a Page, Redirect, Download or EventStream), with the
routes every page shares: home, sign-in and -out, the UI language."""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .. import api
from . import glossary, memory, releases
from .auth import Keys, SignIn
from .http import Page, Redirect, Reply, Request
from .i18n import LANGUAGES
from .jobs import Runner
from .workspace import Shelf

MAX_FILES = 50  # files in one upload
STATIC = {path.name: path for path in sorted((Path(__file__).resolve().parent / "static").iterdir()) if path.is_file()}


@dataclass(frozen=True)
class Route:
    """One route: `page` GET routes are also served as `<path>.json`; `public` ones need no sign-in."""

    method: str
    path: str
    handler: Callable[["Site", Request], Reply]
    page: bool = True
    public: bool = False


class Site:
    """Everything the handlers share: the settings, the glossary and memory in use, the job runner."""

    def __init__(self, config: api.Config, workspace: Path, host: str = "127.0.0.1", sign_in: SignIn | None = None,
                 keys: Keys | None = None):
        self.config, self.host, self.sign_in = config, host, sign_in or SignIn()
        self.glossary = Path(config.glossary_dir()).resolve()
        self.memory = config.memory
        self.workspace = Path(workspace)
        self.runner = Runner(self.workspace / "releases", config, self.glossary)
        self.reviews = Shelf(self.workspace / "reviews")
        self.keys = keys or Keys()
        self.version = api.package_version()

    def start(self) -> None:
        self.runner.start()

    def close(self) -> None:
        self.runner.close()

    def routes(self) -> list[Route]:
        return [Route(*route) for route in COMMON + releases.ROUTES + glossary.ROUTES + memory.ROUTES]


def local(path: str, default: str = "/") -> str:
    """Return `path` when it is a page of this server (/…, not //…), else `default`: never an open redirect."""
    return path if path.startswith("/") and not path.startswith("//") and "\\" not in path else default


def home(site: Site, request: Request) -> Reply:
    return Redirect("/releases")


def sign_in_page(site: Site, request: Request) -> Reply:
    return Page("signin.html", {"users": bool(site.sign_in.users), "error": ""})


def sign_in(site: Site, request: Request) -> Reply:
    who = site.sign_in.check(request.get("name"), request.form.get("secret", ""))
    if who is None:
        time.sleep(1.0)  # a guess a second, per connection
        return Page("signin.html", {"users": bool(site.sign_in.users), "error": "wrong name, password or token"}, 401)
    request.session.user = who
    return Redirect("/releases")


def sign_out(site: Site, request: Request) -> Reply:
    request.session.user = ""
    return Redirect("/signin" if site.sign_in.required else "/releases")


def language(site: Site, request: Request) -> Reply:
    chosen = request.get("lang")
    if chosen in LANGUAGES:
        request.session.lang = chosen
    return Redirect(local(request.get("next")))


COMMON: list[tuple] = [("GET", "/", home, False), ("GET", "/signin", sign_in_page, True, True),
          ("POST", "/signin", sign_in, False, True), ("POST", "/signout", sign_out, False, True),
          ("POST", "/language", language, False, True)]
