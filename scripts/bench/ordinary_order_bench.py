#!/usr/bin/env python3
"""What the suite costs an ordinary order: plain Odoo and the suite side by side.

    python3 scripts/bench/ordinary_order_bench.py --plain-db dcs_plain --suite-db dcs_demo [--lines 20]

A customer that is not a dealer orders ``--lines`` stocked products (create + confirm
of the sale order, as the admin user, in one process). The same order is measured on
a database with only the Odoo apps the suite depends on (``--plain-db``) and on one
with the whole suite installed (``--suite-db``): SQL queries and wall time per order
(median / p95 of ``--repeat`` orders after two warm-up orders; everything rolled
back). Target: the suite adds at most 5 queries to such an order (none of the
dealer checks run for it).

Create the plain database once with ``scripts/bench/ordinary_order_bench.py
--create-plain dcs_plain`` (the suite's Odoo dependencies, demo data, no suite module).
"""
import contextlib
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402

TARGET_EXTRA_QUERIES = 5


def plain_modules():
    """The Odoo modules the suite's manifests depend on (the suite excluded)."""
    import ast

    addons = benchlib.ROOT / "addons"
    suite = {path.parent.name for path in addons.glob("*/__manifest__.py")}
    deps = set()
    for name in suite:
        manifest = ast.literal_eval((addons / name / "__manifest__.py").read_text())
        deps.update(dep for dep in manifest.get("depends", []) if dep not in suite)
    return sorted(deps)


def create_plain(db):
    subprocess.run([
        sys.executable, "-m", "odoo", "-d", db, "--addons-path", benchlib.odoo_addons_path(),
        "-i", ",".join(plain_modules()), "--without-demo=", "--stop-after-init", "--max-cron-threads=0",
        "--log-level=warn", "--http-port=8299",
    ], check=True)


def measure_db(db, n_lines, repeat):
    """Queries and time of an ordinary order's create + confirm on ``db`` (rolled back)."""
    import odoo

    registry = benchlib.open_registry(db)
    with registry.cursor() as cr:
        root = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        admin = root.ref("base.user_admin")
        env = odoo.api.Environment(cr, admin.id, {})
        customer = env["res.partner"].create({"name": "Bench ordinary customer", "email": "bench@example.com"})
        products = env["product.product"].create([{
            "name": f"Bench ordinary product {index}", "type": "consu", "is_storable": True,
            "list_price": 10.0 + index,
        } for index in range(n_lines)])
        stock = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1).lot_stock_id
        for product in products:
            env["stock.quant"]._update_available_quantity(product, stock, 100000.0)
        env.flush_all()
        installed = bool(root["ir.module.module"].search_count([("name", "=like", "dealer\\_%"),
                                                               ("state", "=", "installed")]))

        def one():
            order = env["sale.order"].create({
                "partner_id": customer.id,
                "order_line": [odoo.Command.create({"product_id": product.id, "product_uom_qty": 5.0})
                               for product in products],
            })
            order.action_confirm()
            env.flush_all()
            assert order.state == "sale", order.state

        timings, queries = [], []
        for _ in range(repeat):
            # as Odoo's @warmup does in tests (dealer_channel's test_ordinary_order_cost
            # asserts the same count): one order to warm the caches, rolled back, then
            # the measured one with an empty record cache
            env.flush_all()
            env.invalidate_all()
            with contextlib.closing(cr.savepoint(flush=False)):
                one()
            env.invalidate_all()
            with benchlib.count_queries(cr) as box:
                t0 = time.perf_counter()
                one()
                timings.append((time.perf_counter() - t0) * 1000)
            queries.append(box["count"])
        cr.rollback()
    return {**benchlib.summarize(timings, queries), "query_counts": sorted(set(queries)), "suite": installed}


def run(plain_db, suite_db, n_lines=20, repeat=20):
    plain = measure_db(plain_db, n_lines, repeat)
    suite = measure_db(suite_db, n_lines, repeat)
    if plain["suite"] or not suite["suite"]:
        raise SystemExit(f"--plain-db {plain_db} must be without the suite and --suite-db {suite_db} with it")
    extra = suite["queries"] - plain["queries"]
    verdict = "met" if extra <= TARGET_EXTRA_QUERIES else "missed"
    ratio = round(suite["median_ms"] / plain["median_ms"], 2) if plain["median_ms"] else None
    return [
        {"name": f"ordinary {n_lines}-line order create + confirm, plain Odoo", **plain,
         "value": f"queries seen {plain['query_counts']}",
         "target": "", "verdict": ""},
        {"name": f"ordinary {n_lines}-line order create + confirm, suite installed", **suite,
         "value": f"+{extra} queries (seen {suite['query_counts']}), time ×{ratio}",
         "target": f"≤ +{TARGET_EXTRA_QUERIES} queries",
         "verdict": verdict},
    ]


def main():
    cli = benchlib.parser(__doc__, "dcs_demo", 20)
    cli.add_argument("--plain-db", default="dcs_plain")
    cli.add_argument("--suite-db", default="dcs_demo")
    cli.add_argument("--lines", type=int, default=20)
    cli.add_argument("--create-plain", metavar="DB", help="create the plain database DB and stop")
    args = cli.parse_args()
    if args.create_plain:
        create_plain(args.create_plain)
        return
    results = run(args.plain_db, args.suite_db, args.lines, args.repeat)
    benchlib.print_results(results)
    if args.record:
        benchlib.record(results, preset="ordinary order")


if __name__ == "__main__":
    main()
