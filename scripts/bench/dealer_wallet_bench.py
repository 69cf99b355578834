#!/usr/bin/env python3
"""Benchmark of dealer wallet debits (dealer_wallet).

    python3 scripts/bench/dealer_wallet_bench.py --db <db> [--workers 8] [--ops 40]

1. Single transaction (rolled back): latency median/p95 and SQL query count of one
   debit, ledger only (credit wallet) and with its journal entry (cash wallet).
2. Concurrency (real threads, one cursor each, retried on serialization failures
   like Odoo's RPC layer does): debits/second on distinct dealers and on one dealer
   with N workers, for ledger-only debits and debits with journal entries; checks
   0 overdraft and 0 lost update. These need committed data: it is created with a
   "BENCH" prefix and deleted in a finally block.
"""
import argparse
import random
import statistics
import sys
import threading
import time

from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402

import odoo  # noqa: E402
from odoo import SUPERUSER_ID, api  # noqa: E402
from odoo.exceptions import UserError  # noqa: E402
from odoo.tools import SQL  # noqa: E402
from psycopg2 import IntegrityError, OperationalError  # noqa: E402


def percentile(values, pct):
    if not values:
        return 0.0
    values = sorted(values)
    index = min(len(values) - 1, max(0, int(round(pct / 100.0 * len(values) + 0.5)) - 1))
    return values[index]


def fmt_ms(values):
    return "median %.1f ms, p95 %.1f ms" % (statistics.median(values) * 1000, percentile(values, 95) * 1000)


def create_dealers(env, count, prefix):
    level = env.ref("dealer_base.dealer_level_l1")
    return env["res.partner"].with_context(tracking_disable=True, mail_create_nolog=True).create([{
        "name": "%s dealer %s" % (prefix, i), "is_company": True, "dealer_level_id": level.id,
        "dealer_state": "active",
    } for i in range(count)])


def single_transaction(registry, ops):
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        dealer = create_dealers(env, 1, "BENCH-single")
        credit = env["dealer.wallet"]._get_wallet(dealer, "credit")
        credit.credit_limit = 10.0 ** 9
        cash = env["dealer.wallet"]._get_wallet(dealer, "cash")
        cash._topup(10.0 ** 8, memo="bench")
        for label, wallet in (("ledger only (credit wallet)", credit), ("with journal entry (cash wallet)", cash)):
            timings, queries = [], []
            for i in range(ops):
                env.invalidate_all()
                start_count = cr.sql_log_count
                start = time.perf_counter()
                wallet._debit(1.0, idempotency_key="bench-single-%s" % i)
                env.flush_all()
                timings.append(time.perf_counter() - start)
                queries.append(cr.sql_log_count - start_count)
            print("  %-34s %s, queries median %d (max %d)" % (
                label, fmt_ms(timings), statistics.median(queries), max(queries)))
        cr.rollback()


def run_with_retry(registry, func):
    retries = 0
    while True:
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            try:
                result = func(env)
                cr.commit()
                return "ok", result, retries
            except UserError:
                cr.rollback()
                return "refused", None, retries
            except (OperationalError, IntegrityError):
                cr.rollback()
                retries += 1
                if retries > 200:
                    return "gave_up", None, retries
        time.sleep(random.uniform(0.0, 0.005 * min(retries, 10)))


def concurrent_run(registry, wallet_ids, workers, ops, amount, create_move):
    """Each worker debits ``ops`` times its wallet (wallet_ids[worker % len])."""
    barrier = threading.Barrier(workers)
    stats = {"ok": 0, "refused": 0, "gave_up": 0, "retries": 0, "latencies": [], "amount": 0.0,
             "by_wallet": {wallet_id: 0.0 for wallet_id in wallet_ids}}
    lock = threading.Lock()

    def worker(index):
        wallet_id = wallet_ids[index % len(wallet_ids)]
        barrier.wait()
        for op in range(ops):
            key = "bench-%s-%s-%s-%s" % (create_move, index, op, random.random())

            def debit(env, key=key):
                return env["dealer.wallet"].browse(wallet_id)._debit(
                    amount, idempotency_key=key, create_move=create_move).id

            start = time.perf_counter()
            status, _result, retries = run_with_retry(registry, debit)
            elapsed = time.perf_counter() - start
            with lock:
                stats[status] += 1
                stats["retries"] += retries
                if status == "ok":
                    stats["latencies"].append(elapsed)
                    stats["amount"] += amount
                    stats["by_wallet"][wallet_id] += amount

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(workers)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stats["wall"] = time.perf_counter() - start
    return stats


def check_wallets(registry, wallet_ids, expected_balance):
    """Returns (overdrafts, lost_updates) over the wallets: a lost update is a wallet
    whose balance differs from its ledger or from the debits acknowledged to the workers."""
    overdrafts = lost = 0
    with registry.cursor() as cr:
        for wallet_id in wallet_ids:
            cr.execute(SQL("SELECT balance FROM dealer_wallet WHERE id = %s", wallet_id))
            balance = float(cr.fetchone()[0])
            cr.execute(SQL(
                "SELECT COALESCE(SUM(amount), 0), COALESCE(MIN(balance_after), 0) FROM dealer_wallet_transaction "
                "WHERE wallet_id = %s AND effect = 'balance'", wallet_id,
            ))
            ledger, min_after = (float(value) for value in cr.fetchone())
            if balance < 0 or min_after < 0:
                overdrafts += 1
            if abs(balance - ledger) > 0.001 or abs(balance - expected_balance[wallet_id]) > 0.001:
                lost += 1
    return overdrafts, lost


def concurrency(registry, workers, ops, with_moves=True):
    """Concurrent debits on distinct dealers and on one dealer, plus the overdraft
    attempt; prints each run and returns result rows for ``benchlib.record``.
    The committed "BENCH" data is deleted in a finally block."""
    rows = []
    partner_ids, wallet_ids, move_ids = [], [], []
    try:
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True, "mail_create_nolog": True})
            dealers = create_dealers(env, workers + 1, "BENCH-concurrent")
            partner_ids = dealers.ids
            wallets = env["dealer.wallet"]
            for dealer in dealers:
                wallet = env["dealer.wallet"]._get_wallet(dealer, "cash")
                wallet._post_transactions([{"kind": "topup", "amount": 10.0 ** 7, "memo": "bench"}],
                                          create_move=False)
                wallets |= wallet
            wallet_ids = wallets.ids
            cr.commit()
        distinct, single = wallet_ids[:workers], wallet_ids[workers:]
        for create_move in (False, True) if with_moves else (False,):
            mode = "with journal entries" if create_move else "ledger only"
            for label, targets in (("distinct dealers", distinct), ("one dealer", single)):
                with registry.cursor() as cr:
                    cr.execute(SQL("SELECT id, balance FROM dealer_wallet WHERE id IN %s", tuple(targets)))
                    before = {wallet_id: float(balance) for wallet_id, balance in cr.fetchall()}
                n_ops = ops if not create_move else max(ops // 2, 5)
                stats = concurrent_run(registry, targets, workers, n_ops, 1.0, create_move)
                # every acknowledged debit must be in the balance exactly once
                expected = {wallet_id: before[wallet_id] - stats["by_wallet"][wallet_id] for wallet_id in targets}
                overdrafts, lost = check_wallets(registry, targets, expected)
                rate = stats["ok"] / stats["wall"]
                print("== %s, %s, %d workers x %d debits: %.1f debits/s (%s), %d ok, %d refused, %d gave up, "
                      "%d serialization retries, overdrafts %d, lost updates %d" % (
                          mode, label, workers, n_ops, rate, fmt_ms(stats["latencies"]),
                          stats["ok"], stats["refused"], stats["gave_up"], stats["retries"], overdrafts, lost),
                      flush=True)
                latencies = [t * 1000 for t in stats["latencies"]] or [0]
                rows.append({
                    "name": f"wallet: {workers} concurrent clients, {label}, {mode}",
                    **benchlib.summarize(latencies), "queries": "",
                    "value": f"{rate:.1f} debits/s, {stats['ok']} ok, {stats['retries']} retries, "
                             f"{overdrafts} overdraft, {lost} lost update",
                    "target": "0 overdraft, 0 lost update",
                    "verdict": "ok" if not overdrafts and not lost and not stats["gave_up"] else "FAILED",
                })

        # overdraft attempt: N workers x 5 debits of 30 on a wallet holding 100
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True, "mail_create_nolog": True})
            dealer = create_dealers(env, 1, "BENCH-overdraft")
            partner_ids += dealer.ids
            wallet = env["dealer.wallet"]._get_wallet(dealer, "cash")
            wallet._post_transactions([{"kind": "topup", "amount": 100.0}], create_move=False)
            wallet_ids.append(wallet.id)
            cr.commit()
        stats = concurrent_run(registry, [wallet.id], workers, 5, 30.0, False)
        overdrafts, lost = check_wallets(registry, [wallet.id], {wallet.id: 10.0})
        print("== overdraft attempt (100 in the wallet, %d x 30 requested): %d ok, %d refused, overdrafts %d, "
              "lost updates %d" % (workers * 5, stats["ok"], stats["refused"], overdrafts, lost), flush=True)
        rows.append({
            "name": f"wallet: overdraft attempt, {workers} clients x 5 debits of 30 on 100",
            "median_ms": "", "p95_ms": "", "queries": "",
            "value": f"{stats['ok']} accepted, {stats['refused']} refused, {overdrafts} overdraft, {lost} lost update",
            "target": "3 accepted, 0 overdraft", "verdict": "ok" if stats["ok"] == 3 and not overdrafts and not lost
            else "FAILED",
        })
    finally:
        with registry.cursor() as cr:
            if wallet_ids:
                cr.execute(SQL("SELECT DISTINCT move_id FROM dealer_wallet_transaction WHERE wallet_id IN %s "
                               "AND move_id IS NOT NULL", tuple(wallet_ids)))
                move_ids = [row[0] for row in cr.fetchall()]
                cr.execute(SQL("DELETE FROM dealer_wallet_transaction WHERE wallet_id IN %s", tuple(wallet_ids)))
                cr.execute(SQL("DELETE FROM dealer_wallet WHERE id IN %s", tuple(wallet_ids)))
            if move_ids:
                cr.execute(SQL("DELETE FROM account_partial_reconcile WHERE debit_move_id IN "
                               "(SELECT id FROM account_move_line WHERE move_id IN %s) OR credit_move_id IN "
                               "(SELECT id FROM account_move_line WHERE move_id IN %s)",
                               tuple(move_ids), tuple(move_ids)))
                cr.execute(SQL("DELETE FROM account_move_line WHERE move_id IN %s", tuple(move_ids)))
                cr.execute(SQL("DELETE FROM account_move WHERE id IN %s", tuple(move_ids)))
            if partner_ids:
                env = api.Environment(cr, SUPERUSER_ID, {})
                env["res.partner"].browse(partner_ids).unlink()
            cr.commit()
        print("(benchmark data deleted)")
    return rows


def run(db, workers=16, ops=20, with_moves=True):
    """Entry point of run_all.py: the concurrent runs only, as result rows."""
    registry = benchlib.open_registry(db)
    return concurrency(registry, workers, ops, with_moves=with_moves)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True)
    parser.add_argument("--addons-path", default=benchlib.odoo_addons_path())
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--ops", type=int, default=40, help="debits per worker")
    parser.add_argument("--single-ops", type=int, default=50)
    parser.add_argument("--record", action="store_true", help="append the concurrent runs to docs/benchmarks.*")
    args = parser.parse_args()
    odoo.tools.config.parse_config(["--addons-path", args.addons_path, "-d", args.db,
                                    "--db_maxconn", str(args.workers * 2 + 8)])
    registry = odoo.modules.registry.Registry(args.db)

    print("== Single transaction, %d debits each (rolled back)" % args.single_ops)
    single_transaction(registry, args.single_ops)
    rows = concurrency(registry, args.workers, args.ops)
    if args.record:
        benchlib.record(rows, preset="dealer_wallet")


if __name__ == "__main__":
    main()
