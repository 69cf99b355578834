"""Shared helpers of the suite's benchmarks (scripts/bench/).

A benchmark opens an Odoo registry on a benchmark database, measures an
operation many times and reports median / p95 wall time and SQL query counts.
Results go to docs/benchmarks.md (latest run, markdown) and
docs/benchmarks.csv (every run, so regressions show over time).
"""
import csv
import os
import platform
import statistics
import subprocess
import time
from contextlib import contextmanager
from datetime import datetime, UTC
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


def odoo_addons_path():
    import odoo

    return f"{os.path.join(os.path.dirname(odoo.__file__), 'addons')},{ROOT / 'addons'}"


_CONFIGURED = []


def open_registry(db):
    """Registry of ``db`` with the suite's addons path (Odoo imported lazily).

    Odoo's configuration is parsed once per process (a second parse fails), so
    several benchmarks can run in one process (scripts/bench/run_all.py)."""
    from odoo.tools import config

    if not _CONFIGURED:
        config.parse_config(["-d", db, "--addons-path", odoo_addons_path(), "--log-level=warn",
                             "--max-cron-threads=0"])
        _CONFIGURED.append(db)
    from odoo.modules.registry import Registry

    return Registry(db)


def environment(cr, context=None):
    import odoo

    return odoo.api.Environment(cr, odoo.SUPERUSER_ID, dict(context or {}, tracking_disable=True))


@contextmanager
def count_queries(cr):
    """Yields a dict whose 'count' is the number of queries run inside the block."""
    box = {"count": 0}
    start = cr.sql_log_count
    try:
        yield box
    finally:
        box["count"] = cr.sql_log_count - start


def measure(fn, cr, repeat=20, warmup=2):
    """Run ``fn()`` ``repeat`` times; timings in ms and queries per call."""
    for _ in range(warmup):
        fn()
    timings, queries = [], []
    for _ in range(repeat):
        with count_queries(cr) as box:
            t0 = time.perf_counter()
            fn()
            timings.append((time.perf_counter() - t0) * 1000)
        queries.append(box["count"])
    return summarize(timings, queries)


def summarize(timings, queries=None):
    ordered = sorted(timings)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
    return {
        "runs": len(timings),
        "median_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(p95, 2),
        "queries": max(queries) if queries else None,
    }


def machine_info():
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as fh:
            models = [line.split(":", 1)[1].strip() for line in fh if line.startswith("model name")]
            cpu = f"{models[0]} × {len(models)}" if models else cpu
    except OSError:
        pass
    try:
        pg = subprocess.run(["psql", "-d", "postgres", "-Atc", "show server_version"],
                            capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        pg = "?"
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2 ** 30
    return f"{cpu}, {mem:.0f} GiB RAM, Python {platform.python_version()}, PostgreSQL {pg}"


def record(results, preset, note=None):
    """Append ``results`` (list of dicts: name, target, median_ms, p95_ms,
    queries, value, verdict) to docs/benchmarks.csv and rewrite the latest
    table in docs/benchmarks.md between its markers (``note``: e.g. the load)."""
    DOCS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    machine = machine_info()
    csv_path = DOCS / "benchmarks.csv"
    fields = ["date", "preset", "benchmark", "median_ms", "p95_ms", "queries", "value", "target", "verdict", "machine"]
    new = not csv_path.exists()
    with csv_path.open("a", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        if new:
            writer.writeheader()
        for row in results:
            writer.writerow({"date": stamp, "preset": preset, "benchmark": row["name"], "machine": machine,
                             **{k: row.get(k, "") for k in fields if k not in ("date", "preset", "benchmark",
                                                                               "machine")}})
    lines = [f"Latest run: {stamp}, preset `{preset}`, {machine}." + (f" {note}." if note else ""), "",
             "| benchmark | median ms | p95 ms | queries | value | target | verdict |",
             "|---|---|---|---|---|---|---|"]
    for row in results:
        lines.append("| {name} | {median_ms} | {p95_ms} | {queries} | {value} | {target} | {verdict} |".format(
            **{k: row.get(k, "") if row.get(k) is not None else "" for k in
               ("name", "median_ms", "p95_ms", "queries", "value", "target", "verdict")}))
    md = DOCS / "benchmarks.md"
    begin, end = "<!-- results:begin -->", "<!-- results:end -->"
    text = md.read_text(encoding="utf-8") if md.exists() else f"# Benchmarks\n\n{begin}\n{end}\n"
    if begin not in text:
        text += f"\n{begin}\n{end}\n"
    head, _, rest = text.partition(begin)
    _, _, tail = rest.partition(end)
    md.write_text(f"{head}{begin}\n" + "\n".join(lines) + f"\n{end}{tail}", encoding="utf-8")


def print_results(results):
    """The results as a table on stdout."""
    print(f"{'benchmark':<64} {'median ms':>10} {'p95 ms':>9} {'queries':>8}  value")
    for row in results:
        print(f"{row['name']:<64} {row['median_ms']!s:>10} {row['p95_ms']!s:>9} {row['queries']!s:>8}  "
              f"{row['value']} (target {row['target']}: {row['verdict'] or '-'})")


def parser(description, default_db, default_repeat):
    """Command line shared by the benchmarks: --db, --repeat, --record."""
    import argparse

    cli = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    cli.add_argument("--db", default=default_db)
    cli.add_argument("--repeat", type=int, default=default_repeat)
    cli.add_argument("--record", action="store_true", help="append the results to docs/benchmarks.*")
    return cli


def main(description, run, default_db, preset, default_repeat=20, options=()):
    """Entry point of a benchmark whose ``run(db, repeat, **options)`` returns result rows.

    :param options: ``(name, type, default)`` of the benchmark's own options (``--name``),
        passed to ``run`` by keyword
    """
    cli = parser(description, default_db, default_repeat)
    for name, kind, default in options:
        cli.add_argument("--" + name.replace("_", "-"), dest=name, type=kind, default=default)
    args = cli.parse_args()
    results = run(args.db, args.repeat, **{name: getattr(args, name) for name, _kind, _default in options})
    print_results(results)
    if args.record:
        record(results, preset=preset)
