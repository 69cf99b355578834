#!/usr/bin/env python3
"""Order pipeline in one process, the two flows alternating order by order.

    python3 scripts/bench/order_pipeline_inprocess.py --db dcs_bench_quick [--lines 20] [--repeat 6]

The same orders as ``order_pipeline_bench.py`` ((a) plain Odoo create + action_confirm for
a customer that is not a dealer, (b) the suite's create + action_dealer_submit for a
dealer), in one process and one transaction rolled back at the end, without a server.
The flows alternate order by order so both see the same machine load, which
``order_pipeline_bench.py``'s single-process run (one flow after the other) does not
when other work shares the cores. Reported per flow: median wall time, median Python CPU
time of the process (``time.process_time``: PostgreSQL's own work and the waits for the
cores excluded, the steadier figure on a loaded machine) and queries; then the ratios.
Two warm-up orders per flow are not counted.
"""
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402
import order_pipeline_bench as pipeline  # noqa: E402


def run(db, n_lines=20, repeat=6, qty=5):
    import odoo

    inputs = pipeline.prepare(db, n_lines)
    named = pipeline.flows(inputs)
    measures = {name: {"wall": [], "cpu": [], "queries": []} for name in named}
    with inputs["registry"].cursor() as cr:
        admin = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {}).ref("base.user_admin")
        env = odoo.api.Environment(cr, admin.id, {})
        for i in range(repeat + 2):
            for name, (partner_of, method) in named.items():
                env.invalidate_all()
                start_queries, start_wall, start_cpu = cr.sql_log_count, time.perf_counter(), time.process_time()
                order = env["sale.order"].create(pipeline.order_vals(partner_of(i), inputs["products"], n_lines, qty,
                                                                     offset=i))
                getattr(order, method)()
                env.flush_all()
                cr.precommit.run()  # what a request runs before committing (tracking, chatter)
                if i >= 2:
                    measures[name]["wall"].append((time.perf_counter() - start_wall) * 1000)
                    measures[name]["cpu"].append((time.process_time() - start_cpu) * 1000)
                    measures[name]["queries"].append(cr.sql_log_count - start_queries)
                if order.state != "sale":
                    sys.exit(f"{name}: order {order.name} not confirmed: {order.dealer_review_message}")
        cr.rollback()
    return {name: {key: statistics.median(values) for key, values in flow.items()} for name, flow in measures.items()}


def main():
    cli = benchlib.parser(__doc__, "dcs_bench_quick", 6)
    cli.add_argument("--lines", type=int, default=20)
    args = cli.parse_args()
    medians = run(args.db, args.lines, args.repeat)
    for name, flow in medians.items():
        print(f"{name}: wall {flow['wall']:.0f} ms, Python CPU {flow['cpu']:.0f} ms, {flow['queries']:.0f} queries")
    if "pipeline" in medians:
        plain, suite = medians["plain"], medians["pipeline"]
        print(f"(b)/(a): wall {suite['wall'] / plain['wall']:.2f}×, Python CPU {suite['cpu'] / plain['cpu']:.2f}×, "
              f"queries +{suite['queries'] - plain['queries']:.0f}")


if __name__ == "__main__":
    main()
