"""Shared helpers: fixture projects copied to temporary folders, the CLI run in-process."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = SHARED / "seeds" / "000_760e9c92f05a700c.txt"


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    def json(self):
        return json.loads(self.stdout)


def run_cli(*args: str) -> Run:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def copy_fixture(tmp_path: Path):
    """Copy `tests/fixtures/<name>` (or the shipped campaign, name "shipped") to a temp folder."""

    def copy(name: str) -> Path:
        target = tmp_path / name
        if name == "shipped":
            target.mkdir()
            shutil.copy(REPO / "campaign.yaml", target / "campaign.yaml")
            shutil.copytree(REPO / "content", target / "content")
        else:
            shutil.copytree(FIXTURES / name, target)
        return target

    return copy
