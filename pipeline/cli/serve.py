"""`press serve`: the web app (releases, glossary, memory in a browser); argument parsing only."""
from __future__ import annotations

import getpass
from pathlib import Path

from .. import api
from ..errors import MissingDependency, PipelineError
from .memory import MEMORY_HELP

WEB_LIBRARIES = ("starlette", "jinja2", "markupsafe", "uvicorn", "babel", "multipart", "python_multipart")


def register(subparsers) -> None:
    parser = subparsers.add_parser("serve", help="the web app: drop releases, keep the glossary, search the memory",
                                   description="Serve the office's workspace in a browser: upload releases and "
                                   "follow their translation, read and download the review table, ingest reviewed "
                                   "files, search and edit the glossary and the memory. Listens on 127.0.0.1 unless "
                                   "--host says otherwise; any other address needs --token or --users.")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    parser.add_argument("--port", type=int, default=8765, help="port (default 8765)")
    parser.add_argument("--workspace", type=Path, default=None,
                        help="folder for uploads and outputs (default: $PRESS_HOME/web)")
    parser.add_argument("--token", default="", metavar="TOKEN|auto",
                        help="sign in with this token (auto: one is made up and printed at start)")
    parser.add_argument("--users", type=Path, default=None, metavar="FILE",
                        help="sign in by name and password from this file (name:scrypt hash a line)")
    parser.add_argument("--add-user", default=None, metavar="NAME",
                        help="add NAME to the --users file (the password is asked twice), then exit")
    parser.add_argument("--engine", default=None, help="none | llama | openai (default from press.toml)")
    parser.add_argument("--model", default=None, help="GGUF path (llama) or model name (openai)")
    parser.add_argument("--base-url", default=None, help="OpenAI-compatible server URL")
    parser.add_argument("--api-key-env", default=None, help="environment variable holding the API key")
    parser.add_argument("--glossary", default=None, help="glossary folder (default: ./glossary)")
    parser.add_argument("--memory", default=None, metavar="FILE|URL", help=MEMORY_HELP)
    parser.set_defaults(handler=run)


def _web():
    try:
        from .. import web
    except ModuleNotFoundError as error:
        if (error.name or "").split(".")[0] in WEB_LIBRARIES:
            raise MissingDependency(f"the web app needs {error.name}, which is not installed",
                                    hint="pip install 'press-pipeline[web]'") from None
        raise
    return web


def run(args) -> int:
    """Handle `press serve` (or add a user to the users file with --add-user)."""
    web = _web()
    if args.add_user is not None:
        if args.users is None:
            raise PipelineError("--add-user needs the --users FILE to add to", hint="pass --users FILE")
        password = getpass.getpass(f"password for {args.add_user}: ")
        if password != getpass.getpass("again: "):
            raise PipelineError("the two passwords differ", hint="nothing was written; try again")
        web.add_user(args.users, args.add_user, password)
        print(f"{args.users}: {args.add_user} can sign in")
        return 0
    config = api.load_config({"engine": args.engine, "model": args.model, "base_url": args.base_url,
                              "api_key_env": args.api_key_env, "glossary": args.glossary, "memory": args.memory,
                              "quiet": True})
    web.serve(config, args.host, args.port, args.workspace, args.token, args.users)
    return 0
