"""Broken projects: every defect is a diagnostic at the right line, exit 1, never a traceback."""

from __future__ import annotations

import pytest

from tests.conftest import FIXTURES, run_cli


def check(name: str):
    run = run_cli("check", "--project", str(FIXTURES / name), "--format", "json")
    assert "Traceback" not in run.stderr
    return run, run.json()


def only(diagnostics, code):
    found = [d for d in diagnostics if d["code"] == code]
    assert found, f"no {code} in {diagnostics}"
    return found


def test_minimal_project_with_only_named_fields_is_valid():
    run, diagnostics = check("minimal")
    assert run.exit_code == 0
    assert diagnostics == []


@pytest.mark.parametrize(
    ("fixture", "code", "file", "line", "words"),
    [
        ("bad-yaml", "schema/yaml", "campaign.yaml", 6, "does not parse"),
        ("duplicate-key", "schema/yaml", "campaign.yaml", 6, "duplicate key 'timezone' (first given on line 3)"),
        ("missing-window", "schema/invalid", "campaign.yaml", 1, "campaign.window: required field is missing"),
        ("missing-record-title", "schema/invalid", "content/hello.md", 2, "title: required field is missing"),
        ("impossible-date", "schema/invalid", "campaign.yaml", 4, "day is out of range"),
        ("time-24-01", "schema/invalid", "campaign.yaml", 4, "24:00 is the latest time of a day"),
        ("end-before-start", "schema/invalid", "campaign.yaml", 4, "is not after the start"),
        ("unknown-channel", "schema/invalid", "campaign.yaml", 9, "unknown channel 'x-mian'"),
        ("unknown-record", "schema/invalid", "campaign.yaml", 9, "unknown record 'goodbye'"),
        ("unknown-platform", "schema/invalid", "campaign.yaml", 7, "got 'twitter'"),
        ("bad-timezone", "schema/invalid", "campaign.yaml", 3, "unknown time zone 'Asia/Taipeh'"),
        ("not-utf8", "schema/encoding", "content/hello.md", 7, "not UTF-8"),
        ("duplicate-record-ids", "schema/invalid", "content/hello.md", 2, "duplicate record id 'hello'"),
        ("alias-bomb", "schema/yaml", "campaign.yaml", 15, "aliases used as a bomb"),
        ("unknown-kind", "schema/invalid", "content/hello.md", 3, "unknown kind 'essay'"),
        ("inline-secret", "schema/invalid", "campaign.yaml", 7, "secrets never go in files"),
        ("outside-window", "schedule/outside-window", "campaign.yaml", 9, "outside the campaign window"),
    ],
)
def test_broken_project_is_reported_at_its_line(fixture, code, file, line, words):
    run, diagnostics = check(fixture)
    assert run.exit_code == 1
    found = only(diagnostics, code)
    assert any(d["file"] == file and d["line"] == line and words in d["message"] for d in found), found
    assert all(d["severity"] == "error" for d in found)


def test_duplicate_record_id_names_the_first_file():
    _, diagnostics = check("duplicate-record-ids")
    (finding,) = only(diagnostics, "schema/invalid")
    assert "also in content/hello-again.md" in finding["message"] or "also in content/hello.md" in finding["message"]


def test_missing_project_folder_is_a_usage_error(tmp_path):
    run = run_cli("check", "--project", str(tmp_path / "nowhere"))
    assert run.exit_code == 2
    assert run.stderr.count("\n") == 1 and "does not exist" in run.stderr


def test_folder_without_campaign_yaml_is_a_usage_error(tmp_path):
    run = run_cli("--dry-run", "--project", str(tmp_path))
    assert run.exit_code == 2
    assert "no campaign.yaml" in run.stderr


def test_unknown_key_is_a_warning_not_an_error(copy_fixture):
    root = copy_fixture("minimal")
    text = (root / "campaign.yaml").read_text(encoding="utf-8")
    (root / "campaign.yaml").write_text(text.replace("  locales:", "  locale_typo: 1\n  locales:"), encoding="utf-8")
    run = run_cli("check", "--project", str(root), "--format", "json")
    assert run.exit_code == 0
    (finding,) = run.json()
    assert (finding["code"], finding["severity"], finding["line"]) == ("schema/unknown-key", "warning", 5)


@pytest.mark.parametrize(
    ("fixture", "code", "file", "line", "words"),
    [
        ("empty-campaign", "schema/invalid", "campaign.yaml", 1, "campaign: required field is missing"),
        ("campaign-is-a-list", "schema/invalid", "campaign.yaml", 1, "expected a mapping of keys"),
        ("no-front-matter", "schema/yaml", "content/hello.md", 1, "record has no front matter"),
        ("unclosed-front-matter", "schema/yaml", "content/hello.md", 7, "front matter is not closed"),
        ("bad-glossary", "schema/invalid", "content/glossary.yaml", 3, "terms[0].preferred"),
        ("bad-language-tag", "schema/invalid", "content/hello.md", 4, "'chinese' is not a valid BCP 47 language tag"),
    ],
)
def test_malformed_files_are_reported_at_their_line(fixture, code, file, line, words):
    run, diagnostics = check(fixture)
    assert run.exit_code == 1
    assert any(d["file"] == file and d["line"] == line and words in d["message"] for d in only(diagnostics, code)), diagnostics


def test_crlf_and_bom_files_keep_exact_positions(copy_fixture):
    _, diagnostics = check("crlf-and-bom")
    assert [(d["code"], d["line"], d["column"]) for d in diagnostics] == [
        ("punct/width", 7, 7),
        ("script/stray-simplified", 7, 8),
    ]
    root = copy_fixture("crlf-and-bom")
    run_cli("fix", "--project", str(root))
    data = (root / "content" / "hello.md").read_bytes()
    assert data.startswith("\ufeff---\r\n".encode()) and "今天天氣很好，還不錯。\r\n".encode() in data
