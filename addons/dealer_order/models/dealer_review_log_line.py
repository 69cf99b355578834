from odoo import fields, models


class DealerReviewLogLine(models.Model):
    _name = "dealer.review.log.line"
    _description = "Dealer Order Review Rule Result"
    _order = "log_id, sequence, id"

    log_id = fields.Many2one("dealer.review.log", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="log_id.company_id", store=True, precompute=True, index=True)
    sequence = fields.Integer()
    rule_id = fields.Many2one("dealer.review.rule", ondelete="set null", readonly=True)
    code = fields.Selection(related="rule_id.code", store=True, precompute=True)
    action = fields.Selection([("hold", "Hold"), ("reject", "Reject")], readonly=True)
    passed = fields.Boolean(readonly=True)
    message = fields.Text(readonly=True)
