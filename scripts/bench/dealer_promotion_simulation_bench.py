#!/usr/bin/env python3
"""Promotion what-if benchmark: replaying a period's orders with a candidate promotion.

    python3 scripts/bench/dealer_promotion_simulation_bench.py --db DB [--orders 12000] [--dealers 3000]

Needs a database with ``dealer_promotion`` installed. Builds its own data inside one
transaction that is rolled back at the end (nothing is left behind):

* ``--dealers`` dealers (4 tiers) with the ORM, 200 products in 10 categories;
* ``--orders`` confirmed dealer orders in one quarter with 3 to 8 product lines each
  (about 5.5 lines on average: 12,000 orders are 66,000 lines), written with batched SQL
  (confirming them with the ORM would take an hour; the benchmark measures the replay);
* 1,000 active promotions, of which every order really received one to three (usage rows);
* measured: ``action_run`` of a simulation of the quarter with one candidate promotion
  (thresholds, a cap per dealer and a budget) on top of them: wall time, SQL queries,
  peak memory of the process.
"""
import resource
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402

QUARTER = (date(2025, 4, 1), date(2025, 6, 30))
N_PROMOTIONS = 1000
CHUNK = 1000


def build(env, n_dealers, n_orders):
    from odoo import Command

    company = env.company
    tiers = env["dealer.tier"].create([{"name": f"Bench sim tier {i}", "code": f"BST{i}"} for i in range(4)])
    level = env.ref("dealer_base.dealer_level_l1")
    states = env["res.country.state"].search([("country_id.code", "=", "CN")], limit=30)
    dealers = env["res.partner"]
    for start in range(0, n_dealers, CHUNK):
        dealers |= env["res.partner"].create([{
            "name": f"Bench sim dealer {i:05d}", "is_company": True, "dealer_level_id": level.id,
            "dealer_tier_id": tiers[i % 4].id, "dealer_state": "active", "state_id": states[i % len(states)].id,
        } for i in range(start, min(start + CHUNK, n_dealers))])
    root = env["product.category"].create({"name": "Bench sim goods"})
    categories = env["product.category"].create([{"name": f"Bench sim {i}", "parent_id": root.id} for i in range(10)])
    products = env["product.product"].create([{
        "name": f"Bench sim product {i:03d}", "type": "consu", "list_price": 10.0 + i % 50,
        "categ_id": categories[i % 10].id,
    } for i in range(200)])
    promotions = env["dealer.promotion"].create([{
        "name": f"Bench sim active {i:04d}", "company_id": company.id, "date_from": QUARTER[0],
        "date_to": QUARTER[1], "priority": 10 + i % 7,
        "rule_ids": [Command.create({"value": 1 + i % 5, "categ_ids": [Command.set(categories[i % 10].ids)]})],
    } for i in range(N_PROMOTIONS)])
    env.cr.execute("UPDATE dealer_promotion SET state = 'active' WHERE id = ANY(%s)", [promotions.ids])
    env.flush_all()
    cr = env.cr
    days = (QUARTER[1] - QUARTER[0]).days + 1
    # orders: dealer i % n, date spread over the quarter; lines: 3 + (order % 6) products
    cr.execute("""
        INSERT INTO sale_order (name, partner_id, partner_invoice_id, partner_shipping_id, dealer_id, date_order,
                                state, company_id, currency_id, picking_policy, create_date, write_date,
                                create_uid, write_uid)
        SELECT 'BSIM' || lpad(g::text, 6, '0'), d.id, d.id, d.id, d.id,
               %(start)s::timestamp + ((g %% %(days)s) || ' days')::interval + ((g %% 24) || ' hours')::interval,
               'sale', %(company)s, %(currency)s, 'direct', now(), now(), 1, 1
          FROM generate_series(0, %(n)s - 1) g
          JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM res_partner WHERE id = ANY(%(dealers)s)) d
            ON d.k = g %% %(n_dealers)s
     RETURNING id
    """, {"start": QUARTER[0], "days": days, "company": company.id, "currency": company.currency_id.id,
          "n": n_orders, "dealers": dealers.ids, "n_dealers": len(dealers)})
    order_ids = [row[0] for row in cr.fetchall()]
    cr.execute("""
        INSERT INTO sale_order_line (order_id, name, product_id, product_uom, product_uom_qty, price_unit,
                                     price_subtotal, price_total, price_tax, customer_lead, company_id,
                                     currency_id, state, create_date, write_date, create_uid, write_uid)
        SELECT o.id, 'bench', p.id, %(uom)s, 1 + (o.id + n) %% 20, 10 + p.k %% 50,
               (1 + (o.id + n) %% 20) * (10 + p.k %% 50), (1 + (o.id + n) %% 20) * (10 + p.k %% 50), 0, 0,
               %(company)s, %(currency)s, 'sale', now(), now(), 1, 1
          FROM sale_order o
          CROSS JOIN LATERAL generate_series(0, 2 + o.id %% 6) n
          JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM product_product WHERE id = ANY(%(products)s)) p
            ON p.k = (o.id * 7 + n * 13) %% 200
         WHERE o.id = ANY(%(orders)s)
    """, {"company": company.id, "currency": company.currency_id.id, "products": products.ids, "orders": order_ids,
          "uom": env.ref("uom.product_uom_unit").id})
    line_count = cr.rowcount
    cr.execute("""
        INSERT INTO dealer_promotion_usage (promotion_id, promotion_root_id, partner_id, sale_order_id, amount,
                                            discount_amount, date, company_id, create_date, write_date)
        SELECT p.id, p.id, o.dealer_id, o.id, 5, 5, o.date_order::date, o.company_id, now(), now()
          FROM sale_order o
          CROSS JOIN LATERAL generate_series(0, o.id %% 3) n
          JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM dealer_promotion WHERE id = ANY(%(promos)s)) p
            ON p.k = (o.id * 11 + n * 17) %% %(n_promos)s
         WHERE o.id = ANY(%(orders)s)
    """, {"promos": promotions.ids, "n_promos": len(promotions), "orders": order_ids})
    env.invalidate_all()
    candidate = env["dealer.promotion"].create({
        "name": "Bench sim candidate", "company_id": company.id, "date_from": QUARTER[0], "date_to": QUARTER[1],
        "max_discount_per_dealer": 500, "budget": 200000,
        "rule_ids": [Command.create({"threshold_ids": [Command.create({"min_amount": 500, "value": 5}),
                                                       Command.create({"min_amount": 2000, "value": 8})]})],
    })
    return candidate, len(order_ids), line_count


def run(db, orders=12000, dealers=3000):
    registry = benchlib.open_registry(db)
    results = []
    with registry.cursor() as cr:
        env = benchlib.environment(cr)
        t0 = time.perf_counter()
        candidate, n_orders, n_lines = build(env, dealers, orders)
        build_s = time.perf_counter() - t0
        simulation = env["dealer.promotion.simulation"].create({
            "promotion_ids": [(6, 0, candidate.ids)], "date_from": QUARTER[0], "date_to": QUARTER[1],
        })
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        with benchlib.count_queries(cr) as box:
            t0 = time.perf_counter()
            simulation.action_run()
            elapsed = time.perf_counter() - t0
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        results.append({
            "name": f"promotion what-if: {n_orders} orders ({n_lines} lines), 1 candidate on {N_PROMOTIONS} active",
            "median_ms": round(elapsed * 1000), "p95_ms": round(elapsed * 1000), "queries": box["count"],
            "value": (f"{simulation.replayed_count} replayed, {simulation.order_count} reached, benefit "
                      f"{simulation.benefit_amount:.2f}; peak RSS {rss_before:.0f} -> {rss_after:.0f} MiB; "
                      f"data built in {build_s:.0f} s"),
            "target": "<= 30 s", "verdict": "ok" if elapsed <= 30 else "slow",
        })
        cr.rollback()
    return results


if __name__ == "__main__":
    cli = benchlib.parser(__doc__, "dcs_bench", 1)
    cli.add_argument("--orders", type=int, default=12000)
    cli.add_argument("--dealers", type=int, default=3000)
    args = cli.parse_args()
    rows = run(args.db, orders=args.orders, dealers=args.dealers)
    benchlib.print_results(rows)
