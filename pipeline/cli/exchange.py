"""`press export RELEASE --format xliff12|xliff21` and `press import FILE.xlf`: the CAT-tool round trip."""
from __future__ import annotations

import sys
from pathlib import Path

from .. import api
from .review import add_ingest_arguments, print_ingest


def register(subparsers) -> None:
    """Add `export` and `import` (XLIFF out to a CAT tool and back) to the main parser's subparsers."""
    export = subparsers.add_parser(
        "export", help="write a release as XLIFF for a CAT tool (OmegaT, Trados, memoQ …)",
        description="Write the release in <stem>.json (as drafted) or <stem>.review.docx (as reviewed so far) "
                    "as XLIFF 1.2 or 2.1: one unit per segment with its state, glossary renderings and QA "
                    "findings as notes, memory matches, and the release itself in the header.")
    export.add_argument("release", type=Path, metavar="RELEASE.json|REVIEW.docx")
    export.add_argument("--format", required=True, choices=api.EXPORT_FORMATS)
    export.add_argument("-o", "--output", type=Path, default=None,
                        help="file to write (default: <stem>.xlf beside the release)")
    export.add_argument("--glossary", default=None, help="glossary folder (default: ./glossary)")
    export.set_defaults(handler=run_export)
    imp = subparsers.add_parser(
        "import", help="take an XLIFF file back from a CAT tool (as `press ingest` does)",
        description="Read the English of an XLIFF file exported by `press export` and translated or reviewed "
                    "in a CAT tool; check it against its release and run QA as `press ingest` does; unless an "
                    "error finding is left unacknowledged (`ok: <check> — <why>` in a note of its unit), store "
                    "it in the translation memory as reviewed and write <stem>.en.docx and <stem>.changes.txt. "
                    "Exit 1 and write nothing when errors block it. Refuses a file from another release, or "
                    "with edited IDs or Chinese; a refusal writes nothing.")
    imp.add_argument("xliff", type=Path, metavar="FILE.xlf")
    add_ingest_arguments(imp, "the XLIFF file")
    imp.set_defaults(handler=run_import)


def run_export(args) -> int:
    """Handle `press export`: write the XLIFF file and say where it went."""
    config = api.load_config({"glossary": args.glossary})
    path, release = api.export_release(args.release, args.format, args.output, config.glossary_dir(), config=config)
    print(f"{path}: {len(release.segments)} segments written ({args.format}, release {release.hash[:12]}, "
          f"{api.summary(release.issues)})", file=sys.stderr)
    return 0


def run_import(args) -> int:
    """Handle `press import FILE.xlf`: print the QA summary, then the change report and where the files went,
    or why nothing was written (exit 1)."""
    config = api.load_config({"glossary": args.glossary})
    result, memory_path = api.import_reviewed(args.xliff, args.memory, args.release, args.reviewer, args.out,
                                              translator=args.translator, accept_errors=args.accept_errors,
                                              config=config)
    return print_ingest(result, memory_path, args, args.xliff, "in a note of its unit (<note> in the XLIFF file)")
