"""The command line as users run it: real processes, exit codes, one-line errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import FIXTURES, REPO, run_cli


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "publisher", *args], capture_output=True, text=True, timeout=60)


def test_python_dash_m_runs_the_cli():
    result = run("check", "--project", str(FIXTURES / "minimal"))
    assert result.returncode == 0 and result.stderr.strip() == "no findings"


def test_console_script_is_installed():
    script = Path(sys.executable).parent / "publish"
    result = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "publish" in result.stdout


def test_broken_project_never_prints_a_traceback():
    for fixture in sorted(p.name for p in FIXTURES.iterdir()):
        result = run("check", "--project", str(FIXTURES / fixture), "--format", "json")
        assert "Traceback" not in result.stderr, fixture
        assert result.returncode in (0, 1), (fixture, result.stderr)


def test_unknown_option_is_a_usage_error():
    result = run("check", "--frobnicate")
    assert result.returncode == 2 and "No such option" in result.stderr


def test_check_exit_codes_follow_errors():
    assert run_cli("check", "--project", str(REPO)).exit_code == 1
    assert run_cli("check", "--project", str(REPO), "--select", "punct/width").exit_code == 0


def test_select_and_ignore_take_prefixes():
    only_script = run_cli("check", "--project", str(REPO), "--select", "script", "--format", "json").json()
    assert {d["code"] for d in only_script} == {"script/stray-simplified"}
    no_punct = run_cli("check", "--project", str(REPO), "--ignore", "punct,number", "--format", "json").json()
    assert not [d for d in no_punct if d["code"].startswith(("punct/", "number/"))]


def test_github_format_prints_annotations():
    result = run_cli("check", "--project", str(REPO), "--select", "script", "--format", "github")
    lines = result.stdout.strip().split("\n")
    assert lines and all(line.startswith("::error file=content/gate-square-cny-2026.md,line=") for line in lines)


def test_check_paths_limit_the_report():
    result = run_cli("check", str(REPO / "content" / "gate-square-cny-2026.md"), "--format", "json")
    assert {d["file"] for d in result.json()} == {"content/gate-square-cny-2026.md"}


def test_path_outside_the_project_is_a_usage_error(tmp_path):
    result = run_cli("check", "--project", str(REPO), str(tmp_path))
    assert result.exit_code == 2 and "is not inside the project" in result.stderr
