"""How often a short glossary file in GBK or Big5 is read right: press's decoder beside charset-normalizer.

Every row of the repository's glossary (glossary/*.tsv, Chinese and English) becomes a DeepL-style CSV of
1, 2 or 5 random rows under a `zh,en` header, encoded in GBK, or in Big5 after OpenCC's s2t conversion
(rows Big5 cannot encode are left out). A reading is right when it gives the text back exactly; press may
also refuse ("unsure"). Deterministic (seed 1). Usage: python benchmarks/bench_encodings.py [trials]
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

import opencc
from charset_normalizer import from_bytes

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.errors import InputError  # noqa: E402
from pipeline.formats.txt import CANDIDATES, decode  # noqa: E402


def terms() -> list[tuple[str, str]]:
    found = []
    for path in sorted((REPO / "glossary").glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            cells = line.split("\t")
            if len(cells) > 1 and cells[0] and not cells[0].startswith("#") and "," not in "".join(cells[:2]):
                found.append((cells[0], cells[1]))
    return found


def main(trials: int = 400) -> None:
    rows, to_traditional = terms(), opencc.OpenCC("s2t")
    print("rows encoding files | press: right wrong refused | charset-normalizer: right")
    for count in (1, 2, 5):
        for encoding, convert in (("gbk", str), ("big5", to_traditional.convert)):
            generator = random.Random(1)
            right = wrong = refused = normalizer = files = 0
            for _ in range(trials):
                text = "zh,en\n" + "".join(f"{convert(zh)},{en}\n" for zh, en in generator.sample(rows, count))
                try:
                    data = text.encode(encoding)
                except UnicodeEncodeError:
                    continue
                files += 1
                try:
                    ours = decode(data, Path("terms.csv"))
                except InputError:
                    refused += 1
                else:
                    right, wrong = right + (ours == text), wrong + (ours != text)
                best = from_bytes(data, cp_isolation=CANDIDATES).best()
                normalizer += best is not None and str(best) == text
            print(f"{count} {encoding} {files} | {right} {wrong} {refused} | {normalizer}")


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:2]))
