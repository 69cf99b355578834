from odoo import fields, models

from ..tools import promotion_engine as engine


class DealerPromotionPreviewLine(models.TransientModel):
    _name = "dealer.promotion.preview.line"
    _description = "Promotion Preview Line"

    wizard_id = fields.Many2one("dealer.promotion.preview", required=True, ondelete="cascade")
    currency_id = fields.Many2one(related="wizard_id.currency_id")
    promotion_id = fields.Many2one("dealer.promotion", readonly=True)
    rule_id = fields.Many2one("dealer.promotion.rule", readonly=True)
    rule_summary = fields.Char(related="rule_id.summary")
    applies = fields.Boolean(readonly=True)
    status = fields.Char(readonly=True)
    base_amount = fields.Monetary(string="Base", readonly=True)
    discount_amount = fields.Monetary(string="Discount", readonly=True)
    free_qty = fields.Float(string="Free Units", readonly=True)
    benefit = fields.Monetary(readonly=True)

    def _reason_labels(self):
        return {
            engine.REASON_TIER: self.env._("Dealer tier not targeted"),
            engine.REASON_TYPE: self.env._("Dealer type not targeted"),
            engine.REASON_LEVEL: self.env._("Dealer level not targeted"),
            engine.REASON_REGION: self.env._("Dealer region not targeted"),
            engine.REASON_PARTNER: self.env._("Dealer not targeted"),
            engine.REASON_FIRST_ORDER: self.env._("Not the dealer's first order"),
            engine.REASON_NO_LINES: self.env._("No targeted product on the order"),
            engine.REASON_MIN_AMOUNT: self.env._("Minimum amount not reached"),
            engine.REASON_MIN_QTY: self.env._("Minimum quantity not reached"),
            engine.REASON_THRESHOLD: self.env._("No threshold reached"),
            engine.REASON_BUY_QTY: self.env._("Not enough units bought for a free one"),
            engine.REASON_ZERO: self.env._("Nothing to give"),
            engine.REASON_NO_RULE: self.env._("No rule of the promotion applies"),
            engine.REASON_CAPPED_OUT: self.env._("Allowance or budget used up"),
            engine.REASON_EXCLUSIVE: self.env._("Left out by an exclusive promotion"),
        }
