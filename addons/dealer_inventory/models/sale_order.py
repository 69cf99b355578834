from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    dealer_replenishment = fields.Boolean(
        string="From Replenishment", copy=False, readonly=True,
        help="Draft order filled from the dealer's replenishment suggestions.",
    )
