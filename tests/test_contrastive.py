"""Contrastive conditioning: forced decoding in the embedded engine, and the clause/sentence detector on it."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest
from conftest import REPO
from engine_support import llama_engine, model_file  # noqa: F401  (fixtures)

from pipeline.adequacy import contrastive, english
from pipeline.config import Config, load
from pipeline.context import Context
from pipeline.engines import make_engine
from pipeline.engines.base import TranslationRequest
from pipeline.engines.prompt import build_messages
from pipeline.errors import PipelineError
from pipeline.model import Release, Segment
from pipeline.stages import check

SETS = REPO / "benchmarks" / "data" / "adequacy"


@pytest.mark.parametrize("engine, says", [
    (None, "the engine is none"),
    (make_engine("openai", base_url="http://127.0.0.1:9"), "the openai engine cannot score a given English"),
])
def test_engines_that_cannot_score_say_so_and_nothing_is_flagged(engine, says):
    coverage = contrastive.assess(engine, "常德与东近江市缔结友好城市，双方互访40批。", "Changde and Higashiomi are sister cities.")
    assert says in coverage.unavailable and "embedded model" in coverage.unavailable
    assert (coverage.missing, coverage.added, coverage.passes) == ((), (), 0)


@pytest.mark.parametrize("zh, clauses", [
    ("常德与东近江市自1994年缔结友好城市以来，双方共互访40批350人次。",
     ["常德与东近江市自1994年缔结友好城市以来", "双方共互访40批350人次"]),
    ("向乍得、尼日尔和马里捐赠物资，等。", ["向乍得", "尼日尔和马里捐赠物资"]),  # 等 alone is not worth a pass
    ("《常德市外商投资促进办法》实施以来，我市引进外资企业1,000家。",
     ["《常德市外商投资促进办法》实施以来", "我市引进外资企业1,000家"]),
])
def test_the_clauses_scored_are_the_adequacy_splitters_with_letters_enough(zh, clauses):
    assert [clause.text for clause in contrastive.scored_clauses(zh)] == clauses


def test_sentence_gains_follow_the_tokens_of_each_sentence():
    en = "Changde signed 32 projects. The meeting was held in London."
    pieces = ("Ch", "ang", "de", " signed", " 32", " projects", ".", " The", " meeting", " was", " held", " in",
              " London", ".", "")
    gains = [2.0] * 7 + [0.1] * 7 + [-5.0]  # the end of the reply counts for no sentence
    found = contrastive._sentence_gains(en, pieces, gains)
    assert [(sentence.text, round(sentence.gain, 3)) for sentence in found] == [
        ("Changde signed 32 projects.", 2.0), ("The meeting was held in London.", 0.1)]
    assert contrastive._sentence_gains("One sentence only.", ("One", " sentence", " only", ".", ""), [1.0] * 5) == ()


@pytest.mark.slow
def test_forced_decoding_gives_the_log_probabilities_of_the_models_own_answer(llama_engine):  # noqa: F811
    request = TranslationRequest(zh="常德与东近江市自1994年缔结友好城市以来，双方共互访40批350人次。")
    draft = llama_engine.translate(request)
    whole = "常德与东近江市自1994年缔结友好城市以来，双方共互访40批350人次。"
    prompts = [build_messages(TranslationRequest(zh=zh)) for zh in (whole, "双方共互访40批350人次。", whole)]
    scores = llama_engine.score(prompts, draft.text)
    assert "".join(scores.pieces) == draft.text and scores.pieces[-1] == ""
    first, shorter, again = (sum(logprobs[:-1]) / (len(logprobs) - 1) for logprobs in scores.logprobs)
    mean_generated = sum(draft.logprobs) / len(draft.logprobs)
    assert abs(first - mean_generated) < 0.05  # the same numbers, up to how the batches round
    assert abs(again - first) < 0.05  # the context shared with the prompt before changes nothing that matters
    assert shorter < first - 0.2  # without its first clause, the source explains the English less well
    assert llama_engine.usage.by_kind["score"]["passes"] >= 3


def _pairs(kind: str, count: int) -> list[dict]:
    with open(SETS / "tune.tsv", encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle, delimiter="\t") if row["kind"] == kind]
    return [row for row in rows if row["origin"].startswith("wmt:")][:count]


@pytest.mark.slow
@pytest.mark.parametrize("row", _pairs("omission", 2) + _pairs("addition", 2) + _pairs("untouched", 2),
                         ids=lambda row: row["id"])
def test_the_inserted_clause_and_the_appended_sentence_are_found_on_real_pairs(llama_engine, row):  # noqa: F811
    coverage = contrastive.assess(llama_engine, row["zh"], row["en"])
    several = len(english.sentences(row["en"])) > 1  # then an empty source is scored too
    assert not coverage.unavailable and coverage.passes == len(contrastive.scored_clauses(row["zh"])) + 1 + several
    missing, added = [clause.text for clause in coverage.missing], list(coverage.added)
    if row["kind"] == "omission":  # the inserted clause, or its parts when it holds a 、 (tune-005)
        assert missing and all(clause in row["inserted"] for clause in missing) and added == []
    elif row["kind"] == "addition":
        assert added == [row["inserted"]] and missing == []
    else:
        assert missing == [] and added == []


def _release(zh: str, en: str) -> Release:
    segment = Segment("p1.s1", zh, 1, terms=(), en=en, origin="engine")
    return Release(path=Path("release.txt"), headline="", segments=(segment,))


WMT_1 = _pairs("untouched", 1)[0]  # 全国政协副主席、台盟中央主席林文漪…致贺词 and its reference
WMT_1_INSERTED = _pairs("omission", 1)[0]  # 习近平在指导河北省委常委班子专题民主生活会时强调， put before it


def test_the_check_stage_keeps_lexical_findings_when_the_engine_cannot_score(glossary):
    release = _release(WMT_1_INSERTED["zh"], WMT_1_INSERTED["en"])
    lexical_only = check.check(release, Context(config=Config(engine="none", contrastive="off"), glossary=glossary))
    for engine in (None, make_engine("openai", base_url="http://127.0.0.1:9")):
        ctx = Context(config=Config(engine="none", contrastive="gated"), glossary=glossary, engine=engine)
        assert check.check(release, ctx).issues == lexical_only.issues


@pytest.mark.parametrize("toml, setting, wanted", [
    ("", "off", False),  # the default
    ('[engine]\ncontrastive = "gated"\n', "gated", True),
    ('[engine]\ncontrastive = "off"\n', "off", False),
])
def test_the_contrastive_setting_comes_from_press_toml(tmp_path, toml, setting, wanted):
    (tmp_path / "press.toml").write_text(toml, encoding="utf-8")
    config = load(path=tmp_path / "press.toml")
    assert config.contrastive == setting and contrastive.wanted(config.contrastive) is wanted


def test_an_unknown_contrastive_setting_in_press_toml_names_the_file(tmp_path):
    (tmp_path / "press.toml").write_text('[engine]\ncontrastive = "on"\n', encoding="utf-8")
    with pytest.raises(PipelineError, match='contrastive = "on" is not one of "gated", "off"') as raised:
        load(path=tmp_path / "press.toml")  # press.toml's schema (issue 28) checks it on load
    assert raised.value.path == str(tmp_path / "press.toml") and 'contrastive = "off"' in raised.value.hint


def test_an_unknown_contrastive_setting_says_what_to_write():
    with pytest.raises(PipelineError, match="unknown contrastive setting 'always'") as raised:
        contrastive.wanted("always")
    assert "gated, off" in raised.value.hint


@pytest.mark.slow
def test_the_model_decides_the_clause_lexical_coverage_doubts_and_clears_a_doubted_one(llama_engine, glossary):  # noqa: F811
    ctx = Context(config=Config(engine="llama", contrastive="gated"), glossary=glossary, engine=llama_engine)
    lexical_ctx = Context(config=Config(engine="llama", contrastive="off"), glossary=glossary, engine=llama_engine)
    dropped = _release(WMT_1_INSERTED["zh"], WMT_1_INSERTED["en"])
    inserted = [("clause_missing", WMT_1_INSERTED["inserted"])]
    passes = llama_engine.usage.by_kind.get("score", {}).get("passes", 0)
    lexical = check.check(dropped, lexical_ctx)
    # lexical coverage alone finds this clause since its names rule (a clause that loses its names is missing);
    # the clause is still doubted (rendered share <= GATE), so "gated" asks the model, which must agree
    assert [(issue.check, issue.message.split(" ‘")[0]) for issue in lexical.issues
            if issue.check in contrastive.ADEQUACY] == inserted
    assert llama_engine.usage.by_kind.get("score", {}).get("passes", 0) == passes  # "off": the model is not asked
    judged = check.check(dropped, ctx)
    assert llama_engine.usage.by_kind.get("score", {}).get("passes", 0) > passes  # "gated": it is
    found = [issue for issue in judged.issues if issue.check in contrastive.ADEQUACY]
    assert [(issue.check, issue.message.split(" ‘")[0]) for issue in found] == inserted
    assert judged.segments[0].status == "check carefully"
    assert [issue for issue in judged.issues if issue.check not in contrastive.ADEQUACY] == \
        [issue for issue in lexical.issues if issue.check not in contrastive.ADEQUACY]
    whole = check.check(_release(WMT_1["zh"], WMT_1["en"]), ctx)
    assert [issue for issue in whole.issues if issue.check in contrastive.ADEQUACY] == []
