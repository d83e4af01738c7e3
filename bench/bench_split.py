"""Throughput of `platforms.measure` and `split.split_post` on seed-like Chinese posts.

    PYTHONPATH=. python bench/bench_split.py [--seed-file PATH] [--repeat 5]

`measure` runs on a ~500 code point post (Traditional Chinese, a URL, numbers, emoji, a
hashtag, a cashtag and a remote mention); `split_post` splits the seed's article (its second
half, with half-width punctuation as it came) for every platform that needs a thread.
Times are the best of `--repeat` runs.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from common import SEED
from publisher import platforms
from publisher.split import split_post

SENTENCE = (
    "比特幣在週末再度突破九萬美元，市場情緒明顯回暖。分析師指出，ETF 資金流入與 M2 擴張是主因；"
    "但也有人擔心甲骨文的 AI 支出過高。詳情請見 https://www.gate.com/zh-tw/campaigns/123?ref=abc "
    "活動期間：2026-01-08 16:00 至 2026-01-26 24:00。🎉🚀 #BTC $BTC @gate@mastodon.social "
)


def best_of(repeat: int, number: int, run: Callable[[], object]) -> float:
    """Seconds per call, best of `repeat` runs of `number` calls."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            run()
        best = min(best, time.perf_counter() - start)
    return best / number


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed-file", type=Path, default=SEED)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    post = (SENTENCE * 4)[:500]
    print(f"measure() on a {len(post)} code point post")
    for name, spec in platforms.PLATFORMS.items():
        per_call = best_of(args.repeat, 2000, lambda spec=spec: spec.measure(post))
        print(f"  {name:17} {spec.measure(post):>6} {spec.unit:10} {per_call * 1e6:8.1f} µs  {1 / per_call:>11,.0f} calls/s")

    seed = args.seed_file.read_text(encoding="utf-8")
    article = seed[len(seed) // 2:]
    print(f"split_post() on the seed article ({len(article)} code points)")
    for name in ("x", "mastodon", "bluesky", "threads", "discord", "telegram"):
        spec = platforms.spec(name)
        parts = split_post(article, spec.fits)
        per_call = best_of(args.repeat, 5, lambda spec=spec: split_post(article, spec.fits))
        print(f"  {name:17} {len(parts):>3} parts {per_call * 1e3:8.2f} ms")


if __name__ == "__main__":
    main()
