#!/usr/bin/env python3
"""Benchmark of crowdfunding pledges and closing (dealer_crowdfunding).

    python3 scripts/bench/dealer_crowdfunding_bench.py --db <db> [--repeat 50] [--record]

In one transaction that is rolled back: a campaign on a storable, taxed product and
200 dealers with funded cash wallets, authorized for their province.
1. pledge(): median/p95 wall time and SQL queries of one pledge (campaign row lock,
   checks, deposit reservation on the wallet, pledged quantity update).
2. action_close() of the campaign with one pledge per dealer: one confirmed order
   per pledge (deposit moved onto the order, balance paid from the wallet) and one
   batch transfer for all the deliveries; total time, queries and time per order.
"""
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402

DEALERS = 200


def setup(env, dealers_count, tag="BENCH"):
    """A campaign open for pledges and ``dealers_count`` funded dealers; ``tag`` starts every
    name (and the region's code), so that data kept in a database can be told apart."""
    from odoo import Command, fields

    company = env.ref("base.main_company")
    env = env(context=dict(env.context, allowed_company_ids=company.ids, mail_create_nolog=True))
    state = env.ref("base.state_cn_ZJ")
    region = env["dealer.region"].create({"name": "%s 众筹区域" % tag, "code": "%s-CF" % tag,
                                          "state_ids": [Command.set(state.ids)]})
    level = env.ref("dealer_base.dealer_level_store")
    dealers = env["res.partner"].create([{
        "name": "%s 拼单门店 %s" % (tag, index), "is_company": True, "dealer_level_id": level.id,
        "dealer_state": "active", "state_id": state.id, "country_id": state.country_id.id,
    } for index in range(dealers_count)])
    env["dealer.authorization"].create([{
        "partner_id": dealer.id, "region_id": region.id, "company_id": company.id,
        "date_from": fields.Date.subtract(fields.Date.today(), days=1),
    } for dealer in dealers])
    tax = env["account.tax"].search([("company_id", "=", company.id), ("type_tax_use", "=", "sale"),
                                     ("amount_type", "=", "percent")], limit=1)
    product = env["product.product"].create({
        "name": "%s 众筹商品" % tag, "type": "consu", "is_storable": True, "list_price": 100.0,
        "taxes_id": [Command.set(tax.ids)],
    })
    warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
    env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 10.0 ** 6)
    dealers._dealer_grant_products(product)
    journal = env["account.journal"].search([("company_id", "=", company.id), ("type", "=", "bank")], limit=1)
    for dealer in dealers:
        env["dealer.wallet"]._get_wallet(dealer, "cash", company=company)._topup(10.0 ** 6, journal=journal)
    campaign = env["dealer.crowdfunding"].create({
        "name": "%s 拼单" % tag, "product_id": product.id, "price_unit": 80.0, "target_qty": dealers_count,
        "max_qty": 10.0 ** 6, "min_pledge_qty": 1.0, "deposit_ratio": 0.3, "company_id": company.id,
        "warehouse_id": warehouse.id, "deadline": fields.Datetime.now() + timedelta(days=1),
    })
    campaign.action_open()
    env.flush_all()
    return campaign, dealers


def run(db, repeat, dealers_count=DEALERS):
    registry = benchlib.open_registry(db)
    results = []
    with registry.cursor() as cr:
        env = benchlib.environment(cr)
        try:
            campaign, dealers = setup(env, max(dealers_count, repeat + 2))
            cycle = iter(dealers)

            def pledge():
                campaign.pledge(next(cycle), 1.0)
                env.flush_all()

            stats = benchlib.measure(pledge, cr, repeat=repeat)
            results.append({"name": "crowdfunding: pledge (lock, checks, deposit reservation)", **stats,
                            "value": "", "target": "< 100 ms", "verdict": "ok" if stats["p95_ms"] < 100 else "slow"})
            for dealer in list(cycle):
                campaign.pledge(dealer, 1.0)
            env.flush_all()
            count = len(campaign.pledge_ids)
            with benchlib.count_queries(cr) as box:
                start = time.perf_counter()
                campaign.action_close()
                env.flush_all()
                elapsed = (time.perf_counter() - start) * 1000
            orders = len(campaign.order_ids)
            assert campaign.state == "succeeded" and orders == count, (campaign.state, orders, count)
            assert len(campaign.batch_id.picking_ids) == count
            results.append({
                "name": "crowdfunding: close with %s pledges (orders + batch)" % count,
                "runs": 1, "median_ms": round(elapsed, 1), "p95_ms": round(elapsed, 1), "queries": box["count"],
                "value": "%.1f ms/order" % (elapsed / orders), "target": "< 500 ms/order",
                "verdict": "ok" if elapsed / orders < 500 else "slow",
            })
        finally:
            cr.rollback()
    return results


def main():
    benchlib.main(__doc__, run, "dcs_cf", "dealer_crowdfunding", default_repeat=50)


if __name__ == "__main__":
    main()
