#!/usr/bin/env python3
"""Deterministic channel data for the benchmarks.

    python3 scripts/bench/generate.py --db dcs_bench --preset quick   # 300 dealers, 7,000 stores
    python3 scripts/bench/generate.py --db dcs_bench --preset full    # 3,000 dealers, 70,000 stores

Creates the database (suite modules, no demo data) when it does not exist, then
builds the network with batched ORM creates (one create per level and chunk,
no per-record flush): one top dealer → level-1 → level-2 → stores spread over
the Chinese provinces, with regions and authorizations. The data is committed
in the benchmark database (never run it on a real one); a marker parameter
records the preset so a second run does nothing.
"""
import argparse
import random
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402

PRESETS = {
    # dealers = 1 top + l1 + l2
    "quick": {"l1": 50, "l2": 249, "stores": 7000},
    "full": {"l1": 500, "l2": 2499, "stores": 70000},
}
PROVINCES = ["ZJ", "JS", "SH", "AH", "FJ", "JX", "SD", "GD", "GX", "HI", "BJ", "TJ", "HE", "SX", "NM",
             "HA", "HB", "HN", "CQ", "SC", "GZ", "YN", "SN", "GS", "LN", "JL", "HL"]
CHUNK = 2000


def ensure_database(db, modules):
    exists = subprocess.run(["psql", "-d", db, "-Atc", "select 1"], capture_output=True).returncode == 0
    if not exists:
        print(f"creating {db} with {modules} (no demo data)", flush=True)
        subprocess.run([sys.executable, "-m", "odoo", "-d", db, "--addons-path", benchlib.odoo_addons_path(),
                        "-i", modules, "--without-demo=all", "--stop-after-init", "--log-level=warn"], check=True)


def generate_network(env, preset, rnd):
    sizes = PRESETS[preset]
    Partner = env["res.partner"].with_context(tracking_disable=True, mail_create_nolog=True,
                                              mail_notrack=True)
    level = {code: env.ref(f"dealer_base.dealer_level_{code}") for code in ("branch", "l1", "l2", "store")}
    tiers = [env["dealer.tier"].create({"name": f"Bench {c}", "code": f"BENCH-{c}"}) for c in "ABC"]
    types = [env["dealer.type"].create({"name": f"Bench {c}", "code": f"bench-{c}"})
             for c in ("ka", "outlet", "wholesale", "retail")]
    states = [env.ref(f"base.state_cn_{code}") for code in PROVINCES]
    country = env.ref("base.cn")
    Region = env["dealer.region"]
    top_region = Region.create({"name": "Bench China", "code": "BENCH-CN"})
    regions = Region.create([{
        "name": f"Bench {state.name}", "code": f"BENCH-{code}", "parent_id": top_region.id,
        "state_ids": [(6, 0, state.ids)],
    } for code, state in zip(PROVINCES, states, strict=False)])

    def batch_create(vals_list):
        created = Partner.browse()
        for start in range(0, len(vals_list), CHUNK):
            created |= Partner.create(vals_list[start:start + CHUNK])
            env.flush_all()
            env.invalidate_all()
        return created

    def vals(name, lvl, parent, index):
        state_index = index % len(states)
        return {
            "name": name, "is_company": True, "dealer_level_id": level[lvl].id,
            "dealer_parent_id": parent, "dealer_state": "active",
            "dealer_tier_id": tiers[index % 3].id, "dealer_type_id": types[index % 4].id,
            "country_id": country.id, "state_id": states[state_index].id,
        }

    top = batch_create([vals("Bench national distributor", "branch", False, 0)])
    l1 = batch_create([vals(f"Bench L1 {i:04d}", "l1", top.id, i) for i in range(sizes["l1"])])
    l2 = batch_create([vals(f"Bench L2 {i:05d}", "l2", l1[i % len(l1)].id, i % len(l1))
                       for i in range(sizes["l2"])])
    # stores sit in the province of their level-2 dealer
    l2_index = {p.id: i % len(l1) for i, p in enumerate(l2)}
    stores = batch_create([
        vals(f"Bench store {i:06d}", "store", l2[i % len(l2)].id, l2_index[l2[i % len(l2)].id])
        for i in range(sizes["stores"])
    ])
    # authorizations: every dealer on its province (stores too), non-exclusive
    Auth = env["dealer.authorization"].with_context(tracking_disable=True)
    region_by_state = {state.id: region.id for state, region in zip(states, regions, strict=False)}
    dealers = top | l1 | l2
    auth_vals = [{"partner_id": top.id, "region_id": top_region.id}]
    auth_vals += [{"partner_id": p.id, "region_id": region_by_state[p.state_id.id]} for p in (l1 | l2)]
    for start in range(0, len(auth_vals), CHUNK):
        Auth.create(auth_vals[start:start + CHUNK])
    return {"top": top.id, "dealers": len(dealers), "stores": len(stores)}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="dcs_bench")
    parser.add_argument("--preset", choices=sorted(PRESETS), default="quick")
    parser.add_argument("--modules", default="dealer_base")
    args = parser.parse_args()
    ensure_database(args.db, args.modules)
    registry = benchlib.open_registry(args.db)
    with registry.cursor() as cr:
        env = benchlib.environment(cr)
        marker = env["ir.config_parameter"].get_param("dcs_bench.preset")
        if marker:
            print(f"{args.db} already holds the '{marker}' data set: nothing to do")
            return
        t0 = time.perf_counter()
        stats = generate_network(env, args.preset, random.Random(20260101))
        env["ir.config_parameter"].set_param("dcs_bench.preset", args.preset)
        env["ir.config_parameter"].set_param("dcs_bench.top_dealer_id", stats["top"])
        cr.commit()  # a benchmark database, filled once on purpose
        print(f"generated {stats['dealers']} dealers and {stats['stores']} stores "
              f"in {time.perf_counter() - t0:.1f} s", flush=True)


if __name__ == "__main__":
    main()
