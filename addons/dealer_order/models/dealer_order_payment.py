from odoo import models


class DealerOrderPayment(models.Model):
    _inherit = "dealer.order.payment"

    def _check_order_editable(self, orders):
        """The payment of a deposit order's balance adds lines to a confirmed deposit order
        (and only adds: existing lines stay frozen)."""
        if self.env.context.get("dealer_deposit_balance_payment") and not self:
            orders = orders.filtered(lambda order: not (
                order._dealer_is_deposit_order() and order.deposit_state == "deposit_paid"))
        return super()._check_order_editable(orders)
