#!/usr/bin/env python3
"""Run the suite's benchmarks on a generated database and record the results.

    python3 scripts/bench/run_all.py --db dcs_bench --preset quick

Generates the data set when the database has none (scripts/bench/generate.py),
runs every benchmark that has a ``run(db)`` function, prints the table and
writes it to docs/benchmarks.md (latest) and docs/benchmarks.csv (history).
Module benchmarks that build their own data (scripts/bench/dealer_*_bench.py)
are run by hand; their numbers are in docs/benchmarks.md.
"""
import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import benchlib  # noqa: E402
import bench_network  # noqa: E402

BENCHMARKS = [bench_network.run]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="dcs_bench")
    parser.add_argument("--preset", default="quick", choices=["quick", "full"])
    parser.add_argument("--no-record", action="store_true", help="print only, do not write docs/")
    args = parser.parse_args()
    subprocess.run([sys.executable, str(HERE / "generate.py"), "--db", args.db, "--preset", args.preset], check=True)
    results = []
    for bench in BENCHMARKS:
        results.extend(bench(args.db))
    for row in results:
        print("{name}: median {median_ms} ms, p95 {p95_ms} ms, {queries} queries — {value} "
              "(target {target}: {verdict})".format(**row))
    if not args.no_record:
        benchlib.record(results, args.preset)


if __name__ == "__main__":
    main()
