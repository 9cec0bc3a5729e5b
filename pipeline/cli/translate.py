"""`press translate FILE_OR_FOLDER… [-o DIR]`: read, draft, check and write each release."""
from __future__ import annotations

import sys
from pathlib import Path

from .. import api
from ..errors import PipelineError


def register(subparsers) -> None:
    parser = subparsers.add_parser("translate", help="translate releases into reviewable drafts",
                                   description="Read each release (.txt .docx .doc .wps .rtf .odt .docm .pdf "
                                   ".html; folders are walked; - reads text pasted on standard input), "
                                   "draft the English and write <stem>.review.docx, <stem>.en.docx and "
                                   "<stem>.json. Files found in folders whose outputs are up to date are "
                                   "skipped, so an interrupted batch resumes where it stopped.")
    parser.add_argument("inputs", nargs="+", type=Path, metavar="FILE_OR_FOLDER",
                        help="release files, folders walked for releases, or - for text on standard input")
    parser.add_argument("--name", default=None, metavar="STEM",
                        help=f"with -: name the outputs STEM.review.docx … (default: {api.PASTED_NAME})")
    parser.add_argument("-o", "--out", type=Path, default=None,
                        help="output folder (default: beside each input)")
    parser.add_argument("--translator", default="",
                        help="credited as 'Translator: …' (default: [credits] translator in press.toml)")
    parser.add_argument("--reviewer", default="",
                        help="credited as 'Reviewer: …' (default: [credits] reviewer in press.toml)")
    parser.add_argument("--source-url", default="", help="URL of the Chinese original")
    parser.add_argument("--engine", default=None, help="none | llama | openai (default from press.toml)")
    parser.add_argument("--model", default=None, help="GGUF path (llama) or model name (openai)")
    parser.add_argument("--base-url", default=None, help="OpenAI-compatible server URL")
    parser.add_argument("--api-key-env", default=None, help="environment variable holding the API key")
    parser.add_argument("--glossary", default=None, help="glossary folder (default: ./glossary)")
    parser.add_argument("--memory", default=None, metavar="FILE|URL",
                        help="translation memory: a SQLite file or postgresql://user@host/db")
    parser.add_argument("--opencc", default=None, choices=api.OPENCC_MODES,
                        help="Chinese script conversion (default auto: traditional input → simplified)")
    parser.add_argument("--split-semicolon", action="store_true", default=None,
                        help="end a segment at ； as well as at 。！？…")
    parser.add_argument("--stop-after", choices=api.STAGE_NAMES, default=None,
                        help="stop after this stage and print the segments (no files written)")
    parser.add_argument("-j", "--jobs", type=int, default=api.default_jobs(),
                        help="worker processes for reading and segmenting (default: all cores)")
    parser.add_argument("--force", action="store_true",
                        help="redo files found in folders even when their outputs are up to date")
    parser.add_argument("-q", "--quiet", action="store_true", default=None, help="no progress output")
    parser.set_defaults(handler=run)


def overrides(args) -> dict:
    """Return the settings given on the command line."""
    return {"engine": args.engine, "model": args.model, "base_url": args.base_url,
            "api_key_env": args.api_key_env, "glossary": args.glossary, "memory": args.memory,
            "opencc": args.opencc, "split_semicolon": args.split_semicolon, "quiet": args.quiet}


def run(args) -> int:
    """Handle `press translate`: translate every input, print the summary table; exit 2 if any failed."""
    config = api.load_config(overrides(args))
    credits = api.Credits(args.translator or config.translator, args.reviewer or config.reviewer, args.source_url)
    if Path("-") in args.inputs:
        return translate_stdin(args, config, credits)
    if args.name is not None:
        raise PipelineError("--name names the outputs of text on standard input", hint="use it with -")
    if args.stop_after:
        return show_segments(args, config, credits)
    report = api.translate_batch(args.inputs, out_dir=args.out, config=config, credits=credits,
                             jobs=max(1, args.jobs), force=args.force)
    if not config.quiet or report.failed or report.interrupted:
        print(report.table(), file=sys.stderr)
    if report.interrupted:
        raise KeyboardInterrupt
    return 2 if report.failed else 0


def translate_stdin(args, config, credits) -> int:
    """Handle `press translate -`: the release pasted on standard input, outputs named by --name."""
    if len(args.inputs) > 1:
        raise PipelineError("- (standard input) cannot be mixed with files", hint="translate them in two runs")
    data = sys.stdin.buffer.read(config.limits.input_bytes + 1)
    result = api.translate_pasted(data, args.name or api.PASTED_NAME, out_dir=args.out, credits=credits,
                                  config=config, stop_after=args.stop_after)
    if args.stop_after:
        print_segments(result.release)
    elif not config.quiet:
        print("wrote " + ", ".join(str(path) for path in result.outputs.values()), file=sys.stderr)
    return 0


def print_segments(release) -> None:
    """Print one line per segment: id, Chinese, words."""
    for segment in release.segments:
        print(f"{segment.id}\t{segment.zh}\t{' / '.join(segment.words)}")


def show_segments(args, config, credits) -> int:
    """Print the segments of every input after `--stop-after` (no files written)."""
    failed = 0
    for _source, result in api.preview(args.inputs, args.stop_after, config=config, credits=credits):
        if isinstance(result, PipelineError):
            print(f"error: {result}", file=sys.stderr)
            failed += 1
            continue
        print_segments(result)
    return 2 if failed else 0
