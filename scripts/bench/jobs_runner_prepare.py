#!/usr/bin/env python3
"""Committed data for a crowdfunding close through a real queue_job runner (tests/test_topology.py).

    python3 scripts/bench/jobs_runner_prepare.py --db <db> [--pledges 45] [--tag TOPO-…]

On a database with the whole suite (dealer_queue_job installed): ``--pledges`` funded dealers,
one campaign open for pledges (the setup of dealer_crowdfunding_bench.py, every name starting
with the tag) and one pledge of 1 unit per dealer, committed, so that the servers see them.
Prints one JSON line: ``{"campaign_id": …, "dealer_ids": [...], "pledge_ids": [...]}``, the
pledges in id order (the order in which the close cuts them into chunks).
"""
import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402
import dealer_crowdfunding_bench  # noqa: E402


def prepare(db, pledges, tag):
    registry = benchlib.open_registry(db)
    with registry.cursor() as cr:
        env = benchlib.environment(cr)
        campaign, dealers = dealer_crowdfunding_bench.setup(env, pledges, tag=tag)
        for dealer in dealers:
            campaign.pledge(dealer, 1.0)
        env.flush_all()
        result = {
            "campaign_id": campaign.id,
            "dealer_ids": dealers.ids,
            "pledge_ids": campaign.pledge_ids.sorted("id").ids,
        }
        cr.commit()
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True)
    parser.add_argument("--pledges", type=int, default=45)
    parser.add_argument("--tag", default="TOPO-%s" % time.strftime("%H%M%S"))
    args = parser.parse_args()
    if not 1 <= args.pledges <= 2000:
        parser.error("--pledges: between 1 and 2000")
    print(json.dumps(prepare(args.db, args.pledges, args.tag)))


if __name__ == "__main__":
    main()
