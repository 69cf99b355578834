#!/usr/bin/env python3
"""Run the suite's benchmarks on a generated database and record the results.

    python3 scripts/bench/run_all.py                                   # quick preset, dcs_bench_quick
    python3 scripts/bench/run_all.py --db dcs_bench --preset full

One command, end to end:

1. generates the data set when the database lacks a part (``generate.py``: created
   with the suite modules when it does not exist; each part once, timed);
2. network: downline of the top dealer (``bench_network.py``);
3. wallets: 16 concurrent clients debiting distinct dealers and one dealer, ledger
   only and with journal entries, plus an overdraft attempt (``dealer_wallet_bench.py``):
   0 overdraft, 0 lost update, throughput;
4. order pipeline: a ``--workers 2`` Odoo server on port 8269 driven over JSON-RPC
   (``order_pipeline_bench.py``): plain Odoo vs the suite's pipeline, ratio and
   orders/second with 16 clients;
5. portal catalog page: a ``--workers 2`` Odoo server on port 8289 serving ``/my/catalog``
   to a pool-restricted portal dealer (``dealer_portal_bench.py``): p95 and queries per
   request;

then prints the table and writes it to docs/benchmarks.md (latest run, with the
machine and its load) and appends it to docs/benchmarks.csv (history). The
module benchmarks that build their own data (``dealer_*_bench.py``) are run by
hand; their numbers are in docs/benchmarks.md.
"""
import argparse
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import benchlib  # noqa: E402
import bench_network  # noqa: E402
import generate  # noqa: E402


def load():
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} / {five:.2f} / {fifteen:.2f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="dcs_bench_quick")
    parser.add_argument("--preset", default="quick", choices=["quick", "full"])
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients (wallets, orders)")
    parser.add_argument("--update", default="", help="modules to install or update first (e.g. dealer_order)")
    parser.add_argument("--skip", default="", help="comma-separated: network,wallets,orders,portal")
    parser.add_argument("--no-record", action="store_true", help="print only, do not write docs/")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    print(f"start: {load()}", flush=True)
    modules = generate.DEFAULT_MODULES.split(",") + list(generate.MODULES.values())
    if (benchlib.ROOT / "addons" / "dealer_order").is_dir():
        modules.append("dealer_order")  # the order pipeline (b)
    generate.ensure_database(args.db, ",".join(dict.fromkeys(modules)))
    if args.update:
        generate.update_modules(args.db, args.update)
    generate.generate(args.db, args.preset, generate.PARTS)
    results = []
    for part, seconds, info in generate.generation_times(args.db):
        results.append({"name": f"generate: {part}", "median_ms": "", "p95_ms": "", "queries": "",
                        "value": f"{seconds:.1f} s: {info}", "target": "batched", "verdict": ""})
    if "network" not in skip:
        results.extend(bench_network.run(args.db))
    if "wallets" not in skip:
        import dealer_wallet_bench

        results.extend(dealer_wallet_bench.run(args.db, workers=args.clients, ops=20))
    if "orders" not in skip:
        import order_pipeline_bench

        results.extend(order_pipeline_bench.run(args.db, repeat=20, clients=args.clients, per_client=5))
    if "portal" not in skip and (benchlib.ROOT / "addons" / "dealer_portal").is_dir():
        import dealer_portal_bench

        results.extend(dealer_portal_bench.run(args.db, requests=30))
    print(f"end: {load()}", flush=True)
    benchlib.print_results(results)
    if not args.no_record:
        benchlib.record(results, args.preset, note=f"{load().capitalize()} at the end of the run "
                        "(other work may share the cores)")


if __name__ == "__main__":
    main()
