"""`publish --dry-run` and `publish calendar` on the shipped campaign."""

from __future__ import annotations

from datetime import datetime

import pytest

from publisher import measure
from publisher.normalize.script import stray_simplified, stray_traditional
from tests.conftest import REPO, run_cli

NOW = "2026-01-08 16:30"


@pytest.fixture(scope="module")
def plan():
    run = run_cli("--dry-run", "--project", str(REPO), "--now", NOW, "--format", "json")
    assert run.exit_code == 0, run.stderr
    return run.json()


def test_plan_json_has_the_contract_shape(plan):
    assert set(plan) == {"campaign", "posts", "diagnostics"}
    assert plan["campaign"] == {
        "id": "gate-square-cny-2026",
        "timezone": "+08:00",
        "window": {"start": "2026-01-08T16:00:00+08:00", "end": "2026-01-27T00:00:00+08:00"},
    }
    for post in plan["posts"]:
        assert set(post) == {"key", "post", "channel", "platform", "locale", "at", "status", "parts"}
        assert post["at"].endswith("+08:00")
        assert all(set(part) >= {"text", "length", "limit"} for part in post["parts"])


def test_every_channel_gets_both_records(plan):
    channels = {(p["channel"], p["post"]) for p in plan["posts"]}
    for channel in ("x-tw", "x-cn", "tg-tw", "tg-cn", "discord-zh", "mastodon-tw", "square-tw", "square-cn", "hook-cn"):
        assert (channel, "gate-square-cny-2026") in channels
        assert (channel, "bitcoin-crossroads") in channels


def test_every_time_is_inside_the_window(plan):
    start = datetime.fromisoformat(plan["campaign"]["window"]["start"])
    end = datetime.fromisoformat(plan["campaign"]["window"]["end"])
    assert all(start <= datetime.fromisoformat(p["at"]) < end for p in plan["posts"])


def test_every_part_is_within_its_platform_limit(plan):
    for post in plan["posts"]:
        for part in post["parts"]:
            assert part["length"] <= part["limit"]
            if post["platform"] not in ("telegram",):
                assert part["length"] == measure(post["platform"], part["text"])


def test_long_article_on_x_is_a_numbered_thread(plan):
    (post,) = [p for p in plan["posts"] if p["channel"] == "x-tw" and p["post"] == "bitcoin-crossroads"]
    count = len(post["parts"])
    assert count > 1
    assert all(part["text"].endswith(f"\n{i}/{count}") for i, part in enumerate(post["parts"], 1))


def test_posts_are_clean_in_their_script(plan):
    for post in plan["posts"]:
        text = "\n".join(part["text"] for part in post["parts"])
        check = stray_simplified if post["locale"] == "zh-Hant" else stray_traditional
        assert list(check(text)) == [], (post["channel"], post["locale"])


def test_posts_carry_the_fixes_made_in_memory(plan):
    texts = "\n".join(part["text"] for p in plan["posts"] for part in p["parts"])
    assert "奧拉克" not in texts and "11 de diciembre" not in texts and "((M2))" not in texts
    assert "甲骨文（Oracle）" in texts and "美联储" in texts


def test_statuses_follow_now(plan):
    statuses = {p["key"]: p["status"] for p in plan["posts"]}
    launch = [p for p in plan["posts"] if p["at"] == "2026-01-08T16:00:00+08:00"]
    assert launch and all(p["status"] == "due" for p in launch)
    assert {s for k, s in statuses.items() if k not in {p["key"] for p in launch}} == {"scheduled"}
    later = run_cli("--dry-run", "--project", str(REPO), "--now", "2026-01-08 18:00", "--format", "json").json()
    assert {p["status"] for p in later["posts"] if p["at"] == "2026-01-08T16:00:00+08:00"} == {"missed"}


def test_keys_are_stable_and_unique(plan):
    keys = [p["key"] for p in plan["posts"]]
    assert len(keys) == len(set(keys))
    again = run_cli("--dry-run", "--project", str(REPO), "--now", NOW, "--format", "json").json()
    assert [p["key"] for p in again["posts"]] == keys


def test_dry_run_text_lists_posts_and_parts():
    run = run_cli("--dry-run", "--project", str(REPO), "--now", NOW)
    assert run.exit_code == 0
    assert "2026-01-08 16:00  due        x-tw (x, zh-Hant)" in run.stdout
    assert "── part 1/" in run.stdout


def test_blocked_post_makes_dry_run_exit_1(copy_fixture):
    root = copy_fixture("minimal")
    record = root / "content" / "hello.md"
    record.write_text(record.read_text(encoding="utf-8").replace("今天天氣很好。", "今天天氣很好。\n\nThis sentence is plainly written in English and it has no approved translation at all."), encoding="utf-8")
    run = run_cli("--dry-run", "--project", str(root), "--format", "json")
    assert run.exit_code == 1
    assert [p["status"] for p in run.json()["posts"]] == ["blocked"]


def test_sending_is_refused_plainly():
    run = run_cli("--project", str(REPO))
    assert run.exit_code == 2 and "later version" in run.stderr


def test_bad_now_is_a_usage_error():
    run = run_cli("--dry-run", "--project", str(REPO), "--now", "yesterday")
    assert run.exit_code == 2 and run.stderr.startswith("publish: --now:")


def test_calendar_lists_posts_by_local_day():
    run = run_cli("calendar", "--project", str(REPO))
    assert run.exit_code == 0
    assert "January 2026" in run.stdout and "2026-01-08 16:00 – 2026-01-26 24:00 (UTC+8)" in run.stdout
    data = run_cli("calendar", "--project", str(REPO), "--format", "json").json()
    assert data["days"][0]["date"] == "2026-01-08" and data["days"][-1]["date"] == "2026-01-26"
