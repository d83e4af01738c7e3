"""Throughput of `script/stray-simplified` on a generated corpus of seed-like Chinese articles.

Each article is the seed (event text and zh-Hant article, with its two stray Simplified
characters) with its lines shuffled, three clean Taiwan corpus paragraphs mixed in, and one more
whose tail is converted to Simplified, as a bad copy-paste leaves it: a run of strays of every
kind, one-to-many ones included. Sizes are UTF-8 megabytes (10**6 bytes).

Prints MB/s of `stray_simplified` and, on the same articles in the same run, of OpenCC's `s2t`
conversion and their ratio; also the first call's cost (tables, converters, phrase index).

    PYTHONPATH=. python bench/bench_script.py [--mb 10] [--repeat 3]
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable

import opencc

from common import ROOT, seed_lines
from publisher.normalize.script import stray_simplified
from publisher.opencc_cache import converter

CLEAN = ROOT / "tests" / "corpus" / "script" / "zh-Hant-TW.txt"


def articles(megabytes: float, rng: random.Random) -> list[str]:
    seed = seed_lines()
    clean = [line for line in CLEAN.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    to_simplified = converter("t2s")
    out: list[str] = []
    size = 0
    while size < megabytes * 1e6:
        lines = seed + rng.sample(clean, 3)
        stray = rng.choice(clean)
        at = rng.randrange(len(stray))
        lines.append(stray[:at] + to_simplified.convert(stray[at:]))
        rng.shuffle(lines)
        article = "\n".join(lines)
        out.append(article)
        size += len(article.encode("utf-8"))
    return out


def rate(texts: list[str], run: Callable[[str], object], repeat: int) -> float:
    megabytes = sum(len(text.encode("utf-8")) for text in texts) / 1e6
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for text in texts:
            run(text)
        best = min(best, time.perf_counter() - start)
    return megabytes / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    texts = articles(args.mb, random.Random(20260108))
    start = time.perf_counter()
    findings = sum(1 for _ in stray_simplified(texts[0]))
    print(f"first call: {(time.perf_counter() - start) * 1000:.0f} ms ({findings} findings)")
    total = sum(len(text.encode("utf-8")) for text in texts) / 1e6
    found = sum(1 for text in texts for _ in stray_simplified(text))
    print(f"corpus: {len(texts)} articles, {total:.1f} MB, {found} findings")
    ours = rate(texts, lambda text: list(stray_simplified(text)), args.repeat)
    s2t = opencc.OpenCC("s2t")
    theirs = rate(texts, s2t.convert, args.repeat)
    print(f"stray_simplified: {ours:.1f} MB/s")
    print(f"opencc s2t:       {theirs:.1f} MB/s")
    print(f"ratio:            {ours / theirs:.2f}x s2t")


if __name__ == "__main__":
    main()
