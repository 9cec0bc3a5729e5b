"""The sign stage: what made this release — package, glossary, OpenCC, language tags and engine — recorded
on it, so every output says which settings produced it."""
from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version

from .. import dictionary
from ..context import Context
from ..formats import SIGNATURE_KEYS
from ..model import Release

REQUIRES = ("opencc", "signature")
ASSIGNS = ("signature",)


@lru_cache(maxsize=1)
def package_version() -> str:
    """Return the installed press-pipeline version (read once: the metadata lookup costs ~4 ms)."""
    try:
        return version("press-pipeline")
    except PackageNotFoundError:
        return "0+unknown"


def sign(release: Release, ctx: Context) -> Release:
    """Stage: return the release signed with package, glossary, OpenCC, language-tag and engine settings,
    how its reader obtained the text (a conversion, OCR: formats.SIGNATURE_KEYS) and, when there is an
    engine, the dictionary its drafts are checked with."""
    read = {key: release.signature[key] for key in SIGNATURE_KEYS if key in release.signature}
    signature = {**read, "package": f"press-pipeline {package_version()}",
                 "glossary": ctx.glossary.hash, "opencc": release.opencc or ctx.opencc,
                 "languages": ctx.config.languages.label, "engine": "none"}
    if ctx.engine is not None:
        signature.update(ctx.engine.signature)
        signature["dictionary"] = dictionary.signature()  # the adequacy checks judge the drafts with it
    return replace(release, signature=signature)
