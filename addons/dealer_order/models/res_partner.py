from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    dealer_warehouse_id = fields.Many2one(
        "stock.warehouse", string="Fulfillment Warehouse", index="btree_not_null", tracking=True,
        help="Warehouse of this dealer that ships fulfillment orders of the stores in its authorized regions "
        "(orders of the warehouse's company).",
    )
    dealer_fulfillment_share = fields.Float(
        string="Fulfillment Profit Share (%)", digits=(16, 2), tracking=True,
        help="Share of the untaxed value of the fulfillment deliveries this dealer ships that it earns.",
    )
    dealer_profit_share_ids = fields.One2many("dealer.profit.share", "partner_id", string="Profit Shares")

    _sql_constraints = [
        ("dealer_fulfillment_share_range",
         "CHECK(dealer_fulfillment_share >= 0 AND dealer_fulfillment_share <= 100)",
         "The fulfillment profit share is a percentage between 0 and 100."),
    ]
