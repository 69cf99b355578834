#!/usr/bin/env python3
"""dealer_catalog benchmarks.

    python3 scripts/bench/dealer_catalog_bench.py --db dcs_catalog [--repeat 20] [--record]

Needs a database with ``dealer_catalog`` installed. Builds its own data inside
one transaction that is rolled back at the end (nothing is left behind):

* 10,000 products in 50 back categories and 20 front categories, 200 product
  pools (10% deny, mixed tier/type/sales mode/level/dealer dimensions, content
  from back categories, front categories and explicit products): the
  authorized-product search of one dealer (one SQL query whatever the number
  of pools), its count, the order confirmation check of a 50-line order and a
  40-product catalog page with dealer prices and MOQ hints;
* 3,000 dealers over 80 (tier, type, sales mode) combinations and pricelist
  rules: the pricelist re-sync of all of them after one rule change, and
  after one dealer's type change.

Prints median / p95 wall time (ms) and SQL queries per call. ``--record``
also appends the rows to docs/benchmarks.csv / docs/benchmarks.md.
"""
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402

N_PRODUCTS = 10_000
N_POOLS = 200
N_DEALERS = 3_000
CHUNK = 2_000


def build_catalog(env, rnd):
    from odoo import Command

    Category = env["product.category"]
    roots = Category.create([{"name": f"Bench root {i}"} for i in range(10)])
    leaves = Category.create([
        {"name": f"Bench leaf {r}.{j}", "parent_id": root.id} for r, root in enumerate(roots) for j in range(5)
    ])
    t0 = time.perf_counter()
    templates = env["product.template"]
    for start in range(0, N_PRODUCTS, CHUNK):
        templates |= env["product.template"].create([{
            "name": f"Bench product {i:05d}",
            "default_code": f"BENCH-{i:05d}",
            "type": "consu",
            "list_price": 10 + i % 500,
            "categ_id": leaves[i % len(leaves)].id,
        } for i in range(start, min(start + CHUNK, N_PRODUCTS))])
    create_s = time.perf_counter() - t0
    fronts = env["dealer.front.category"].create([{
        "name": f"Bench front {i}",
        "product_tmpl_ids": [Command.set(rnd.sample(templates.ids, 200))],
    } for i in range(20)])
    return roots, leaves, templates, fronts, create_s


def build_pools(env, rnd, roots, leaves, templates, fronts, dealers):
    from odoo import Command

    tiers = env["dealer.tier"].search([])
    types = env["dealer.type"].search([])
    modes = env["dealer.sales.mode"].search([])
    levels = env["dealer.level"].search([])
    vals_list = []
    for i in range(N_POOLS):
        content = i % 3
        vals = {
            "name": f"Bench pool {i}",
            "mode": "deny" if i % 10 == 9 else "allow",
            "tier_ids": [Command.set(rnd.sample(tiers.ids, 2))] if i % 2 else [],
            "type_ids": [Command.set(rnd.sample(types.ids, 2))] if i % 3 else [],
            "sales_mode_ids": [Command.set(rnd.sample(modes.ids, 1))] if i % 5 == 1 else [],
            "level_ids": [Command.set(rnd.sample(levels.ids, 2))] if i % 4 == 1 else [],
            "partner_ids": [Command.set(rnd.sample(dealers.ids, 3))] if i % 7 == 3 else [],
        }
        if content == 0:
            vals["categ_ids"] = [Command.set([rnd.choice(leaves.ids)] if i % 2 else [rnd.choice(roots.ids)])]
        elif content == 1:
            vals["front_category_ids"] = [Command.set(rnd.sample(fronts.ids, 2))]
        else:
            vals["product_tmpl_ids"] = [Command.set(rnd.sample(templates.ids, 20))]
        vals_list.append(vals)
    t0 = time.perf_counter()
    pools = env["dealer.product.pool"].create(vals_list)
    return pools, time.perf_counter() - t0


def build_dealers(env, rnd):
    tiers = env["dealer.tier"].search([])
    types = env["dealer.type"].search([])
    modes = env["dealer.sales.mode"].search([])
    store = env.ref("dealer_base.dealer_level_store")
    t0 = time.perf_counter()
    dealers = env["res.partner"]
    for start in range(0, N_DEALERS, CHUNK):
        dealers |= env["res.partner"].create([{
            "name": f"Bench dealer {i:05d}",
            "is_company": True,
            "dealer_level_id": store.id,
            "dealer_tier_id": tiers[i % len(tiers)].id,
            "dealer_type_id": types[(i // len(tiers)) % len(types)].id,
            "dealer_sales_mode_id": modes[(i // (len(tiers) * len(types))) % len(modes)].id,
            "dealer_state": "active",
        } for i in range(start, min(start + CHUNK, N_DEALERS))])
    return dealers, time.perf_counter() - t0


def run(db, repeat=20):
    registry = benchlib.open_registry(db)
    rnd = random.Random(42)
    results = []
    with registry.cursor() as cr:
        env = benchlib.environment(cr)
        if "dealer.product.pool" not in env:
            sys.exit(f"{db} has no dealer_catalog: install it first")
        # only the benchmark's own pools and rules count
        env["dealer.product.pool"].search([]).write({"active": False})
        env["dealer.pricelist.rule"].search([]).write({"active": False})

        dealers, dealers_s = build_dealers(env, rnd)
        roots, leaves, templates, fronts, products_s = build_catalog(env, rnd)
        pools, pools_s = build_pools(env, rnd, roots, leaves, templates, fronts, dealers)
        env.flush_all()
        content_rows = len(pools.content_tmpl_ids)  # noqa: F841 (warm)
        print(f"setup: {N_DEALERS} dealers in {dealers_s:.1f}s, {N_PRODUCTS} products in {products_s:.1f}s, "
              f"{N_POOLS} pools (content flattened) in {pools_s:.2f}s", flush=True)

        Pool = env["dealer.product.pool"]
        Product = env["product.product"]
        dealer = dealers[7]
        domain = Pool.allowed_product_domain(dealer)
        allowed_count = Product.search_count(domain)

        def allowed_search():
            env.invalidate_all()
            Product.search(Pool.allowed_product_domain(dealer))

        def allowed_count_fn():
            env.invalidate_all()
            Product.search_count(Pool.allowed_product_domain(dealer))

        order_products = Product.browse(rnd.sample(templates.product_variant_ids.ids, 50))

        def order_check():
            env.invalidate_all()
            dealer._dealer_unauthorized_catalog_products(order_products)

        def catalog_page():
            env.invalidate_all()
            page = Product.with_context(dealer_catalog_partner_id=dealer.id).search(
                Pool.allowed_product_domain(dealer), limit=40, order="default_code")
            page.mapped("dealer_price")
            page.mapped("dealer_min_qty")

        for name, fn, target in (
            # every authorized id, sorted (the ORM's browse of ~9,000 records dominates)
            ("catalog: authorized products search (all ids)", allowed_search, 150),
            ("catalog: authorized products count", allowed_count_fn, 100),
            ("catalog: order check, 50 products", order_check, 100),
            ("catalog: 40-product page with dealer price + MOQ", catalog_page, 100),
        ):
            stats = benchlib.measure(fn, cr, repeat=repeat)
            results.append({"name": name, "value": f"{N_PRODUCTS} products, {N_POOLS} pools, {allowed_count} allowed",
                            "target": f"≤ {target} ms", "verdict": "ok" if stats["p95_ms"] <= target else "over target",
                            **stats})

        # pricelist sync
        Pricelist = env["product.pricelist"]
        pl_a, pl_b, pl_c = Pricelist.create([{"name": f"Bench pricelist {x}"} for x in "ABC"])
        types = env["dealer.type"].search([])
        tiers = env["dealer.tier"].search([])
        Rule = env["dealer.pricelist.rule"]
        default_rule = Rule.create({"pricelist_id": pl_a.id})
        Rule.create([{"type_id": t.id, "pricelist_id": pl_b.id, "sequence": 10} for t in types[:2]])
        Rule.create([{"tier_id": tiers[0].id, "type_id": types[0].id, "pricelist_id": pl_c.id}])
        env.flush_all()
        toggle = {"pl": pl_a}

        def rule_change():
            env.invalidate_all()
            toggle["pl"] = pl_c if toggle["pl"] == pl_a else pl_a
            default_rule.pricelist_id = toggle["pl"]
            env.flush_all()

        stats = benchlib.measure(rule_change, cr, repeat=max(5, repeat // 2), warmup=1)
        affected = env["res.partner"].search_count([("id", "in", dealers.ids), (
            "specific_property_product_pricelist", "=", toggle["pl"].id)])
        results.append({"name": "pricing: re-sync after one rule change", "value":
                         f"{N_DEALERS} dealers, {affected} re-priced per change", "target": "≤ 2000 ms",
                         "verdict": "ok" if stats["p95_ms"] <= 2000 else "over target", **stats})
        one = dealers[0]
        type_toggle = {"type": one.dealer_type_id}

        def dealer_change():
            env.invalidate_all()
            type_toggle["type"] = types[1] if type_toggle["type"] != types[1] else types[2]
            one.dealer_type_id = type_toggle["type"]
            env.flush_all()

        stats = benchlib.measure(dealer_change, cr, repeat=repeat)
        results.append({"name": "pricing: re-sync after one dealer's type change", "value": "1 dealer",
                        "target": "≤ 100 ms", "verdict": "ok" if stats["p95_ms"] <= 100 else "over target", **stats})
        cr.rollback()
    return results


def main():
    benchlib.main(__doc__, run, "dcs_catalog", "dealer_catalog", default_repeat=20)

if __name__ == "__main__":
    main()
