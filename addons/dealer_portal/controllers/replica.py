"""Which portal pages may read from a PostgreSQL read replica (``db_replica_host``).

Odoo 18 opens the cursor of a route declared ``readonly=True`` on the replica; a write
attempted there fails with ``ReadOnlySqlTransaction`` and Odoo runs the request again on
the primary (``odoo.http.Request._transactioning``). A replica lags behind the primary,
by milliseconds on a quiet network, by seconds under load. Two kinds of read pages:

* pages of data the dealer did not just change (downline, reports, product images, forms):
  plain ``readonly=True``, a page a second old is as good as a fresh one;
* pages of the dealer's own documents (catalog with its cart quantities, cart, wallets,
  pledges, channel stock): ``readonly=readonly_unless_own_write``. Every write of the dealer is a POST
  that redirects to one of them; for ``PRIMARY_AFTER_WRITE_SECONDS`` after any write of
  the session, they read the primary, so what the dealer just did never vanishes from
  the page it lands on (read-your-writes). After that, the replica has long caught up.

The order page and the order list are sale's routes (read/write: they also write the
order's portal access token) and always read the primary; so do the pages that link to orders
with ``get_portal_url()`` (deposit orders, a campaign's pledges), which writes that token the
first time.
"""
import time

from odoo.http import request

PRIMARY_AFTER_WRITE_KEY = "dealer_portal_primary_until"
# far above the lag of a healthy streaming replica (monitor pg_stat_replication.replay_lag)
PRIMARY_AFTER_WRITE_SECONDS = 30


def readonly_unless_own_write(controller):
    """``readonly=`` of the routes showing the dealer's own documents: the replica, unless
    this session wrote within the last ``PRIMARY_AFTER_WRITE_SECONDS``."""
    return (request.session.get(PRIMARY_AFTER_WRITE_KEY) or 0) <= time.time()


def note_write():
    """Send the next reads of this session's own documents to the primary for a while."""
    request.session[PRIMARY_AFTER_WRITE_KEY] = time.time() + PRIMARY_AFTER_WRITE_SECONDS
