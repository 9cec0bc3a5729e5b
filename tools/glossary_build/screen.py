"""The false-match screen: which short forms may stand alone, and which generated forms sit inside words.

A match in the screening corpus (work reports + WMT newstest Chinese side) that starts inside a jieba
word, or ends inside a word that began after it (增加|纳入 holds 加纳, 欧美|国家 holds 美国), is a false
match, unless a longer glossary or stop row covers it. A form that begins a longer word (法国人, 日本队)
is the name inside a compound, and a division followed by its own organs (南通市|政府, 河北省|委) is
the division: both pass. jieba also splits real names (赴美|国, 于长春 the person), so a generated
form is dropped only when its false matches outnumber its true ones; every false match is printed.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.glossary import Entry, Glossary

from .common import row, variants_of

# Short forms that are ordinary words: they may not stand alone for the division.
ORDINARY_WORDS = {
    "中方": "ordinary word 'the Chinese side' (中方代表团)", "通道": "ordinary word 'channel, passage'",
    "会同": "ordinary word 'together with' (会同有关部门)", "东方": "ordinary word 'the East, oriental'",
    "大同": "ordinary word 'great harmony' (世界大同)", "长治": "ordinary word in 长治久安 'lasting stability'",
    "安康": "ordinary word 'well-being' (幸福安康)", "白银": "ordinary word 'silver'",
    "来宾": "ordinary word 'guests'", "日照": "ordinary word 'sunshine'", "凤凰": "ordinary word 'phoenix'",
    "海口": "ordinary word 'seaport' (夸下海口)", "洞口": "ordinary word 'mouth of a cave'",
    "天元": "ordinary word (the centre point of a go board)", "芙蓉": "ordinary word 'hibiscus, lotus'",
    "开封": "ordinary word 'to unseal'", "石鼓": "ordinary word 'stone drum'",
    "雨花": "ordinary word 'rain of flowers'", "天心": "ordinary word 'the will of heaven, the sky's centre'",
    # seen in the corpora meaning something else (build output 'short form alone')
    "三明": "inside 三明治 'sandwich', which jieba splits (WMT19 lines 162, 1007)",
    "北海": "also the North Sea (10x in WMT19, e.g. line 356)", "阿里": "also Alibaba (阿里, 43x in WMT18)",
    "白沙": "inside 白沙瓦 Peshawar, which jieba splits (WMT18 line 2723)",
    "南阳": "also 南阳湖 Nanyang Lake, Shandong (WMT19 lines 195, 431)",
    "德州": "also Texas (德州, short for 德克萨斯州); inside 北里奥格兰德州 (WMT20 line 1370)",
    "巴中": "also 'Pakistan-China' (巴中友好); inside 阿里巴巴中国 (WMT18 line 3449)",
    # Hunan county-level names that also name a mountain, island, river or landmark
    "武陵": "also the Wuling Mountains (jieba dictionary: 武陵山)", "南岳": "also Mount Heng (jieba dictionary: 南岳山)",
    "永兴": "also Yongxing Island (jieba dictionary: 永兴岛)", "衡山": "also Mount Heng (衡山)",
    "岳麓": "also Yuelu Mountain (岳麓山) and Yuelu Academy (岳麓书院)", "君山": "also Junshan Island (君山岛)",
    "沅江": "also the Yuan River (沅江)",
}
# Short forms kept although the corpora show them inside another word once, with the reason.
SCREEN_OVERRIDES = {
    "长春": "its corpus matches are persons named 长春 (处长于长春 WMT19 line 146, 记者蔡长春 WMT18 line 2974); "
            "Changchun is the capital of Jilin",
    "长沙": "its one false match is a name jieba splits (卫生部长|沙龙·霍奇森, Sharon Hodgson, WMT18 line 3011); "
            "the samples use 长沙 alone (在长沙举行)",
}
CONTEXT = 8  # characters shown either side of a false match
# Words that follow a division's generic character and start with it: 南通市|政府 is still 南通市.
ORGAN_WORDS = tuple(g + w for g in "市省县区州" for w in ("委", "政", "长", "人", "区", "民", "内", "辖", "属", "直"))


@dataclass
class Report:
    """What the screen decided: forms dropped, hand rows seen inside words, short forms kept out."""

    dropped: list[tuple[str, str, str, str]] = field(default_factory=list)  # group, zh, form, evidence
    hand: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # (zh, form) -> contexts
    kept: dict[tuple[str, str, str], tuple[int, list[str]]] = field(default_factory=dict)  # true count, contexts
    alone: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # (zh, short) -> matches on its own
    ambiguous: list[dict] = field(default_factory=list)  # short, full_forms, variant_of, reason


def _same_place(a: dict, b: dict) -> bool:
    """Return whether two data records are one place listed twice (北京市 under 北京市, 仙桃市 under 4290)."""
    return a["ext_name"] == b["ext_name"] and (a["id"].startswith(b["id"]) or b["id"].startswith(a["id"]))


def short_form_reason(item: dict, by_form: dict, taken: dict) -> str:
    """Return why a division's short form may not stand alone, or "" when it may."""
    short, level = item["_short"], item["_level"]
    me = next(r for r in by_form[item["zh"]] if r["id"] == item["_id"])
    others = [r for r in by_form.get(short, []) if not _same_place(r, me)]
    full = [r for r in others if r["ext_name"] == short]
    if full:
        return f"the full name of {full[0]['ext_name']} ({full[0]['id']})"
    rivals = [r for r in others if int(r["deep"]) <= level]
    if rivals:
        return "also the short name of " + ", ".join(f"{r['ext_name']} ({r['id']})" for r in rivals[:4])
    if short in taken:
        return taken[short]
    return ORDINARY_WORDS.get(short, "")


def decide_short_forms(rows: list[dict], admin: list[dict], taken: dict, report: Report) -> None:
    """Set each division row's short-form variant, or record in `report` why it has none."""
    by_form: dict[str, list[dict]] = {}
    for record in admin:
        for form in {record["name"], record["ext_name"]}:
            by_form.setdefault(form, []).append(record)
    holders = {}
    for item in sorted(rows, key=lambda r: r["_level"]):  # a higher level claims a shared short form first
        short = item["_short"]
        if len(short) < 2 or short == item["zh"] or taken.get(short, "").startswith(f"a form of {item['zh']} "):
            continue  # no short form, or a hand row for this very division holds it
        reason = short_form_reason(item, by_form, {**taken, **holders})
        if reason:
            report.ambiguous.append({"short": short, "full_forms": item["zh"],
                                     "variant_of": holders.get(short, ""), "reason": reason})
            continue
        holders[short] = item["zh"]
        item["variants"] = "|".join([short, *variants_of(item)])
        item["_short_variant"] = short


class Tokens:
    """jieba word boundaries of the corpus sentences, computed once per sentence."""

    def __init__(self):
        import jieba

        jieba.setLogLevel(logging.WARNING)
        self._tokenizer = jieba.Tokenizer()
        self._cache: dict[int, tuple[set[int], list[int]]] = {}

    def bounds(self, index: int, sentence: str) -> tuple[set[int], list[int]]:
        """Return (word start offsets, start of the word holding each character) of one sentence."""
        if index not in self._cache:
            starts, owner, position = set(), [], 0
            for word in self._tokenizer.cut(sentence):
                starts.add(position)
                owner.extend([position] * len(word))
                position += len(word)
            starts.add(position)
            self._cache[index] = (starts, owner)
        return self._cache[index]


def aligned(start: int, end: int, sentence: str, bounds: tuple[set[int], list[int]]) -> bool:
    """Return whether a match [start, end) begins a word and ends at a boundary, inside its own word,
    or on a division's generic character that begins an organ word (市|委, 省|政府)."""
    starts, owner = bounds
    if start not in starts:
        return False
    return end in starts or owner[end - 1] == start or (
        owner[end - 1] == end - 1 and sentence.startswith(ORGAN_WORDS, end - 1))


HAND = "hand"


def _screening_entries(hand: list[Entry], groups: dict, t2s) -> tuple[list[Entry], dict]:
    """Return entries whose forms are the simplified images of every form, and image-zh -> origin.

    The origin is (group, index, {image: [forms]}); hand rows have group HAND. Traditional forms are
    screened through their simplified image (東加 as 东加, which 广东加快 holds)."""
    entries, origin = [], {}
    rows = [(HAND, index, entry.zh, list(entry.variants), entry.kind) for index, entry in enumerate(hand)]
    rows += [(group, index, item["zh"], variants_of(item), item["kind"])
             for group, items in groups.items() for index, item in enumerate(items)]
    for group, index, zh, variants, kind in rows:
        images: dict[str, list[str]] = {}
        for form in (zh, *variants):
            images.setdefault(t2s(form), []).append(form)
        first, *rest = images
        if first in origin:
            continue  # an earlier row holds this form; the claim step has reported it
        origin[first] = (group, index, images)
        entries.append(Entry(first, "-", kind, tuple(rest), source="screen"))
    return entries, origin


def _false_matches(glossary: Glossary, origin: dict, sentences: list, tokens: Tokens) -> tuple[dict, dict]:
    """Return ({(group, index, image): [evidence]} of matches inside other words, {same key: [evidence]}
    of matches on their own)."""
    found: dict = {}
    true: dict = {}
    for number, (where, sentence) in enumerate(sentences):
        for hit in glossary.find(sentence):
            group, index, _ = origin[hit.zh]
            key = (group, index, hit.matched or hit.zh)
            left, right = sentence[max(0, hit.start - CONTEXT): hit.start], sentence[hit.end: hit.end + CONTEXT]
            evidence = f"{where}: …{left}[{key[2]}]{right}…"
            ok = aligned(hit.start, hit.end, sentence, tokens.bounds(number, sentence))
            (true if ok else found).setdefault(key, []).append(evidence)
    return found, true


def _drop(groups: dict, origin: dict, found: dict, true: dict, report: Report) -> bool:
    """Remove the generated forms found inside words more often than on their own (the row when it is
    the zh); note the others in `report.kept`."""
    images_of = {(group, index): images for group, index, images in origin.values()}
    changed = False
    for (group, index, image), evidence in found.items():
        if group == HAND:
            continue
        item = groups[group][index]
        strict = image == item.get("_short_variant")
        if image in SCREEN_OVERRIDES or (not strict and len(evidence) <= len(true.get((group, index, image), ()))):
            report.kept[(group, item["zh"], image)] = (len(true.get((group, index, image), ())), evidence)
            continue
        for form in images_of[(group, index)][image]:
            ok = len(true.get((group, index, image), ()))
            report.dropped.append((group, item["zh"], form, f"{len(evidence)}x inside words, {ok}x alone; "
                                                           f"e.g. {evidence[0]}"))
            item["_drop"] = item.get("_drop") or form == item["zh"]
            item["variants"] = "|".join(v for v in variants_of(item) if v != form)
        changed = True
    for group in groups:
        groups[group] = [item for item in groups[group] if not item.get("_drop")]
    return changed


def screen(hand: list[Entry], groups: dict, sentences: list, t2s, report: Report, rounds: int = 8) -> None:
    """Drop every generated form found inside other words; record hand rows found so in `report`.

    Dropping a longer form can expose a shorter one inside it, so the screen repeats until stable."""
    tokens = Tokens()
    for _ in range(rounds):
        entries, origin = _screening_entries(hand, groups, t2s)
        found, true = _false_matches(Glossary(entries), origin, sentences, tokens)
        report.kept = {}
        report.alone = {(groups[g][i]["zh"], image): evidence for (g, i, image), evidence in true.items()
                        if g != HAND and image == groups[g][i].get("_short_variant")}
        if not _drop(groups, origin, found, true, report):
            report.hand = {(hand[index].zh, image): evidence
                           for (group, index, image), evidence in found.items() if group == HAND}
            return
    raise RuntimeError(f"the false-match screen did not settle in {rounds} rounds")


def division_stops(admin: list[dict], hand: list[Entry], groups: dict) -> list[dict]:
    """Return a `stop` row for every Chinese division name, absent from the glossary, that holds
    another entry's form where that form is not its own name: 定南县 (Jiangxi) holds 南县 (Hunan),
    万柏林区 holds 柏林 (Berlin), 峨眉山市 holds 眉山市. A county named after its city (抚顺县 holds
    抚顺) needs none: the city's English is part of the county's. Taiwan is left out (no rows)."""
    rows = [(entry.zh, entry.variants, entry.kind, HAND) for entry in hand]
    rows += [(item["zh"], tuple(variants_of(item)), item["kind"], group)
             for group, items in groups.items() for item in items]
    owner = {}
    for zh, variants, kind, group in rows:
        for form in (zh, *variants):
            owner.setdefault(form, group)
    glossary = Glossary([Entry(zh, "-", kind, variants, source="screen") for zh, variants, kind, _ in rows])
    stops = {}
    for record in admin:
        name = record["ext_name"]
        if record["id"][:2] in ("71", "81", "82", "91") or name in owner or name in stops:
            continue
        own = record["name"] if record["name"] != name else name[:-1]
        for hit in glossary.find(name):
            form = hit.matched or hit.zh
            division = owner.get(form) == "cn-divisions"
            if form == name or (division and form == own):
                continue
            stops[name] = row(name, f"(another division, GB/T 2260 code {record['id']})", "stop",
                              source=f"sources/cn-admin-divisions-pinyin/ok_data_level3.csv id {record['id']}",
                              note=f"{record['name']}: not in this glossary; holds {form} (from {owner[form]}), "
                                   "which is no name there")
            break
    return list(stops.values())
