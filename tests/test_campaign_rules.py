"""`campaign/prize-total`: the pools, the total and the amounts the text promises agree."""

from __future__ import annotations

from tests.conftest import run_cli


def findings(root):
    run = run_cli("check", "--project", str(root), "--format", "json", "--select", "campaign")
    return run.exit_code, run.json()


def edit(root, old, new):
    path = root / "content" / "event.md"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_pools_that_add_up_to_the_total_are_quiet(copy_fixture):
    assert findings(copy_fixture("prize-pool")) == (0, [])


def test_pools_over_the_total_are_an_error_at_the_total(copy_fixture):
    root = copy_fixture("prize-pool")
    edit(root, "amount: 10000 USD", "amount: 20000 USD")
    code, found = findings(root)
    assert code == 1
    assert [(d["line"], d["severity"]) for d in found if "more than the total" in d["message"]] == [(7, "error")]
    assert "pools add up to 70,000 USD, more than the total 60,000 USD" in found[0]["message"]


def test_part_of_the_total_not_itemized_is_a_warning(copy_fixture):
    root = copy_fixture("prize-pool")
    edit(root, "amount: 50000 USD", "amount: 25000 USD")
    edit(root, "瓜分 $50,000 獎池", "瓜分 $25,000 獎池")
    code, found = findings(root)
    assert code == 0
    assert [(d["severity"], d["message"]) for d in found] == [("warning", "pools itemize 35,000 USD of the 60,000 USD total; 25,000 USD is not itemized")]


def test_total_stated_differently_in_the_title_is_an_error_at_the_amount(copy_fixture):
    root = copy_fixture("prize-pool")
    edit(root, "title: 發帖解鎖 $60,000 豪華獎池", "title: 發帖解鎖 $80,000 豪華獎池")
    code, found = findings(root)
    assert code == 1
    (stated,) = found
    assert (stated["line"], stated["column"], stated["end_column"]) == (5, 13, 20)
    assert "prize pool stated as $80,000" in stated["message"]


def test_a_pool_named_before_its_amount_is_checked_too(copy_fixture):
    root = copy_fixture("prize-pool")
    edit(root, "發帖即可瓜分 $50,000 獎池。", "總獎池：$90,000。")
    _, found = findings(root)
    assert [d["message"].split(" here")[0] for d in found] == ["prize pool stated as $90,000"]


def test_rewards_per_person_are_not_pool_amounts(copy_fixture):
    root = copy_fixture("prize-pool")
    edit(root, "首帖即得 $50 獎勵", "首帖即得 $70 獎勵")
    assert findings(root) == (0, [])


def test_pools_in_other_units_cannot_be_summed(copy_fixture):
    root = copy_fixture("prize-pool")
    edit(root, "amount: 10000 USD", "amount: 10000 USDT")
    code, found = findings(root)
    assert code == 1 and "state every amount in one unit" in found[0]["message"]
