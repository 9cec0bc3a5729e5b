"""The `press` command: argparse subcommands, each a thin wrapper around one public function."""
from __future__ import annotations

import argparse
import importlib
import sys

from ..errors import PipelineError
from . import terminal

# command groups, one module each, every one exposing register(subparsers)
GROUPS = ("translate", "glossary", "memory", "review", "exchange", "serve")


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of `press` with every command group registered."""
    parser = argparse.ArgumentParser(prog="press", description=(
        "Turn Chinese government press releases into reviewed English releases."))
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for group in GROUPS:
        try:
            module = importlib.import_module(f"{__name__}.{group}")
        except ModuleNotFoundError as error:
            if error.name != f"{__name__}.{group}":
                raise
            continue
        module.register(subparsers)
    return parser


def _version() -> str:
    from ..api import package_version

    return package_version()


def report(error: PipelineError) -> None:
    """Print a user-fixable error as the one line `error: <file>[:<line>]: <what> — <how to fix>`."""
    print(f"error: {error}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Run `press` with `argv`; returns the exit code (0 ok, 1 findings, 2 user error)."""
    if sys.stdout is sys.__stdout__:  # the program's own output (not a caller's capture): made safe to print
        terminal.guard()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except PipelineError as error:
        report(error)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `press check --json | head -1`: the reader has what it wanted
        return terminal.closed_pipe()


__all__ = ["main", "build_parser", "report"]
