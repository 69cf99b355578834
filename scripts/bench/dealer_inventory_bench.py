#!/usr/bin/env python3
"""dealer_inventory benchmarks.

    python3 scripts/bench/dealer_inventory_bench.py --db dcs_inventory [--preset small|full] [--repeat 10] [--record]
    python3 scripts/bench/dealer_inventory_bench.py --db dcs_inventory_copy --preset full --keep

Needs a database with ``dealer_inventory`` installed. Builds its own data inside one
transaction that is rolled back at the end (nothing is left behind), bulk-inserted in SQL
and deterministic (seed 42); ``--keep`` instead commits the data and the rebuilt channel
stock and stops, to study the queries on it (use a copy of a database: it stays there).

The benchmarks:

* the full rebuild of the channel stock table (the facts are bulk-inserted past the ORM)
  and the refresh of one dealer × 10 products, as when a delivery is done;
* ``full``: 3,000 dealers × 500 products each (of 10,000 products): one done sell-in move
  per dealer and product, a month of sell-out and a stock count per dealer (1.5 M
  dealer × product rows of channel stock); ``small``: 300 dealers × 100 products;
* the channel stock of one dealer (≤ 50 ms), the pivot region × category over all
  dealers (≤ 500 ms; with the keys the refreshes noted, then once the merge folded them into
  the rollup), the replenishment run for every dealer (≤ 60 s, its query count
  the same for a tenth of the dealers) and a 10,000-row sell-out upload (≤ 10 s).

Prints median / p95 wall time (ms) and SQL queries per call. ``--record`` also appends the
rows to docs/benchmarks.csv / docs/benchmarks.md.
"""
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402

PRESETS = {
    "small": {"dealers": 300, "products": 2_000, "per_dealer": 100},
    "full": {"dealers": 3_000, "products": 10_000, "per_dealer": 500},
}
UPLOAD_ROWS = 10_000


def build(env, sizes, rnd):
    from odoo import Command
    from odoo.tools import SQL

    cr = env.cr
    company = env.company
    t0 = time.perf_counter()
    states = env["res.country.state"].search([("country_id.code", "=", "CN")], limit=30)
    regions = env["dealer.region"].create([
        {"name": f"Bench region {i}", "code": f"BENCH-R{i}", "state_ids": [Command.set(states[i::5].ids)]}
        for i in range(5)])
    categories = env["product.category"].create([{"name": f"Bench category {i}"} for i in range(20)])
    templates = env["product.template"].create([{
        "name": f"Bench inventory product {i:05d}", "default_code": f"BINV-{i:05d}", "type": "consu",
        "is_storable": True, "categ_id": categories[i % 20].id,
    } for i in range(sizes["products"])])
    products = templates.product_variant_ids
    level = env.ref("dealer_base.dealer_level_l1")
    dealers = env["res.partner"].create([{
        "name": f"Bench inventory dealer {i:04d}", "is_company": True, "dealer_level_id": level.id,
        "dealer_state": "active", "state_id": states[i % len(states)].id, "country_id": states[0].country_id.id,
    } for i in range(sizes["dealers"])])
    env["dealer.product.pool"].create({"name": "Bench inventory pool", "categ_ids": [Command.set(categories.ids)]})
    env.flush_all()
    setup_orm = time.perf_counter() - t0

    t0 = time.perf_counter()
    warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
    customers = env.ref("stock.stock_location_customers")
    uom = env.ref("uom.product_uom_unit")
    today = env.cr.now().date()
    dealer_ids, product_ids = dealers.ids, products.ids
    per_dealer = sizes["per_dealer"]
    pairs = []
    for index, dealer_id in enumerate(dealer_ids):
        start = rnd.randrange(len(product_ids))
        step = 1 + index % 7
        for k in range(per_dealer):
            pairs.append((dealer_id, product_ids[(start + k * step) % len(product_ids)], 20 + rnd.randrange(200),
                          rnd.randrange(150), rnd.randrange(40)))
    cr.execute(SQL(
        """INSERT INTO stock_picking (name, partner_id, picking_type_id, location_id, location_dest_id, move_type,
                                      state, company_id, date_done)
           SELECT 'BENCH/' || d, d, %(type)s, %(src)s, %(dst)s, 'direct', 'done', %(company)s,
                  now() - interval '40 days'
             FROM unnest(%(dealers)s::int[]) d RETURNING id, partner_id""",
        type=warehouse.out_type_id.id, src=warehouse.lot_stock_id.id, dst=customers.id, company=company.id,
        dealers=dealer_ids))
    picking_of = {partner: picking for picking, partner in cr.fetchall()}
    columns = list(zip(*pairs, strict=True))
    cr.execute(SQL(
        """INSERT INTO stock_move (name, company_id, product_id, product_uom, product_uom_qty, product_qty, quantity,
                                   location_id, location_dest_id, procure_method, state, date, picking_id, partner_id)
           SELECT 'bench', %(company)s, p, %(uom)s, q, q, q, %(src)s, %(dst)s, 'make_to_stock', 'done',
                  now() - interval '40 days', pk, d
             FROM unnest(%(dealers)s::int[], %(products)s::int[], %(qty)s::float[], %(pickings)s::int[])
                  AS x(d, p, q, pk)""",
        company=company.id, uom=uom.id, src=warehouse.lot_stock_id.id, dst=customers.id,
        dealers=list(columns[0]), products=list(columns[1]), qty=[float(q) for q in columns[2]],
        pickings=[picking_of[d] for d in columns[0]]))
    # one sell-out report (the last 28 days) and one count (35 days ago) per dealer
    for report_type, days, date_from in (("sellout", 1, 28), ("stock", 35, None)):
        cr.execute(SQL(
            """INSERT INTO dealer_inventory_report (name, partner_id, company_id, report_type, date, date_from,
                                                    state, source, total_qty, line_count)
               SELECT 'BENCH-' || %(type)s || '/' || d, d, %(company)s, %(type)s, %(date)s, %(date_from)s,
                      'done', 'import', 0, 0
                 FROM unnest(%(dealers)s::int[]) d RETURNING id, partner_id""",
            type=report_type, company=company.id, date=today.fromordinal(today.toordinal() - days),
            date_from=today.fromordinal(today.toordinal() - date_from) if date_from else None, dealers=dealer_ids))
        report_of = {partner: report for report, partner in cr.fetchall()}
        cr.execute(SQL(
            """INSERT INTO dealer_inventory_report_line (report_id, partner_id, company_id, report_type, date, state,
                                                         product_id, categ_id, quantity)
               SELECT r, d, %(company)s, %(type)s, %(date)s, 'done', p, pt.categ_id, q
                 FROM unnest(%(reports)s::int[], %(dealers)s::int[], %(products)s::int[], %(qty)s::float[])
                      AS x(r, d, p, q)
                 JOIN product_product pp ON pp.id = x.p JOIN product_template pt ON pt.id = pp.product_tmpl_id""",
            company=company.id, type=report_type, date=today.fromordinal(today.toordinal() - days),
            reports=[report_of[d] for d in columns[0]], dealers=list(columns[0]), products=list(columns[1]),
            qty=[float(q) for q in (columns[3] if report_type == "sellout" else columns[4])]))
    cr.execute("ANALYZE stock_move, stock_picking, dealer_inventory_report, dealer_inventory_report_line")
    env.invalidate_all()
    return dealers, products, regions, len(pairs), setup_orm, time.perf_counter() - t0


def run(db, repeat=10, preset="small", keep=False):
    from odoo.tools import SQL

    sizes = PRESETS[preset]
    registry = benchlib.open_registry(db)
    rnd = random.Random(42)
    results = []
    with registry.cursor() as cr:
        env = benchlib.environment(cr)
        if "dealer.channel.stock" not in env:
            sys.exit(f"{db} has no dealer_inventory: install it first")
        env["dealer.product.pool"].search([]).write({"active": False})  # only the benchmark's pool counts
        dealers, products, _regions, pairs, orm_s, sql_s = build(env, sizes, rnd)
        print(f"setup: {len(dealers)} dealers, {len(products)} products in {orm_s:.1f}s (ORM); {pairs} sell-in moves, "
              f"sell-out and count lines in {sql_s:.1f}s (SQL)", flush=True)
        Stock = env["dealer.channel.stock"]
        dealer = dealers[len(dealers) // 2]
        value = f"{len(dealers)} dealers × {sizes['per_dealer']} products ({pairs} rows)"

        # the facts were bulk-inserted in SQL, past the ORM that keeps the table up to date:
        # the full rebuild fills it (timed), then the refresh of one picking's keys
        t0 = time.perf_counter()
        with benchlib.count_queries(cr) as box:
            Stock._dealer_rebuild()
        elapsed = (time.perf_counter() - t0) * 1000
        cr.execute("ANALYZE dealer_channel_stock")
        if keep:
            cr.commit()
            print(f"kept: the data and the channel stock are committed in {db} (rebuilt in {elapsed / 1000:.1f} s)")
            return []
        cr.execute(SQL("SELECT count(*) FROM dealer_channel_stock WHERE partner_id = ANY(%s)", dealers.ids))
        rows = cr.fetchone()[0]
        results.append({
            "name": "inventory: full rebuild of the channel stock", "median_ms": round(elapsed, 1),
            "p95_ms": round(elapsed, 1), "runs": 1, "queries": box["count"], "value": f"{rows} rows",
            "target": "—", "verdict": "ok" if rows == pairs else "rows differ",
        })
        cr.execute(SQL("SELECT product_id FROM dealer_channel_stock WHERE partner_id = %s ORDER BY id LIMIT 10",
                       dealer.id))
        picking_products = {row[0] for row in cr.fetchall()}

        def refresh():
            Stock._dealer_refresh({dealer.id}, picking_products)

        stats = benchlib.measure(refresh, cr, repeat=repeat, warmup=1)
        results.append({"name": "inventory: refresh of one dealer × 10 products (a delivery done)",
                         "value": value, "target": "—", "verdict": "ok", **stats})

        def one_dealer():
            env.invalidate_all()
            Stock.search_read([("partner_id", "=", dealer.id)],
                              ["product_id", "sell_in_qty", "sell_out_qty", "estimated_qty", "in_transit_qty"])

        def pivot():
            env.invalidate_all()
            Stock.read_group([], ["estimated_qty:sum", "sell_out_qty:sum"], ["dealer_region_id", "categ_id"],
                             lazy=False)

        for name, fn, target, runs in (("inventory: channel stock of one dealer", one_dealer, 50, repeat),
                                       ("inventory: pivot region × category, all dealers", pivot, 500,
                                        max(3, repeat // 3))):
            stats = benchlib.measure(fn, cr, repeat=runs, warmup=1)
            results.append({"name": name, "value": value, "target": f"≤ {target} ms",
                            "verdict": "ok" if stats["p95_ms"] <= target else "over target", **stats})

        # the refreshes above noted their keys: the pivot read the table's rows of those; once
        # the scheduled merge folded them into the rollup, the pivot reads the rollup alone
        cr.execute("SELECT count(DISTINCT (company_id, categ_key, state_key)) FROM dealer_channel_stock_rollup_dirty")
        noted = cr.fetchone()[0]
        t0 = time.perf_counter()
        with benchlib.count_queries(cr) as box:
            merged = Stock._dealer_rollup_merge()
        elapsed = (time.perf_counter() - t0) * 1000
        results.append({
            "name": "inventory: rollup merge of the noted keys", "median_ms": round(elapsed, 1),
            "p95_ms": round(elapsed, 1), "runs": 1, "queries": box["count"],
            "value": f"{merged} keys merged ({noted} noted)", "target": "—",
            "verdict": "ok" if merged == noted else "keys differ",
        })
        stats = benchlib.measure(pivot, cr, repeat=repeat, warmup=1)
        results.append({"name": "inventory: pivot region × category, rollup merged", "value": value,
                        "target": "≤ 500 ms", "verdict": "ok" if stats["p95_ms"] <= 500 else "over target", **stats})

        Replenishment = env["dealer.replenishment"]
        with benchlib.count_queries(cr) as tenth:
            Replenishment.compute_suggestions(dealers[: len(dealers) // 10])
        t0 = time.perf_counter()
        with benchlib.count_queries(cr) as box:
            suggestions = Replenishment.compute_suggestions(dealers)
        elapsed = (time.perf_counter() - t0) * 1000
        results.append({
            "name": "inventory: replenishment run, all dealers", "median_ms": round(elapsed, 1),
            "p95_ms": round(elapsed, 1), "runs": 1, "queries": box["count"],
            "value": f"{value}, {len(suggestions)} suggestions; {tenth['count']} queries for a tenth of the dealers",
            "target": "≤ 60000 ms, queries independent of dealers",
            "verdict": "ok" if elapsed <= 60000 and tenth["count"] == box["count"] else "over target",
        })

        upload_dealer = dealers[0]
        codes = products.mapped("default_code")
        content = "\n".join(["商品编码,数量,批次"] + [
            f"{codes[i % len(codes)]},{i % 9},L{i // len(codes)}" for i in range(UPLOAD_ROWS)]).encode("gbk")
        Import = env["dealer.inventory.import"]
        t0 = time.perf_counter()
        with benchlib.count_queries(cr) as box:
            report = Import._dealer_import(content, "bench.csv", upload_dealer, "stock", env.cr.now().date(), False)
        elapsed = (time.perf_counter() - t0) * 1000
        results.append({
            "name": "inventory: 10,000-row upload (GBK CSV), validated", "median_ms": round(elapsed, 1),
            "p95_ms": round(elapsed, 1), "runs": 1, "queries": box["count"],
            "value": f"{len(report.line_ids)} lines", "target": "≤ 10000 ms",
            "verdict": "ok" if elapsed <= 10000 else "over target",
        })
        cr.rollback()
    return results


def main():
    cli = benchlib.parser(__doc__, "dcs_inventory", 10)
    cli.add_argument("--preset", choices=sorted(PRESETS), default="small")
    cli.add_argument("--keep", action="store_true",
                     help="commit the generated data and the rebuilt channel stock, then stop (on a copy)")
    args = cli.parse_args()
    results = run(args.db, args.repeat, args.preset, args.keep)
    if args.keep:
        return
    benchlib.print_results(results)
    if args.record:
        benchlib.record(results, preset=f"dealer_inventory {args.preset}")


if __name__ == "__main__":
    main()
