#!/usr/bin/env python3
"""Deterministic channel data for the benchmarks.

    python3 scripts/bench/generate.py --db dcs_bench_quick --preset quick
    python3 scripts/bench/generate.py --db dcs_bench --preset full [--parts network,products]

Creates the database (suite modules, no demo data) when it does not exist, installs
the suite modules a part needs when they are missing, then builds the parts in order,
each with batched ORM calls (one ``create`` per model and chunk, no per-record flush):

* ``network``: one top dealer → level-1 → level-2 dealers → stores spread over the
  Chinese provinces, with regions and authorizations (every dealer on its province);
* ``products``: storable products in 10 × 5 categories, invoiced on ordered quantities,
  with stock in the main warehouse (one batched inventory adjustment);
* ``pools`` (dealer_catalog): an "open range" pool every dealer gets (9 of the 10 root
  categories), the rest mixing tier / type / level / dealer dimensions and category /
  product content, 10 % deny pools (they only cover the restricted tenth root);
* ``promotions`` (dealer_promotion): active for the whole year; product, category,
  order-wide (thresholds), fixed and buy-N-get-M rules, some for a tier or a level only;
* ``wallets`` (dealer_wallet): every dealer (branch, level 1, level 2; stores order
  through the fulfillment flow) gets a cash wallet funded by a top-up, a credit line and
  most a rebate grant. The top-ups use the wallet ledger's own batched path
  (``_prepare_posting`` / one transaction ``create`` / ``_apply_posting`` / one batched
  ``_create_moves``): ledger and general ledger stay consistent (``_check_integrity``)
  at a fraction of ``_topup``'s ~40 queries per wallet;
* ``history``: a year of dealer orders (each dealer's own province, allowed products),
  confirmed with ``action_confirm`` in batches (catalog, region and promotion checks run),
  delivered (pickings validated in batch), invoiced with ``_create_invoices`` and one
  ``action_post`` per batch, and the invoices due before today paid (one payment
  registration per month, grouped per dealer);
* ``inventory`` (dealer_inventory): what the level-1 and level-2 dealers report of the
  open range — twelve monthly sell-out reports and a stock count 30 days ago each —
  bulk-inserted in SQL (done reports and their lines; their sell-in is the history's
  deliveries).

Every part is idempotent: a marker (``ir.config_parameter`` ``dcs_bench.part.<part>``)
records the preset it was built with and the part is committed on its own, so a second
run does nothing and an interrupted run resumes at the missing part (the history part
commits every batch of orders and resumes after the last one). Each part prints its
time. The data is committed in the benchmark database: never run this on a real one.

The plans (what to create) are pure functions of the preset and a seed
(``plan_*``), tested in ``tests/test_bench_scripts.py``; the ``build_*`` functions
turn a plan into records.
"""
import argparse
import random
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402

SEED = 20260101
PRESETS = {
    # dealers = 1 top + l1 + l2
    "quick": {"l1": 50, "l2": 249, "stores": 7000, "products": 1000, "pools": 20, "promotions": 100,
              "orders": 1200, "lines_per_order": (3, 8), "inventory_products": 20},
    "full": {"l1": 500, "l2": 2499, "stores": 70000, "products": 10000, "pools": 200, "promotions": 1000,
             "orders": 12000, "lines_per_order": (3, 8), "inventory_products": 20},
    # the size used by tests/test_bench_scripts.py (plans only, no database)
    "tiny": {"l1": 3, "l2": 9, "stores": 40, "products": 60, "pools": 6, "promotions": 12,
             "orders": 30, "lines_per_order": (2, 4), "inventory_products": 4},
}
PARTS = ["network", "products", "pools", "promotions", "wallets", "history", "inventory"]
MODULES = {
    "network": "dealer_base", "products": "sale_stock", "pools": "dealer_catalog",
    "promotions": "dealer_promotion", "wallets": "dealer_wallet", "history": "sale_stock",
    "inventory": "dealer_inventory",
}
DEFAULT_MODULES = "dealer_catalog,dealer_wallet,dealer_promotion,sale_stock"
PROVINCES = ["ZJ", "JS", "SH", "AH", "FJ", "JX", "SD", "GD", "GX", "HI", "BJ", "TJ", "HE", "SX", "NM",
             "HA", "HB", "HN", "CQ", "SC", "GZ", "YN", "SN", "GS", "LN", "JL", "HL"]
N_ROOTS, N_LEAVES = 10, 5
CHUNK = 2000
ORDER_BATCH = 200


def rng(part, seed=SEED):
    """One generator per part, so a part's plan does not depend on the others."""
    return random.Random(f"{seed}-{part}")


# ----------------------------------------------------------------------
# Plans: pure data, deterministic for a preset and a seed
# ----------------------------------------------------------------------
def dealer_count(sizes):
    return 1 + sizes["l1"] + sizes["l2"]


def plan_products(sizes, seed=SEED):
    """One dict per product: category (root, leaf) and prices."""
    rnd = rng("products", seed)
    plan = []
    for i in range(sizes["products"]):
        price = round(rnd.uniform(2, 500), 2)
        plan.append({"index": i, "root": i % N_ROOTS, "leaf": rnd.randrange(N_LEAVES), "list_price": price,
                     "standard_price": round(price * rnd.uniform(0.4, 0.7), 2)})
    return plan


def open_products(sizes):
    """Indexes of the products every dealer may order (the open range: roots 0..8)."""
    return [i for i in range(sizes["products"]) if i % N_ROOTS != N_ROOTS - 1]


def plan_pools(sizes, seed=SEED):
    """Pool 0 is the open range for every dealer; the others restrict by dimension.
    Dimension values are indexes (tier 0-2, type 0-3, level 0-2 = branch/l1/l2, dealer)."""
    rnd = rng("pools", seed)
    restricted = [i for i in range(sizes["products"]) if i % N_ROOTS == N_ROOTS - 1]
    plan = [{"index": 0, "mode": "allow", "roots": list(range(N_ROOTS - 1)), "leaves": [], "products": [],
             "tiers": [], "types": [], "levels": [], "dealers": []}]
    for i in range(1, sizes["pools"]):
        deny = i % 10 == 9
        pool = {"index": i, "mode": "deny" if deny else "allow", "roots": [], "leaves": [], "products": [],
                "tiers": sorted(rnd.sample(range(3), 2)) if i % 2 else [],
                "types": sorted(rnd.sample(range(4), 2)) if i % 3 else [],
                "levels": sorted(rnd.sample(range(3), 2)) if i % 4 == 1 else [],
                "dealers": sorted(rnd.sample(range(dealer_count(sizes)), min(3, dealer_count(sizes))))
                if i % 7 == 3 else []}
        if deny or i % 2:
            pool["products"] = sorted(rnd.sample(restricted, min(20, len(restricted))))
        else:
            pool["leaves"] = [(N_ROOTS - 1, rnd.randrange(N_LEAVES))]
        plan.append(pool)
    return plan


def plan_promotions(sizes, seed=SEED):
    """Rules over the open range: 60 % product, 15 % category, 10 % order-wide with
    thresholds, 10 % fixed amount, 5 % buy N get M; a third for one tier, a fifth for a level."""
    rnd = rng("promotions", seed)
    products = open_products(sizes)
    plan = []
    for i in range(sizes["promotions"]):
        kind = rnd.choices(["product", "category", "order", "fixed", "free"], weights=[60, 15, 10, 10, 5])[0]
        promo = {"index": i, "kind": kind, "priority": 10 + i % 5, "tiers": [], "levels": [],
                 "products": [], "leaves": [], "value": 0.0, "min_qty": 0.0, "min_amount": 0.0,
                 "thresholds": [], "buy_qty": 0.0, "free_qty": 0.0}
        if i % 3 == 1:
            promo["tiers"] = [rnd.randrange(3)]
        if i % 5 == 2:
            promo["levels"] = [rnd.randrange(3)]
        if kind == "product":
            promo.update(products=sorted(rnd.sample(products, min(len(products), rnd.randint(2, 5)))),
                         value=rnd.randint(1, 9), min_qty=rnd.choice([1, 5, 10]))
        elif kind == "category":
            promo.update(leaves=[(rnd.randrange(N_ROOTS - 1), rnd.randrange(N_LEAVES))], value=rnd.randint(1, 5),
                         min_qty=rnd.choice([10, 20, 50]))
        elif kind == "order":
            base = rnd.choice([5000, 10000, 20000])
            promo.update(thresholds=[(base, 1.0), (base * 2, 2.0), (base * 5, 3.0)])
        elif kind == "fixed":
            promo.update(products=sorted(rnd.sample(products, min(len(products), 3))),
                         value=rnd.choice([20, 50, 100]), min_amount=rnd.choice([500, 1000, 2000]))
        else:
            promo.update(products=[rnd.choice(products)], buy_qty=rnd.choice([10, 20]), free_qty=1)
        plan.append(promo)
    return plan


def plan_wallets(sizes, seed=SEED):
    """Per dealer (index in the network order: top, l1, l2): cash, credit limit, rebate."""
    rnd = rng("wallets", seed)
    return [{"dealer": d, "cash": float(rnd.randrange(200_000, 2_000_000, 1000)),
             "credit_limit": float(rnd.choice([0, 50_000, 100_000, 200_000])),
             "rebate": float(rnd.choice([0, 0, 5_000, 10_000, 20_000]))} for d in range(dealer_count(sizes))]


def plan_history(sizes, seed=SEED):
    """Orders of the level-1 and level-2 dealers over 365 days, oldest first: day offset
    (0 = a year ago), dealer index, lines of (open-range product index, quantity)."""
    rnd = rng("history", seed)
    products = open_products(sizes)
    lo, hi = sizes["lines_per_order"]
    first_dealer = 1  # the top dealer sells through the others
    plan = []
    for i in range(sizes["orders"]):
        count = rnd.randint(lo, hi)
        plan.append({"index": i, "day": rnd.randrange(365), "dealer": rnd.randrange(first_dealer, dealer_count(sizes)),
                     "lines": [(p, rnd.choice([5, 10, 20, 50, 100])) for p in rnd.sample(products, count)]})
    plan.sort(key=lambda order: (order["day"], order["index"]))
    return plan


def plan_inventory(sizes, seed=SEED):
    """Reports of the level-1 and level-2 dealers: per dealer index, open-range product
    indexes and, per product, twelve monthly sell-out quantities (month 0 = the last 30
    days) and the quantity counted 30 days ago."""
    rnd = rng("inventory", seed)
    products = open_products(sizes)
    plan = []
    for dealer in range(1, dealer_count(sizes)):
        lines = []
        for product in sorted(rnd.sample(products, min(sizes["inventory_products"], len(products)))):
            base = rnd.choice([5, 10, 20, 40])
            lines.append({"product": product, "sold": [base + rnd.randrange(base + 1) for _month in range(12)],
                          "counted": rnd.randrange(4 * base)})
        plan.append({"dealer": dealer, "lines": lines})
    return plan


# ----------------------------------------------------------------------
# Database
# ----------------------------------------------------------------------
def ensure_database(db, modules):
    exists = subprocess.run(["psql", "-d", db, "-Atc", "select 1"], capture_output=True).returncode == 0
    if not exists:
        print(f"creating {db} with {modules} (no demo data)", flush=True)
    else:
        wanted = [m for m in modules.split(",") if m]
        out = subprocess.run(["psql", "-d", db, "-Atc", "select name from ir_module_module where state = 'installed'"],
                             capture_output=True, text=True, check=True).stdout.split()
        missing = [m for m in wanted if m not in out]
        if not missing:
            return
        modules = ",".join(missing)
        print(f"installing {modules} in {db}", flush=True)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "odoo", "-d", db, "--addons-path", benchlib.odoo_addons_path(),
                    "-i", modules, "--without-demo=all", "--stop-after-init", "--log-level=warn",
                    "--max-cron-threads=0"], check=True, cwd="/tmp")
    print(f"  modules ready in {time.perf_counter() - t0:.1f} s", flush=True)


def quiet(env):
    return env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True, mail_notrack=True,
                            mail_auto_subscribe_no_notify=True))


def create_chunked(model, vals_list, chunk=CHUNK):
    records = model.browse()
    for start in range(0, len(vals_list), chunk):
        records |= model.create(vals_list[start:start + chunk])
        model.env.flush_all()
    return records


def param(env, key, value=None):
    icp = env["ir.config_parameter"]
    if value is None:
        return icp.get_param(key)
    icp.set_param(key, value)
    return value


def ids_param(env, key, records=None):
    if records is None:
        raw = param(env, key)
        return [int(x) for x in raw.split(",")] if raw else []
    param(env, key, ",".join(str(i) for i in records.ids))
    return records.ids


# ----------------------------------------------------------------------
# Builders
# ----------------------------------------------------------------------
def build_network(env, sizes):
    Partner = env["res.partner"]
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
        created = create_chunked(Partner, vals_list)
        env.invalidate_all()
        return created

    def vals(name, lvl, parent, index):
        state_index = index % len(states)
        return {
            "name": name, "is_company": True, "dealer_level_id": level[lvl].id,
            "dealer_parent_id": parent, "dealer_state": "active",
            "dealer_tier_id": tiers[index % 3].id, "dealer_type_id": types[index % 4].id,
            "country_id": country.id, "state_id": states[state_index].id,
            "city": f"Bench city {state_index}", "street": f"{index + 1} Bench road",
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
    # authorizations: every dealer on its province, non-exclusive
    Auth = env["dealer.authorization"]
    region_by_state = {state.id: region.id for state, region in zip(states, regions, strict=False)}
    auth_vals = [{"partner_id": top.id, "region_id": top_region.id}]
    auth_vals += [{"partner_id": p.id, "region_id": region_by_state[p.state_id.id]} for p in (l1 | l2)]
    create_chunked(Auth, auth_vals)
    param(env, "dcs_bench.top_dealer_id", top.id)
    ids_param(env, "dcs_bench.dealer_ids", top | l1 | l2)
    return f"{1 + len(l1) + len(l2)} dealers, {len(stores)} stores"


def network_dealers(env):
    """The dealers of the network in plan order (top, l1, l2), from the marker or by name."""
    ids = ids_param(env, "dcs_bench.dealer_ids")
    if ids:
        return env["res.partner"].browse(ids)
    # networks generated before the marker existed: same order by level then name
    top = env["res.partner"].browse(int(param(env, "dcs_bench.top_dealer_id")))
    dealers = top | env["res.partner"].search([("name", "=like", "Bench L1 %"), ("is_company", "=", True)],
                                              order="name") \
        | env["res.partner"].search([("name", "=like", "Bench L2 %"), ("is_company", "=", True)], order="name")
    ids_param(env, "dcs_bench.dealer_ids", dealers)
    return dealers


def bench_tiers_types(env):
    tiers = env["dealer.tier"].search([("code", "in", ["BENCH-A", "BENCH-B", "BENCH-C"])], order="code")
    types = env["dealer.type"].search([("code", "in", ["bench-ka", "bench-outlet", "bench-wholesale",
                                                       "bench-retail"])])
    order = {"bench-ka": 0, "bench-outlet": 1, "bench-wholesale": 2, "bench-retail": 3}
    return tiers, types.sorted(lambda t: order[t.code])


def bench_levels(env):
    return [env.ref(f"dealer_base.dealer_level_{code}") for code in ("branch", "l1", "l2")]


def build_products(env, sizes):
    Category = env["product.category"]
    roots = Category.create([{"name": f"Bench range {r}"} for r in range(N_ROOTS)])
    leaves = Category.create([{"name": f"Bench range {r}.{j}", "parent_id": roots[r].id}
                              for r in range(N_ROOTS) for j in range(N_LEAVES)])
    plan = plan_products(sizes)
    templates = create_chunked(env["product.template"], [{
        "name": f"Bench product {p['index']:05d}", "default_code": f"BENCH-{p['index']:05d}",
        "type": "consu", "is_storable": True, "invoice_policy": "order", "sale_ok": True,
        "list_price": p["list_price"], "standard_price": p["standard_price"],
        "categ_id": leaves[p["root"] * N_LEAVES + p["leaf"]].id, "taxes_id": [(5, 0, 0)],
    } for p in plan])
    products = templates.product_variant_ids.sorted("id")
    ids_param(env, "dcs_bench.product_ids", products)
    ids_param(env, "dcs_bench.category_ids", roots | leaves)
    # stock: one batched inventory adjustment in the main warehouse
    warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
    quants = create_chunked(env["stock.quant"].with_context(inventory_mode=True), [{
        "product_id": product.id, "location_id": warehouse.lot_stock_id.id, "inventory_quantity": 1_000_000,
    } for product in products])
    for start in range(0, len(quants), CHUNK):
        quants[start:start + CHUNK].action_apply_inventory()
        env.flush_all()
    return f"{len(products)} products in {len(roots)} x {N_LEAVES} categories, stocked in {warehouse.code}"


def categories(env):
    ids = ids_param(env, "dcs_bench.category_ids")
    cats = env["product.category"].browse(ids)
    return cats[:N_ROOTS], cats[N_ROOTS:]


def build_pools(env, sizes):
    products = env["product.product"].browse(ids_param(env, "dcs_bench.product_ids"))
    dealers = network_dealers(env)
    roots, leaves = categories(env)
    tiers, types = bench_tiers_types(env)
    levels = bench_levels(env)
    plan = plan_pools(sizes)
    pools = create_chunked(env["dealer.product.pool"], [{
        "name": f"Bench pool {p['index']:03d}" + (" (open range)" if p["index"] == 0 else ""),
        "mode": p["mode"],
        "categ_ids": [(6, 0, [roots[r].id for r in p["roots"]] + [leaves[r * N_LEAVES + j].id
                                                                  for r, j in p["leaves"]])],
        "product_tmpl_ids": [(6, 0, products.browse([products[i].id for i in p["products"]]).product_tmpl_id.ids)],
        "tier_ids": [(6, 0, [tiers[i].id for i in p["tiers"]])],
        "type_ids": [(6, 0, [types[i].id for i in p["types"]])],
        "level_ids": [(6, 0, [levels[i].id for i in p["levels"]])],
        "partner_ids": [(6, 0, [dealers[i].id for i in p["dealers"]])],
    } for p in plan], chunk=50)
    return f"{len(pools)} pools ({sum(p['mode'] == 'deny' for p in plan)} deny)"


def build_promotions(env, sizes):
    from odoo import fields

    products = env["product.product"].browse(ids_param(env, "dcs_bench.product_ids"))
    _roots, leaves = categories(env)
    tiers, _types = bench_tiers_types(env)
    levels = bench_levels(env)
    today = fields.Date.context_today(env.user)
    plan = plan_promotions(sizes)
    vals_list = []
    for p in plan:
        rule = {
            "tier_ids": [(6, 0, [tiers[i].id for i in p["tiers"]])],
            "level_ids": [(6, 0, [levels[i].id for i in p["levels"]])],
            "product_ids": [(6, 0, [products[i].id for i in p["products"]])],
            "categ_ids": [(6, 0, [leaves[r * N_LEAVES + j].id for r, j in p["leaves"]])],
            "min_qty": p["min_qty"], "min_amount": p["min_amount"],
        }
        if p["kind"] in ("product", "category"):
            rule.update(benefit_type="percent", value=p["value"])
        elif p["kind"] == "order":
            rule.update(benefit_type="percent", threshold_ids=[(0, 0, {"min_amount": a, "value": v})
                                                               for a, v in p["thresholds"]])
        elif p["kind"] == "fixed":
            rule.update(benefit_type="fixed", value=p["value"])
        else:
            rule.update(benefit_type="free_product", buy_qty=p["buy_qty"], free_qty=p["free_qty"])
        vals_list.append({
            "name": f"Bench promotion {p['index']:04d} ({p['kind']})", "state": "active",
            "date_from": today - timedelta(days=366), "date_to": today + timedelta(days=365),
            "priority": p["priority"], "company_id": env.company.id, "rule_ids": [(0, 0, rule)],
        })
    promotions = create_chunked(env["dealer.promotion"], vals_list, chunk=250)
    kinds = {}
    for p in plan:
        kinds[p["kind"]] = kinds.get(p["kind"], 0) + 1
    return f"{len(promotions)} active promotions " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))


def build_wallets(env, sizes):
    """Cash top-ups through the ledger's batched path (see the module docstring)."""
    company = env.company
    company._dealer_wallet_setup_accounting()
    accounting = company._dealer_wallet_accounting()
    journal = company._dealer_wallet_default_topup_journal()
    dealers = network_dealers(env)
    plan = plan_wallets(sizes)
    Wallet = env["dealer.wallet"]
    Transaction = env["dealer.wallet.transaction"]
    vals = []
    for p in plan:
        dealer = dealers[p["dealer"]]
        vals.append({"partner_id": dealer.id, "wallet_type": "cash", "company_id": company.id})
        vals.append({"partner_id": dealer.id, "wallet_type": "credit", "company_id": company.id,
                     "credit_limit": p["credit_limit"]})
    wallets = create_chunked(Wallet, vals)
    cash = wallets.filtered(lambda w: w.wallet_type == "cash")
    cash_of = {w.partner_id.id: w for w in cash}
    moves = 0
    for start in range(0, len(plan), 500):
        chunk = plan[start:start + 500]
        chunk_wallets = Wallet.browse([cash_of[dealers[p["dealer"]].id].id for p in chunk])
        chunk_wallets._lock()
        create_vals, postings = [], []
        for p, wallet in zip(chunk, chunk_wallets, strict=True):
            wallet_vals, figures = wallet._prepare_posting([{
                "kind": "topup", "amount": p["cash"], "origin": "Bench opening top-up", "memo": "Bench opening top-up",
            }])
            create_vals += wallet_vals
            postings.append((wallet, figures))
        transactions = Transaction.create(create_vals)
        for wallet, figures in postings:
            wallet._apply_posting(figures)
        moves += len(transactions._create_moves(counterpart_account=journal.default_account_id, journal=journal))
        env.flush_all()
        env.invalidate_all()
    grants = [{"partner": dealers[p["dealer"]], "amount": p["rebate"], "origin": "Bench opening rebate"}
              for p in plan if p["rebate"]]
    for start in range(0, len(grants), 500):
        Wallet._grant_many(grants[start:start + 500], "rebate", company=company,
                           expense_account=accounting["rebate_expense"])
        env.flush_all()
        env.invalidate_all()
    differences = Wallet._check_integrity(companies=company, notify=False)
    return (f"{len(cash)} cash wallets topped up ({moves} entries), {len(cash)} credit lines, "
            f"{len(grants)} rebate grants; integrity differences: {len(differences or [])}")


def build_history(env, sizes):
    from odoo import fields

    products = env["product.product"].browse(ids_param(env, "dcs_bench.product_ids"))
    dealers = network_dealers(env)
    plan = plan_history(sizes)
    today = fields.Date.context_today(env.user)
    start_day = today - timedelta(days=365)
    term = env.ref("account.account_payment_term_30days", raise_if_not_found=False)
    SaleOrder = env["sale.order"]
    counts = {"orders": 0, "invoices": 0, "pickings": 0, "confirm_s": 0.0, "deliver_s": 0.0, "invoice_s": 0.0}
    # committed batch by batch: an interrupted run resumes after the last committed batch
    resumed = int(param(env, "dcs_bench.history.orders_done") or 0)
    for start in range(resumed, len(plan), ORDER_BATCH):
        chunk = plan[start:start + ORDER_BATCH]
        t0 = time.perf_counter()
        orders = SaleOrder.create([{
            "partner_id": dealers[o["dealer"]].id,
            "payment_term_id": term.id if term else False,
            "client_order_ref": f"BENCH-HIST-{o['index']:06d}",
            "order_line": [(0, 0, {"product_id": products[p].id, "product_uom_qty": qty}) for p, qty in o["lines"]],
        } for o in chunk])
        orders.action_confirm()
        # back to the planned date (confirmation stamps "now")
        for order, o in zip(orders, chunk, strict=True):
            order.date_order = fields.Datetime.to_datetime(start_day + timedelta(days=o["day"])) + timedelta(hours=10)
        env.flush_all()
        counts["confirm_s"] += time.perf_counter() - t0
        t0 = time.perf_counter()
        pickings = orders.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        for move in pickings.move_ids:
            move.quantity = move.product_uom_qty
        pickings.move_ids.picked = True
        pickings.with_context(skip_backorder=True, skip_sms=True, skip_immediate=True)._action_done()
        counts["pickings"] += len(pickings)
        env.flush_all()
        counts["deliver_s"] += time.perf_counter() - t0
        t0 = time.perf_counter()
        invoices = orders._create_invoices(grouped=True)  # one invoice per order
        by_order = {order.id: o for order, o in zip(orders, chunk, strict=True)}
        for invoice in invoices:
            o = by_order[invoice.line_ids.sale_line_ids.order_id[:1].id]
            invoice.invoice_date = start_day + timedelta(days=o["day"])
        invoices.action_post()
        env.flush_all()
        counts["invoice_s"] += time.perf_counter() - t0
        counts["orders"] += len(orders)
        counts["invoices"] += len(invoices)
        param(env, "dcs_bench.history.orders_done", str(start + len(chunk)))
        env.cr.commit()  # a benchmark database, filled batch by batch on purpose (resumable)
        env.invalidate_all()
        print(f"  history: {start + len(chunk)}/{len(plan)} orders", flush=True)
    t0 = time.perf_counter()
    to_pay = env["account.move"].search([
        ("move_type", "=", "out_invoice"), ("state", "=", "posted"), ("payment_state", "=", "not_paid"),
        ("invoice_date_due", "<", today), ("invoice_origin", "!=", False),
        ("line_ids.sale_line_ids.order_id.client_order_ref", "=like", "BENCH-HIST-%"),
    ])
    paid = 0
    by_month = {}
    for invoice in to_pay:
        by_month.setdefault(invoice.invoice_date_due.strftime("%Y-%m"), env["account.move"])
        by_month[invoice.invoice_date_due.strftime("%Y-%m")] |= invoice
    for _month, invoices in sorted(by_month.items()):
        wizard = env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoices.ids).create({
                "group_payment": True, "payment_date": max(invoices.mapped("invoice_date_due")),
            })
        wizard._create_payments()
        paid += len(invoices)
        env.flush_all()
        env.invalidate_all()
    pay_s = time.perf_counter() - t0
    resumed_note = f" (resumed after {resumed} orders)" if resumed else ""
    return (f"{counts['orders']} orders{resumed_note} ({counts['confirm_s']:.0f} s to create+confirm), "
            f"{counts['pickings']} deliveries ({counts['deliver_s']:.0f} s), {counts['invoices']} posted invoices "
            f"({counts['invoice_s']:.0f} s), {paid} paid ({pay_s:.0f} s)")


def build_inventory(env, sizes):
    """Done sell-out reports (one per dealer and month) and stock counts, inserted in SQL:
    a few statements whatever the size."""
    from odoo import fields
    from odoo.tools import SQL

    products = ids_param(env, "dcs_bench.product_ids")
    dealers = network_dealers(env).ids
    company = env.company.id
    today = fields.Date.context_today(env.user)
    plan = plan_inventory(sizes)
    reports, lines = [], []  # (key, dealer, type, date, date_from) / (key, product, qty)
    for entry in plan:
        dealer = dealers[entry["dealer"]]
        for month in range(12):
            key = f"BENCH-SOUT/{dealer}/{month:02d}"
            end = today - timedelta(days=1 + 30 * month)
            reports.append((key, dealer, "sellout", end, end - timedelta(days=29)))
            lines += [(key, products[line["product"]], float(line["sold"][month])) for line in entry["lines"]]
        key = f"BENCH-CNT/{dealer}"
        reports.append((key, dealer, "stock", today - timedelta(days=30), None))
        lines += [(key, products[line["product"]], float(line["counted"])) for line in entry["lines"]]
    keys, partners, types, dates, starts = (list(column) for column in zip(*reports, strict=True))
    env.cr.execute(SQL(
        """INSERT INTO dealer_inventory_report (name, partner_id, company_id, report_type, date, date_from, state,
                                                source, total_qty, line_count, create_date, write_date)
           SELECT k, p, %(company)s, t, d, f, 'done', 'import', 0, 0, now(), now()
             FROM unnest(%(keys)s::varchar[], %(partners)s::int[], %(types)s::varchar[], %(dates)s::date[],
                         %(starts)s::date[]) AS x(k, p, t, d, f)
        RETURNING id, name""",
        company=company, keys=keys, partners=partners, types=types, dates=dates, starts=starts))
    report_ids = dict((name, rid) for rid, name in env.cr.fetchall())
    line_keys, line_products, line_qty = (list(column) for column in zip(*lines, strict=True))
    env.cr.execute(SQL(
        """INSERT INTO dealer_inventory_report_line (report_id, partner_id, company_id, report_type, date, state,
                                                     product_id, categ_id, quantity, create_date, write_date)
           SELECT r.id, r.partner_id, r.company_id, r.report_type, r.date, 'done', x.p, pt.categ_id, x.q, now(), now()
             FROM unnest(%(reports)s::int[], %(products)s::int[], %(qty)s::float[]) AS x(r_id, p, q)
             JOIN dealer_inventory_report r ON r.id = x.r_id
             JOIN product_product pp ON pp.id = x.p
             JOIN product_template pt ON pt.id = pp.product_tmpl_id""",
        reports=[report_ids[key] for key in line_keys], products=line_products, qty=line_qty))
    env.cr.execute(SQL(
        """UPDATE dealer_inventory_report r SET total_qty = s.qty, line_count = s.n
             FROM (SELECT report_id, sum(quantity) AS qty, count(*) AS n FROM dealer_inventory_report_line
                    WHERE report_id = ANY(%(ids)s) GROUP BY report_id) s
            WHERE s.report_id = r.id""", ids=list(report_ids.values())))
    env.cr.execute("ANALYZE dealer_inventory_report, dealer_inventory_report_line")
    return f"{len(reports)} done reports ({len(plan)} dealers × 12 months + counts), {len(lines)} lines"


BUILDERS = {"network": build_network, "products": build_products, "pools": build_pools,
            "promotions": build_promotions, "wallets": build_wallets, "history": build_history,
            "inventory": build_inventory}


def generate(db, preset, parts):
    registry = benchlib.open_registry(db)
    sizes = PRESETS[preset]
    summary = []
    for part in parts:
        with registry.cursor() as cr:
            env = quiet(benchlib.environment(cr))
            marker = param(env, f"dcs_bench.part.{part}")
            if not marker and part == "network":
                marker = param(env, "dcs_bench.preset")  # networks generated before the per-part markers
            if marker:
                if marker != preset:
                    sys.exit(f"{db} holds the '{marker}' {part}, not '{preset}': use another database")
                print(f"{part}: already generated ({marker})", flush=True)
                continue
            for needed in PARTS[:PARTS.index(part)]:
                legacy = needed == "network" and param(env, "dcs_bench.preset")
                done = param(env, f"dcs_bench.part.{needed}") or legacy
                if not done:
                    sys.exit(f"{part} needs the {needed} part first")
            t0 = time.perf_counter()
            info = BUILDERS[part](env, sizes)
            env.flush_all()
            param(env, f"dcs_bench.part.{part}", preset)
            param(env, f"dcs_bench.time.{part}", f"{time.perf_counter() - t0:.1f}|{info}")
            if part == "network":
                param(env, "dcs_bench.preset", preset)
            cr.commit()  # a benchmark database, filled part by part on purpose
            seconds = time.perf_counter() - t0
            summary.append((part, seconds, info))
            print(f"{part}: {info} in {seconds:.1f} s", flush=True)
    return summary


def generation_times(db):
    """``[(part, seconds, info)]`` of the parts generated in ``db`` (from their markers)."""
    registry = benchlib.open_registry(db)
    out = []
    with registry.cursor() as cr:
        env = benchlib.environment(cr)
        for part in PARTS:
            raw = param(env, f"dcs_bench.time.{part}")
            if raw:
                seconds, _, info = raw.partition("|")
                out.append((part, float(seconds), info))
    return out


def update_modules(db, modules):
    """``-u modules`` on the benchmark database (e.g. a module that changed since)."""
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "odoo", "-d", db, "--addons-path", benchlib.odoo_addons_path(),
                    "-u", modules, "-i", modules, "--without-demo=all", "--stop-after-init", "--log-level=warn",
                    "--max-cron-threads=0"], check=True, cwd="/tmp")
    print(f"updated {modules} in {db} in {time.perf_counter() - t0:.1f} s", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="dcs_bench_quick")
    parser.add_argument("--preset", choices=["tiny", "quick", "full"], default="quick")
    parser.add_argument("--parts", default=",".join(PARTS), help="comma-separated, in this order: " + ",".join(PARTS))
    parser.add_argument("--modules", default=DEFAULT_MODULES, help="installed when the database is created")
    args = parser.parse_args()
    parts = [p for p in PARTS if p in args.parts.split(",")]
    modules = ",".join(dict.fromkeys(args.modules.split(",") + [MODULES[p] for p in parts]))
    ensure_database(args.db, modules)
    t0 = time.perf_counter()
    generate(args.db, args.preset, parts)
    print(f"done in {time.perf_counter() - t0:.1f} s", flush=True)


if __name__ == "__main__":
    main()
