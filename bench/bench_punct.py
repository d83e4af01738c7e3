"""Throughput of the `punct/*` rules on generated seed-like Chinese text.

    PYTHONPATH=. python bench/bench_punct.py [--mb 10] [--seed-file PATH]

The corpus repeats the paragraphs of the shared seed (event text and zh-Hant article, with
their half-width punctuation, `((M2))` and curly quotes), shuffled, with numbers varied and URLs
masked the way `load` masks them. Sizes are UTF-8 megabytes (10**6 bytes) of that text.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from common import SEED, seed_like
from publisher.normalize import punct


def corpus(seed_text: str, megabytes: float, rng: random.Random) -> str:
    paragraphs = [p for p in seed_text.splitlines() if p.strip()]
    target = int(megabytes * 1_000_000)
    out: list[str] = []
    size = 0
    while size < target:
        p = seed_like(rng.choice(paragraphs), rng)
        out.append(p)
        size += len(p.encode()) + 1
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=10.0)
    ap.add_argument("--seed-file", type=Path, default=SEED)
    ap.add_argument("--repeat", type=int, default=3, help="best of N runs per rule")
    args = ap.parse_args()
    text = corpus(args.seed_file.read_text(encoding="utf-8"), args.mb, random.Random(7))
    mb = len(text.encode()) / 1_000_000
    print(f"corpus: {mb:.1f} MB UTF-8, {len(text):,} code points")
    rules = {
        "punct/width": lambda t: punct.half_width(t, "zh-Hant"),
        "punct/doubled-bracket": lambda t: punct.doubled_bracket(t),
        "punct/quotes": lambda t: punct.quote_style(t, "zh-Hant"),
        "punct/ellipsis": lambda t: punct.ellipsis(t, "zh-Hant"),
        "punct/dash": lambda t: punct.dash(t, "zh-Hant"),
        "punct/spacing (space)": lambda t: punct.cjk_latin_spacing(t, "space"),
        "punct/spacing (nospace)": lambda t: punct.cjk_latin_spacing(t, "nospace"),
    }
    default_set = [name for name in rules if not name.startswith("punct/spacing")]
    for label, corpus_text in (
        ("as written", text),
        ("after safe fixes", fixed(text, rules, default_set)),
    ):
        mb = len(corpus_text.encode()) / 1_000_000
        print(f"-- {label}: {mb:.1f} MB")
        seconds = {}
        for name, rule in rules.items():
            best = float("inf")
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                n = sum(1 for _ in rule(corpus_text))
                best = min(best, time.perf_counter() - t0)
            seconds[name] = best
            print(f"{name:26} {n:>9,} findings  {best:6.3f} s  {mb / best:8.1f} MB/s")
        for title, names in (
            ("default set (spacing keep)", default_set),
            ("default set + spacing space", [*default_set, "punct/spacing (space)"]),
        ):
            total = sum(seconds[name] for name in names)
            print(f"{title:26} {'':>9}           {total:6.3f} s  {mb / total:8.1f} MB/s")


def fixed(text: str, rules: dict, names: list[str]) -> str:
    """The corpus after the rules' safe fixes, applied to a fixed point like `publish fix`."""
    for _ in range(10):
        findings = sorted(
            (
                f
                for name in names
                for f in rules[name](text)
                if f.safe and f.replacement is not None
            ),
            key=lambda f: (f.start, f.end),
        )
        out, last = [], 0
        for f in findings:
            if f.start >= last:
                out.append(text[last : f.start])
                out.append(f.replacement)
                last = f.end
        out.append(text[last:])
        new = "".join(out)
        if new == text:
            break
        text = new
    return text


if __name__ == "__main__":
    main()
