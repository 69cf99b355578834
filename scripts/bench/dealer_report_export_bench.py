#!/usr/bin/env python3
"""dealer_report background export benchmark.

    python3 scripts/bench/dealer_report_export_bench.py --db dcs_report [--rows 100000] [--repeat 1] [--record]

Needs a database with ``dealer_report`` installed. Builds its own data inside one
transaction that is rolled back at the end (nothing is left behind):

* the master data of ``dealer_report_bench.py`` (1,000 dealers over China's provinces in
  benchmark regions, 200 products in ten categories);
* ``--rows`` rows of ``dealer.sales.analysis`` (default 100,000: each dealer × 50
  products × 2 months), written with one ``INSERT ... SELECT`` (the refresh that
  builds them from orders has its own benchmark);
* measured: a flat export of those rows (``dealer.report.export.request``, kind
  ``sales_rows``) from its creation (the plan) through every step of the scheduled
  action (one chunk of dealers per step, 5,000 rows by default, each storing its rows
  as the worksheet's XML) to the finished workbook (the last step zips the stored rows
  into xlsxwriter's skeleton of the workbook), as the scheduled action runs it; plus the
  slowest step, the last step and the size of the file.

Prints the wall time (ms) and SQL queries. ``--record`` also appends the rows to
docs/benchmarks.csv / docs/benchmarks.md.
"""
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402
from dealer_report_bench import build_master_data  # noqa: E402

PRODUCTS_PER_DEALER = 50


def insert_rows(env, dealers, products, n_rows):
    from odoo.tools import SQL

    cr = env.cr
    company = env.company
    months = max(1, -(-n_rows // (len(dealers) * PRODUCTS_PER_DEALER)))
    first = date.today().replace(day=1)
    cr.execute(SQL("""
        INSERT INTO dealer_sales_analysis (date, partner_id, company_id, product_id, product_tmpl_id, categ_id,
                                           currency_id, dealer_region_id, dealer_region_root_id, dealer_level_id,
                                           dealer_tier_id, dealer_type_id, dealer_sales_mode_id, dealer_parent_id,
                                           qty, amount, qty_last_year, amount_last_year, amount_growth)
        SELECT (%(first)s::date - (m || ' months')::interval)::date, p.id, %(company)s, pp.id, pp.product_tmpl_id,
               pt.categ_id, %(currency)s, r.id, r.parent_id, p.dealer_level_id, p.dealer_tier_id,
               p.dealer_type_id, p.dealer_sales_mode_id, p.dealer_parent_id,
               1 + mod(p.id + pp.id, 20), (1 + mod(p.id + pp.id, 20)) * pt.list_price, 0, 0,
               (1 + mod(p.id + pp.id, 20)) * pt.list_price
          FROM unnest(%(dealers)s::int[]) WITH ORDINALITY d(id, n)
          JOIN res_partner p ON p.id = d.id
          LEFT JOIN LATERAL (SELECT id, parent_id FROM dealer_region
                              WHERE code LIKE %(bench_codes)s AND parent_id IS NOT NULL
                              ORDER BY id OFFSET mod(d.n, 30) LIMIT 1) r ON TRUE
         CROSS JOIN generate_series(0, %(months)s - 1) m
         CROSS JOIN generate_series(0, %(per_dealer)s - 1) k
          JOIN product_product pp ON pp.id = (%(products)s::int[])[1 + mod(d.n * 7 + k, %(n_products)s)]
          JOIN product_template pt ON pt.id = pp.product_tmpl_id
         LIMIT %(rows)s
    """, first=first, company=company.id, currency=company.currency_id.id, dealers=dealers.ids,
        products=products.ids, n_products=len(products), months=months, per_dealer=PRODUCTS_PER_DEALER,
        rows=n_rows, bench_codes="BENCH-%"))
    inserted = cr.rowcount
    # written past refresh(): its dealer × month rollup (what groupings by dealer read) from them
    env["dealer.sales.analysis"]._rebuild_rollup()
    cr.execute("ANALYZE dealer_sales_analysis")
    return inserted


def run(db, repeat, rows=100_000):
    from odoo.tools import SQL

    registry = benchlib.open_registry(db)
    results = []
    with registry.cursor() as cr:
        env = benchlib.environment(cr)
        t0 = time.perf_counter()
        dealers, products = build_master_data(env)
        cr.execute(SQL("DELETE FROM dealer_sales_analysis"))
        insert_rows(env, dealers, products, rows)
        cr.execute(SQL("SELECT count(*), min(date), max(date) FROM dealer_sales_analysis"))
        n_rows, first, last = cr.fetchone()
        print(f"built {n_rows:,} analysis rows in {time.perf_counter() - t0:.0f} s", flush=True)
        Request = env["dealer.report.export.request"]
        timings, steps, slowest, last_step, size = [], 0, 0.0, 0.0, 0
        with benchlib.count_queries(cr) as box:
            for _run in range(repeat):
                t0 = time.perf_counter()
                request = Request._dealer_export_create({
                    "kind": "sales_rows", "name": "Bench export", "date_from": first, "date_to": last,
                    "domain": [("date", ">=", first.isoformat()), ("date", "<=", last.isoformat())],
                })
                steps = 0
                while True:
                    s0 = time.perf_counter()
                    if not Request._cron_process():
                        break
                    last_step = time.perf_counter() - s0
                    slowest = max(slowest, last_step)
                    steps += 1
                timings.append((time.perf_counter() - t0) * 1000)
                if request.state != "done":
                    raise RuntimeError("the export failed: %s" % request.error_message)
                size = request.attachment_id.file_size
        summary = benchlib.summarize(timings)
        results.append({
            "name": f"dealer_report: background flat export of {n_rows:,} sales analysis rows to XLSX",
            **summary, "queries": box["count"] // max(repeat, 1),
            "value": f"{steps} steps, slowest {slowest * 1000:,.0f} ms, last {last_step * 1000:,.0f} ms, "
                     f"{size / 2 ** 20:.1f} MiB",
            "target": "≤ 60,000 ms", "verdict": "ok" if summary["median_ms"] <= 60_000 else "SLOW",
        })
        cr.rollback()
    return results


if __name__ == "__main__":
    cli = benchlib.parser(__doc__, "dcs_report", 1)
    cli.add_argument("--rows", type=int, default=100_000)
    args = cli.parse_args()
    found = run(args.db, args.repeat, args.rows)
    benchlib.print_results(found)
    if args.record:
        benchlib.record(found, preset=f"{args.rows:,} analysis rows")
