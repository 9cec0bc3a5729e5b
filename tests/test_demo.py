"""`make demo` with the real model: the Higashiomi sample drafted with every glossary name right."""
from __future__ import annotations

import json

import pytest

from conftest import REPO
from engine_support import llama_engine, model_file  # noqa: F401  (fixtures)
from pipeline.assemble import headline_text
from pipeline.cli import main
from pipeline.ooxml import open_document
from pipeline.qa import HAN, term_used

SAMPLE = REPO / "samples" / "changde-higashiomi-2021" / "source.zh.txt"


@pytest.mark.slow
def test_demo_drafts_every_glossary_name(llama_engine, tmp_path):
    # the same command as `make demo`, with a fresh memory so no earlier test's units fill segments
    argv = ["translate", str(SAMPLE), "-o", str(tmp_path), "--translator", "Wu Yangyue",
            "--memory", str(tmp_path / "memory.sqlite"), "--quiet"]
    assert main(argv) == 0
    data = json.loads((tmp_path / "source.zh.json").read_text(encoding="utf-8"))
    segments = [seg for seg in data["segments"] if seg["zh"].strip()]
    assert len(segments) == 8 and all(seg["origin"] == "engine" for seg in segments)
    terms = [(seg["id"], term["zh"], term["en"]) for seg in segments for term in seg["terms"]]
    assert len(terms) >= 30
    missing = [(sid, zh, en) for sid, zh, en in terms
               if not term_used(en, next(s["en"] for s in segments if s["id"] == sid))]
    assert missing == []
    assert not any(HAN.search(seg["en"]) for seg in segments)
    assert [issue for issue in data["issues"] if issue["severity"] == "error"] == []
    # the clean English release carries every drafted sentence and the credit
    text = "\n".join(p.text for p in open_document(tmp_path / "source.zh.en.docx").paragraphs)
    assert "Higashiomi" in text and "Translator: Wu Yangyue" in text
    # (the headline as the house style prints it: without a final full stop)
    assert all((headline_text(seg["en"]) if seg["id"] == "p0.s1" else seg["en"]) in text for seg in segments)
