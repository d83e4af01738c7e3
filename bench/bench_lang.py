"""Throughput of `lang/foreign-segment` on a generated corpus of seed-like Chinese articles.

Each article is the seed's Bitcoin article with its paragraphs shuffled, a few clean corpus
paragraphs mixed in, its URLs masked, and one foreign sentence (like the seed's Spanish one),
numbered so that no two articles repeat it: every sentence-like run is judged afresh.

Prints MB/s (UTF-8 bytes of the articles per second) and, measured on the same text in the
same run, the ratio to a regex scan for Latin words and to OpenCC's `s2t` conversion; then the
same for "clean" articles, without the foreign sentence: the common path, where langdetect is
never called. The first run includes loading langdetect's profiles, as a cold `publish` does.

    PYTHONPATH=. python bench/bench_lang.py [--mb 10]
"""

from __future__ import annotations

import argparse
import random
import re
import time
from collections.abc import Callable, Sized

import yaml

from common import ROOT, SEED
from publisher.findings import Finding
from publisher.prose import mask
from publisher.normalize.lang import foreign_segments

CORPUS = ROOT / "tests" / "corpus" / "lang" / "zh.yaml"
SPANISH = "11 de diciembre marcó un punto de inflexión crítico para los mercados。"


def articles(megabytes: float, rng: random.Random, foreign_sentence: bool = True) -> list[str]:
    seed = SEED.read_text(encoding="utf-8").replace(SPANISH, "")
    corpus = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    clean = [p["text"] for p in corpus["paragraphs"] if p["lang"].startswith("zh-Hant")]
    foreign = [s["text"] for s in corpus["foreign"]]
    lines = [line for line in seed.splitlines() if line.strip()]
    out: list[str] = []
    size = 0
    while size < megabytes * 1_000_000:
        body = rng.sample(lines, len(lines)) + rng.sample(clean, 4)
        if foreign_sentence:
            body.insert(rng.randrange(len(body)), f"{rng.choice(foreign)} {len(out)}。")
        text = mask("\n".join(body))
        out.append(text)
        size += len(text.encode("utf-8"))
    return out


def timed(work: Callable[[str], Sized], texts: list[str]) -> tuple[float, int]:
    """Seconds to run `work` on every text, and the total size of what it returned."""
    start = time.perf_counter()
    results = [work(text) for text in texts]
    return time.perf_counter() - start, sum(len(r) for r in results)


def check(text: str) -> list[Finding]:
    return list(foreign_segments(text, "zh-Hant"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10.0, help="corpus size in MB (default 10)")
    args = parser.parse_args()
    import opencc

    baselines = {
        "regex [A-Za-z]+": re.compile(r"[A-Za-z]+").findall,
        "OpenCC s2t": opencc.OpenCC("s2t").convert,
    }
    for name, foreign_sentence in (("seed-like", True), ("clean", False)):
        texts = articles(args.mb, random.Random(0), foreign_sentence)
        megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1_000_000
        seconds, findings = timed(check, texts)
        print(f"{name}: {len(texts)} articles, {megabytes:.1f} MB, {findings} findings")
        print(f"  lang/foreign-segment {megabytes / seconds:6.1f} MB/s")
        for baseline, work in baselines.items():
            baseline_seconds, _ = timed(work, texts)
            print(
                f"  {baseline:<20} {megabytes / baseline_seconds:6.1f} MB/s"
                f"  (ratio {baseline_seconds / seconds:.2f})"
            )


if __name__ == "__main__":
    main()
