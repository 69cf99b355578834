from collections import defaultdict

from odoo import fields, models
from odoo.exceptions import UserError


class StockPicking(models.Model):
    _inherit = "stock.picking"

    dealer_profit_share_ids = fields.One2many("dealer.profit.share", "picking_id", string="Profit Shares")
    dealer_tracking_ref = fields.Char(
        string="Tracking Reference", copy=False, tracking=True,
        help="The carrier's tracking number of the parcel; the dealer sees it on its order page.",
    )

    def _action_done(self):
        self._dealer_check_deposit_balance()
        res = super()._action_done()
        self._dealer_record_profit_shares()
        return res

    def _dealer_check_deposit_balance(self):
        """Deliveries of deposit orders wait for the balance.

        Whoever may validate the delivery may be stopped by it, including warehouse users
        who cannot read the sale order: the order's deposit state is read as superuser
        (only the order's name reaches the user, in the error).
        """
        blocked = self.sudo().filtered(
            lambda picking: picking.picking_type_code == "outgoing" and picking.sale_id.deposit_state
            and picking.sale_id._dealer_is_deposit_order()
            and picking.sale_id.deposit_state != "balance_paid"
        )
        if blocked:
            raise UserError(self.env._(
                "The balance of %(orders)s is not paid yet: the goods are reserved but cannot be delivered.",
                orders=", ".join(blocked.sale_id.mapped("name")),
            ))

    def _dealer_record_profit_shares(self):
        """Record the profit share of the fulfillment dealer on each done delivery
        (negative for returns): delivered untaxed value × the dealer's share."""
        vals_list = []
        # sudo: the share follows from the delivery whoever validates it; warehouse users
        # need not be able to read the sale order or its prices
        for picking in self.sudo().filtered(lambda p: p.state == "done" and p.sale_id.fulfillment_dealer_id
                                            and p.picking_type_code in ("outgoing", "incoming")):
            order = picking.sale_id
            dealer = order.fulfillment_dealer_id
            sign = 1 if picking.picking_type_code == "outgoing" else -1
            value = defaultdict(float)
            for move in picking.move_ids.filtered(lambda m: m.state == "done" and m.sale_line_id):
                line = move.sale_line_id
                if not line.product_uom_qty:
                    continue
                qty = move.product_uom._compute_quantity(move.quantity, line.product_uom, round=False)
                value[order] += line.price_subtotal / line.product_uom_qty * qty
            date = fields.Date.context_today(self, picking.date_done)
            base = order.currency_id._convert(
                value[order], order.company_id.currency_id, order.company_id, date,
            ) * sign
            if order.company_id.currency_id.is_zero(base):
                continue
            rate = dealer.dealer_fulfillment_share
            vals_list.append({
                "partner_id": dealer.id, "sale_order_id": order.id, "picking_id": picking.id,
                "company_id": order.company_id.id, "date": date,
                "base_amount": base, "rate": rate, "state": "confirmed",
            })
        if vals_list:
            self.env["dealer.profit.share"].sudo().create(vals_list)
