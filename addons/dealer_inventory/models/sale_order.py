from functools import partial

from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    dealer_replenishment = fields.Boolean(
        string="From Replenishment", copy=False, readonly=True,
        help="Draft order filled from the dealer's replenishment suggestions.",
    )

    def write(self, vals):
        # only a confirmed order has deliveries: routing a draft order costs nothing here
        confirmed = self.filtered(lambda order: order.state == "sale") if "fulfillment_dealer_id" in vals else None
        if not confirmed:
            return super().write(vals)
        # the fulfilling dealer's sell-out follows the order's deliveries
        return confirmed.picking_ids.move_ids._dealer_channel_remarked(partial(super().write, vals))
