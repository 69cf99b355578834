from odoo import fields, models


class DealerPromotionResult(models.Model):
    """What one rule of a promotion gave on an order, and why.

    Rebuilt by ``sale.order.action_apply_promotions()``; it is the readable
    explanation shown on the order (what matched, base, value, caps).
    """

    _name = "dealer.promotion.result"
    _description = "Applied Promotion Rule"
    _order = "order_id, sequence, id"

    order_id = fields.Many2one("sale.order", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer()
    promotion_id = fields.Many2one("dealer.promotion", required=True, ondelete="cascade", index=True)
    rule_id = fields.Many2one("dealer.promotion.rule", ondelete="set null")
    company_id = fields.Many2one(related="order_id.company_id", store=True, precompute=True)
    currency_id = fields.Many2one(related="order_id.currency_id")
    partner_id = fields.Many2one(related="order_id.dealer_id", string="Dealer")
    matched = fields.Char(help="The lines and dealer conditions the rule matched.")
    base_amount = fields.Monetary(string="Base", help="Untaxed amount of the targeted lines before promotions.")
    base_qty = fields.Float(string="Base Quantity", digits="Product Unit of Measure")
    computation = fields.Char(help="How the benefit was computed from the base.")
    discount_amount = fields.Monetary(string="Discount", help="Money discount after caps.")
    free_qty = fields.Float(string="Free Units", digits="Product Unit of Measure")
    free_amount = fields.Monetary(string="Free Goods Value", help="Value of the free units after caps.")
    benefit = fields.Monetary(help="Discount plus free goods value after caps.")
    cap_note = fields.Char(string="Cap", help="Which limit cut the benefit of the promotion, if any.")
