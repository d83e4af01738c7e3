"""OpenCC converters built once per process and shared by every stage.

Loading a converter reads its dictionaries (about 0.1 s for those with OpenCC's large
Simplified phrase table), so each is built on first use and then kept. Converters never emit
"tofu risk" characters (rare forms outside the common fonts, from `TSCharactersExt`): text we
publish must render everywhere.

Besides OpenCC's own configurations (`converter("s2twp")`), two derived kinds exist for callers
that need to know *why* OpenCC picked a character:

- `phrase_converter("s2t")` applies only the phrase dictionaries of the configuration's first
  conversion step, so a character comes out changed only where a phrase matched around it;
- `character_converter("s2t")` applies only its character dictionaries, one character at a time,
  without loading the phrase tables.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path

import opencc

__all__ = ["OPENCC_SHARE", "character_converter", "converter", "phrase_converter"]

OPENCC_SHARE = Path(opencc.__file__).parent / "clib" / "share" / "opencc"


@cache
def converter(config: str) -> opencc.OpenCC:
    """OpenCC's configuration `config` (`"s2t"`, `"t2s"`, `"s2twp"`, ...)."""
    return opencc.OpenCC(config, include_tofu_risk_dictionaries=False)


@cache
def phrase_converter(config: str) -> opencc.OpenCC:
    """The phrase dictionaries of `config`'s first step, with its segmentation."""
    return _derived(config, keep=lambda name: "Phrases" in name, segment=True)


@cache
def character_converter(config: str) -> opencc.OpenCC:
    """The character dictionaries of `config`'s first step, character by character."""
    return _derived(config, keep=lambda name: "Characters" in name, segment=False)


def _derived(config: str, *, keep: Callable[[str], bool], segment: bool) -> opencc.OpenCC:
    spec = json.loads((OPENCC_SHARE / f"{config}.json").read_text(encoding="utf-8"))
    first_step = _filtered(spec["conversion_chain"][0]["dict"], keep)
    if first_step is None:
        raise ValueError(f"{config}: its first conversion step has no such dictionary")
    derived: dict = {
        "name": f"{spec['name']} (derived)",
        "conversion_chain": [{"dict": first_step}],
    }
    if segment and "segmentation" in spec:
        derived["segmentation"] = {
            "type": spec["segmentation"]["type"],
            "dict": _filtered(spec["segmentation"]["dict"], keep),
        }
    # OpenCC takes a configuration only as a file; it reads it (and the dictionaries, given
    # here by absolute path) while the converter is built, so the file can go at once.
    import tempfile  # 4 ms to import, and only needed here

    fd, path = tempfile.mkstemp(suffix=".json", prefix="publisher-opencc-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(derived, out, ensure_ascii=False)
        return opencc.OpenCC(path, include_tofu_risk_dictionaries=False)
    finally:
        os.unlink(path)


def _filtered(node: dict, keep: Callable[[str], bool]) -> dict | None:
    """`node` (a dictionary or a group of them) with only the dictionaries `keep` accepts."""
    if node["type"] == "group":
        kept = [child for child in (_filtered(c, keep) for c in node["dicts"]) if child is not None]
        return {**node, "dicts": kept} if kept else None
    if keep(node["file"]):
        return {**node, "file": str(OPENCC_SHARE / node["file"])}
    return None
