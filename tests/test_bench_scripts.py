"""Checks of the benchmark scripts (scripts/bench/) that need no database.

The data generator must be deterministic (same preset and seed → same data set, so
benchmark results compare over time) and its plans must be consistent with each
other (orders use products every dealer may order, pools and promotions point to
existing products, dealers and dimensions). Run at the "tiny" size: well under a second.
"""
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts" / "bench"))

import benchlib  # noqa: E402
import generate  # noqa: E402

TINY = generate.PRESETS["tiny"]
PLANS = [generate.plan_products, generate.plan_pools, generate.plan_promotions, generate.plan_wallets,
         generate.plan_history, generate.plan_inventory]


@pytest.mark.parametrize("plan", PLANS, ids=lambda plan: plan.__name__)
def test_plans_are_deterministic(plan):
    assert plan(TINY) == plan(TINY)
    assert plan(TINY, seed=1) == plan(TINY, seed=1)
    assert plan(TINY) != plan(TINY, seed=1), "the seed must matter"


def test_parts_do_not_depend_on_each_other():
    """Each part has its own random stream: planning one part first changes nothing."""
    history = generate.plan_history(TINY)
    generate.plan_promotions(TINY)
    generate.plan_pools(TINY)
    assert generate.plan_history(TINY) == history


def test_plan_sizes():
    assert len(generate.plan_products(TINY)) == TINY["products"]
    assert len(generate.plan_pools(TINY)) == TINY["pools"]
    assert len(generate.plan_promotions(TINY)) == TINY["promotions"]
    assert len(generate.plan_wallets(TINY)) == generate.dealer_count(TINY)
    assert len(generate.plan_history(TINY)) == TINY["orders"]


def test_history_orders_only_open_range_products_of_real_dealers():
    open_range = set(generate.open_products(TINY))
    plan = generate.plan_history(TINY)
    assert [o["day"] for o in plan] == sorted(o["day"] for o in plan), "history is in date order"
    lo, hi = TINY["lines_per_order"]
    for order in plan:
        assert 0 <= order["day"] < 365
        assert 1 <= order["dealer"] < generate.dealer_count(TINY), "the top dealer does not order"
        assert lo <= len(order["lines"]) <= hi
        products = [p for p, _qty in order["lines"]]
        assert len(set(products)) == len(products), "one line per product"
        assert set(products) <= open_range
        assert all(qty > 0 for _p, qty in order["lines"])


def test_pools_and_promotions_are_consistent():
    pools = generate.plan_pools(TINY)
    assert pools[0]["mode"] == "allow" and not any(pools[0][k] for k in ("tiers", "types", "levels", "dealers"))
    assert set(pools[0]["roots"]) == set(range(generate.N_ROOTS - 1)), "the open range is for every dealer"
    restricted = set(range(TINY["products"])) - set(generate.open_products(TINY))
    for pool in pools[1:]:
        assert set(pool["products"]) <= restricted, "other pools never touch the open range"
        assert all(root == generate.N_ROOTS - 1 for root, _leaf in pool["leaves"])
        assert all(0 <= d < generate.dealer_count(TINY) for d in pool["dealers"])
    for promotion in generate.plan_promotions(TINY):
        assert set(promotion["products"]) <= set(generate.open_products(TINY))
        if promotion["kind"] in ("product", "category"):
            assert 0 < promotion["value"] < 100
        if promotion["kind"] == "order":
            amounts = [a for a, _v in promotion["thresholds"]]
            values = [v for _a, v in promotion["thresholds"]]
            assert amounts == sorted(amounts) and values == sorted(values), "thresholds increase"
        if promotion["kind"] == "free":
            assert promotion["buy_qty"] > 0 and promotion["free_qty"] > 0


def test_wallets_are_funded():
    for wallet in generate.plan_wallets(TINY):
        assert wallet["cash"] > 0 and wallet["credit_limit"] >= 0 and wallet["rebate"] >= 0


def test_summarize_percentiles():
    stats = benchlib.summarize(list(range(1, 101)), [3, 5])
    assert stats == {"runs": 100, "median_ms": 50.5, "p95_ms": 95, "queries": 5}


def test_inventory_reports_open_range_products_of_real_dealers():
    plan = generate.plan_inventory(TINY)
    open_range = set(generate.open_products(TINY))
    assert [entry["dealer"] for entry in plan] == list(range(1, generate.dealer_count(TINY)))
    for entry in plan:
        assert len(entry["lines"]) == TINY["inventory_products"]
        assert {line["product"] for line in entry["lines"]} <= open_range
        assert all(len(line["sold"]) == 12 and min(line["sold"]) > 0 for line in entry["lines"])
