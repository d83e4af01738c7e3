"""Rendering a record for its channels: templates, figures and dates, links, locales, translations."""

from __future__ import annotations

import pytest

from tests.conftest import run_cli


def dry_run(root):
    run = run_cli("--dry-run", "--project", str(root), "--now", "2026-01-08 16:00", "--format", "json")
    assert "Traceback" not in run.stderr
    return run, run.json()


def texts(plan) -> dict[str, str]:
    return {p["channel"]: "\n".join(part["text"] for part in p["parts"]) for p in plan["posts"]}


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def event(copy_fixture):
    return copy_fixture("render-event")


def test_event_period_is_written_in_the_campaigns_offset_and_the_posts_locale(event):
    _, plan = dry_run(event)
    posts = texts(plan)
    assert "活動時間：2026年1月8日 16:00 – 1月26日 24:00（UTC+8）" in posts["x-tw"]  # the record says 08:00 UTC
    assert "When: Jan 8, 2026, 16:00 – Jan 26, 24:00 (UTC+8)" in posts["x-en"]


def test_amounts_are_written_in_the_posts_locale(event):
    (event / "templates" / "x").mkdir(parents=True)
    (event / "templates" / "x" / "event.j2").write_text("{{ record.prize_pool.total | money }} / {{ record.prize_pool.total | money('name') }} / {{ 1234567.5 | number }}", encoding="utf-8")
    _, plan = dry_run(event)
    posts = texts(plan)
    assert posts["x-tw"] == "US$60,000 / 60,000 美元 / 1,234,567.5"
    assert posts["x-en"] == "$60,000 / 60,000 US dollars / 1,234,567.5"
    assert "Prize pool: 60,000 US dollars (發帖瓜分 50,000 US dollars, 新手獎池 10,000 US dollars)" in posts["mastodon-en"]


def test_locale_variants_use_their_own_glossary_forms_and_leave_code_as_written(event):
    _, plan = dry_run(event)
    posts = texts(plan)
    assert "人工智慧</b>與資料中心" not in posts["tg-cn"] and "<b>人工智能</b>与数据中心" in posts["tg-cn"]
    assert "**人工智能**與數據中心" in posts["discord-hk"]
    assert "人工智慧與資料中心" in posts["square-tw"]
    for channel in ("tg-cn", "discord-hk", "square-tw"):
        assert "curl https://api.gate.com/資料" in posts[channel]


def test_discord_posts_never_ping_anyone(event):
    _, plan = dry_run(event)
    post = texts(plan)["discord-hk"]
    for mention in ("@everyone", "@here", "<@123>", "<@&456>"):
        assert mention not in post
    assert "<#789>" in post


def test_links_carry_utm_parameters_unless_the_editor_tagged_them(event):
    _, plan = dry_run(event)
    posts = texts(plan)
    assert "https://www.gate.com/signup?ref=abc&utm_source=x&utm_campaign=launch-2026" in posts["x-tw"]
    assert "https://www.gate.com/details?utm_source=newsletter\n" in posts["x-tw"]
    assert "https://www.gate.com/news?utm_source=gate_square&utm_campaign=launch-2026#top 或 " in posts["square-tw"]
    assert "https://blog.gate.com/post?utm_source=gate_square&utm_campaign=launch-2026。" in posts["square-tw"]


def test_utm_parameters_can_be_turned_off(event):
    edit(event / "campaign.yaml", "  cashtags: [GT]\n", "  cashtags: [GT]\n  utm: false\n")
    _, plan = dry_run(event)
    assert not any("utm_campaign" in text for text in texts(plan).values())


def test_utm_parameters_can_name_a_medium_and_be_limited_to_some_hosts(event):
    edit(event / "campaign.yaml", "  cashtags: [GT]\n", "  cashtags: [GT]\n  utm: {medium: social, campaign: cny, domains: [blog.gate.com]}\n")
    _, plan = dry_run(event)
    post = texts(plan)["square-tw"]
    assert "https://blog.gate.com/post?utm_source=gate_square&utm_campaign=cny&utm_medium=social" in post
    assert "https://www.gate.com/news#top" in post


def test_a_translation_serves_its_locale_with_the_originals_structured_fields(event):
    _, plan = dry_run(event)
    post = texts(plan)["x-en"]
    assert post.startswith("The New Year event starts now\n")
    assert "Sign up: https://www.gate.com/signup?ref=abc&utm_source=x&utm_campaign=launch-2026" in post
    assert {p["post"] for p in plan["posts"]} == {"launch"}


def test_a_channel_whose_locale_has_no_source_or_translation_is_reported(event):
    edit(event / "campaign.yaml", "  - {id: square-tw,", "  - {id: x-es, platform: x, locale: es}\n  - {id: square-tw,")
    run, plan = dry_run(event)
    assert run.exit_code == 1
    (blocked,) = [p for p in plan["posts"] if p["status"] == "blocked"]
    assert (blocked["channel"], blocked["parts"]) == ("x-es", [])
    (missing,) = [d for d in plan["diagnostics"] if d["code"] == "locale/missing"]
    assert (missing["file"], missing["line"], missing["severity"]) == ("campaign.yaml", 17, "error")
    assert "x-es" in missing["message"] and "es" in missing["message"]


def test_a_translation_of_an_unknown_record_is_reported_at_its_line(event):
    edit(event / "content" / "launch-en.md", "translation_of: launch", "translation_of: lunch")
    run, plan = dry_run(event)
    assert run.exit_code == 1
    (found,) = [d for d in plan["diagnostics"] if d["code"] == "schema/invalid"]
    assert (found["file"], found["line"]) == ("content/launch-en.md", 5)
    assert "unknown record 'lunch'" in found["message"]


def test_check_loads_the_translations_of_scheduled_posts(event):
    run = run_cli("check", "--project", str(event), "--format", "json")
    assert not [d for d in run.json() if d["code"] == "locale/missing"]
    edit(event / "content" / "launch-en.md", "translation_of: launch", "translation_of: lunch")
    found = [d for d in run_cli("check", "--project", str(event), "--format", "json").json() if d["code"] == "schema/invalid"]
    assert [(d["file"], d["line"]) for d in found] == [("content/launch-en.md", 5)]


def test_a_translation_of_another_kind_is_reported(event):
    edit(event / "content" / "launch-en.md", "kind: event", "kind: article")
    run, plan = dry_run(event)
    (found,) = [d for d in plan["diagnostics"] if d["code"] == "schema/invalid"]
    assert found["file"] == "content/launch-en.md" and "a translation has the same kind" in found["message"]


def test_a_locale_template_of_the_project_wins_for_that_locale_only(event):
    (event / "templates" / "x").mkdir(parents=True)
    (event / "templates" / "x" / "event.en.j2").write_text("EN: {{ record.title }}", encoding="utf-8")
    (event / "templates" / "_short").mkdir(parents=True)
    (event / "templates" / "_short" / "event.zh.j2").write_text("中文：{{ record.title }}", encoding="utf-8")
    _, plan = dry_run(event)
    posts = texts(plan)
    assert posts["x-en"] == "EN: The New Year event starts now"
    assert posts["x-tw"] == "中文：新春活動開跑：@everyone 都能參加"
    assert posts["mastodon-en"].startswith("The New Year event starts now\n\nPrize pool:")


def test_project_labels_change_the_wording(event):
    (event / "templates").mkdir()
    (event / "templates" / "labels.yaml").write_text("zh-Hant:\n  period: 時間：\n", encoding="utf-8")
    _, plan = dry_run(event)
    assert "\n時間：2026年1月8日" in texts(plan)["x-tw"]


def test_a_label_that_is_not_text_is_reported_at_its_line(event):
    (event / "templates").mkdir()
    (event / "templates" / "labels.yaml").write_text("zh-Hant:\n  period: 時間：\n  signup: [1, 2]\n", encoding="utf-8")
    run = run_cli("check", "--project", str(event), "--format", "json")
    (found,) = [d for d in run.json() if d["file"] == "templates/labels.yaml"]
    assert (found["code"], found["line"], found["message"]) == ("schema/invalid", 3, "zh-Hant.signup: expected text")


@pytest.mark.parametrize(
    ("path", "source", "line", "words"),
    [
        ("x/event.j2", b"{{ record.title }}\n\n{{ record.nope }}\n", 3, "has no attribute 'nope'"),
        ("x/event.j2", b"{{ record.title }}\n{{ record.title | }}\n", 2, "expected token"),
        ("x/event.j2", b"{{ record.title }}\n{% include 'nope.j2' %}\n", 2, "no template 'nope.j2'"),
        ("x/event.j2", b"{{ record.title }}\n\xff\n", 2, "not UTF-8"),
        ("x/event.j2", b"{{ record.title }}\n{{ record.title | money }}\n", 2, "invalid amount"),
        ("_parts/pools.j2", b"{{ record.prize_pool.total | money('fancy') }}\n", 1, "money style 'fancy'"),
    ],
)
def test_a_template_error_is_reported_at_the_template_file_and_line(event, path, source, line, words):
    target = event / "templates" / path
    target.parent.mkdir(parents=True)
    target.write_bytes(source)
    run, plan = dry_run(event)
    assert run.exit_code == 1
    found = [d for d in plan["diagnostics"] if d["code"] == "render/template"]
    assert found
    for problem in found:
        assert (problem["file"], problem["line"], problem["severity"]) == (f"templates/{path}", line, "error")
        assert words in problem["message"]
    platform = path.split("/")[0] if path.startswith("x/") else "mastodon"
    assert {p["status"] for p in plan["posts"] if p["platform"] == platform} == {"blocked"}
    assert {p["status"] for p in plan["posts"] if p["platform"] == "telegram"} == {"due"}


def test_a_missing_template_is_reported_at_the_channel(event):
    edit(event / "campaign.yaml", "  - {post: launch, at: start}", "  - {post: launch, at: start, template: teaser}")
    _, plan = dry_run(event)
    found = [d for d in plan["diagnostics"] if d["code"] == "render/template"]
    assert found and all(d["file"] == "campaign.yaml" and "no template 'teaser'" in d["message"] for d in found)
