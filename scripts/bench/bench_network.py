#!/usr/bin/env python3
"""Network benchmarks: the downline of the dealer at the top of the generated
network (70,000 stores with the full preset) — one query, target ≤ 50 ms.

    python3 scripts/bench/generate.py --db dcs_bench --preset full
    python3 scripts/bench/bench_network.py --db dcs_bench
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402


def run(db, repeat=20):
    registry = benchlib.open_registry(db)
    results = []
    with registry.cursor() as cr:
        env = benchlib.environment(cr)
        top_id = int(env["ir.config_parameter"].get_param("dcs_bench.top_dealer_id") or 0)
        if not top_id:
            sys.exit(f"{db} has no generated data: run scripts/bench/generate.py first")
        Partner = env["res.partner"]
        top = Partner.browse(top_id)
        stores = Partner.search_count(top._dealer_downline_domain() + [
            ("dealer_level_id.code", "=", "store")])
        domain = top._dealer_downline_domain()

        def count():
            Partner.search_count(domain)

        def ids():
            Partner.search(domain, order="id")

        def count_field():
            top.invalidate_recordset(["dealer_downline_count"])
            top.dealer_downline_count  # noqa: B018

        def sql_only():
            # the database side of the downline query, without the ORM around it
            cr.execute("SELECT count(*) FROM res_partner WHERE dealer_path LIKE %s AND id != %s AND active",
                       [top.dealer_path + "%", top.id])

        size = Partner.search_count(domain)
        top.dealer_path  # noqa: B018 - the dealer's own record is loaded by the caller in real use
        for name, fn in (("downline count (ORM search_count)", count), ("downline ids (ORM search)", ids),
                         ("downline count field", count_field), ("downline count (SQL alone)", sql_only)):
            stats = benchlib.measure(fn, cr, repeat=repeat)
            verdict = "ok" if stats["p95_ms"] <= 50 and stats["queries"] == 1 else "over target"
            results.append({"name": f"network: {name}", "value": f"{size} partners ({stores} stores)",
                            "target": "1 query, ≤ 50 ms", "verdict": verdict, **stats})
        cr.rollback()
    return results


def main():
    benchlib.main(__doc__, run, "dcs_bench", "network", default_repeat=20)

if __name__ == "__main__":
    main()
