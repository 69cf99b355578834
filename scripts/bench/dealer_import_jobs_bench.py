#!/usr/bin/env python3
"""Benchmark of a large import as jobs: a brand onboards its stores through Odoo's import.

    python3 scripts/bench/dealer_import_jobs_bench.py --db <db> [--stores 2000] [--chunk 100]

In one transaction that is rolled back, on a database with dealer_queue_job (and so OCA
base_import_async) installed: a level-1 dealer and a CSV file of ``--stores`` stores under it
(name, company, dealer level, upline, province, state), as a brand exports them from its old
system.
1. in the request: Odoo's import (``execute_import``) of the whole file, as without
   background import: one transaction for every row;
2. in the background: the same import with *Import in the background* (``use_queue``,
   chunks of ``--chunk`` rows): the request only stores the file, then every job (the split,
   then one per chunk) is performed in-process as the job runner does, each timed: the longest
   job is the longest transaction the import holds.
"""
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402
import dealer_queue_job_bench  # noqa: E402

HEADER = ["name", "is_company", "dealer_level_id/id", "dealer_parent_id/id", "state_id/id", "dealer_state"]
PROVINCES = ["base.state_cn_ZJ", "base.state_cn_JS", "base.state_cn_GD", "base.state_cn_SD", "base.state_cn_SC"]


def _csv(tag, stores):
    rows = [HEADER] + [
        ["BENCH 导入门店 %s %05d" % (tag, index), "1", "dealer_base.dealer_level_store", "__bench__.import_l1",
         PROVINCES[index % len(PROVINCES)], "active"]
        for index in range(stores)
    ]
    return "\n".join(",".join(row) for row in rows).encode()


def _wizard(env, tag, stores):
    return env["base_import.import"].create({
        "res_model": "res.partner", "file_name": "stores-%s.csv" % tag, "file_type": "text/csv",
        "file": _csv(tag, stores),
    })


def run(db, repeat, stores=2000, chunk=100):
    registry = benchlib.open_registry(db)
    results = []
    options = {"quoting": '"', "separator": ",", "has_headers": True}
    with registry.cursor() as cr:
        env = benchlib.environment(cr)
        try:
            l1 = env["res.partner"].create({
                "name": "BENCH 导入一级经销商", "is_company": True, "dealer_state": "active",
                "dealer_level_id": env.ref("dealer_base.dealer_level_l1").id,
            })
            env["ir.model.data"].create({"module": "__bench__", "name": "import_l1", "model": "res.partner",
                                         "res_id": l1.id})
            env.flush_all()
            wizard = _wizard(env, "sync", stores)
            with benchlib.count_queries(cr) as box:
                start = time.perf_counter()
                result = wizard.execute_import(HEADER, HEADER, dict(options))
                env.flush_all()
                sync_ms = (time.perf_counter() - start) * 1000
            assert not result["messages"], result["messages"][:3]
            assert len(result["ids"]) == stores
            results.append({
                "name": "import of %s stores, in the request" % stores, "runs": 1,
                "median_ms": round(sync_ms, 1), "p95_ms": round(sync_ms, 1), "queries": box["count"],
                "value": "one transaction of %.1f s" % (sync_ms / 1000), "target": "", "verdict": "",
            })
            wizard = _wizard(env, "jobs", stores)
            with benchlib.count_queries(cr) as box:
                start = time.perf_counter()
                result = wizard.execute_import(HEADER, HEADER, dict(options, use_queue=True, chunk_size=chunk))
                env.flush_all()
                enqueue_ms = (time.perf_counter() - start) * 1000
            assert result == [], result
            enqueue_queries = box["count"]
            with benchlib.count_queries(cr) as box:
                timings = dealer_queue_job_bench._perform_jobs(env)
            created = env["res.partner"].search_count([("name", "like", "BENCH 导入门店 jobs %"),
                                                       ("dealer_parent_id", "=", l1.id)])
            assert created == stores, created
            results.append({
                "name": "import of %s stores in the background, the request" % stores, "runs": 1,
                "median_ms": round(enqueue_ms, 1), "p95_ms": round(enqueue_ms, 1), "queries": enqueue_queries,
                "value": "file checked and stored", "target": "", "verdict": "",
            })
            split, chunks = timings[0], sorted(timings[1:])
            results.append({
                "name": "import of %s stores in the background, per job (%s rows)" % (stores, chunk),
                "runs": len(chunks), "median_ms": round(chunks[len(chunks) // 2], 1), "p95_ms": round(chunks[-1], 1),
                "queries": box["count"],
                "value": "split %.1f s, %s chunk jobs %.1f s in all, longest %.1f s" % (
                    split / 1000, len(chunks), sum(chunks) / 1000, chunks[-1] / 1000),
                "target": "longest job < 5 s", "verdict": "ok" if chunks[-1] < 5000 else "slow",
            })
        finally:
            cr.rollback()
    return results


def main():
    benchlib.main(__doc__, run, "dcs_jobs", "dealer_queue_job", default_repeat=1,
                  options=[("stores", int, 2000), ("chunk", int, 100)])


if __name__ == "__main__":
    main()
