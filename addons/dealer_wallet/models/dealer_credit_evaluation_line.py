from odoo import fields, models


class DealerCreditEvaluationLine(models.Model):
    _name = "dealer.credit.evaluation.line"
    _description = "Dealer Credit Evaluation Result"
    _order = "score desc, id"

    evaluation_id = fields.Many2one("dealer.credit.evaluation", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="evaluation_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="evaluation_id.currency_id")
    date = fields.Date(related="evaluation_id.date", store=True)
    partner_id = fields.Many2one("res.partner", string="Dealer", required=True, index=True)
    dealer_level_id = fields.Many2one(related="partner_id.dealer_level_id", string="Level")
    wallet_id = fields.Many2one("dealer.wallet", string="Credit Wallet", readonly=True)
    volume = fields.Monetary(string="12-month Volume", readonly=True)
    overdue_amount = fields.Monetary(string="Overdue", readonly=True)
    tenure_months = fields.Integer(string="Tenure (months)", readonly=True)
    punctuality_rate = fields.Float(string="On-time Rate (%)", readonly=True, digits=(5, 1))
    score_punctuality = fields.Float(readonly=True, digits=(5, 1), string="Punctuality Score")
    score_tenure = fields.Float(readonly=True, digits=(5, 1), string="Tenure Score")
    score_volume = fields.Float(readonly=True, digits=(5, 1), string="Volume Score")
    score_overdue = fields.Float(readonly=True, digits=(5, 1), string="Overdue Score")
    score = fields.Float(readonly=True, digits=(5, 1))
    current_limit = fields.Monetary(readonly=True)
    suggested_limit = fields.Monetary(readonly=True)
    approved_limit = fields.Monetary(help="Limit that applying the evaluation sets; defaults to the suggestion.")
    to_apply = fields.Boolean(string="Apply", default=True)
    state = fields.Selection(
        [("proposed", "Proposed"), ("applied", "Applied"), ("skipped", "Skipped")],
        default="proposed", readonly=True, required=True,
    )

    _sql_constraints = [
        ("approved_limit_positive", "CHECK(approved_limit >= 0)", "The approved limit cannot be negative."),
    ]
