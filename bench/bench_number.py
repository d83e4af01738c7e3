"""Throughput of the `number/*` functions on generated seed-like Chinese text.

    PYTHONPATH=. python bench/bench_number.py [--mb 10] [--seed-file PATH] [--repeat 3]

The corpus is a list of records, each the shared seed (event text and zh-Hant article) with its
lines shuffled, every number varied and URLs masked the way `load` masks them, so each record
has seed-like figures, entities and measures (and, now and then, a conflict). Sizes are UTF-8
megabytes (10**6 bytes). The baseline is a plain scan of the same text, in the same run, with
one precompiled regex (`[0-9]+(?:[.,][0-9]+)*`): the cheapest way to find digits at all.
`variant_conflicts` is timed on (record, record with one figure changed) pairs. Times are
the best CPU time (`time.process_time`) of `--repeat` runs, on one core.
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

from common import SEED, best_cpu, seed_like
from publisher.normalize import number

DIGITS = re.compile(r"[0-9]+(?:[.,][0-9]+)*")


def records(seed_text: str, megabytes: float, rng: random.Random) -> list[str]:
    lines = [line for line in seed_text.splitlines() if line.strip()]
    target = int(megabytes * 1_000_000)
    out: list[str] = []
    size = 0
    while size < target:
        body = lines[:]
        rng.shuffle(body)
        text = seed_like("\n".join(body), rng)
        out.append(text)
        size += len(text.encode()) + 1
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=10.0)
    ap.add_argument("--seed-file", type=Path, default=SEED)
    ap.add_argument("--repeat", type=int, default=3, help="best of N runs")
    args = ap.parse_args()
    recs = records(args.seed_file.read_text(encoding="utf-8"), args.mb, random.Random(7))
    mb = sum(len(r.encode()) + 1 for r in recs) / 1_000_000
    print(f"corpus: {mb:.1f} MB UTF-8 in {len(recs):,} records, {sum(map(len, recs)):,} code points")

    base, n = best_cpu(args.repeat, lambda: sum(len(DIGITS.findall(r)) for r in recs))
    print(f"{'plain regex scan':32} {n:>9,} hits      {base:6.3f} s  {mb / base:8.1f} MB/s  (1.00x)")
    cases = {
        "parse_amounts": lambda: sum(len(number.parse_amounts(r)) for r in recs),
        "figure_conflicts (whole record)": lambda: sum(
            1 for r in recs for _ in number.figure_conflicts(r, "zh-Hant")
        ),
    }
    pairs = []
    for r in recs:
        changed = re.sub(r"([0-9])億", r"\g<1>0億", r, count=1)
        pairs.append((r, changed))
    cases["variant_conflicts (pairs)"] = lambda: sum(
        1 for a, b in pairs for _ in number.variant_conflicts(a, b)
    )
    for name, fn in cases.items():
        # variant_conflicts reads two texts per pair; its rate is per MB of both.
        size = mb * 2 if name.startswith("variant") else mb
        took, n = best_cpu(args.repeat, fn)
        print(f"{name:32} {n:>9,} results   {took:6.3f} s  {size / took:8.1f} MB/s  ({took / base:.1f}x the scan)")
    big = "\n".join(recs)
    took, n = best_cpu(1, lambda: sum(1 for _ in number.figure_conflicts(big, "zh-Hant")))
    print(f"{'figure_conflicts (one 10MB text)':32} {n:>9,} results   {took:6.3f} s  {mb / took:8.1f} MB/s")


if __name__ == "__main__":
    main()
