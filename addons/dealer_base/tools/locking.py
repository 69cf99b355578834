from odoo.tools import SQL


def lock_rows(records, invalidate=(), *, where=None, nowait=False, log_exceptions=True):
    """Lock rows of ``records``' table until the end of the transaction.

    The one row lock of the suite (wallets, campaigns, promotion budgets,
    settlements): the rows are locked in id order, so two transactions locking
    overlapping sets wait for each other instead of deadlocking.

    The lock is ``FOR NO KEY UPDATE``, the lock PostgreSQL itself takes to update a
    row's figures: it serializes the writers of the row but not the inserts of rows
    referencing it. A ``FOR UPDATE`` lock also waits for the ``FOR KEY SHARE`` lock
    that every insert of a referencing row takes (the foreign-key check): two
    transactions that each inserted a payment line of the same wallet (or an order
    line of the same promotion) and then asked for ``FOR UPDATE`` on it waited for
    each other — a deadlock. Under Odoo's
    REPEATABLE READ isolation, a transaction that read a row before a concurrent
    committed change then fails with a serialization error and is retried by the
    caller (RPC layer, cron) with fresh data: no update is lost.

    :param records: the records to lock (nothing is done for an empty recordset)
    :param invalidate: fields read again after the lock (the figures the lock protects)
    :param where: an ``SQL`` condition selecting the rows instead of ``id IN records``
        (e.g. every version of the same promotion)
    :param nowait: fail at once with ``psycopg2.errors.LockNotAvailable`` when another
        transaction holds a lock (the caller turns it into a message)
    :param log_exceptions: ``False`` where a serialization failure is expected and retried
    :return: ``records``
    """
    if not records:
        return records
    condition = where if where is not None else SQL("id IN %s", tuple(records.ids))
    records.env.cr.execute(SQL(
        "SELECT id FROM %s WHERE %s ORDER BY id FOR NO KEY UPDATE%s",
        SQL.identifier(records._table), condition, SQL(" NOWAIT") if nowait else SQL(),
    ), log_exceptions=log_exceptions)
    if invalidate:
        records.invalidate_recordset(list(invalidate))
    return records
