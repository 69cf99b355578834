#!/usr/bin/env python3
"""dealer_promotion benchmark: our engine against Odoo's loyalty engine.

    python3 scripts/bench/dealer_promotion_bench.py --db dcs_promo [--repeat 20] [--repeat-odoo 5] [--record]

Needs a database with ``dealer_promotion`` AND ``sale_loyalty`` installed
(``-i dealer_promotion,sale_loyalty``; the module itself does not depend on
sale_loyalty, only this comparison does). Everything is built inside one
transaction that is rolled back at the end (nothing is left behind):

* a catalog of 2,040 products, one dealer (tier, type, level, region);
* 1,000 active dealer promotions: 999 on two products each (percentage off
  those products from 1 unit), plus one order-wide 5% promotion;
* the same 1,000 promotions as ``sale_loyalty`` programs (trigger auto,
  applies on the current order, rule on the same products, reward: the same
  percentage on the same products; the order-wide one as a global discount);
* two identical 50-line orders: 10 lines hit a product promotion, 40 lines do
  not; the order-wide promotion applies to all.

Measured after changing one line's quantity each time (the "recompute when
the order changes" case); the change itself and Odoo's recomputation of the
order's amounts it causes are done before the timer starts, the timer covers
the promotion engine and everything it writes (lines, explanations, flush):

* ours: ``sale.order.action_apply_promotions()``;
* Odoo: ``_update_programs_and_rewards()`` then claiming every claimable
  reward with ``_apply_program_reward()`` (what the Promotions button does
  for each reward), on the other order.

Prints median / p95 wall time (ms), SQL queries per call, the benefit each
engine computed (they must agree) and the speed ratio. ``--record`` appends
the rows to docs/benchmarks.csv / docs/benchmarks.md.
"""
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402

N_PROMOTIONS = 1_000
N_LINES = 50
N_HIT_LINES = 10


def build(env):
    from odoo import Command, fields

    today = fields.Date.context_today(env.user)
    company = env.company
    # a clean field: other promotions and programs of the database stay out
    env["dealer.promotion"].search([]).active = False
    env["loyalty.program"].search([]).active = False
    for model in ("dealer.product.pool", "dealer.pricelist.rule", "dealer.moq.rule"):
        if model in env:
            env[model].search([]).active = False

    categ = env["product.category"].create({"name": "Bench promotion products"})
    n_products = 2 * (N_PROMOTIONS - 1) + N_LINES
    products = env["product.product"].create([{
        "name": f"Bench promo product {i:04d}", "type": "consu", "list_price": 10 + i % 90,
        "categ_id": categ.id, "taxes_id": [Command.clear()],
    } for i in range(n_products)])
    state = env["res.country.state"].create({
        "name": "Bench Promo Province", "code": "BPP", "country_id": env.ref("base.cn").id,
    })
    env["dealer.region"].create({
        "name": "Bench Promo Region", "code": "BENCH-PROMO", "state_ids": [Command.set(state.ids)],
    })
    dealer = env["res.partner"].create({
        "name": "Bench Promo Dealer", "is_company": True, "state_id": state.id,
        "country_id": state.country_id.id, "dealer_state": "active",
        "dealer_level_id": env.ref("dealer_base.dealer_level_l1").id,
        "dealer_tier_id": env["dealer.tier"].create({"name": "Bench tier", "code": "BENCH-T"}).id,
    })
    pricelist = env["product.pricelist"].create({
        "name": "Bench promo", "currency_id": company.currency_id.id, "company_id": company.id,
    })

    # product promotion i covers products 2i and 2i+1; the order's hit lines
    # use the first product of promotions 0, 100, 200, ... (10 of them)
    pairs = [products[2 * i: 2 * i + 2] for i in range(N_PROMOTIONS - 1)]
    rates = [1 + i % 9 for i in range(N_PROMOTIONS - 1)]
    promotions = env["dealer.promotion"].create([{
        "name": f"Bench promotion {i}", "date_from": today, "date_to": today, "state": "active",
        "company_id": company.id, "priority": 10 + i % 5,
        "rule_ids": [Command.create({"value": rates[i], "product_ids": [Command.set(pair.ids)], "min_qty": 1})],
    } for i, pair in enumerate(pairs)] + [{
        "name": "Bench order-wide 5%", "date_from": today, "date_to": today, "state": "active",
        "company_id": company.id, "priority": 50, "rule_ids": [Command.create({"value": 5})],
    }])
    programs = env["loyalty.program"].create([{
        "name": f"Bench program {i}", "program_type": "promotion", "trigger": "auto",
        "applies_on": "current", "company_id": company.id, "date_from": today, "date_to": today,
        "rule_ids": [Command.create({"product_ids": [Command.set(pair.ids)], "minimum_qty": 1,
                                     "reward_point_mode": "order", "reward_point_amount": 1})],
        "reward_ids": [Command.create({"reward_type": "discount", "discount": rates[i], "discount_mode": "percent",
                                       "discount_applicability": "specific",
                                       "discount_product_ids": [Command.set(pair.ids)], "required_points": 1})],
    } for i, pair in enumerate(pairs)] + [{
        "name": "Bench order-wide 5%", "program_type": "promotion", "trigger": "auto", "applies_on": "current",
        "company_id": company.id, "date_from": today, "date_to": today,
        "rule_ids": [Command.create({"minimum_qty": 1, "reward_point_mode": "order", "reward_point_amount": 1})],
        "reward_ids": [Command.create({"reward_type": "discount", "discount": 5, "discount_mode": "percent",
                                       "discount_applicability": "order", "required_points": 1})],
    }])
    hit = [pairs[k * (N_PROMOTIONS // N_HIT_LINES)][0] for k in range(N_HIT_LINES)]
    plain = products[2 * (N_PROMOTIONS - 1):][: N_LINES - N_HIT_LINES]
    line_products = hit + list(plain)

    def order():
        return env["sale.order"].create({
            "partner_id": dealer.id, "pricelist_id": pricelist.id, "company_id": company.id,
            "order_line": [
                Command.create({"product_id": p.id, "product_uom_qty": 5 + i % 7, "price_unit": p.list_price})
                for i, p in enumerate(line_products)
            ],
        })

    return promotions, programs, order(), order()


def run(db, repeat, repeat_odoo):
    registry = benchlib.open_registry(db)
    results = []
    with registry.cursor() as cr:
        env = benchlib.environment(cr)
        if "loyalty.program" not in env or "dealer.promotion" not in env:
            sys.exit(f"{db} needs dealer_promotion and sale_loyalty installed "
                     "(python3 -m odoo -d DB -i dealer_promotion,sale_loyalty --stop-after-init)")
        try:
            promotions, programs, ours, theirs = build(env)
            env.flush_all()
            print(f"{len(promotions)} active promotions, {len(programs)} loyalty programs, "
                  f"orders of {len(ours.order_line)} lines")
            toggle = {"ours": 0, "theirs": 0}

            def change(order, key):
                toggle[key] += 1
                line = order.order_line.filtered(lambda ln: not ln.dealer_promotion_id and not ln.reward_id)[0]
                line.product_uom_qty = 10 + toggle[key] % 2
                env.flush_all()
                order.mapped("amount_total")  # Odoo's own recomputation, outside the timer

            def apply_ours():
                ours.action_apply_promotions()
                env.flush_all()

            def apply_odoo():
                theirs._update_programs_and_rewards()
                for coupon, rewards in theirs._get_claimable_rewards().items():
                    for reward in rewards:
                        theirs._apply_program_reward(reward, coupon)
                env.flush_all()

            def measure(apply, order, key, repeat, warmup):
                for _ in range(warmup):
                    change(order, key)
                    apply()
                timings, queries = [], []
                for _ in range(repeat):
                    change(order, key)
                    with benchlib.count_queries(cr) as box:
                        t0 = time.perf_counter()
                        apply()
                        timings.append((time.perf_counter() - t0) * 1000)
                    queries.append(box["count"])
                return benchlib.summarize(timings, queries)

            ours_stats = measure(apply_ours, ours, "ours", repeat, 2)
            odoo_stats = measure(apply_odoo, theirs, "theirs", repeat_odoo, 1)
            ours_benefit = ours.promotion_discount_amount
            odoo_benefit = -sum(theirs.order_line.filtered("reward_id").mapped("price_subtotal"))
            ratio = odoo_stats["median_ms"] / ours_stats["median_ms"] if ours_stats["median_ms"] else 0
            print(f"ours : applied {len(ours.dealer_promotion_result_ids.promotion_id)} promotions, "
                  f"benefit {ours_benefit:.2f}")
            print(f"odoo : applied {len(theirs.order_line.reward_id.program_id)} programs, "
                  f"benefit {odoo_benefit:.2f}")
            results.append({"name": "promotion apply, 1,000 promotions, 50 lines (ours)", "target": "< 50 ms",
                            "value": f"benefit {ours_benefit:.2f}",
                            "verdict": "ok" if ours_stats["median_ms"] < 50 else "slow", **ours_stats})
            results.append({"name": "promotion apply, 1,000 loyalty programs, 50 lines (Odoo sale_loyalty)",
                            "target": "reference", "value": f"benefit {odoo_benefit:.2f}", "verdict": "", **odoo_stats})
            results.append({"name": "promotion apply speed-up vs Odoo", "target": ">= 20x",
                            "value": f"{ratio:.1f}x", "verdict": "ok" if ratio >= 20 else "below target",
                            "median_ms": "", "p95_ms": "", "queries": ""})
        finally:
            cr.rollback()
    return results


def main():
    cli = benchlib.parser(__doc__, "dcs_promo", 20)
    cli.add_argument("--repeat-odoo", type=int, default=5, help="runs of Odoo's (slow) engine")
    args = cli.parse_args()
    results = run(args.db, args.repeat, args.repeat_odoo)
    benchlib.print_results(results)
    if args.record:
        benchlib.record(results, preset="dealer_promotion")

if __name__ == "__main__":
    main()
