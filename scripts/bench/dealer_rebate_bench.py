#!/usr/bin/env python3
"""dealer_rebate benchmarks.

    python3 scripts/bench/dealer_rebate_bench.py --db dcs_rebate [--repeat 5] [--record]

Needs a database with ``dealer_rebate`` installed (and a chart of accounts on the
current company). Builds its own data inside one transaction that is rolled back at
the end (nothing is left behind):

* 3,000 dealers (4 tiers) created with the ORM, 20 products in 4 categories;
* one quarter of posted customer invoices: 10,000 invoices and credit notes (2 %)
  with 100,000 product lines, plus 5,000 invoices (50,000 lines) in the same quarter
  one year earlier for the growth rebate. The moves and lines are written with
  batched SQL (``INSERT ... SELECT generate_series``): the ORM would need a quarter
  of an hour to post them, and the benchmark measures the rebates, not the invoicing;
* measured: the base and rebate of all dealers for a volume, a growth and a category
  policy (``_compute_rebates``), the computation of a settlement writing its 3,000
  lines (``action_compute``), and the crediting of one chunk of 200 wallets (ledger
  transaction + balanced journal entry each, as the scheduled job does).

Prints median / p95 wall time (ms) and SQL queries per call. ``--record`` also
appends the rows to docs/benchmarks.csv / docs/benchmarks.md.
"""
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402

N_DEALERS = 3_000
N_MOVES = 10_000
LINES_PER_MOVE = 10
N_MOVES_PREVIOUS = 5_000
QUARTER = (date(2025, 4, 1), date(2025, 6, 30))
PREVIOUS = (date(2024, 4, 1), date(2024, 6, 30))
CHUNK = 1_000


def build_dealers(env):
    tiers = env["dealer.tier"].search([], limit=4)
    level = env.ref("dealer_base.dealer_level_l1")
    dealers = env["res.partner"]
    t0 = time.perf_counter()
    for start in range(0, N_DEALERS, CHUNK):
        dealers |= env["res.partner"].create([{
            "name": f"Bench rebate dealer {i:05d}",
            "is_company": True,
            "dealer_level_id": level.id,
            "dealer_tier_id": tiers[i % len(tiers)].id if tiers else False,
            "dealer_state": "active",
        } for i in range(start, min(start + CHUNK, N_DEALERS))])
    return dealers, tiers, time.perf_counter() - t0


def build_products(env):
    Category = env["product.category"]
    root = Category.create({"name": "Bench rebate office"})
    categories = root | Category.create([{"name": f"Bench rebate sub {i}", "parent_id": root.id} for i in range(2)])
    categories |= Category.create({"name": "Bench rebate paper"})
    products = env["product.product"].create([{
        "name": f"Bench rebate product {i:02d}", "type": "consu", "categ_id": categories[i % 4].id,
        "list_price": 10.0 + i,
    } for i in range(20)])
    return root, products


def insert_invoices(env, dealers, products, date_from, days, n_moves, prefix):
    """Posted invoices (2 % credit notes) with LINES_PER_MOVE product lines and a
    receivable line each, spread over ``days`` days from ``date_from``."""
    from odoo.tools import SQL

    cr = env.cr
    company = env.company
    journal = env["account.journal"].search([("company_id", "=", company.id), ("type", "=", "sale")], limit=1)
    income = journal.default_account_id
    receivable = env["account.account"].search([
        ("company_ids", "in", company.id), ("account_type", "=", "asset_receivable")], limit=1)
    currency = company.currency_id
    env.flush_all()
    cr.execute(SQL(
        """
        INSERT INTO account_move (move_type, state, date, invoice_date, journal_id, company_id, currency_id,
                                  partner_id, commercial_partner_id, auto_post, name, create_uid, write_uid,
                                  create_date, write_date)
        SELECT CASE WHEN mod(g, 50) = 0 THEN 'out_refund' ELSE 'out_invoice' END, 'posted',
               %(date_from)s::date + mod(g, %(days)s)::int, %(date_from)s::date + mod(g, %(days)s)::int,
               %(journal)s, %(company)s, %(currency)s,
               (%(dealers)s::int[])[1 + mod(g, %(n_dealers)s)], (%(dealers)s::int[])[1 + mod(g, %(n_dealers)s)],
               'no', %(prefix)s || g, 1, 1, now(), now()
          FROM generate_series(0, %(n_moves)s - 1) g
     RETURNING id
        """,
        date_from=date_from, days=days, journal=journal.id, company=company.id, currency=currency.id,
        dealers=dealers.ids, n_dealers=len(dealers), prefix=prefix, n_moves=n_moves,
    ))
    move_ids = [row[0] for row in cr.fetchall()]
    cr.execute(SQL(
        """
        INSERT INTO account_move_line (move_id, account_id, company_id, journal_id, currency_id,
                                       company_currency_id, partner_id, product_id, display_type, date,
                                       parent_state, quantity, price_unit, price_subtotal, price_total,
                                       balance, debit, credit, amount_currency, name, create_uid, write_uid,
                                       create_date, write_date)
        SELECT m.id, %(income)s, m.company_id, m.journal_id, m.currency_id, m.currency_id,
               m.commercial_partner_id, (%(products)s::int[])[1 + mod(m.id + k, %(n_products)s)], 'product',
               m.date, 'posted', 1 + mod(m.id + k, 5), amount, amount * (1 + mod(m.id + k, 5)),
               amount * (1 + mod(m.id + k, 5)),
               sign * amount * (1 + mod(m.id + k, 5)),
               GREATEST(sign, 0) * amount * (1 + mod(m.id + k, 5)),
               GREATEST(-sign, 0) * amount * (1 + mod(m.id + k, 5)),
               sign * amount * (1 + mod(m.id + k, 5)), 'bench', 1, 1, now(), now()
          FROM account_move m
          CROSS JOIN generate_series(1, %(lines)s) k
          CROSS JOIN LATERAL (SELECT (50 + mod(m.id * 7 + k * 13, 450))::numeric AS amount,
                                     CASE WHEN m.move_type = 'out_refund' THEN 1 ELSE -1 END AS sign) v
         WHERE m.id = ANY(%(moves)s)
        """,
        income=income.id, products=products.ids, n_products=len(products), lines=LINES_PER_MOVE, moves=move_ids,
    ))
    cr.execute(SQL(
        """
        INSERT INTO account_move_line (move_id, account_id, company_id, journal_id, currency_id,
                                       company_currency_id, partner_id, display_type, date, parent_state,
                                       balance, debit, credit, amount_currency, name, create_uid, write_uid,
                                       create_date, write_date)
        SELECT l.move_id, %(receivable)s, l.company_id, l.journal_id, l.currency_id, l.currency_id,
               l.partner_id, 'payment_term', l.date, 'posted', -SUM(l.balance),
               GREATEST(-SUM(l.balance), 0), GREATEST(SUM(l.balance), 0), -SUM(l.balance), 'bench', 1, 1,
               now(), now()
          FROM account_move_line l
         WHERE l.move_id = ANY(%(moves)s)
      GROUP BY l.move_id, l.company_id, l.journal_id, l.currency_id, l.partner_id, l.date
        """,
        receivable=receivable.id, moves=move_ids,
    ))
    cr.execute("ANALYZE account_move")
    cr.execute("ANALYZE account_move_line")
    return move_ids


def run(db, repeat=5):
    from odoo import Command

    registry = benchlib.open_registry(db)
    results = []
    with registry.cursor() as cr:
        env = benchlib.environment(cr)
        if "dealer.rebate.policy" not in env:
            sys.exit(f"{db} has no dealer_rebate: install it first")
        env.company._dealer_wallet_setup_accounting()
        dealers, tiers, dealers_s = build_dealers(env)
        root, products = build_products(env)
        t0 = time.perf_counter()
        insert_invoices(env, dealers, products, QUARTER[0], 91, N_MOVES, "BENCH/Q/")
        insert_invoices(env, dealers, products, PREVIOUS[0], 91, N_MOVES_PREVIOUS, "BENCH/P/")
        invoices_s = time.perf_counter() - t0
        cr.execute("SELECT COUNT(*) FROM account_move_line WHERE display_type = 'product' AND name = 'bench' "
                   "AND date BETWEEN %s AND %s", QUARTER)
        quarter_lines = cr.fetchone()[0]
        print(f"setup: {N_DEALERS} dealers in {dealers_s:.1f}s; {quarter_lines} invoice lines in the quarter "
              f"(+ {N_MOVES_PREVIOUS * LINES_PER_MOVE} the year before) by SQL in {invoices_s:.1f}s", flush=True)

        Policy = env["dealer.rebate.policy"]
        thresholds = [Command.create({"min_amount": m, "rate": r}) for m, r in ((0, 1.0), (50000, 2.0),
                                                                               (100000, 3.0))]
        policies = {
            "volume": Policy.create({"name": "Bench volume", "kind": "volume", "period": "quarter",
                                     "threshold_ids": thresholds, "auto_prepare": False}),
            "volume, tier scope, progressive": Policy.create({
                "name": "Bench volume tiers", "kind": "volume", "period": "quarter",
                "threshold_mode": "progressive", "tier_ids": [Command.set(tiers[:2].ids)],
                "threshold_ids": thresholds, "auto_prepare": False}),
            "growth": Policy.create({
                "name": "Bench growth", "kind": "growth", "period": "quarter", "auto_prepare": False,
                "threshold_ids": [Command.create({"min_growth": g, "rate": r}) for g, r in ((0, 1.0), (10, 2.0))]}),
            "category (with sub-categories)": Policy.create({
                "name": "Bench category", "kind": "category", "period": "quarter", "auto_prepare": False,
                "categ_ids": [Command.set(root.ids)], "threshold_ids": thresholds}),
        }
        env.flush_all()
        for label, policy in policies.items():
            counts = {}

            def compute(policy=policy, counts=counts):
                env.invalidate_all()
                counts["lines"] = len(policy._compute_rebates(*QUARTER))

            stats = benchlib.measure(compute, cr, repeat=repeat, warmup=1)
            results.append({
                "name": f"rebate: {label} of all dealers, one quarter",
                "value": f"{N_DEALERS} dealers, {quarter_lines} invoice lines, {counts['lines']} earning",
                "target": "≤ 2000 ms, queries flat", "verdict": "ok" if stats["p95_ms"] <= 2000 else "over target",
                **stats,
            })

        settlement = env["dealer.rebate.settlement"].create({
            "policy_id": policies["volume"].id, "date_from": QUARTER[0], "date_to": QUARTER[1],
        })

        def compute_settlement():
            env.invalidate_all()
            settlement.action_compute()
            env.flush_all()

        stats = benchlib.measure(compute_settlement, cr, repeat=max(2, repeat // 2), warmup=1)
        results.append({
            "name": "settlement: compute and write the lines",
            "value": f"{settlement.line_count} lines, total {settlement.amount_total:,.2f}",
            "target": "≤ 5000 ms", "verdict": "ok" if stats["p95_ms"] <= 5000 else "over target", **stats,
        })

        settlement.write({"state": "confirming"})
        env.flush_all()
        with benchlib.count_queries(cr) as box:
            t0 = time.perf_counter()
            done = settlement._post_lines(limit=200)
            env.flush_all()
            elapsed = (time.perf_counter() - t0) * 1000
        stats = benchlib.summarize([elapsed], [box["count"]])
        results.append({
            "name": "settlement: credit one chunk of 200 wallets (cron step)",
            "value": f"{done} lines, {elapsed / done:.1f} ms and {box['count'] / done:.0f} queries per wallet "
                     f"credit (transaction + journal entry)",
            "target": "≤ 60000 ms per chunk", "verdict": "ok" if elapsed <= 60000 else "over target", **stats,
        })
        cr.rollback()
    return results


def main():
    benchlib.main(__doc__, run, "dcs_rebate", "dealer_rebate", default_repeat=5)

if __name__ == "__main__":
    main()
