"""Planning a year-long programme: schedule expansion and calendar checks for ~100,000 posts.

    PYTHONPATH=. python bench/bench_schedule.py [--channels 50] [--at-entries 175] [--repeat 3]

Generates a campaign in a temporary folder: a year-long window in Europe/Berlin (two DST
changes), `--channels` channels (every third with quiet hours, every other with a 2h minimum
gap), five daily rules on every channel and `--at-entries` absolute posts at scattered hours
(some in quiet hours, some too close to a daily post). With the defaults that is 100,000 posts.

Reports, CPU time (`time.process_time`, best of `--repeat`):
  * load      reading and validating campaign.yaml and the records;
  * schedule  `schedule.expand`: rules expanded into posts, then window, DST, quiet-hours and
              conflict checks (the figure the issue asks for, also per 10,000 posts);
  * plan      the full `build_plan` (load, lint, safe fixes, schedule, render, statuses);
  * baseline  sorting 100,000 aware datetimes, for a ratio that holds across machines;
and the peak memory traced while expanding (`tracemalloc`, in a separate run).
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
import tracemalloc
from datetime import datetime, timedelta, timezone
from pathlib import Path

from common import best_cpu
from publisher.plan import build_plan
from publisher.project import load_project
from publisher.schedule import expand

DAILY_TIMES = ("09:00", "12:00", "15:00", "18:00", "21:00")
PLATFORMS = ("x", "telegram", "discord", "mastodon", "bluesky", "gate_square")
RECORDS = 10


def write_campaign(root: Path, channels: int, at_entries: int, seed: int = 7) -> None:
    """A year-long campaign with the given number of channels and absolute-time entries."""
    rng = random.Random(seed)
    lines = [
        "campaign:",
        "  id: year-programme",
        "  timezone: Europe/Berlin",
        '  window: {start: "2026-01-01 00:00", end: "2026-12-31 24:00"}',
        "  locales: [zh-Hant]",
        "channels:",
    ]
    for i in range(channels):
        platform = PLATFORMS[i % len(PLATFORMS)]
        extra = (', quiet_hours: "23:00-08:00"' if i % 3 == 0 else "") + (", min_gap: 2h" if i % 2 == 0 else "")
        secret = "url_env: HOOK_URL" if platform == "discord" else "token_env: TOKEN"
        chat = ', chat: "@c"' if platform == "telegram" else ""
        lines.append(f"  - {{id: ch-{i:02d}, platform: {platform}, locale: zh-Hant, {secret}{chat}{extra}}}")
    lines.append("schedule:")
    for n, clock in enumerate(DAILY_TIMES):
        lines.append(f'  - {{post: record-{n % RECORDS}, every: 1d, time: "{clock}"}}')
    start = datetime(2026, 1, 1)
    for n in range(at_entries):
        moment = start + timedelta(days=rng.randrange(365), hours=rng.randrange(6, 24), minutes=rng.choice((0, 15, 30, 45)))
        lines.append(f'  - {{post: record-{n % RECORDS}, at: "{moment:%Y-%m-%d %H:%M}"}}')
    (root / "campaign.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    content = root / "content"
    content.mkdir()
    for n in range(RECORDS):
        body = f"第 {n} 篇：比特幣本週走勢回顧，市場情緒回暖。詳情請見官方公告。"
        (content / f"record-{n}.md").write_text(f"---\nid: record-{n}\nkind: article\nlang: zh-Hant\ntitle: 週報 {n}\n---\n{body}\n", encoding="utf-8")


def sort_baseline(count: int, seed: int = 7) -> float:
    """CPU seconds to sort `count` aware datetimes (a machine-independent yardstick)."""
    rng = random.Random(seed)
    base = datetime(2026, 1, 1, tzinfo=timezone.utc)
    moments = [base + timedelta(seconds=rng.randrange(365 * 86400)) for _ in range(count)]
    start = time.process_time()
    sorted(moments)
    return time.process_time() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--channels", type=int, default=50)
    ap.add_argument("--at-entries", type=int, default=175)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--skip-plan", action="store_true", help="Do not time the full build_plan.")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_campaign(root, args.channels, args.at_entries)
        load_s, project = best_cpu(args.repeat, lambda: load_project(root))
        schedule_s, schedule = best_cpu(args.repeat, lambda: expand(project))
        posts = len(schedule.slots)
        blocked = sum(s.in_error for s in schedule.slots)
        codes = sorted({d.code for d in schedule.diagnostics})
        tracemalloc.start()
        expand(project)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        baseline_s = min(sort_baseline(100_000) for _ in range(args.repeat))
        per_10k = schedule_s / posts * 10_000
        print(f"campaign   {args.channels} channels, {len(project.config.schedule)} entries, {posts:,} posts ({blocked:,} blocked: {', '.join(codes)})")
        print(f"load       {load_s * 1e3:8.1f} ms CPU")
        print(f"schedule   {schedule_s * 1e3:8.1f} ms CPU   {per_10k * 1e3:6.1f} ms per 10,000 posts   peak {peak / 2**20:6.1f} MiB traced")
        print(f"baseline   {baseline_s * 1e3:8.1f} ms CPU   sorting 100,000 aware datetimes")
        print(f"ratio      schedule of {posts:,} posts = {schedule_s / baseline_s:5.1f} x the baseline")
        if not args.skip_plan:
            plan_s, plan = best_cpu(1, lambda: build_plan(root, datetime(2026, 6, 1, tzinfo=timezone.utc)))
            print(f"plan       {plan_s * 1e3:8.1f} ms CPU   {plan_s / len(plan.posts) * 10_000 * 1e3:6.1f} ms per 10,000 posts (build_plan: lint, render, statuses)")


if __name__ == "__main__":
    main()
