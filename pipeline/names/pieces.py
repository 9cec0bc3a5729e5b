"""Whole names from a tagger's pieces: a transliterated name cut in two (拉苏尔 + 佐达 = 拉苏尔佐达, Rasulzoda),
joined by a middle dot (纳赛尔·阿尔赫莱菲), or followed by 市/州/县 (代尔祖尔市); a Chinese person whose
surname the tagger cut off (陆 + 志远 = 陆志远).

The tagger (jieba) cuts foreign names it does not know into pieces, tags some as persons or places and
the rest as verbs or nouns (拉 v, 苏尔 ns, 佐达 nrt). A piece joins its neighbour when the two touch,
or a middle dot joins them, and the neighbour is another tagged name or a word of one or two
characters that reads like a transliteration (likelier in transliterations than in Chinese names,
no function word such as 在 or 和, no ordinary word of CC-CEDICT) — and the whole reads as a
transliteration, not as a Chinese name.
"""
from __future__ import annotations

from dataclasses import dataclass

from .. import dictionary
from . import kinds as name_kinds
from .dictionary import lookup, ordinary_word

NAME_FLAGS = ("nr", "ns", "nt", "nz")
DOT = name_kinds.TRANSLITERATION_DOT
PIECE_ODDS = -1.0  # foreign_odds above which a word between two pieces of a name reads like part of it (蒂)
EDGE_ODDS = 1.0  # … and at its edge (拉 2.8 of 拉苏尔佐达; not 来 0.1 or 率团 0.4 in 瓦尔蒂基耶率团来渝)
FUNCTION_CHARACTERS = frozenset("在和与及是的说了对将向于为也都就等一会并同跟把被从到让给还又由以而或时后前中称曾")
LEADING = frozenset("和与及同跟从在对向把被将由")  # cut off the front of a tagged name: 和罗梅, 从如皋, 由西蒙
TRAILING = frozenset("和与及的了时后曾说在")  # … and off its end: 巴和, 莫迪曾
SUFFIXES = ("市", "州", "县")
PLACE_SUFFIXES = ("市", "州", "县", "区")  # … and of a Chinese place the tagger cut off (武隆 + 区)
TERM = "term"  # the flag of a glossary term's span: never part of another name
SURNAME = "surname"  # the flag of one character the tagger took for a person: a surname cut off its given name
# the flag prefix of a transliteration piece a tagger knows as a frequent name (斯特拉, 维奇): a name only
# together with other pieces (费斯特拉维奇), never on its own
HIDDEN = "piece-"


@dataclass(frozen=True)
class Piece:
    """A word as the tagger cut it: its text, part-of-speech flag and offset."""

    word: str
    flag: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.word)


def _joins(piece: Piece, between: bool = False) -> bool:
    """Return whether a word may be part of a foreign name beside a tagged piece: a tagged name, or one or
    two characters that read like a transliteration (more so at the name's edge than `between` two of
    its pieces) and are no function or ordinary word (马里 q)."""
    if piece.flag == TERM:
        return False
    if piece.flag.startswith(NAME_FLAGS) or piece.flag.startswith(HIDDEN):
        return not ordinary_word(piece.word) or len(piece.word) == 1
    return len(piece.word) <= 2 and all("\u4e00" <= char <= "\u9fff" and char not in FUNCTION_CHARACTERS
                                        for char in piece.word) \
        and (len(piece.word) == 1 or not ordinary_word(piece.word)) \
        and name_kinds.foreign_odds(piece.word) > (PIECE_ODDS if between else EDGE_ODDS)


def _split(pieces: list[Piece]) -> list[Piece]:
    """Return the pieces with a function character cut off a tagged name (和罗梅 -> 和 + 罗梅, 巴和 -> 巴 + 和)."""
    split: list[Piece] = []
    cedict = dictionary.load()
    for piece in pieces:
        word, start = piece.word, piece.start
        # 从如皋 -> 从 + 如皋, but 从严治党 keeps 从严 (a word of CC-CEDICT)
        if piece.flag.startswith(NAME_FLAGS) and len(word) > 2 and word[0] in LEADING and word[:2] not in cedict:
            split.append(Piece(word[0], "c", start))
            word, start = word[1:], start + 1
        if piece.flag.startswith(NAME_FLAGS) and len(word) >= 2 and word[-1] in TRAILING \
                and name_kinds.listed(word) is None:  # 巴和 -> 巴 + 和, but 平和 is a county
            split += [Piece(word[:-1], piece.flag, start), Piece(word[-1], "c", start + len(word) - 1)]
        else:
            split.append(Piece(word, piece.flag, start))
    return split


def _foreign(word: str) -> bool:
    """Return whether a joined word reads as a transliteration: a middle dot, or its characters."""
    return any(dot in word for dot in DOT) or name_kinds.foreign_odds(word) > 0.0


def _dotted(piece: Piece) -> bool:
    """Return whether a word may stand on the far side of a middle dot: Han characters, no ordinary word."""
    return piece.flag != TERM and bool(piece.word) and all("\u4e00" <= char <= "\u9fff" for char in piece.word) \
        and (len(piece.word) == 1 or not ordinary_word(piece.word))


def _complete(piece: Piece) -> bool:
    """Return whether a word is a place name of its own (3+ characters the place lists or CC-CEDICT know as
    a place, with or without 市/州/县: 维多利亚州, 墨尔本市), which no neighbour makes longer."""
    if len(piece.word) < 3 or not piece.flag.startswith(NAME_FLAGS):
        return False
    for form in dict.fromkeys((piece.word, piece.word.rstrip("".join(SUFFIXES)))):
        named = lookup(form)
        if name_kinds.listed(form) is not None or (named is not None and named.what == "place") \
                or (piece.flag.startswith("nt") and named is not None):
            return True
    return False


def _reach(pieces: list[Piece], index: int, step: int) -> int:
    """Return the farthest index from `index` (towards `step`) that joins the name: touching joinable words,
    and any Han word across a middle dot (丹尼尔·哈恩, whatever the tagger made of 丹尼尔)."""
    while 0 <= index + step < len(pieces):
        near = pieces[index + step]
        if (near.start, near.end)[step < 0] != (pieces[index].end, pieces[index].start)[step < 0]:
            break  # a space between them
        beyond = index + 2 * step
        if near.word in DOT and 0 <= beyond < len(pieces) and _dotted(pieces[beyond]):
            index = beyond
        elif _complete(near) and _complete(pieces[index]):
            break  # 澳大利亚联邦 + 维多利亚州 + 墨尔本市: names side by side, not pieces of one
        elif near.word not in DOT and _joins(near, 0 <= beyond < len(pieces) and (
                pieces[beyond].flag.startswith(NAME_FLAGS) or pieces[beyond].word in DOT)):
            index += step
        else:
            break
    return index


def whole_names(pieces: list[Piece]) -> list[Piece]:
    """Return the tagged names of a sentence with foreign names made whole from touching pieces (tagged
    names, transliteration characters, middle dots) and a trailing 市/州/县; other names as they are."""
    pieces = _split(pieces)
    names: list[Piece] = []
    index = 0
    while index < len(pieces):
        piece = pieces[index]
        hidden = piece.flag.startswith(HIDDEN)
        if _surname_cut_off(pieces, index):  # 陆 + 志远: the tagger's surname and given name, one person
            given = pieces[index + 1]
            names.append(Piece(piece.word + given.word, given.flag, piece.start))
            index += 2
            continue
        if not (piece.flag.startswith(NAME_FLAGS) or hidden) or piece.word in DOT:
            index += 1
            continue
        first, last = _reach(pieces, index, -1), _reach(pieces, index, 1)
        while first < last and pieces[first].word in FUNCTION_CHARACTERS:
            first += 1
        while last > first and pieces[last].word in FUNCTION_CHARACTERS:
            last -= 1
        word = "".join(p.word for p in pieces[first:last + 1])
        if last > first and _foreign(word):
            if last + 1 < len(pieces) and pieces[last + 1].word in SUFFIXES:
                last += 1
                word += pieces[last].word
            names.append(Piece(word, _flag(pieces[first:last + 1]), pieces[first].start))
        else:
            last = index
            if not hidden:
                whole = _with_suffix(piece, pieces[index + 1] if index + 1 < len(pieces) else None)
                names.append(whole)
                last += whole is not piece
        index = last + 1
    return names


def _surname_cut_off(pieces: list[Piece], index: int) -> bool:
    """Return whether pieces[index] is a Chinese surname the tagger cut off the given name after it: one
    character, a surname of the name data and no function character (和, 向), touching a person's given
    name of one or two Han characters — tagged a person itself (陆/nr + 志远/nrfg), or before a two-character
    "person" that starts with no surname, so can be a given name only (钱/n + 志远/nrfg)."""
    piece = pieces[index]
    surnames = name_kinds.data()["surnames"]
    if index + 1 >= len(pieces) or len(piece.word) != 1 or piece.flag == TERM \
            or piece.word in FUNCTION_CHARACTERS or piece.word not in surnames:
        return False
    given = pieces[index + 1]
    if given.start != piece.end or not given.flag.startswith("nr") or not 1 <= len(given.word) <= 2 \
            or not all("\u4e00" <= char <= "\u9fff" for char in given.word):
        return False
    return piece.flag == SURNAME or (len(given.word) == 2 and given.word[0] not in surnames)


def _with_suffix(piece: Piece, after: Piece | None) -> Piece:
    """Return a place name with the 市/县/区/州 the tagger cut off it (武隆 + 区 -> 武隆区), else the piece."""
    if after is None or after.word not in PLACE_SUFFIXES or after.start != piece.end or len(piece.word) < 2 \
            or not piece.flag.startswith(("ns", "nr")) or piece.word.endswith(PLACE_SUFFIXES):
        return piece
    return Piece(piece.word + after.word, "ns", piece.start)


def _flag(parts: list[Piece]) -> str:
    """Return the tag of a joined name: a place when it ends in 市/州/县, a person when a piece is one
    (拉 v + 苏尔 ns + 佐达 nrt: Rasulzoda), else a place if a piece is one."""
    flags = [p.flag.removeprefix(HIDDEN) for p in parts]
    person = next((flag for flag in flags if flag.startswith("nr")), "")
    if parts[-1].word in SUFFIXES or not person:
        return "ns" if parts[-1].word in SUFFIXES or any(flag.startswith("ns") for flag in flags) else "nz"
    return person
