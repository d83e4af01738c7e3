"""`publish check` throughput on a generated corpus of seed-like Chinese records.

Builds a project of zh-Hant articles made from the seed article (its defects included, with
paragraphs shuffled and figures varied), at 1x and 4x the requested size, and runs
`publish check --format json` on each in a fresh process, every rule on. Reports MB/s (CPU
time of the check process), the ratio to OpenCC's own `s2t` conversion of the same text
measured in the same run, and the peak RSS of each run: memory should stay flat as the corpus
grows, since records are checked one at a time.

    python bench/bench_check.py [--mb 10]
"""

from __future__ import annotations

import argparse
import random
import resource
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import opencc

from common import SEED

CAMPAIGN = """campaign:
  id: bench
  timezone: "+08:00"
  window: {start: "2026-01-08 16:00", end: "2026-01-26 24:00"}
channels:
  - {id: x-main, platform: x, locale: zh-Hant}
schedule:
  - {post: article-0, at: "2026-01-10 20:00"}
"""


def seed_paragraphs() -> tuple[str, list[str]]:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    return lines[11], [line for line in lines[12:] if line.strip()]


def vary(paragraph: str, rng: random.Random) -> str:
    return re.sub(r"\d+", lambda m: str(int(m.group()) + rng.randint(0, 9)) if rng.random() < 0.3 else m.group(), paragraph)


def generate(folder: Path, megabytes: float, seed: int = 7) -> float:
    """Write records until they hold `megabytes` of UTF-8; returns the MB written."""
    rng = random.Random(seed)
    title, paragraphs = seed_paragraphs()
    (folder / "content").mkdir(parents=True)
    (folder / "campaign.yaml").write_text(CAMPAIGN, encoding="utf-8")
    written, i = 0, 0
    while written < megabytes * 1_000_000:
        body = "\n".join(vary(p, rng) for p in rng.sample(paragraphs, len(paragraphs)))
        text = f"---\nid: article-{i}\nkind: article\nlang: zh-Hant\ntitle: {title}\n---\n{body}\n"
        (folder / "content" / f"article-{i:05d}.md").write_text(text, encoding="utf-8")
        written += len(text.encode("utf-8"))
        i += 1
    return written / 1_000_000


def corpus_text(folder: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in sorted((folder / "content").glob("*.md")))


# Runs the CLI and reports the process's own peak RSS (VmHWM) when it exits. getrusage's
# ru_maxrss would not do: Linux carries the forking parent's peak over into the child.
CHILD = """
import atexit, runpy, sys
def peak():
    with open("/proc/self/status") as status:
        hwm = next(line for line in status if line.startswith("VmHWM:"))
    sys.stderr.write("VmHWM " + hwm.split()[1] + "\\n")
atexit.register(peak)
sys.argv = ["publish", "check", "--format", "json", "--project", sys.argv[1]]
runpy.run_module("publisher", run_name="__main__")
"""


def run_check(folder: Path) -> tuple[float, float, int]:
    """CPU seconds, wall seconds and peak RSS (KiB) of one `publish check` process."""
    command = [sys.executable, "-c", CHILD, str(folder)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    _, stderr = process.communicate()
    wall = time.perf_counter() - start
    if process.returncode not in (0, 1):
        raise SystemExit(f"publish check failed with status {process.returncode}: {stderr[-500:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    rss = int(next(line for line in stderr.splitlines() if line.startswith("VmHWM")).split()[1])
    return cpu, wall, rss


def s2t_seconds(text: str) -> float:
    converter = opencc.OpenCC("s2t")
    start = time.process_time()
    converter.convert(text)
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for factor in (1, 4):
            folder = Path(tmp) / f"x{factor}"
            size = generate(folder, args.mb * factor)
            cpu, wall, rss = run_check(folder)
            baseline = s2t_seconds(corpus_text(folder))
            print(
                f"{factor}x: {size:.1f} MB, {len(list((folder / 'content').glob('*.md')))} records | "
                f"publish check {size / cpu:.2f} MB/s CPU ({wall:.1f} s wall) | "
                f"OpenCC s2t {size / baseline:.1f} MB/s | check/s2t time ratio {cpu / baseline:.1f} | "
                f"peak RSS {rss / 1024:.0f} MiB"
            )


if __name__ == "__main__":
    main()
