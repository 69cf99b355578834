#!/usr/bin/env python3
"""dealer_order benchmarks.

    python3 scripts/bench/dealer_order_bench.py --db dcs_order [--repeat 20] [--record]

Needs a database with ``dealer_order`` installed. Builds its own data inside one
transaction that is rolled back at the end (nothing is left behind): own provinces
and regions, dealers authorized for them with funded cash wallets, 20 storable
products granted to the dealers and stocked in the company's warehouse.

* submit of a clean 20-line dealer order: promotions, wallet auto-split, the
  review rules, confirmation (pickings, reservations): median / p95 wall time
  and SQL queries per submission;
* auto-approval share over a generated mix of 200 orders (realistic: most are
  clean, some exceed the free stock, ship outside the dealer's territory, exceed
  the wallet or have overdue invoices; a few are fulfillment orders of stores).
"""
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402

N_LINES = 20
N_MIX = 200


def build(env):
    from odoo import Command, fields

    company = env.company
    country = env.ref("base.cn")
    states = env["res.country.state"].create([
        {"name": f"Bench province {i}", "code": f"BP{i}", "country_id": country.id} for i in range(3)
    ])
    root = env["dealer.region"].create({"name": "Bench region", "code": "BENCH-R"})
    regions = env["dealer.region"].create([{
        "name": f"Bench region {i}", "code": f"BENCH-R{i}", "parent_id": root.id,
        "state_ids": [Command.set(state.ids)],
    } for i, state in enumerate(states)])
    level = env.ref("dealer_base.dealer_level_l1")
    store_level = env.ref("dealer_base.dealer_level_store")
    dealers = env["res.partner"].create([{
        "name": f"Bench dealer {i}", "is_company": True, "dealer_level_id": level.id, "dealer_state": "active",
        "state_id": states[i % 2].id, "country_id": country.id,
    } for i in range(10)])
    poor = dealers[-1]
    warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
    fulfiller = env["res.partner"].create({
        "name": "Bench fulfiller", "is_company": True, "dealer_level_id": level.id, "dealer_state": "active",
        "state_id": states[0].id, "country_id": country.id, "dealer_warehouse_id": warehouse.id,
        "dealer_fulfillment_share": 5.0,
    })
    stores = env["res.partner"].create([{
        "name": f"Bench store {i}", "is_company": True, "dealer_level_id": store_level.id,
        "dealer_state": "active", "state_id": states[0].id, "country_id": country.id,
        "dealer_parent_id": fulfiller.id,
    } for i in range(5)])
    today = fields.Date.context_today(env["res.partner"])
    env["dealer.authorization"].create([{
        "partner_id": dealer.id, "region_id": regions[i % 2].id, "company_id": company.id,
        "date_from": today - timedelta(days=1),
    } for i, dealer in enumerate(dealers)] + [{
        "partner_id": partner.id, "region_id": regions[0].id, "company_id": company.id,
        "date_from": today - timedelta(days=1),
    } for partner in fulfiller | stores])
    products = env["product.product"].create([{
        "name": f"Bench item {i:02d}", "type": "consu", "is_storable": True, "list_price": 10.0 + i,
        "taxes_id": [Command.clear()],
    } for i in range(N_LINES)])
    (dealers | stores | fulfiller)._dealer_grant_products(products)
    for product in products:
        env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 100000.0)
    Wallet = env["dealer.wallet"]
    for dealer in dealers - poor | stores:
        Wallet._get_wallet(dealer, "cash")._topup(10.0 ** 8, memo="bench")
    Wallet._get_wallet(poor, "cash")._topup(100.0, memo="bench")
    overdue_dealer = dealers[-2]
    invoice = env["account.move"].create({
        "move_type": "out_invoice", "partner_id": overdue_dealer.id,
        "invoice_date": today - timedelta(days=120), "invoice_date_due": today - timedelta(days=90),
        "invoice_line_ids": [Command.create({"name": "old", "quantity": 1, "price_unit": 100.0,
                                             "tax_ids": [Command.clear()]})],
    })
    invoice.action_post()
    return {"dealers": dealers, "poor": poor, "overdue": overdue_dealer, "stores": stores, "products": products,
            "states": states, "fulfiller": fulfiller}


def new_order(env, partner, products, qty=2, flow="regular", shipping=None):
    from odoo import Command

    return env["sale.order"].create({
        "partner_id": partner.id, "dealer_flow": flow,
        "partner_shipping_id": (shipping or partner).id,
        "order_line": [Command.create({
            "product_id": product.id, "product_uom_qty": qty, "price_unit": product.list_price,
            "tax_id": [Command.clear()],
        }) for product in products],
    })


def run(db, repeat=20):
    registry = benchlib.open_registry(db)
    results = []
    with registry.cursor() as cr:
        env = benchlib.environment(cr)
        data = build(env)
        dealers, products = data["dealers"], data["products"]
        clean = dealers[:6]
        # 1. clean 20-line submit
        timings, queries, states = [], [], []
        for index in range(repeat + 2):
            order = new_order(env, clean[index % len(clean)], products)
            env.flush_all()
            env.invalidate_all()
            with benchlib.count_queries(cr) as box:
                t0 = time.perf_counter()
                order.action_dealer_submit()
                env.flush_all()
                elapsed = (time.perf_counter() - t0) * 1000
            states.append(order.dealer_review_state)
            if index >= 2:  # warm-up
                timings.append(elapsed)
                queries.append(box["count"])
        stats = benchlib.summarize(timings, queries)
        results.append({
            "name": f"dealer_order: submit a clean {N_LINES}-line order (review + confirm)",
            "value": f"{states.count('approved')}/{len(states)} approved", "target": "< 1000 ms",
            "verdict": "ok" if stats["median_ms"] < 1000 else "slow", **stats,
        })
        # 2. realistic mix
        rnd = random.Random(6)
        outside = env["res.partner"].create({
            "name": "Bench outside address", "type": "delivery", "parent_id": dealers[0].id,
            "state_id": data["states"][2].id,
        })
        timings, outcomes = [], []
        for _index in range(N_MIX):
            draw = rnd.random()
            lines = rnd.sample(products, rnd.randint(3, N_LINES))
            if draw < 0.80:
                order = new_order(env, rnd.choice(clean), lines, qty=rnd.randint(1, 20))
            elif draw < 0.88:
                order = new_order(env, data["stores"][rnd.randrange(len(data["stores"]))], lines,
                                  qty=rnd.randint(1, 10), flow="fulfillment")
            elif draw < 0.92:
                order = new_order(env, rnd.choice(clean), lines, qty=200000)  # beyond the free stock
            elif draw < 0.95:
                order = new_order(env, dealers[0], lines, shipping=outside)  # cross-region
            elif draw < 0.98:
                order = new_order(env, data["poor"], lines, qty=50)  # wallet too small
            else:
                order = new_order(env, data["overdue"], lines)  # overdue invoices
            env.flush_all()
            t0 = time.perf_counter()
            order.action_dealer_submit()
            env.flush_all()
            timings.append((time.perf_counter() - t0) * 1000)
            outcomes.append(order.dealer_review_state)
        stats = benchlib.summarize(timings)
        share = 100.0 * outcomes.count("approved") / len(outcomes)
        results.append({
            "name": f"dealer_order: auto-approval over a mix of {N_MIX} orders",
            "value": "%.0f%% approved, %d held, %d rejected" % (
                share, outcomes.count("held"), outcomes.count("rejected")),
            "target": ">= 90% of clean orders", "verdict": "ok" if share >= 80 else "low", **stats,
        })
        cr.rollback()
    return results


if __name__ == "__main__":
    benchlib.main(__doc__, run, "dcs_order", "dealer_order", default_repeat=20)
