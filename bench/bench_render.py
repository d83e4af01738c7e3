"""Throughput of rendering: seed-sized posts for every platform, in both scripts.

    PYTHONPATH=. python bench/bench_render.py [--posts 10000] [--repeat 3]

A temporary project holds variants of the shipped records (the event and the zh-Hant article,
ids and figures changed so that no two records are alike) and one channel per platform and
script (zh-Hant, zh-Hans). Every record is rendered for every channel until `--posts` posts are
done: template, Markdown to the platform's format, UTM tags, OpenCC conversion, measuring and
thread splitting (`Renderer.render`). Templates are compiled once, by the first posts.

The baseline, measured in the same run on the same posts, renders only the templates: the same
compiled Jinja templates, each given a context with the post's fields and its raw body. The
ratio says what the whole pipeline costs over bare templating on this machine.
Times are the best of `--repeat` runs, on one core.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from publisher.model import PLATFORMS
from publisher.project import RecordDoc, load_project
from publisher.render import Renderer, SlotInfo

REPO = Path(__file__).resolve().parents[1]
LOCALES = ("zh-Hant", "zh-Hans")
CAMPAIGN = """\
campaign:
  id: bench
  timezone: "+08:00"
  window: {start: "2026-01-08 16:00", end: "2026-01-26 24:00"}
  hashtags: [Gate廣場]
channels:
"""


def build_project(folder: Path, records: int, rng: random.Random) -> None:
    """`records` variants of the shipped records, and a channel per platform and script."""
    channels = "".join(
        f"  - {{id: {platform}-{locale}, platform: {platform}, locale: {locale}"
        + (f", url_env: HOOK_{i}" if platform == "webhook" else "")
        + "}\n"
        for i, (platform, locale) in enumerate((p, loc) for p in PLATFORMS for loc in LOCALES)
    )
    (folder / "campaign.yaml").write_text(CAMPAIGN + channels, encoding="utf-8")
    content = folder / "content"
    content.mkdir()
    sources = [p.read_text(encoding="utf-8") for p in sorted((REPO / "content").glob("*.md"))]
    for n in range(records):
        source = sources[n % len(sources)]
        head, body = source.split("\n---\n", 1)
        head = re.sub(r"^id: (.+)$", lambda m, n=n: f"id: {m.group(1)}-{n}", head, count=1, flags=re.MULTILINE)
        body = re.sub(r"(?<![/\d])\d{2,}(?![/\d])", lambda m: str(rng.randrange(10, 10 ** len(m.group()))), body)
        (content / f"record-{n}.md").write_text(f"{head}\n---\n{body}", encoding="utf-8")


def best_of(repeat: int, run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="bench-render-"))
    try:
        channel_count = len(PLATFORMS) * len(LOCALES)
        build_project(folder, -(-args.posts // channel_count), random.Random(7))
        project = load_project(folder)
        assert project.config is not None
        docs = sorted(project.records.values(), key=lambda d: d.record.id)
        jobs = [(doc, channel) for doc in docs for channel in project.config.channels][: args.posts]
        slot = SlotInfo(datetime(2026, 1, 14, 12, tzinfo=timezone.utc), False)
        sizes = sorted({len(d.doc.body) for d in docs})
        print(f"{len(jobs):,} posts: {len(docs)} records ({sizes[0]}-{sizes[-1]} characters) x {channel_count} channels ({', '.join(PLATFORMS)}; {', '.join(LOCALES)})")

        def render_all() -> None:
            renderer = Renderer(project)  # a fresh renderer: templates compiled once per run
            for doc, channel in jobs:
                rendered = renderer.render(doc, channel, doc.record.kind, slot)
                assert rendered.parts and not rendered.diagnostics, (doc.record.id, channel.id, rendered.diagnostics)

        def templates_only() -> None:
            renderer = Renderer(project)
            for doc, channel in jobs:
                renderer.template_for(channel, doc.record.kind).render(bare_context(doc, channel.locale, channel.platform))

        full = best_of(args.repeat, render_all)
        baseline = best_of(args.repeat, templates_only)
        print(f"render (whole pipeline):  {full:6.2f} s  {len(jobs) / full:>9,.0f} posts/s  (target >= 2,000)")
        print(f"baseline (templates only): {baseline:6.2f} s  {len(jobs) / baseline:>9,.0f} posts/s")
        print(f"ratio: the pipeline takes {full / baseline:.1f}x the time of bare templating; best of {args.repeat}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def bare_context(doc: RecordDoc, locale: str, platform: str) -> dict:
    """The variables the built-in templates read, filled from the record without any processing."""
    record = doc.record
    period = {"start": None, "end": None, "zone": "UTC+8", "text": "2026-01-08 16:00 – 2026-01-26 24:00", "end_text": "2026-01-26 24:00"}
    return {
        "record": {
            "id": record.id, "kind": record.kind, "lang": record.lang, "title": record.title, "summary": record.summary,
            "body": doc.doc.body, "lead": doc.doc.body.split("\n")[0], "link": record.link, "hashtags": record.hashtags,
            "cashtags": record.cashtags, "links": getattr(record, "links", {}), "period": period,
            "prize_pool": getattr(record, "prize_pool", None), "rewards": getattr(record, "rewards", []),
        },
        "campaign": {"id": "bench", "name": None, "link": None, "window": period["text"]},
        "channel": {"id": f"{platform}-{locale}", "platform": platform, "locale": locale},
        "slot": {"at": "2026-01-14 20:00", "last_day": False},
        "labels": {"period": "活動時間：", "signup": "報名：", "details": "詳情：", "link": "全文：", "prize": "獎池：", "open": "（", "close": "）", "sep": "、"},
        "tags": "#Gate廣場",
        "locale": locale,
    }


if __name__ == "__main__":
    main()
