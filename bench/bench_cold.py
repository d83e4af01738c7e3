"""Cold `publish --dry-run` on the shipped campaign against the import baseline of DESIGN.md.

Each command runs as a fresh process, alternating with the baseline so that both see the same
machine load; the script prints medians and the ratio (target: at most 1.5). The package is
byte-compiled first, as `pip install` does, so that an environment that forbids writing
bytecode (PYTHONDONTWRITEBYTECODE) does not charge source compilation to every run.

    python bench/bench_cold.py [--runs 15]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = [sys.executable, "-c", "import pydantic, jinja2, opencc; opencc.OpenCC('s2t')"]
DRY_RUN = [sys.executable, "-m", "publisher", "--dry-run", "--now", "2026-01-08 16:00", "--project", str(ROOT)]


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "publisher")], check=True)
    wall(DRY_RUN)  # warm the file cache before measuring
    baseline, dry_run = [], []
    for _ in range(args.runs):
        baseline.append(wall(BASELINE))
        dry_run.append(wall(DRY_RUN))
    b, d = statistics.median(baseline), statistics.median(dry_run)
    print(f"baseline (import pydantic, jinja2, opencc; OpenCC('s2t')): median {b * 1000:.0f} ms")
    print(f"publish --dry-run (shipped campaign, cold process):       median {d * 1000:.0f} ms")
    print(f"ratio: {d / b:.2f}x (target <= 1.5x), {args.runs} runs each")


if __name__ == "__main__":
    main()
