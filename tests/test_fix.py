"""`publish fix`: safe fixes in place, to a fixed point, atomically, nothing else touched."""

from __future__ import annotations

import difflib

from tests.conftest import run_cli


def texts(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_fix_applies_safe_fixes_and_a_second_run_changes_nothing(copy_fixture):
    root = copy_fixture("shipped")
    first = run_cli("fix", "--project", str(root))
    assert "0 error(s) remain" in first.stderr and first.exit_code == 0
    after_first = texts(root)
    second = run_cli("fix", "--project", str(root))
    assert second.stderr.startswith("fixed 0 finding(s) in 0 file(s)")
    assert texts(root) == after_first


def test_fixed_seed_reads_as_clean_traditional_chinese(copy_fixture):
    root = copy_fixture("shipped")
    run_cli("fix", "--project", str(root))
    article = (root / "content/bitcoin-crossroads.md").read_text(encoding="utf-8")
    event = (root / "content/gate-square-cny-2026.md").read_text(encoding="utf-8")
    assert "12月11日成為市場的關鍵轉折點。甲骨文（Oracle）宣布令人失望的業績，" in article
    assert "廣義貨幣（M2）之間" in article and "「流動性晴雨表」" in article
    assert "奧拉克" not in article and "11 de diciembre" not in article
    assert "Gate 鴨舌帽" in event and "繼續發帖還能瓜分" in event
    assert "比特幣在十字路口：為何" in article
    remaining = run_cli("check", "--project", str(root), "--format", "json").json()
    assert {d["code"] for d in remaining} == {"number/conflict", "campaign/prize-total"}


def test_fix_keeps_everything_else_byte_for_byte(copy_fixture):
    root = copy_fixture("shipped")
    campaign = (root / "campaign.yaml").read_bytes()
    before = (root / "content/gate-square-cny-2026.md").read_text(encoding="utf-8")
    run_cli("fix", "--project", str(root))
    after = (root / "content/gate-square-cny-2026.md").read_text(encoding="utf-8")
    changed = [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"]
    # Only lines holding a finding change; front matter keys, URLs and amounts stay.
    assert all(("鸭" in line or "还" in line or "," in line or ":" in line or "(" in line) for line in changed if line.startswith("-"))
    assert "https://www.gate.com/questionnaire/7315" in after and "$60,000" in after
    assert after.startswith("---\nid: gate-square-cny-2026\nkind: event\n")
    assert (root / "campaign.yaml").read_bytes() == campaign


def test_diff_prints_the_changes_and_writes_nothing(copy_fixture):
    root = copy_fixture("shipped")
    before = texts(root)
    run = run_cli("fix", "--project", str(root), "--diff")
    assert run.exit_code == 1
    assert "--- a/content/bitcoin-crossroads.md" in run.stdout and "+++ b/content/bitcoin-crossroads.md" in run.stdout
    assert "-11 de diciembre" in run.stdout and "+12月11日成為市場的關鍵轉折點。" in run.stdout
    assert texts(root) == before


def test_select_limits_the_fixes_to_a_code_prefix(copy_fixture):
    root = copy_fixture("shipped")
    run_cli("fix", "--project", str(root), "--select", "script")
    article = (root / "content/bitcoin-crossroads.md").read_text(encoding="utf-8")
    event = (root / "content/gate-square-cny-2026.md").read_text(encoding="utf-8")
    assert "鴨舌帽" in event and "還能" in event
    assert "奧拉克" in article and ":" in article  # other families untouched


def test_paths_limit_the_files_written(copy_fixture):
    root = copy_fixture("shipped")
    run_cli("fix", str(root / "content" / "gate-square-cny-2026.md"))
    assert "鴨舌帽" in (root / "content/gate-square-cny-2026.md").read_text(encoding="utf-8")
    assert "奧拉克" in (root / "content/bitcoin-crossroads.md").read_text(encoding="utf-8")


def test_unsafe_fixes_need_the_flag(copy_fixture):
    root = copy_fixture("minimal")
    record = root / "content" / "hello.md"
    record.write_text(record.read_text(encoding="utf-8").replace("今天天氣很好。", "頭发很長，之后再說。"), encoding="utf-8")
    run_cli("fix", "--project", str(root))
    assert "之后" in record.read_text(encoding="utf-8")
    run = run_cli("fix", "--project", str(root), "--unsafe")
    assert "之後" in record.read_text(encoding="utf-8") and "頭髮" in record.read_text(encoding="utf-8")
    assert run.exit_code == 0


def test_fix_leaves_no_temporary_files(copy_fixture):
    root = copy_fixture("shipped")
    run_cli("fix", "--project", str(root))
    assert not [p for p in root.rglob("*.tmp")]
