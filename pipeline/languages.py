"""Language tags: the one setting (zh-CN → en-US unless press.toml says otherwise) that TMX, TBX, XLIFF,
the Excel glossary and the .docx language properties write, and the tags their imports accept."""
from __future__ import annotations

from dataclasses import dataclass

from .errors import PipelineError

DEFAULT_SOURCE, DEFAULT_TARGET = "zh-CN", "en-US"
# What an import reads as each side, compared case-insensitively with "_" read as "-". Traditional-script
# tags (zh-TW, zh-HK, zh-Hant) are not Chinese here: the pipeline and its memory work in simplified.
CHINESE = ("zh", "zh-cn", "zh-hans", "zh-hans-cn", "zh-sg", "zh-hans-sg")
ENGLISH_PRIMARY = "en"  # en, en-US, en-GB … every English tag
SIGNATURE_KEY = "languages"


def normalise_tag(tag: str | None) -> str:
    """Return a language tag for comparison: trimmed, lower case, "_" as "-"."""
    return (tag or "").strip().replace("_", "-").lower()


def side(tag: str | None) -> str | None:
    """Return "zh" or "en" for a tag an import accepts (zh, zh-CN, zh-Hans, en, en-US, en-GB …), else None."""
    tag = normalise_tag(tag)
    if tag in CHINESE:
        return "zh"
    if tag == ENGLISH_PRIMARY or tag.startswith(ENGLISH_PRIMARY + "-"):
        return "en"
    return None


@dataclass(frozen=True)
class Languages:
    """The source (Chinese) and target (English) tags every export writes."""

    source: str = DEFAULT_SOURCE
    target: str = DEFAULT_TARGET

    @property
    def label(self) -> str:
        """Return the tags as the release signature records them: "zh-CN>en-US"."""
        return f"{self.source}>{self.target}"


DEFAULT = Languages()


def checked(source: str, target: str) -> Languages:
    """Return the Languages for two configured tags, or raise PipelineError when a side is wrong."""
    for key, value, wanted, what, example in (("source", source, "zh", "a simplified Chinese", "zh-CN, zh-Hans or zh"),
                                              ("target", target, "en", "an English", "en-US, en-GB or en")):
        if not isinstance(value, str) or side(value) != wanted:
            raise PipelineError(f"[languages] {key} = {value!r} is not {what} language tag", hint=f"use {example}")
    return Languages(source.strip(), target.strip())


def of_release(release) -> Languages:
    """Return the tags a release was made with (its signature), the defaults for releases made before."""
    label = release.signature.get(SIGNATURE_KEY, "") if release.signature else ""
    source, _, target = label.partition(">")
    return Languages(source, target) if side(source) == "zh" and side(target) == "en" else DEFAULT
