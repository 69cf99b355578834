"""A savepoint that leaves the chatter's field tracking of some records to the commit.

Odoo's savepoint (``cr.savepoint()``) flushes on entry and on release, and a flush runs the
pre-commit hooks: the field tracking of every record changed so far is written as a chatter
message right there, and its pending data is dropped. A record that goes through a savepoint
mid-transaction therefore gets one tracking message per savepoint instead of one at the
commit, and a record created in the transaction, whose tracking Odoo discards (its creation
note says it all), is tracked from the savepoint on. Confirming an order in a savepoint (to
turn a refusal into a reason) would so post "Quotation → Sales Order" and the review state as
two messages, where Odoo posts one, or none for an order created in the same request.

:func:`savepoint_keeping_tracking` holds the records' tracking data out of the hooks the
savepoint runs and puts it back afterwards, whatever happens inside: the changes of the whole
transaction are tracked once, at the commit, from the values the records had before it, as
without the savepoint.
"""
from contextlib import contextmanager


def _key(records):
    return f"mail.tracking.{records._name}"


def _hold(records):
    """Take the pending tracking of ``records`` out of the pre-commit data."""
    data = records.env.cr.precommit.data.get(_key(records))
    if not data:
        return {}
    return {record_id: data.pop(record_id) for record_id in records.ids if record_id in data}


def _restore(records, held):
    """Put ``held`` back; the initial values held (older) win over any noted since."""
    if not held:
        return
    cr = records.env.cr
    cr.precommit.add(records._track_finalize)
    data = cr.precommit.data.setdefault(_key(records), {})
    for record_id, initial in held.items():
        current = data.get(record_id)
        if initial is None or current is None:
            # tracking discarded (a record created in this transaction) stays discarded
            data[record_id] = None if initial is None or record_id in data else initial
        else:
            current.update(initial)


@contextmanager
def savepoint_keeping_tracking(records):
    """``cr.savepoint()`` for work on ``records`` (mail.thread records) whose field tracking
    is left to the commit. Rolled back on an exception, like Odoo's savepoint."""
    if not hasattr(records, "_track_finalize"):
        with records.env.cr.savepoint():
            yield
        return
    held = _hold(records)
    try:
        with records.env.cr.savepoint():
            _restore(records, held)
            yield
            held = _hold(records)
    finally:
        _restore(records, held)
