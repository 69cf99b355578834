from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    dealer_flow = fields.Selection(
        [
            ("regular", "Regular"),
            ("fulfillment", "Fulfillment"),
            ("presale", "Presale"),
            ("crowdfunding", "Crowdfunding"),
        ],
        string="Order Flow", required=True, default="regular", index=True, tracking=True, copy=True,
        help="Regular: the dealer buys for its own stock. Fulfillment: a store orders from the brand and the "
        "authorized dealer of its region delivers. Presale: a deposit locks the goods, the balance is paid "
        "before delivery. Crowdfunding: created from a successful group-buy campaign.",
    )
