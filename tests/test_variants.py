"""`number/variant`: a translation that states a different figure than its original."""

from __future__ import annotations

from tests.conftest import run_cli


def findings(root):
    return [d for d in run_cli("check", "--project", str(root), "--format", "json").json() if d["code"] == "number/variant"]


def write_pair(root, original_figure: str, translated_figure: str) -> None:
    original = root / "content" / "launch.md"
    original.write_text(original.read_text(encoding="utf-8") + f"\n發帖即可瓜分 {original_figure} 獎池。\n", encoding="utf-8")
    translation = root / "content" / "launch-en.md"
    text = translation.read_text(encoding="utf-8").replace("a **$60,000** prize pool", f"a {translated_figure} prize pool")
    translation.write_text(text, encoding="utf-8")


def test_translation_with_the_same_figure_is_quiet(copy_fixture):
    root = copy_fixture("render-event")
    write_pair(root, "$60,000", "$60,000")
    assert findings(root) == []


def test_translation_with_another_figure_is_reported_on_the_translation(copy_fixture):
    root = copy_fixture("render-event")
    write_pair(root, "$60,000", "$6,000")
    (found,) = findings(root)
    assert (found["file"], found["line"], found["severity"]) == ("content/launch-en.md", 8, "warning")
    assert "$6,000" in found["message"] and "$60,000" in found["message"] and "content/launch.md:" in found["message"]
    assert "fix" not in found
