#!/usr/bin/env python3
"""dealer_report benchmarks.

    python3 scripts/bench/dealer_report_bench.py --db dcs_report [--lines 1000000] [--repeat 5] [--record]

Needs a database with ``dealer_report`` installed. Builds its own data inside one
transaction that is rolled back at the end (nothing is left behind):

* 1,000 dealers (level 1, four tiers), each buying from its own assortment of 30
  products, spread over China's provinces, each province
  in a benchmark region under one of seven top regions, 200 products in ten categories
  (ORM);
* ``--lines`` confirmed sale order lines (default 1,000,000: 100,000 orders of ten
  lines) over the two years before today, written with batched SQL
  (``INSERT ... SELECT generate_series``), each order stamped as written on its order
  date; then one more day of orders (1/730 of them) written now;
* the benchmark's dealers, regions and products are stamped as written the day before
  (master data does not change every day; a change of a dealer or region makes the next
  incremental refresh compare the dimension columns of every row);
* measured: the full rebuild of ``dealer.sales.analysis`` (``refresh(full=True)``), the
  incremental refresh after the day's orders, a region × month pivot (the two
  ``read_group`` calls a pivot makes: rows × columns and the row totals) on the
  analysis and the same grouping on Odoo's ``sale.report`` over the same lines, and the
  queries of the Dealer Channel dashboard (its seven pivots and its list, this month).

Prints median / p95 wall time (ms) and SQL queries per call. ``--record`` also
appends the rows to docs/benchmarks.csv / docs/benchmarks.md.
"""
import json
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402

N_DEALERS = 1_000
N_PRODUCTS = 200
ASSORTMENT = 30
LINES_PER_ORDER = 10
DAYS = 730


def build_master_data(env):
    from odoo import Command

    china = env.ref("base.cn")
    states = env["res.country.state"].search([("country_id", "=", china.id)], order="id")
    Region = env["dealer.region"]
    tops = Region.create([{"name": f"Bench top region {i}", "code": f"BENCH-TOP-{i}"} for i in range(7)])
    Region.create([{
        "name": f"Bench {state.name}", "code": f"BENCH-{state.code}", "parent_id": tops[i % 7].id,
        "state_ids": [Command.set(state.ids)],
    } for i, state in enumerate(states)])
    tiers = env["dealer.tier"].create([{"name": f"Bench tier {i}", "code": f"BENCH-T{i}"} for i in range(4)])
    levels = env.ref("dealer_base.dealer_level_l1") | env.ref("dealer_base.dealer_level_l2")
    dealers = env["res.partner"].create([{
        "name": f"Bench report dealer {i:04d}", "is_company": True, "dealer_state": "active",
        "dealer_level_id": levels[0].id, "dealer_tier_id": tiers[i % 4].id,
        "state_id": states[i % len(states)].id, "country_id": china.id,
    } for i in range(N_DEALERS)])
    Category = env["product.category"]
    categories = Category.create([{"name": f"Bench report category {i}"} for i in range(10)])
    products = env["product.product"].create([{
        "name": f"Bench report product {i:03d}", "type": "consu", "categ_id": categories[i % 10].id,
        "list_price": 10.0 + i,
    } for i in range(N_PRODUCTS)])
    env.flush_all()
    return dealers, products


def insert_orders(env, dealers, products, n_orders, first_day, days, written_now):
    """``n_orders`` confirmed orders of LINES_PER_MOVE lines, spread over ``days`` days
    from ``first_day`` (stamped as written on their order date, or now)."""
    from odoo.tools import SQL

    cr = env.cr
    company = env.company
    uom = env.ref("uom.product_uom_unit")
    dealer_ids, product_ids = dealers.ids, products.ids
    cr.execute(SQL("""
        INSERT INTO sale_order (name, company_id, partner_id, partner_invoice_id, partner_shipping_id,
                                date_order, state, currency_id, currency_rate, picking_policy, dealer_flow,
                                dealer_review_state, amount_untaxed, amount_total, create_date, write_date)
        SELECT 'BENCH-REP-' || n, %(company)s, d.id, d.id, d.id,
               %(first)s::timestamp + (mod(n, %(days)s) || ' days')::interval + interval '9 hours',
               'sale', %(currency)s, 1.0, 'direct', 'regular', 'approved', 0, 0,
               CASE WHEN %(now)s THEN now() AT TIME ZONE 'UTC'
                    ELSE %(first)s::timestamp + (mod(n, %(days)s) || ' days')::interval + interval '10 hours' END,
               CASE WHEN %(now)s THEN now() AT TIME ZONE 'UTC'
                    ELSE %(first)s::timestamp + (mod(n, %(days)s) || ' days')::interval + interval '10 hours' END
          FROM generate_series(1, %(n)s) n
          JOIN LATERAL (SELECT (%(dealers)s::int[])[1 + mod(n * 7919, %(n_dealers)s)] AS id) d ON TRUE
     RETURNING id
    """, company=company.id, first=first_day, days=days, currency=company.currency_id.id, n=n_orders,
        dealers=dealer_ids, n_dealers=len(dealer_ids), now=written_now))
    order_ids = [row[0] for row in cr.fetchall()]
    cr.execute(SQL("""
        INSERT INTO sale_order_line (order_id, name, product_id, product_uom, product_uom_qty, price_unit,
                                     price_subtotal, price_total, customer_lead, company_id, currency_id,
                                     state, is_downpayment, create_date, write_date)
        SELECT o.id, 'bench', p.id, %(uom)s, q.qty, p.price, q.qty * p.price, q.qty * p.price, 0,
               o.company_id, o.currency_id, 'sale', FALSE, o.write_date, o.write_date
          FROM sale_order o
         CROSS JOIN generate_series(1, %(lines)s) k
          -- each dealer buys from its own assortment of ASSORTMENT products
          JOIN LATERAL (SELECT mod(o.partner_id * 13 + mod(o.id * 7 + k * 3, %(assortment)s), %(n_products)s) AS i) a
               ON TRUE
          JOIN LATERAL (SELECT (%(products)s::int[])[1 + a.i] AS id, 10.0 + a.i AS price) p ON TRUE
          JOIN LATERAL (SELECT 1 + mod(o.id + k, 20) AS qty) q ON TRUE
         WHERE o.id BETWEEN %(first_id)s AND %(last_id)s
    """, uom=uom.id, lines=LINES_PER_ORDER, products=product_ids, assortment=ASSORTMENT,
        n_products=len(product_ids), first_id=min(order_ids), last_id=max(order_ids)))
    return order_ids, cr.rowcount


def run(db, repeat, lines=1_000_000):
    from odoo.tools import SQL

    registry = benchlib.open_registry(db)
    results = []
    with registry.cursor() as cr:
        env = benchlib.environment(cr)
        Analysis, Report = env["dealer.sales.analysis"], env["sale.report"]
        today = date.today()
        t0 = time.perf_counter()
        dealers, products = build_master_data(env)
        n_orders = lines // LINES_PER_ORDER
        _orders, n_lines = insert_orders(env, dealers, products, n_orders, today - timedelta(days=DAYS), DAYS,
                                         written_now=False)
        # the master data was not written today (otherwise every refresh re-checks every row's dimensions)
        cr.execute(SQL("UPDATE res_partner SET write_date = write_date - interval '1 day' WHERE id = ANY(%s)",
                       dealers.ids))
        cr.execute(SQL("UPDATE dealer_region SET write_date = write_date - interval '1 day'"))
        cr.execute(SQL("UPDATE product_template SET write_date = write_date - interval '1 day' WHERE id = ANY(%s)",
                       products.product_tmpl_id.ids))
        env.invalidate_all()
        cr.execute("ANALYZE sale_order; ANALYZE sale_order_line")
        build = time.perf_counter() - t0
        print(f"built {n_lines} lines in {build:.0f} s", flush=True)

        with benchlib.count_queries(cr) as box:
            t0 = time.perf_counter()
            Analysis.refresh(full=True)
            full_ms = (time.perf_counter() - t0) * 1000
        cr.execute("ANALYZE dealer_sales_analysis")
        cr.execute("SELECT count(*) FROM dealer_sales_analysis")
        rows = cr.fetchone()[0]
        results.append({"name": f"dealer_report: full rebuild of the sales analysis ({n_lines:,} lines)",
                         "median_ms": round(full_ms, 1), "p95_ms": round(full_ms, 1), "queries": box["count"],
                         "value": f"{rows:,} rows", "target": "≤ 120,000 ms",
                         "verdict": "ok" if full_ms <= 120_000 else "SLOW"})

        day_orders = max(1, n_orders // DAYS)
        insert_orders(env, dealers, products, day_orders, today, 1, written_now=True)
        incremental = benchlib.measure(lambda: Analysis.refresh(), cr, repeat=repeat, warmup=0)
        results.append({"name": f"dealer_report: incremental refresh after one day's orders ({day_orders} orders)",
                        **incremental, "value": "", "target": "≤ 2,000 ms",
                        "verdict": "ok" if incremental["median_ms"] <= 2000 else "SLOW"})

        def pivot(model, domain):
            def call():
                model.read_group(domain, ["price_subtotal:sum" if model._name == "sale.report" else "amount:sum"],
                                 ["dealer_region_id", "date:month"], lazy=False)
                model.read_group(domain, ["price_subtotal:sum" if model._name == "sale.report" else "amount:sum"],
                                 ["dealer_region_id"], lazy=False)
            return call

        ours = benchlib.measure(pivot(Analysis, []), cr, repeat=repeat)
        theirs = benchlib.measure(pivot(Report, [("dealer_level_id", "!=", False), ("state", "=", "sale")]), cr,
                                  repeat=max(3, repeat // 3), warmup=1)
        speedup = theirs["median_ms"] / ours["median_ms"] if ours["median_ms"] else 0
        results.append({"name": "dealer_report: region × month pivot on dealer.sales.analysis", **ours,
                        "value": f"{speedup:.0f}× faster than sale.report", "target": "≤ 300 ms, ≥ 10×",
                        "verdict": "ok" if ours["median_ms"] <= 300 and speedup >= 10 else "SLOW"})
        results.append({"name": "dealer_report: the same pivot on Odoo's sale.report", **theirs,
                        "value": "", "target": "(reference)", "verdict": ""})

        dashboard = json.loads(Path(benchlib.ROOT, "addons/dealer_report/data/files/"
                                    "dealer_channel_dashboard.json").read_text(encoding="utf-8"))
        period = dashboard["globalFilters"][0]["id"]
        month = today.replace(day=1)

        def dashboard_queries():
            for definition in dashboard["pivots"].values():
                model = env[definition["model"]]
                domain = list(definition["domain"])
                chain = definition["fieldMatching"][period].get("chain")
                if chain:
                    domain.append((chain, ">=", month))
                measures = [m["fieldName"] + ("" if m["fieldName"] == "__count" else ":sum")
                            for m in definition["measures"]]
                model.read_group(domain, measures, [r["fieldName"] for r in definition["rows"]], lazy=False)
            for definition in dashboard["lists"].values():
                env[definition["model"]].search_read(definition["domain"], definition["columns"], limit=10)

        board = benchlib.measure(dashboard_queries, cr, repeat=repeat)
        results.append({"name": "dealer_report: the Dealer Channel dashboard's queries (7 pivots, 1 list)", **board,
                        "value": "", "target": "≤ 1,000 ms", "verdict": "ok" if board["median_ms"] <= 1000 else "SLOW"})
        cr.rollback()
    return results


if __name__ == "__main__":
    cli = benchlib.parser(__doc__, "dcs_report", 5)
    cli.add_argument("--lines", type=int, default=1_000_000)
    args = cli.parse_args()
    found = run(args.db, args.repeat, args.lines)
    benchlib.print_results(found)
    if args.record:
        benchlib.record(found, preset=f"{args.lines:,} order lines")
