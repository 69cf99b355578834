from contextlib import contextmanager

from odoo import models

# key of the memo in the cursor's cache (one transaction, one submission at a time)
MEMO_KEY = "dealer_order.review_memo"


# one concern of the model per file, on purpose (the model is merged by the registry)

def date_bucket(moment):
    """``moment`` (a datetime) floored to a quarter of an hour."""
    return moment and moment.replace(minute=moment.minute - moment.minute % 15, second=0, microsecond=0)

class SaleOrder(models.Model):
    """The confirmation of a submitted order reuses the checks its review evaluated.

    A submission reviews the order (catalog, MOQ, region, wallet payments...) and,
    when approved, confirms it in the same transaction: the confirmation guard and the
    wallet reservation would evaluate the same checks again on the same data. While a
    submission runs (:meth:`_dealer_review_memo_scope`), the results of these checks
    are kept with a fingerprint of everything they read on the order (customer,
    addresses, flow, lines, payment lines, total); a check asked again gets the kept
    result only when the fingerprint is unchanged, else it is evaluated again.

    Nothing else the checks read can change in between: the submission locked the
    dealer's wallets before the review (``_dealer_lock_wallets``), so the availability
    the review read is the one reserved, and what other transactions commit meanwhile
    is invisible to this one (REPEATABLE READ) or makes it fail and be retried. The
    promotion budgets are not memoized: they are checked under their lock by the
    confirmation, as before."""

    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    @contextmanager
    def _dealer_review_memo_scope(self):
        """Keep the results of the checks of this order while the block runs."""
        self.ensure_one()
        cache = self.env.cr.cache
        previous = cache.get(MEMO_KEY)
        cache[MEMO_KEY] = {"order_id": self.id, "results": {}}
        try:
            yield
        finally:
            if previous is None:
                cache.pop(MEMO_KEY, None)
            else:
                cache[MEMO_KEY] = previous

    def _dealer_review_fingerprint(self):
        # the order's date by quarter of an hour: the confirmation sets it to the current second,
        # and the checks read a date (every time zone's midnight falls on a quarter of an hour)
        """What the memoized checks read on the order (values already in the cache
        after the review: no query when nothing changed)."""
        self.ensure_one()
        return (
            self.partner_id.id, self.partner_shipping_id.id, self.company_id.id, self.currency_id.id,
            self.dealer_flow, self.fulfillment_dealer_id.id, self.dealer_region_override, self.deposit_state,
            self.amount_total, date_bucket(self.date_order),
            tuple((line.id, line.product_id.id, line.product_uom_qty, line.product_uom.id, line.display_type,
                   line.is_downpayment, line.price_subtotal) for line in self.order_line),
            tuple((line.id, line.wallet_id.id, line.quota_id.id, line.amount) for line in self.dealer_payment_ids),
        )

    def _dealer_memoized(self, name, key, compute):
        """``compute()``, or its result kept by the running submission of this order."""
        memo = self.env.cr.cache.get(MEMO_KEY)
        if not memo or len(self) != 1 or memo["order_id"] != self.id:
            return compute()
        key = (name, key, bool(self.env.context.get("dealer_review_override")),
               bool(self.env.context.get("dealer_deposit_balance")))
        fingerprint = self._dealer_review_fingerprint()
        kept = memo["results"].get(key)
        if kept and kept[0] == fingerprint:
            return kept[1]
        result = compute()
        memo["results"][key] = (fingerprint, result)
        return result

    def _dealer_catalog_errors(self):
        compute = super()._dealer_catalog_errors

        def catalog():
            errors, products = compute()
            return errors, products.ids

        errors, product_ids = self._dealer_memoized("catalog", None, catalog)
        return list(errors), self.env["product.product"].browse(product_ids)

    def _dealer_moq_errors(self, exclude=None):
        compute = super()._dealer_moq_errors
        key = tuple(sorted(exclude.ids)) if exclude else ()
        return list(self._dealer_memoized("moq", key, lambda: compute(exclude=exclude)))

    def _dealer_region_error(self):
        return self._dealer_memoized("region", None, super()._dealer_region_error)

    def _dealer_wallet_payment_errors(self):
        return list(self._dealer_memoized("payment", None, super()._dealer_wallet_payment_errors))
