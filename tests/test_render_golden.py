"""Golden posts: the shipped records on every platform, in both scripts and in Hong Kong usage.

`tests/fixtures/render-every-platform` is the shipped campaign with one channel per platform
and locale; the test copies the shipped `content/` beside it. Each channel has a file in
`tests/golden/render/` with every post of the plan for it, part by part, exactly as
`publish --dry-run --format json` lists them (Bluesky parts with their facets). After a
deliberate change, write the files again with `PUBLISHER_REGENERATE_GOLDEN=1 pytest
tests/test_render_golden.py` and review the diff.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml

from publisher import limit, measure
from publisher.model import PLATFORMS
from tests.conftest import FIXTURES, REPO, run_cli

GOLDEN = Path(__file__).parent / "golden" / "render"
PROJECT = FIXTURES / "render-every-platform"
CHANNELS = [c["id"] for c in yaml.safe_load((PROJECT / "campaign.yaml").read_text(encoding="utf-8"))["channels"]]
REGENERATE = os.environ.get("PUBLISHER_REGENERATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def plan(tmp_path_factory):
    root = tmp_path_factory.mktemp("golden") / "project"
    shutil.copytree(PROJECT, root)
    shutil.copytree(REPO / "content", root / "content")
    run = run_cli("--dry-run", "--project", str(root), "--now", "2026-01-08 16:00", "--format", "json")
    assert run.exit_code == 0, run.stderr
    return run.json()


def golden_text(posts: list[dict]) -> str:
    lines = []
    for post in posts:
        lines.append(f"=== {post['post']} at {post['at']} on {post['platform']} in {post['locale']}")
        for index, part in enumerate(post["parts"], 1):
            lines.append(f"--- part {index}/{len(post['parts'])}, {part['length']}/{part['limit']}")
            lines.append(part["text"])
            lines.extend("facet " + json.dumps(facet, ensure_ascii=False) for facet in part.get("facets", []))
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("channel", CHANNELS)
def test_rendered_posts_match_their_golden_file(plan, channel):
    text = golden_text([p for p in plan["posts"] if p["channel"] == channel])
    path = GOLDEN / f"{channel}.txt"
    if REGENERATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"no golden file {path}: write it with PUBLISHER_REGENERATE_GOLDEN=1 and review it"
    assert text == path.read_text(encoding="utf-8")


def test_goldens_cover_every_platform_in_both_scripts(plan):
    covered = {(p["platform"], p["locale"]) for p in plan["posts"]}
    assert {(platform, locale) for platform in PLATFORMS for locale in ("zh-Hant", "zh-Hans")} <= covered
    assert {p["post"] for p in plan["posts"]} == {"gate-square-cny-2026", "bitcoin-crossroads"}


def visible(text: str) -> str:
    """What Telegram counts of an HTML message: the text without tags, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def test_every_part_has_its_length_in_the_platforms_unit_and_fits_its_limit(plan):
    for post in plan["posts"]:
        for part in post["parts"]:
            counted = visible(part["text"]) if post["platform"] == "telegram" else part["text"]
            assert part["length"] == measure(post["platform"], counted) <= part["limit"] == limit(post["platform"])


def test_every_link_carries_the_platforms_utm_parameters(plan):
    for post in plan["posts"]:
        for part in post["parts"]:
            links = [f["features"][0]["uri"] for f in part.get("facets", []) if "uri" in f["features"][0]]
            links += re.findall(r"https?://[^\s<>\"）)]+", html.unescape(part["text"]))
            for link in links:
                assert link.endswith(f"utm_source={post['platform']}&utm_campaign=gate-square-cny-2026"), (post["channel"], link)


def test_hong_kong_posts_use_the_hong_kong_glossary_forms(plan):
    text = "\n".join(part["text"] for p in plan["posts"] if p["locale"] == "zh-Hant-HK" for part in p["parts"])
    assert all(term in text for term in ("人工智能", "數據中心", "美聯儲"))
    assert not any(term in text for term in ("人工智慧", "資料中心", "聯準會", "人工智能基础"))


def test_dates_and_amounts_are_written_in_the_posts_locale(plan):
    (mastodon,) = [p for p in plan["posts"] if p["channel"] == "mastodon-cn" and p["at"] == "2026-01-08T16:00:00+08:00"]
    text = mastodon["parts"][0]["text"]
    assert "60,000美元（发帖瓜分 25,000美元、新手奖池 10,000美元）" in text
    assert "2026年1月8日 16:00 – 1月26日 24:00（UTC+8）" in text


def test_bluesky_facets_point_at_the_links_and_tags_they_name(plan):
    found = 0
    for post in plan["posts"]:
        for part in (p for p in post["parts"] if post["platform"] == "bluesky"):
            data = part["text"].encode("utf-8")
            for facet in part["facets"]:
                shown = data[facet["index"]["byteStart"]:facet["index"]["byteEnd"]].decode("utf-8")
                feature = facet["features"][0]
                if "tag" in feature:
                    assert shown == "#" + feature["tag"]
                else:
                    assert feature["uri"].removeprefix("https://").startswith(shown.removesuffix("..."))
                found += 1
    assert found
