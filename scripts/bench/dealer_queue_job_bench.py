#!/usr/bin/env python3
"""Benchmark of long work as jobs (dealer_queue_job): crowdfunding close of 200 pledges.

    python3 scripts/bench/dealer_queue_job_bench.py --db <db> [--pledges 200]

In one transaction that is rolled back, on a database with dealer_queue_job installed:
two campaigns with one pledge per dealer (200 dealers, the setup of
dealer_crowdfunding_bench.py).
1. inline: action_close() of the first campaign in the request, as without a job runner.
2. jobs: action_close() of the second one with ``dealer_queue_job.mode = jobs`` (the
   enqueueing: one job per chunk of 20 pledges plus a last step), then every job
   performed in-process as the job runner does (load, perform, done, dependent jobs
   enqueued), each timed: the longest job is the longest transaction the close holds.
"""
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402
import dealer_crowdfunding_bench  # noqa: E402

DEALERS = 200


def _perform_jobs(env):
    """Perform pending jobs like the job runner; returns the wall time of each, in ms."""
    from odoo.addons.queue_job.job import PENDING, Job

    timings = []
    while True:
        records = env["queue.job"].search([("state", "=", PENDING)], order="priority, id")
        if not records:
            return timings
        for record in records:
            start = time.perf_counter()
            job = Job.load(env, record.uuid)
            job.set_enqueued()
            job.set_started()
            job.store()
            job.perform()
            env.flush_all()
            job.set_done()
            job.store()
            env.flush_all()  # enqueue_waiting() reads the states in SQL
            job.enqueue_waiting()
            env.invalidate_all()
            timings.append((time.perf_counter() - start) * 1000)


def run(db, repeat, dealers_count=DEALERS):
    registry = benchlib.open_registry(db)
    results = []
    with registry.cursor() as cr:
        env = benchlib.environment(cr)
        try:
            inline, dealers = dealer_crowdfunding_bench.setup(env, dealers_count)
            queued = inline.copy({"name": "BENCH 拼单 (jobs)"})
            queued.action_open()
            for dealer in dealers:
                inline.pledge(dealer, 1.0)
                queued.pledge(dealer, 1.0)
            env.flush_all()
            params = env["ir.config_parameter"]
            params.set_param("dealer_queue_job.mode", "inline")
            with benchlib.count_queries(cr) as box:
                start = time.perf_counter()
                inline.action_close()
                env.flush_all()
                inline_ms = (time.perf_counter() - start) * 1000
            assert inline.state == "succeeded" and len(inline.order_ids) == dealers_count
            results.append({
                "name": "queue_job: crowdfunding close of %s pledges, inline" % dealers_count,
                "runs": 1, "median_ms": round(inline_ms, 1), "p95_ms": round(inline_ms, 1),
                "queries": box["count"], "value": "one transaction of %.1f s" % (inline_ms / 1000),
                "target": "", "verdict": "",
            })
            params.set_param("dealer_queue_job.mode", "jobs")
            with benchlib.count_queries(cr) as box:
                start = time.perf_counter()
                queued.action_close()
                env.flush_all()
                enqueue_ms = (time.perf_counter() - start) * 1000
            enqueue_queries = box["count"]
            with benchlib.count_queries(cr) as box:
                timings = _perform_jobs(env)
            queued.invalidate_recordset()
            assert queued.state == "succeeded" and len(queued.order_ids) == dealers_count, len(queued.order_ids)
            assert queued.batch_id and queued.dealer_job_done_count == len(timings)
            total = enqueue_ms + sum(timings)
            results.append({
                "name": "queue_job: crowdfunding close of %s pledges, enqueue" % dealers_count,
                "runs": 1, "median_ms": round(enqueue_ms, 1), "p95_ms": round(enqueue_ms, 1),
                "queries": enqueue_queries, "value": "%s jobs" % len(timings), "target": "< 1 s",
                "verdict": "ok" if enqueue_ms < 1000 else "slow",
            })
            ordered = sorted(timings)
            results.append({
                "name": "queue_job: crowdfunding close of %s pledges, per job" % dealers_count,
                "runs": len(timings), "median_ms": round(ordered[len(ordered) // 2], 1),
                "p95_ms": round(ordered[-1], 1), "queries": box["count"],
                "value": "all jobs %.1f s, longest %.1f s, total with enqueue %.1f s" % (
                    sum(timings) / 1000, ordered[-1] / 1000, total / 1000),
                "target": "longest job < 5 s", "verdict": "ok" if ordered[-1] < 5000 else "slow",
            })
        finally:
            cr.rollback()
    return results


def main():
    benchlib.main(__doc__, run, "dcs_jobs", "dealer_queue_job", default_repeat=1)


if __name__ == "__main__":
    main()
