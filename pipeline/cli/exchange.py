"""`press export RELEASE --format xliff12|xliff21` and `press import FILE.xlf`: the CAT-tool round trip."""
from __future__ import annotations

import sys
from pathlib import Path

from .. import api
from .review import print_ingest


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
                    "in a CAT tool; check it against its release, store it in the translation memory as "
                    "reviewed, write <stem>.en.docx and <stem>.changes.txt. Refuses a file from another "
                    "release, or with edited IDs or Chinese; a refusal writes nothing.")
    imp.add_argument("xliff", type=Path, metavar="FILE.xlf")
    imp.add_argument("--release", type=Path, default=None, metavar="FILE.json",
                     help="the release JSON (default: the release the XLIFF file carries)")
    imp.add_argument("--memory", type=Path, default=None, metavar="PATH",
                     help="translation memory file (default: $PRESS_HOME/memory.sqlite)")
    imp.add_argument("--reviewer", default="", help="credited reviewer (default: the release's)")
    imp.add_argument("-o", "--out", type=Path, default=None, help="output folder (default: beside the XLIFF file)")
    imp.add_argument("--json", action="store_true", help="print the change report as JSON")
    imp.set_defaults(handler=run_import)


def run_export(args) -> int:
    """Handle `press export`: write the XLIFF file and say where it went."""
    glossary = api.load_config({"glossary": args.glossary}).glossary_dir()
    path, release = api.export_release(args.release, args.format, args.output, glossary)
    print(f"{path}: {len(release.segments)} segments written ({args.format}, release {release.hash[:12]}, "
          f"{api.summary(release.issues)})", file=sys.stderr)
    return 0


def run_import(args) -> int:
    """Handle `press import FILE.xlf`: print the change report and where the files went."""
    result, memory_path = api.import_reviewed(args.xliff, args.memory, args.release, args.reviewer, args.out)
    return print_ingest(result, memory_path, args.json)
