"""The generated half of the hostile corpus (issue 28, "the corpus is the test"): families of inputs a user
can produce, each crossed with every door it can come in by, as rows of tests/test_hostile.py's table.

- control: control characters (ESC, BEL, DEL, C1, a byte that is not UTF-8, a non-character) at every door
  of the memory and the glossary (arguments, TMX, XLIFF, review .docx, CSV, TSV, TBX, Excel); tab, line
  break and U+2028 where the cleaning rule keeps them;
- schema: every key of press.toml's SCHEMA with a value of the wrong type, misspelt keys and sections;
- output: every output (and every --memory) pointed at one of the command's inputs, by the same path,
  another spelling, a symbolic link or a hard link;
- id: unit ids out of range or not numbers at memory show, edit and delete;
- xml: nesting, entities, external files and size in XLIFF, TMX and TBX;
- encoding: releases, TMX and glossary tables in the encodings people save them in, or cut short;
- empty: an empty or whitespace-only file at every importer.

A refused case must leave every file of its work folder byte-identical (the memory, the glossary, the
inputs): test_hostile checks it for every row.
"""
from __future__ import annotations

import json
import os
import re
import sqlite3
from functools import lru_cache
from pathlib import Path
from typing import Callable

from hostile_case import Case, drafted, with_memory, write
from hostile_inputs import HEADLINE, copy_glossary, tbx, text_release, tmx, tu, xlsx_with

MEMORY = ("--memory", "home/m.sqlite")
ENGINE_NONE = ("--engine", "none", "-q", "--jobs", "1")
# harden2's fixes (issue 28): a case of these fails on main until that branch is merged
GBK_GLOSSARY = "harden2: short GBK glossary tables are decoded as GB18030"


def given(*argv, files: dict | None = None, memory: bool = False, glossary: bool = False,
          draft: Callable[[Path], None] | None = None, then: Callable[[Path], None] | None = None):
    """A maker: write `files` ({name: text or bytes}), home/m.sqlite holding one unit (`memory`), a copy of the
    repository's glossary in glossary/, the sample's draft in draft/ (changed by `draft`), run `then`; return
    `argv`."""
    def make(work: Path) -> list:
        for name, content in (files or {}).items():
            write(work / name, content)
        if memory:
            with_memory(work)
        if glossary:
            copy_glossary(work / "glossary")
        if draft is not None:
            draft(drafted(work / "draft"))
        if then is not None:
            then(work)
        return list(argv)
    return make


def link(name: str, target: str, hard: bool = False) -> Callable[[Path], None]:
    """Return a `then` making work/name a symbolic (or hard) link to work/target."""
    def then(work: Path) -> None:
        if hard:
            os.link(work / target, work / name)
        else:
            (work / name).symlink_to(work / target)
    return then


def unchanged(draft: Path) -> None:
    """The draft as translated."""


# --- control characters at every door ----------------------------------------------------------------------

# (name, character): what a terminal, a paste from one or a file in the wrong encoding puts into text
CONTROLS = (("esc", "\x1b[2J"), ("bel", "\x07"), ("backspace", "\x08"), ("del", "\x7f"), ("csi", "\x9b2J"),
            ("nel", "\x85"), ("byte-ff", "\udcff"), ("noncharacter", "\ufffe"))
IN_XML = ("del", "csi", "nel")  # the ones XML 1.0 can hold (ESC, BEL, backspace, U+FFFE make it ill-formed)


def refused(field: str, text: str) -> str:
    """Return the message fragment of the cleaning rule refusing `text` in `field`."""
    char = re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\udc80-\udcff\ufffe]", text).group()
    if 0xDC80 <= ord(char) <= 0xDCFF:
        return f"{field} holds a byte that is not text: the byte 0x{ord(char) - 0xDC00:02X}"
    return f"{field} holds a control character: U+{ord(char):04X}"


def in_cell(text: str) -> str:
    """Return the fragment of a glossary cell refusing `text` (its first control character)."""
    char = re.search("[\x00-\x1f\x7f-\x9f\udc80-\udcff\ufffe]", text).group()
    return f"control character (U+{ord(char):04X}"


RELEASE = {"release.txt": text_release()}
ARGUMENT_DOORS = {  # door: (field named, maker of a run passing `text` there)
    "memory-edit-en": ("--en", lambda text: given("memory", "edit", "1", "--en", f"Chang{text}de", "--reviewer",
                                                  "Li", *MEMORY, memory=True)),
    "memory-edit-reviewer": ("--reviewer", lambda text: given("memory", "edit", "1", "--en", "Changde", "--reviewer",
                                                              f"Li{text}", *MEMORY, memory=True)),
    "translate-translator": ("the translator credit", lambda text: given(
        "translate", "release.txt", "-o", "out", "--translator", f"Wu{text}", *ENGINE_NONE, *MEMORY, files=RELEASE,
        memory=True)),
    "translate-reviewer": ("the reviewer credit", lambda text: given(
        "translate", "release.txt", "-o", "out", "--reviewer", f"Li{text}", *ENGINE_NONE, *MEMORY, files=RELEASE,
        memory=True)),
    "ingest-reviewer": ("--reviewer", lambda text: given("ingest", "draft/source.zh.review.docx", "--accept-errors",
                                                         "--reviewer", f"Li{text}", *MEMORY, memory=True,
                                                         draft=unchanged)),
    "ingest-translator": ("--translator", lambda text: given(
        "ingest", "draft/source.zh.review.docx", "--accept-errors", "--translator", f"Wu{text}", *MEMORY,
        memory=True, draft=unchanged)),
    "import-reviewer": ("--reviewer", lambda text: given("import", "units.xlf", "--reviewer", f"Li{text}", *MEMORY,
                                                         files={"units.xlf": exported_xliff()}, memory=True)),
    "glossary-add-en": ("en contains a control character", lambda text: given(
        "glossary", "add", "--glossary", "glossary", "--zh", "测试术语", "--en", f"test{text}term", "--kind", "term",
        "--source", "a test", glossary=True)),
    "glossary-add-source": ("source contains a control character", lambda text: given(
        "glossary", "add", "--glossary", "glossary", "--zh", "测试术语", "--en", "test term", "--kind", "term",
        "--source", f"a {text}test", glossary=True)),
}
# every character at the memory's own door; at the others ESC's neighbours the old rules missed: a C1 character
# and a byte that is not UTF-8 (each case is a process start)
SAMPLED = ("csi", "byte-ff")


def argument_cases() -> list[Case]:
    cases = []
    for door, (field, run) in ARGUMENT_DOORS.items():
        for name, char in CONTROLS:
            if door != "memory-edit-en" and name not in SAMPLED:
                continue
            says = (in_cell(char).replace("control character", field.split(" contains")[0] + " contains a control"
                                          " character") if "contains" in field else refused(field, char))
            cases.append(Case(f"control-{door}-{name}", run(char), 2, says))
    return cases


def memory_answers(sql: str, expected: object) -> Callable[[Path], None]:
    """The case's memory answers `sql` (one value) with `expected` afterwards."""
    def check(work: Path) -> None:
        with sqlite3.connect(work / "home" / "m.sqlite") as db:
            assert db.execute(sql).fetchone()[0] == expected
        db.close()
    return check


def memory_holds(en: str) -> Callable[[Path], None]:
    return memory_answers("SELECT en FROM units WHERE id = 1", en)


def memory_clean(work: Path) -> None:
    """The memory holds no character the cleaning rule refuses, in any field."""
    with sqlite3.connect(work / "home" / "m.sqlite") as db:
        rows = db.execute("SELECT * FROM units").fetchall()
    db.close()
    assert len(rows) > 1 and not [row for row in rows for value in row if isinstance(value, str)
                                  and re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", value)], rows


def memory_and_report_clean(work: Path) -> None:
    """The memory, and the change report ingest wrote, hold no control character (a tracked-change author
    holding one is not suggested as the credit: --reviewer would refuse it)."""
    memory_clean(work)
    reports = list(work.rglob("*.changes.txt"))
    assert reports and not [path for path in reports
                            if re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", path.read_text(encoding="utf-8"))]


# what the rule keeps in English: a tab, a line break, a line separator are text (never in a glossary cell)
KEPT = (("tab", "\t"), ("line-break", "\n"), ("line-separator", "\u2028"))


def kept_cases() -> list[Case]:
    cases = [Case(f"control-memory-edit-en-keeps-{name}", given(
        "memory", "edit", "1", "--en", f"Chang{char}de", "--reviewer", "Li", *MEMORY, memory=True), 0,
        check=memory_holds(f"Chang{char}de")) for name, char in KEPT]
    cases += [Case(f"control-glossary-add-en-{name}", ARGUMENT_DOORS["glossary-add-en"][1](char), 2,
                   f"en contains a control character (U+{ord(char):04X})") for name, char in KEPT[:2]]
    return cases


def ours(text: str) -> str:
    """Return a TMX of ours (press-pipeline's header: its <note>s are reviewers' notes)."""
    return text.replace('creationtool="x"', 'creationtool="press-pipeline"')


TMX_FIELDS = {  # field: a TMX carrying `text` there
    "the English": lambda text: tmx(tu("你好", f"hel{text}lo")),
    "the Chinese": lambda text: tmx(tu(f"你{text}好", "hello")),
    "the translator": lambda text: tmx(tu("你好", "hello").replace("<tu>", f'<tu creationid="Wu{text}">')),
    "the reviewer": lambda text: tmx(tu("你好", "hello").replace("<tu>", f'<tu changeid="Li{text}">')),
    "the release": lambda text: ours(tmx(tu("你好", "hello").replace(
        "<tu>", f'<tu><prop type="x-release">a{text}.txt</prop>'))),
    "the source address": lambda text: ours(tmx(tu("你好", "hello").replace(
        "<tu>", f'<tu><prop type="x-source-url">http://x/{text}</prop>'))),
    "the note": lambda text: ours(tmx(tu("你好", "hello").replace("<tu>", f"<tu><note>ok{text}</note>"))),
}


def tmx_cases() -> list[Case]:
    chars = dict(CONTROLS)
    # each field with one of the characters XML can hold, in turn
    cases = [Case(f"control-tmx-{field.removeprefix('the ').replace(' ', '-').lower()}-{name}", given(
        "memory", "import", "units.tmx", *MEMORY, files={"units.tmx": make(chars[name])}, memory=True), 2,
        "units.tmx:1: " + refused(field, chars[name]))
        for number, (field, make) in enumerate(TMX_FIELDS.items()) for name in [IN_XML[number % len(IN_XML)]]]
    # ESC even as a character reference is not XML 1.0
    cases.append(Case("control-tmx-english-esc-reference", given(
        "memory", "import", "units.tmx", *MEMORY, files={"units.tmx": tmx(tu("你好", "hel&#x1b;lo"))}, memory=True),
        2, "not well-formed"))
    return cases


# --- what a reviewer hands back: the review .docx and an XLIFF file from a CAT tool -----------------------

@lru_cache(maxsize=1)
def _exported() -> str:
    """Return the sample's draft exported as XLIFF 1.2 (as `press export` writes it), translated here once."""
    import tempfile

    from pipeline.api import export_release

    with tempfile.TemporaryDirectory() as folder:
        draft = drafted(Path(folder) / "draft")
        export_release(draft / "source.zh.json", "xliff12", Path(folder) / "units.xlf")
        return (Path(folder) / "units.xlf").read_text(encoding="utf-8")


def exported_xliff(english: dict[str, str] | None = None) -> str:
    """Return the exported XLIFF with every segment's English as a reviewer left it (`english` replacing some)."""
    from review_support import REVIEWED

    targets = {**REVIEWED, **(english or {})}
    return re.sub(r'<trans-unit id="([^"]+)"(.*?)</source>',
                  lambda found: found.group(0) + f'<target state="translated">{targets[found.group(1)]}</target>',
                  _exported(), flags=re.S)


def filled(english: dict[str, str] | None = None, tracked_by: str = "Li Na", notes: dict | None = None):
    """Return a `draft` change typing the reviewed English into the review file (Track Changes on)."""
    def change(draft: Path) -> None:
        from review_support import REVIEWED, fill

        fill(draft / "source.zh.review.docx", {**REVIEWED, **(english or {})}, tracked_by, notes or {})
    return change


def returned_cases() -> list[Case]:
    from review_support import REVIEWED

    chars = dict(CONTROLS)
    cases = []
    for xliff_char, review_char in (("csi", "csi"), ("del", "nel")):
        english = REVIEWED["p2.s1"].replace("Changde and", "Changde and{}", 1).format  # QA finds nothing else
        cases += [
            Case(f"control-xliff-target-{xliff_char}", given("import", "units.xlf", "--reviewer", "Li", *MEMORY, files={
                "units.xlf": exported_xliff({"p2.s1": english(chars[xliff_char])})}, memory=True), 2,
                refused("the English", chars[xliff_char])),
            Case(f"control-review-english-{review_char}", given(
                "ingest", "draft/source.zh.review.docx", *MEMORY, memory=True,
                draft=filled({"p2.s1": english(chars[review_char])})), 2, refused("the English", chars[review_char])),
        ]
    cases += [
        # (the name Word records with a tracked change is not a field of the memory: it is kept out of it)
        Case("control-review-author-csi", given("ingest", "draft/source.zh.review.docx", *MEMORY, memory=True,
                                                draft=filled(tracked_by="Li\x9bNa")), 0, new_files=True,
             check=memory_and_report_clean),
        # (a note that acknowledges no finding is the reviewer's, not the memory's)
        Case("control-review-note-nel", given("ingest", "draft/source.zh.review.docx", *MEMORY, memory=True,
                                              draft=filled(notes={"p2.s1": "kept as\x85published"})),
             0, new_files=True, check=memory_clean),
        Case("control-xliff-target-esc-reference", given("import", "units.xlf", "--reviewer", "Li", *MEMORY, files={
            "units.xlf": exported_xliff({"p2.s1": "Changde&#x1b;[2J"})}, memory=True), 2, "not well-formed"),
    ]
    return cases


# --- the glossary's doors: CSV, TSV, TBX, Excel ---------------------------------------------------------------

GLOSSARY_HEADER = "zh\ten\tkind\tvariants\tforbidden\tstatus\tsource\tnote\n"


def glossary_import(name: str, content: str | bytes):
    return given("glossary", "import", "--glossary", "glossary", name, files={name: content}, glossary=True)


def tbx_term(zh: str, en: str, prolog: str = "") -> str:
    return tbx(f'<conceptEntry id="c1"><langSec xml:lang="zh"><termSec><term>{zh}</term></termSec></langSec>'
               f'<langSec xml:lang="en"><termSec><term>{en}</term></termSec></langSec></conceptEntry>', prolog)


GLOSSARY_DOORS = {  # door: (characters tried, maker of a glossary file carrying `text` in the English)
    "csv": (("esc", "csi", "noncharacter"), lambda text: glossary_import(
        "terms.csv", f"zh,en\n测试甲,test{text}term\n")),
    "csv-chinese": (("bel",), lambda text: glossary_import("terms.csv", f"zh,en\n测试{text}甲,test term\n")),
    "tsv": (("esc", "del"), lambda text: glossary_import(
        "terms.tsv", GLOSSARY_HEADER + f"测试乙\ttest{text}term\tterm\t\t\tproposed\tseed\t\n")),
    "tbx": (("del", "csi"), lambda text: glossary_import("terms.tbx", tbx_term("测试丙", f"test{text}term"))),
    "xlsx": (("del", "csi"), lambda text: given(
        "glossary", "import", "--glossary", "glossary", "terms.xlsx", glossary=True,
        then=lambda work: xlsx_with(work / "terms.xlsx", [["zh", "en"], ["测试丁", f"test{text}term"]]) and None)),
}


def glossary_cases() -> list[Case]:
    chars = dict(CONTROLS)
    cases = [Case(f"control-glossary-{door}-{name}", make(chars[name]), 2, in_cell(chars[name]))
             for door, (names, make) in GLOSSARY_DOORS.items() for name in names]
    # a line break typed into an Excel cell (NEL is one to Python) becomes a space, as glossary/xlsx.py says
    return cases + [Case("control-glossary-xlsx-nel-is-a-line-break", GLOSSARY_DOORS["xlsx"][1]("\x85"), 0,
                         check=imported_row("测试丁", "test term"))]


def control_family() -> list[Case]:
    return [*argument_cases(), *kept_cases(), *tmx_cases(), *returned_cases(), *glossary_cases()]


# --- press.toml as a schema -----------------------------------------------------------------------------------

# values of the wrong type, in TOML: a string for a number, a list for a string, a number for true/false …
WRONG = ('"four"', '["a"]', "true", "5", "1.5", "{ a = 1 }", '""', "0")
MISSPELT_SECTIONS = {"engine": "engnie", "paths": "path", "normalise": "normalize", "segment": "segments",
                     "run": "runs", "credits": "credit", "languages": "language", "memory": "memroy",
                     "limits": "limts"}


def misspelt(key: str) -> str:
    """Return `key` as typed in a hurry: its second and third letters swapped (model -> mdoel)."""
    return key[0] + key[2] + key[1] + key[3:] if key[1] != key[2] else key[:-2] + key[-1] + key[-2]


def schema_family() -> list[Case]:
    import tomllib

    from pipeline.config import SCHEMA

    run = given("translate", "release.txt", "-o", "out", *ENGINE_NONE, files=RELEASE)
    cases = []
    for number, (section, key, setting) in enumerate((s, k, v) for s, keys in SCHEMA.items() for k, v in keys.items()):
        rotated = WRONG[number % len(WRONG):] + WRONG[:number % len(WRONG)]
        wrong = next(value for value in rotated if not setting.check(tomllib.loads(f"v = {value}")["v"]))
        shown = json.dumps(tomllib.loads(f"v = {wrong}")["v"], ensure_ascii=False)
        cases.append(Case(f"schema-{section}-{key}-wrong-type", run, 2,
                          f"press.toml:2: [{section}] {key} = {shown} is not", toml=f"[{section}]\n{key} = {wrong}\n"))
        typo = misspelt(key)
        if key != next(iter(SCHEMA[section])):
            continue  # a misspelt key: the first of each section
        cases.append(Case(f"schema-{section}-{key}-misspelt", run, 2,
                          f"press.toml:2: unknown setting {typo} in [{section}] — did you mean {key}?",
                          toml=f"[{section}]\n{typo} = {wrong}\n"))
    for section, typo in MISSPELT_SECTIONS.items():
        cases.append(Case(f"schema-section-{section}-misspelt", run, 2,
                          f"press.toml:1: unknown section [{typo}] — did you mean [{section}]?",
                          toml=f"[{typo}]\n"))
    return cases


# --- outputs over inputs ----------------------------------------------------------------------------------------

NOT_A_MEMORY = "not a translation memory (file is not a database)"  # refused before anything is written

def output_family() -> list[Case]:
    cases = []
    export = ("glossary", "export", "--glossary", "glossary", "--format")
    for fmt in ("tbx", "csv-deepl", "xlsx"):  # (one writer each: TBX, CSV, Excel)
        cases += [
            Case(f"output-glossary-export-{fmt}-onto-a-glossary-file", given(
                *export, fmt, "-o", "glossary/terms.tsv", glossary=True), 2, "this is the glossary file terms.tsv"),
            Case(f"output-glossary-export-{fmt}-onto-a-symbolic-link", given(
                *export, fmt, "-o", "terms.out", glossary=True, then=link("terms.out", "glossary/cities.tsv")), 2,
                "this is the glossary file cities.tsv"),
            Case(f"output-glossary-export-{fmt}-onto-a-hard-link", given(
                *export, fmt, "-o", "terms.out", glossary=True, then=link("terms.out", "glossary/cities.tsv", True)),
                2, "this is the glossary file cities.tsv"),
        ]
    tmx_file = {"units.tmx": tmx(tu("你好", "hello"))}
    cases += [
        Case("output-memory-export-onto-the-memory-spelt-otherwise", given(
            "memory", "export", "home/../home/./m.sqlite", *MEMORY, memory=True), 2, "this is the memory"),
        Case("output-memory-export-onto-the-memory-through-a-linked-folder", given(
            "memory", "export", "linked/m.sqlite", *MEMORY, memory=True, then=link("linked", "home")), 2,
            "this is the memory"),
        Case("output-memory-copy-into-a-symbolic-link-of-itself", given(
            "memory", "copy", "home/m.sqlite", "copy.sqlite", memory=True, then=link("copy.sqlite", "home/m.sqlite")),
            2, "copy.sqlite: this is the memory copied from (home/m.sqlite)"),
        Case("output-memory-copy-into-a-hard-link-of-itself", given(
            "memory", "copy", "home/m.sqlite", "copy.sqlite", memory=True,
            then=link("copy.sqlite", "home/m.sqlite", True)), 2, "this is the memory copied from (home/m.sqlite)"),
    ]
    # --memory pointed at one of the command's own inputs: opened as a database, it would be written into
    for way, then in (("same-path", None), ("symbolic-link", "symbolic"), ("hard-link", "hard")):
        def memory_at(target: str, then=then):
            if then is None:
                return target, None
            return "m.sqlite", link("m.sqlite", target, then == "hard")
        memory, extra = memory_at("units.tmx")
        cases.append(Case(f"output-memory-import-memory-is-the-tmx-{way}", given(
            "memory", "import", "units.tmx", "--memory", memory, files=tmx_file, then=extra), 2, NOT_A_MEMORY))
        memory, extra = memory_at("release.txt")
        cases.append(Case(f"output-translate-memory-is-the-release-{way}", given(
            "translate", "release.txt", "-o", "out", *ENGINE_NONE, "--memory", memory, files=RELEASE, then=extra),
            2, NOT_A_MEMORY))
    cases += [
        Case("output-ingest-memory-is-the-review-file", given(
            "ingest", "draft/source.zh.review.docx", "--accept-errors", "--memory", "draft/source.zh.review.docx",
            draft=unchanged), 2, "source.zh.review.docx"),
        Case("output-ingest-memory-is-the-release-data", given(
            "ingest", "draft/source.zh.review.docx", "--accept-errors", "--memory", "draft/source.zh.json",
            draft=unchanged), 2, "source.zh.json"),
        Case("output-import-memory-is-the-xliff", given(
            "import", "units.xlf", "--reviewer", "Li", "--memory", "units.xlf", files={"units.xlf": exported_xliff()}),
            2, "units.xlf"),
        Case("output-glossary-suggest-memory-is-the-release", given(
            "glossary", "suggest", "release.txt", "--memory", "release.txt", files=RELEASE), 2, "release.txt"),
        *[Case(f"output-memory-{command}-memory-is-a-release", given(
            "memory", command, *args, "--memory", "release.txt", files=RELEASE), 2, "release.txt")
          for command, args in (("stats", ()), ("search", ("常德",)), ("show", ("1",)))],
        Case("output-export-onto-a-hard-link-of-its-review-file", given(
            "export", "draft/source.zh.review.docx", "--format", "xliff12", "-o", "units.xlf", draft=unchanged,
            then=link("units.xlf", "draft/source.zh.review.docx", True)), 2, "this is the release it exports"),
        Case("output-export-onto-a-symbolic-link-of-its-json", given(
            "export", "draft/source.zh.review.docx", "--format", "xliff21", "-o", "units.xlf", draft=unchanged,
            then=link("units.xlf", "draft/source.zh.json")), 2, "this is the release data"),
        Case("output-glossary-import-into-the-file-it-imports", given(  # every row already there: nothing written
            "glossary", "import", "--glossary", "glossary", "glossary/terms.tsv", "--file", "terms.tsv",
            files={"glossary/terms.tsv": OWN_TABLE}), 0, check=table_is("glossary/terms.tsv", OWN_TABLE)),
        Case("output-glossary-import-csv-appended-to-itself", lambda work: given(
            "glossary", "import", "--glossary", "glossary", "terms.csv", "--file", str(work / "terms.csv"),
            files={"terms.csv": "zh,en\n测试己,test\n"}, glossary=True)(work), 2, "terms.csv"),
        Case("output-translate-two-inputs-one-output-name", given(
            "translate", "in", "-o", "out", *ENGINE_NONE, files={"in/release.txt": text_release(),
                                                               "in/release.html": page_of(text_release())}),
            2, "its outputs would overwrite those of", new_files=True),  # (the other one is translated)
    ]
    return cases


OWN_TABLE = GLOSSARY_HEADER + "测试戊\ttest\tterm\t\t\tproposed\tseed\t\n"


def table_is(name: str, content: str) -> Callable[[Path], None]:
    def check(work: Path) -> None:
        assert (work / name).read_text(encoding="utf-8") == content
    return check


def page_of(text: str) -> str:
    headline, *rest = [line for line in text.split("\n") if line.strip()]
    return (f"<html><head><meta charset='utf-8'><title>{headline}</title></head><body><h1>{headline}</h1>"
            f"<div id='zoom'>{''.join(f'<p>{line}</p>' for line in rest)}</div></body></html>")


# --- unit ids ------------------------------------------------------------------------------------------------------

IDS = (("zero", "0", 2, "no unit with id 0"), ("minus-one", "-1", 2, "no unit with id -1"),
       ("2-63", str(2 ** 63), 2, f"no unit with id {2 ** 63}"),
       ("minus-2-63-minus-1", str(-2 ** 63 - 1), 2, f"no unit with id {-2 ** 63 - 1}"),
       ("2-64", str(2 ** 64), 2, f"no unit with id {2 ** 64}"), ("a-word", "abc", 2, "invalid int value: 'abc'"),
       ("empty", "", 2, "invalid int value: ''"), ("decimal", "1.0", 2, "invalid int value: '1.0'"),
       ("leading-space", " 1", 0, ""),
       ("fullwidth-digit", "１", 0, ""))


def id_family() -> list[Case]:
    cases = []
    for name, value, code, says in IDS:
        cases.append(Case(f"id-memory-show-{name}", given("memory", "show", *MEMORY, "--", value, memory=True),
                          code, says))
        if name in ("zero", "2-64", "a-word", "leading-space"):
            cases.append(Case(f"id-memory-edit-{name}", given("memory", "edit", *MEMORY, "--en", "Changde City",
                                                              "--reviewer", "Li", "--", value, memory=True),
                              code, says, check=memory_holds("Changde City") if code == 0 else None))
            # a good id beside a bad one: all or none
            ids = (value,) if code == 0 else ("1", value)
            cases.append(Case(f"id-memory-delete-{name}", given("memory", "delete", *MEMORY, "--", *ids, memory=True),
                              code, says, check=memory_count(0) if code == 0 else None))
    return cases


def memory_count(count: int) -> Callable[[Path], None]:
    return memory_answers("SELECT COUNT(*) FROM units", count)


# --- XML: nesting, entities, external files, size ------------------------------------------------------------

DEEP = 10_000
XML_DOORS = {  # door: (file name, command, a file of the door with `inner` inside a text element, its prolog)
    "tmx": ("units.tmx", ("memory", "import", "units.tmx", *MEMORY),
            lambda inner, prolog="": tmx(tu("你好", f"hello{inner}"), prolog)),
    "tbx": ("terms.tbx", ("glossary", "import", "--glossary", "glossary", "terms.tbx"),
            lambda inner, prolog="": tbx_term("测试庚", f"test{inner}", prolog)),
    "xliff": ("units.xlf", ("import", "units.xlf", "--reviewer", "Li", *MEMORY),
              lambda inner, prolog="": exported_xliff({"p2.s1": f"Changde{inner}"}).replace(
                  '<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0" encoding="UTF-8"?>' + prolog)),
}
QUADRATIC = '<!DOCTYPE {root} [<!ENTITY a "' + "a" * 50_000 + '">]>'
PARAMETER = '<!DOCTYPE {root} [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>'
ROOTS = {"tmx": "tmx", "tbx": "tbx", "xliff": "xliff"}


def xml_family() -> list[Case]:
    cases = []
    for door, (name, command, make) in XML_DOORS.items():
        def run(content: str, command=command, name=name):
            return given(*command, files={name: content}, memory=True, glossary=True)
        root = ROOTS[door]
        cases += [
            Case(f"xml-{door}-nested-{DEEP}-deep", run(make("<hi>" * DEEP + "x" + "</hi>" * DEEP)), 2,
                 "[limits] xml_depth") if door == "tmx" else
            # (a TBX term's text is read without recursion: the whole term is imported)
            Case(f"xml-{door}-nested-{DEEP}-deep", run(make("<hi>" * DEEP + "x" + "</hi>" * DEEP)), 0,
                 check=imported_row("测试庚", "testx")) if door == "tbx" else
            Case(f"xml-{door}-g-nested-{DEEP}-deep", run(make("<g id='1'>" * DEEP + "x" + "</g>" * DEEP)), 2,
                 "[limits] xml_depth"),
            Case(f"xml-{door}-parameter-entity", run(make("", PARAMETER.format(root=root))), 2, "declares entities"),
            Case(f"xml-{door}-quadratic-blowup", run(make("&a;" * 10_000, QUADRATIC.format(root=root))), 2,
                 "declares entities"),
            Case(f"xml-{door}-over-input-bytes", run(make(" padding" * 1000)), 2, "[limits] input_bytes",
                 limits={"input_bytes": 4000} if door != "xliff" else {"input_bytes": 8000}),
        ]
    xinclude = '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd" parse="text"/>'
    cases += [
        Case("xml-tmx-doctype-with-a-system-address", run_tmx(tmx(tu("你好", "hello"), '<!DOCTYPE tmx SYSTEM '
                                                                 '"http://www.lisa.org/tmx/tmx14.dtd">')), 0,
             check=memory_count(2)),
        Case("xml-tmx-xinclude-not-followed", run_tmx(tmx(tu("你好", f"hello{xinclude}"))), 0,
             check=memory_without("root:")),
        Case("xml-tbx-xinclude-not-followed", given(*XML_DOORS["tbx"][1], files={"terms.tbx": tbx_term(
            "测试辛", f"test{xinclude}")}, glossary=True), 0, check=imported_without("root:")),
    ]
    return cases


def run_tmx(content: str | bytes):
    return given("memory", "import", "units.tmx", *MEMORY, files={"units.tmx": content}, memory=True)


def memory_without(text: str) -> Callable[[Path], None]:
    def check(work: Path) -> None:
        with sqlite3.connect(work / "home" / "m.sqlite") as db:
            rows = db.execute("SELECT zh, en FROM units").fetchall()
        db.close()
        assert len(rows) == 2 and not [row for row in rows if text in row[0] + row[1]], rows
    return check


def memory_has(zh: str) -> Callable[[Path], None]:
    def check(work: Path) -> None:
        with sqlite3.connect(work / "home" / "m.sqlite") as db:
            assert db.execute("SELECT COUNT(*) FROM units WHERE zh = ?", (zh,)).fetchone()[0] == 1
        db.close()
    return check


def imported_without(text: str) -> Callable[[Path], None]:
    def check(work: Path) -> None:
        rows = (work / "glossary" / "imported.tsv").read_text(encoding="utf-8")
        assert rows.count("\n") == 2 and text not in rows, rows
    return check


def imported_row(zh: str, en: str) -> Callable[[Path], None]:
    def check(work: Path) -> None:
        rows = (work / "glossary" / "imported.tsv").read_text(encoding="utf-8").splitlines()
        assert [row.split("\t")[:2] for row in rows[1:]] == [[zh, en]], rows
    return check


# --- encodings ---------------------------------------------------------------------------------------------------

TRADITIONAL = "常德市與東近江市簽署友好城市協議\n\n來源：常德市外事辦\n\n雙方自1994年結為友好城市以來，共互訪40批350人次。\n"


def headline_is(headline: str, date: str = "") -> Callable[[Path], None]:
    """Return a check that the release was read with this headline (its start; and its date line, if given)."""
    def check(work: Path) -> None:
        data = json.loads(next((work / "out").glob("*.json")).read_text(encoding="utf-8"))
        assert data["segments"][0]["zh"].startswith(headline[:6]), data["segments"][0]["zh"]
        assert not date or data["meta"]["date"].startswith(date), data["meta"]
    return check


def translate(name: str, content: bytes):
    return given("translate", name, "-o", "out", *ENGINE_NONE, files={name: content})


def encoding_family() -> list[Case]:
    utf8 = text_release().encode()
    tmx_text = tmx(tu("常德市人民政府", "Changde Municipal People's Government"))
    utf16_tmx = tmx_text.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    return [
        Case("encoding-release-utf16le-with-bom", translate("release.txt", text_release().encode("utf-16")), 0,
             check=headline_is(HEADLINE)),
        Case("encoding-release-utf16be-with-bom", translate("release.txt", b"\xfe\xff" + text_release().encode(
            "utf-16-be")), 0, check=headline_is(HEADLINE)),
        Case("encoding-release-gb18030", translate("release.txt", text_release().encode("gb18030")), 0,
             check=headline_is(HEADLINE)),
        # (read, then made simplified by OpenCC; 東近江市, a Japanese city's name in the glossary, is kept)
        Case("encoding-release-big5", translate("release.txt", TRADITIONAL.encode("big5")), 0,
             check=headline_is("常德市与東近江市")),
        Case("encoding-release-utf32-with-bom", translate("release.txt", text_release().encode("utf-32")), 0,
             check=headline_is(HEADLINE, "2021-11-07")),
        Case("encoding-release-utf8-cut-mid-character", translate("release.txt", utf8[:-5]), 2, "release.txt:5:"),
        Case("encoding-release-utf8-one-bad-byte", translate("release.txt", utf8.replace(
            "共互访".encode(), b"\xff\xfe")), 2, "release.txt:5:"),
        Case("encoding-page-declares-gbk-is-utf8", translate("page.html", page_of(text_release()).replace(
            "charset='utf-8'", "charset='gbk'").encode()), 0, check=headline_is(HEADLINE)),
        Case("encoding-tmx-utf16-with-bom", run_tmx(utf16_tmx), 0, check=memory_has("常德市人民政府")),
        Case("encoding-tmx-utf8-with-bom", run_tmx(b"\xef\xbb\xbf" + tmx_text.encode()), 0,
             check=memory_has("常德市人民政府")),
        # (XML finds UTF-16 by its first characters, "<?" as 3C 00 3F 00)
        Case("encoding-tmx-utf16-without-bom", run_tmx(tmx_text.replace('encoding="UTF-8"', 'encoding="UTF-16"')
                                                       .encode("utf-16-le")), 0, check=memory_has("常德市人民政府")),
        Case("encoding-tmx-declares-gbk", run_tmx(tmx_text.replace('encoding="UTF-8"', 'encoding="GBK"')
                                                  .encode("gbk")), 2, "units.tmx:1: cannot read the TMX's encoding"),
        Case("encoding-tmx-declares-latin1-is-utf8", run_tmx(tmx_text.replace(
            'encoding="UTF-8"', 'encoding="ISO-8859-1"').encode()), 2, "units.tmx"),
        Case("encoding-tmx-utf8-cut-mid-character", run_tmx(tmx_text.encode()[:tmx_text.encode().index(
            "人民".encode()) + 2]), 2, "not well-formed"),
        Case("encoding-csv-utf16-with-bom", glossary_import("terms.csv", "zh,en\n测试壬,test\n".encode("utf-16")), 0,
             check=imported_row("测试壬", "test")),
        Case("encoding-csv-utf8-cut-mid-character", glossary_import("terms.csv", "zh,en\n测试癸,test\n测试".encode()[
            :-1]), 2, "terms.csv"),
        Case("encoding-csv-gbk-one-short-row", glossary_import("terms.csv", "zh,en\n测试镇,Test Town\n".encode("gbk")), 0,
             check=imported_row("测试镇", "Test Town")),
        Case("encoding-tsv-gbk-one-short-row", glossary_import("terms.tsv", (
            GLOSSARY_HEADER + "测试县\tTest County\tcounty\t\t\tproposed\tseed\t\n").encode("gbk")), 0,
             check=imported_row("测试县", "Test County")),
    ]


# --- empty and whitespace-only files at every importer -------------------------------------------------------

EMPTY_DOORS = {  # door: (file name, the command taking it)
    "tmx": ("units.tmx", ("memory", "import", "units.tmx", *MEMORY)),
    "xliff-import": ("units.xlf", ("import", "units.xlf", "--reviewer", "Li", *MEMORY)),
    "xliff-check": ("units.xlf", ("check", "units.xlf")),
    "csv": ("terms.csv", ("glossary", "import", "--glossary", "glossary", "terms.csv")),
    "tsv": ("terms.tsv", ("glossary", "import", "--glossary", "glossary", "terms.tsv")),
    "tbx": ("terms.tbx", ("glossary", "import", "--glossary", "glossary", "terms.tbx")),
    "xlsx": ("terms.xlsx", ("glossary", "import", "--glossary", "glossary", "terms.xlsx")),
    "review-ingest": ("source.review.docx", ("ingest", "source.review.docx", *MEMORY)),
    "review-check": ("source.review.docx", ("check", "source.review.docx")),
    "docx": ("release.docx", ("translate", "release.docx", "-o", "out", *ENGINE_NONE)),
    "pdf": ("release.pdf", ("translate", "release.pdf", "-o", "out", *ENGINE_NONE)),
    "align-chinese": ("zh.txt", ("memory", "align", "zh.txt", "en.txt", *MEMORY, "--dry-run")),
    "suggest": ("release.txt", ("glossary", "suggest", "--glossary", "glossary", "release.txt")),
}
# what each door says of an empty file when it does not say "empty" (one line naming the file all the same)
EMPTY_SAYS = {"tmx": "not well-formed XML (no element found", "xliff-import": "not well-formed XML (no element found",
              "xliff-check": "not well-formed XML (no element found", "tsv": "header must start with zh",
              "tbx": "not well-formed XML: no element found", "xlsx": "not a readable Excel .xlsx file (BadZipFile)",
              "review-ingest": "not a Word .docx file (not a zip archive)",
              "review-check": "not a Word .docx file (not a zip archive)",
              "docx": "not a Word .docx file (not a zip archive)"}
TEXT_DOORS = ("tmx", "xliff-import", "csv", "tsv", "tbx", "align-chinese", "suggest")


def empty_family() -> list[Case]:
    cases = []
    for door, (name, command) in EMPTY_DOORS.items():
        for kind, content in (("empty", b""), ("whitespace-only", b" \n\t\r\n  \n")):
            if kind == "empty" or door in TEXT_DOORS:
                files = {name: content, "en.txt": "Changde and Higashiomi.\n"}
                cases.append(Case(f"empty-{door}-{kind}", given(*command, files=files, memory=True, glossary=True),
                                  2, EMPTY_SAYS.get(door, "empty")))
    run = given("translate", "release.txt", "-o", "out", *ENGINE_NONE, files=RELEASE)
    cases += [Case(f"empty-press-toml-{kind}", run, 0, toml=toml)
              for kind, toml in (("empty", ""), ("whitespace-only", " \n\t\n"), ("comments-only", "# nothing\n"))]
    cases.append(Case("empty-glossary-table-in-the-glossary", given(
        "translate", "release.txt", "-o", "out", *ENGINE_NONE, "--glossary", "glossary", files={
            **RELEASE, "glossary/zz-empty.tsv": ""}, glossary=True), 2, "zz-empty.tsv"))
    return cases


def families() -> list[Case]:
    """Return every generated case, family by family."""
    return [*control_family(), *schema_family(), *output_family(), *id_family(), *xml_family(),
            *encoding_family(), *empty_family()]
