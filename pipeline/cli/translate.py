"""`press translate FILE… [-o DIR]`: read, draft, check and write each release."""
from __future__ import annotations

import sys
from pathlib import Path

from .. import config as config_module
from ..api import translate_file
from ..errors import PipelineError
from ..model import Credits
from ..runner import STAGE_NAMES, build_context


def register(subparsers) -> None:
    parser = subparsers.add_parser("translate", help="translate releases into reviewable drafts",
                                   description="Read each release (.txt/.docx/.html), draft the English "
                                   "and write <stem>.review.docx, <stem>.en.docx and <stem>.json.")
    parser.add_argument("inputs", nargs="+", type=Path, metavar="FILE")
    parser.add_argument("-o", "--out", type=Path, default=None,
                        help="output folder (default: beside each input)")
    parser.add_argument("--translator", default="", help="credited as 'Translator: …'")
    parser.add_argument("--reviewer", default="", help="credited as 'Reviewer: …'")
    parser.add_argument("--source-url", default="", help="URL of the Chinese original")
    parser.add_argument("--engine", default=None, help="none | llama | openai (default from press.toml)")
    parser.add_argument("--model", default=None, help="GGUF path (llama) or model name (openai)")
    parser.add_argument("--base-url", default=None, help="OpenAI-compatible server URL")
    parser.add_argument("--api-key-env", default=None, help="environment variable holding the API key")
    parser.add_argument("--glossary", default=None, help="glossary folder (default: ./glossary)")
    parser.add_argument("--memory", default=None, help="translation memory file (SQLite)")
    parser.add_argument("--opencc", default=None, choices=("auto", "t2s", "hk2s", "tw2s", "none"),
                        help="Chinese script conversion (default auto: traditional input → simplified)")
    parser.add_argument("--split-semicolon", action="store_true", default=None,
                        help="end a segment at ； as well as at 。！？…")
    parser.add_argument("--stop-after", choices=STAGE_NAMES, default=None,
                        help="stop after this stage and print the segments (no files written)")
    parser.add_argument("-q", "--quiet", action="store_true", default=None, help="no progress output")
    parser.set_defaults(handler=run)


def overrides(args) -> dict:
    """Return the settings given on the command line."""
    return {"engine": args.engine, "model": args.model, "base_url": args.base_url,
            "api_key_env": args.api_key_env, "glossary": args.glossary, "memory": args.memory,
            "opencc": args.opencc, "split_semicolon": args.split_semicolon, "quiet": args.quiet}


def run(args) -> int:
    config = config_module.load(overrides(args))
    ctx = build_context(config)
    credits = Credits(args.translator, args.reviewer, args.source_url)
    failed = 0
    for path in args.inputs:
        try:
            result = translate_file(path, out_dir=args.out, credits=credits, ctx=ctx,
                                    stop_after=args.stop_after)
        except PipelineError as error:
            print(f"error: {error}", file=sys.stderr)
            failed += 1
            continue
        if args.stop_after:
            for segment in result.release.segments:
                print(f"{segment.id}\t{segment.zh}\t{' / '.join(segment.words)}")
            continue
        if not config.quiet:
            written = ", ".join(str(p) for p in result.outputs.values())
            print(f"{path}: {len(result.release.segments)} segments → {written}", file=sys.stderr)
    return 2 if failed else 0
