"""What the benchmark scripts share: the seed, seed-like text, and a CPU-time timer."""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from publisher.prose import mask

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds" / "000_760e9c92f05a700c.txt"

T = TypeVar("T")


def seed_lines(path: Path = SEED) -> list[str]:
    """The seed's non-empty lines: the event text, then the article's title and paragraphs."""
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def seed_like(text: str, rng: random.Random) -> str:
    """`text` with every number replaced by a random one of as many digits, then masked the
    way `publish check` masks prose (URLs, code, tags), so rules see what they see there."""
    return mask(re.sub(r"\d+", lambda m: str(rng.randrange(1, 10 ** len(m.group()))), text))


def best_cpu(repeat: int, run: Callable[[], T]) -> tuple[float, T]:
    """Best CPU seconds of `repeat` runs (CPU time, so other processes matter less), and the
    last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.process_time()
        result = run()
        best = min(best, time.process_time() - start)
    return best, result  # type: ignore[return-value]
