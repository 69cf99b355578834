from odoo import fields, models


class DealerPromotionUsage(models.Model):
    """Benefit a confirmed order received from a promotion.

    Written when the order is confirmed and removed when it is cancelled: the
    per-dealer allowance and the budget of the promotion are computed from
    these rows, so cancelling an order gives them back.
    """

    _name = "dealer.promotion.usage"
    _description = "Dealer Promotion Usage"
    _order = "date desc, id desc"
    _rec_name = "sale_order_id"

    promotion_id = fields.Many2one(
        "dealer.promotion", required=True, index=True, ondelete="restrict", readonly=True,
    )
    promotion_root_id = fields.Many2one(
        related="promotion_id.root_id", store=True, precompute=True, index=True, string="Promotion (First Version)",
    )
    partner_id = fields.Many2one(
        "res.partner", string="Dealer", required=True, index=True, ondelete="restrict", readonly=True,
    )
    sale_order_id = fields.Many2one(
        "sale.order", string="Order", required=True, index=True, ondelete="cascade", readonly=True,
    )
    amount = fields.Monetary(
        string="Benefit", readonly=True, help="Discount plus value of the free goods granted on the order.",
    )
    discount_amount = fields.Monetary(string="Discount", readonly=True)
    free_amount = fields.Monetary(string="Free Goods Value", readonly=True)
    free_qty = fields.Float(string="Free Units", readonly=True, digits="Product Unit of Measure")
    date = fields.Date(readonly=True, index=True, help="Confirmation date of the order.")
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id", store=True, precompute=True)
    dealer_level_id = fields.Many2one(
        related="partner_id.dealer_level_id", store=True, precompute=True, string="Dealer Level",
    )
    dealer_tier_id = fields.Many2one(
        related="partner_id.dealer_tier_id", store=True, precompute=True, string="Dealer Tier",
    )
    dealer_type_id = fields.Many2one(
        related="partner_id.dealer_type_id", store=True, precompute=True, string="Dealer Type",
    )
    state_id = fields.Many2one(related="partner_id.state_id", store=True, precompute=True, string="Province")
    user_id = fields.Many2one(related="sale_order_id.user_id", store=True, precompute=True, string="Salesperson")

    _sql_constraints = [
        ("order_promotion_unique", "unique(sale_order_id, promotion_id)",
         "An order uses a promotion once."),
    ]
