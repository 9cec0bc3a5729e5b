"""Swapped entities (issue 24): the English puts a place in another than the Chinese does, or gives one
place's mayor or government to another — case tables, the finding, its status and its one redraft."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from engine_support import Scripted
from review_support import P3, P3_MODEL

from pipeline.adequacy import relations
from pipeline.adequacy.checks import analyse, check_entity_swapped
from pipeline.model import Meta, Release, Segment
from pipeline.stages import check as qa
from pipeline.stages import status as verdict

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "samples" / "changde-higashiomi-2021"
MAYOR = "日本滋贺县东近江市市长小椋正清会见了常德市代表团。"
DONATION = "向斯里兰卡阿努拉达普拉市捐赠医疗物资。"
TOULOUSE = "1月14日至16日,重庆市友城法国图卢兹市副市长瓦尔蒂基耶率团来渝访问。"
PERTH = "成都市副市长林楠、珀斯市市长巴泽尔·曾皮拉斯、澳大利亚驻成都总领事倪瑞兰、中国驻珀斯总领事龙定斌出席市长视频交流会并致辞。"


@pytest.fixture(scope="module")
def terms_of(glossary):
    return lambda zh: analyse(zh, glossary)[1]


@pytest.mark.parametrize("zh, en, flagged", [
    (P3, P3_MODEL, ["Sri Lanka in Anuradhapura", "Mukono in South Korea"]),
    (DONATION, "donated medical supplies to Anuradhapura's Sri Lanka", ["Anuradhapura's Sri Lanka"]),
    (DONATION, "donated medical supplies to Sri Lanka of Anuradhapura", ["Sri Lanka of Anuradhapura"]),
    (MAYOR, "The Mayor of Changde, Mr. Ogura, met the delegation from Higashiomi, Japan.", ["Mayor of Changde"]),
    (MAYOR, "Changde Mayor Ogura met the delegation.", ["Changde Mayor"]),
    (TOULOUSE, "Deputy mayor of Chongqing Valtiquier visited Toulouse, France.", ["Deputy mayor of Chongqing"]),
    ("截至目前，内蒙古自治区包头市青山区、辽宁省沈阳市康平县监察委员会也已经挂牌成立。",
     "Commissions in Qingshan District of Baotou City of Liaoning Province and Kangping County of Shenyang City "
     "of Inner Mongolia Autonomous Region have been set up.", ["Baotou City of Liaoning Province",
                                                             "Shenyang City of Inner Mongolia"]),
])
def test_swapped_relations_are_flagged(terms_of, zh, en, flagged):
    assert [swap.phrase for swap in relations.swaps(zh, en, terms_of(zh))] == flagged


@pytest.mark.parametrize("zh, en", [
    (MAYOR, "The Mayor of Higashiomi City, Shiga Prefecture, Japan, Mr. Ogura, met the Changde delegation."),
    (MAYOR, "Higashiomi City, Shiga Prefecture, Japan: the Mayor of Higashiomi, Mr. Ogura, met the delegation."),
    (MAYOR, "Japan's Higashiomi Mayor Ogura met a delegation from Changde."),
    # a place the Chinese does not name is no_added_names's to report
    (MAYOR, "Ogura, Mayor of Higashiomi, Shiga Prefecture, Germany, met the Changde delegation."),
    (DONATION, "donated medical supplies to Anuradhapura, Sri Lanka"),
    (DONATION, "donated medical supplies to Sri Lanka's Anuradhapura"),
    (DONATION, "donated medical supplies to Anuradhapura City in Sri Lanka"),
    (P3, "sister cities Higashiomi, Japan, Hannover, Germany, and Apasco, Mexico, Anuradhapura, Sri Lanka, and "
         "Bucheon and Wonju in South Korea and Mukono in Uganda"),
    (P3, "sister cities Japan's Higashiomi, Germany's Hannover and Mexico's Apasco; Sri Lanka's Anuradhapura; "
         "South Korea's Bucheon and Wonju, and Uganda's Mukono"),
    (P3, "Higashiomi in Japan, Hannover in Germany and Apasco in Mexico, donated medical supplies to Anuradhapura "
         "in Sri Lanka, and started friendly cooperation with Bucheon and Wonju in South Korea and Mukono in Uganda."),
    # a country put before its city with a comma reads as a list: not judged
    (DONATION, "donated medical supplies to Sri Lanka, Anuradhapura"),
    # "in" also says where something happens: a place put in one the Chinese does not use as a container
    ("1月14日至16日,法国图卢兹市副市长瓦尔蒂基耶访问中国。", "Deputy mayor of Toulouse in China Valtiquier, France."),
    (TOULOUSE, "From January 14th to 16th, deputy mayor of Toulouse, France, was invited to visit Chongqing."),
    # "in" after "of", "from", "by" says where an office sits or something happens (run19's Chengdu-Perth draft: the
    # consul is China's, 中国驻珀斯总领事 — a wrong owner of a consulate, which this check does not read)
    (PERTH, "Consul General of Australia in Chengdu Adelle Neary and Consul General of Australia in Perth attended."),
    # 广安 "Guang'an prefecture-level city in Sichuan" is a city, not a region holding Nanbu County (run20's draft)
    ("武隆区、秀山土家族苗族自治县，四川省南部县、广安区，贵州省赤水市", "Wulong District, Nanbu County, Guang'an District, Chishui"),
    # 市长 also said without its place: whose it is, the Chinese does not always say
    ("东近江市市长会见了常德市长。", "The Mayor of Higashiomi met the Mayor of Changde."),
])
def test_correct_relations_are_not_flagged(terms_of, zh, en):
    assert relations.swaps(zh, en, terms_of(zh)) == []


def test_facts_come_from_the_chinese_the_glossary_and_the_dictionary(terms_of):
    found = {place.zh: place for place in relations.places(MAYOR, terms_of(MAYOR))}
    higashiomi = [(fact.en, fact.level, fact.zh, fact.evidence) for fact in found["东近江市"].within]
    assert higashiomi[:2] == [("Shiga", relations.REGION, "滋贺县", "the Chinese"),  # 日本滋贺县东近江市
                              ("Japan", relations.COUNTRY, "日本", "the Chinese")]
    assert ("Shiga Prefecture", relations.REGION, "", "the glossary") in higashiomi  # its note
    wonju = {place.zh: place for place in relations.places(P3, terms_of(P3))}["原州市"]  # 韩国富川市、原州市
    assert [(fact.en, fact.evidence) for fact in wonju.within] == [("South Korea", "the glossary")]
    toulouse = {place.zh: place for place in relations.places(TOULOUSE, terms_of(TOULOUSE))}["图卢兹"]
    assert ("France", "CC-CEDICT") in {(fact.en, fact.evidence) for fact in toulouse.within}


def _release(segment: Segment) -> Release:
    return Release(Path("release.txt"), "标题", Meta(date="2021-11-07"), segments=(segment,))


def test_the_demo_draft_gets_the_finding_and_is_checked_carefully(terms_of):
    draft = Segment("p3.s1", P3, paragraph=3, terms=terms_of(P3), en=P3_MODEL, origin="engine", confidence=0.77)
    release = _release(draft)
    found = check_entity_swapped(draft, release)
    assert [(issue.check, issue.severity, issue.message) for issue in found] == [
        ("entity_swapped", "warning", "‘Sri Lanka in Anuradhapura’: the Chinese places 阿努拉达普拉市 in 斯里兰卡 (Sri Lanka)"),
        ("entity_swapped", "warning", "‘Mukono in South Korea’: the Chinese places 穆科诺市 in 乌干达 (Uganda)")]
    assert found[1].fix == ("The draft says ‘Mukono in South Korea’, but the Chinese places 穆科诺市 in 乌干达 (Uganda): "
                            "Mukono is in Uganda, not in South Korea. Correct that.")
    assert any(issue.check == "entity_swapped" for issue in qa.draft_problems(draft, release))  # a redraft is asked
    fine = replace(draft, en=P3_MODEL.replace("Sri Lanka in Anuradhapura", "Anuradhapura in Sri Lanka")
                   .replace("Mukono in South Korea", "Mukono in Uganda"))
    assert [i for i in qa.run_checks(_release(fine)) if i.check == "entity_swapped"] == []
    swapped = [issue for issue in qa.run_checks(release) if issue.check == "entity_swapped"]
    assert verdict.decide(draft, swapped) == "check carefully"


SWAPPED = "The Mayor of Changde, Mr. Ogura, met the delegation from Changde."
RIGHT = "The Mayor of Higashiomi, Mr. Ogura, met the delegation from Changde."


@pytest.mark.parametrize("redraft, kept", [(RIGHT, RIGHT), (SWAPPED, SWAPPED)])
def test_a_swapped_draft_is_redrafted_once_with_the_fix(terms_of, redraft, kept):
    from pipeline.engines.base import TranslationRequest
    from pipeline.stages.draft import generate

    zh = "东近江市市长小椋正清会见了常德市代表团。"
    segment = Segment("p1.s1", zh, paragraph=1, terms=terms_of(zh))
    engine = Scripted(SWAPPED, redraft)
    en, _ = generate(engine, TranslationRequest(zh=zh, terms=segment.terms),
                     lambda text: qa.draft_problems(replace(segment, en=text, origin="engine"), _release(segment)))
    assert en == kept
    assert len(engine.requests) == 2 and any("the mayor is Higashiomi's" in fix for fix in engine.requests[1].fixes)


def _golden() -> list[tuple[str, str, str]]:
    """Return (where, Chinese, English) of the English written by people in the repository: the demo sample's
    reference, the reviewed English of its segments, the aligned archive's releases."""
    from review_support import REVIEWED

    segments = json.loads((SAMPLE / "expected" / "source.zh.json").read_text(encoding="utf-8"))["segments"]
    found = [(f"reviewed {item['id']}", item["zh"], REVIEWED[item["id"]]) for item in segments]
    found.append(("sample reference", (SAMPLE / "source.zh.txt").read_text(encoding="utf-8"),
                  (SAMPLE / "reference.en.txt").read_text(encoding="utf-8")))
    archive = REPO / "tests" / "data" / "archive"
    for zh in sorted(archive.glob("*.zh.txt")):
        found.append((zh.name, zh.read_text(encoding="utf-8"),
                      zh.with_name(zh.name.replace(".zh.", ".en.")).read_text(encoding="utf-8")))
    return found


def test_no_flag_on_the_repositorys_human_english(terms_of):
    flagged = {where: relations.swaps(zh, en, terms_of(zh)) for where, zh, en in _golden()}
    assert {where: found for where, found in flagged.items() if found} == {}
    assert len(flagged) == 8 + 1 + 2


def test_press_check_raises_the_finding_on_reviewed_english(tmp_path, run_cli):
    """A reviewer's English with the demo draft's swaps gets the findings from `press check`."""
    import shutil

    from review_support import REVIEWED, fill
    from review_support import SAMPLE as SOURCE

    source = tmp_path / "changde.zh.txt"
    shutil.copy(SOURCE, source)
    assert run_cli(["translate", source, "-o", tmp_path / "out", "--engine", "none", "--quiet"]).code == 0
    review = tmp_path / "out" / "changde.zh.review.docx"
    fill(review, {**REVIEWED, "p3.s1": REVIEWED["p3.s1"].replace("Mukono in Uganda", "Mukono in South Korea")})
    checked = json.loads(run_cli(["check", review, "--json"]).stdout)["issues"]
    assert [(i["segment_id"], i["message"]) for i in checked if i["check"] == "entity_swapped"] == [
        ("p3.s1", "‘Mukono in South Korea’: the Chinese places 穆科诺市 in 乌干达 (Uganda)")]
