"""What a text rule returns before it is placed in a file.

Rules are pure functions over one string of prose. That string is *masked*: code, URLs, link
targets, hashtags, cashtags and front-matter syntax are replaced by runs of `MASK` of the same
length, so offsets stay those of the source while no rule can see, match or rewrite them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

MASK = "\ufffc"


@dataclass(frozen=True)
class Finding:
    """A span `[start, end)` of the analysed string, what is wrong with it, and maybe a fix."""

    start: int
    end: int
    message: str
    replacement: str | None = None
    safe: bool = False

    def describe(self, position: Callable[[int], tuple[int, int]] | None = None) -> str:
        """The message to show; a finding that refers to another span of the same text names
        it by line and column through `position` (an offset of the text -> line, column)."""
        return self.message
