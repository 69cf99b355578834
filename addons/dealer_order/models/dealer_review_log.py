from odoo import api, fields, models

from .dealer_order_flow import FLOW_SELECTION

REVIEW_STATES = [
    ("draft", "Not Submitted"),
    ("approved", "Approved"),
    ("held", "Held"),
    ("rejected", "Rejected"),
]


class DealerReviewLog(models.Model):
    """One review decision on a dealer order: the automatic review of a submission
    or an operator's approval/rejection. Reports read it (auto-approval rate, time
    from submission to decision)."""

    _name = "dealer.review.log"
    _description = "Dealer Order Review Log"
    _order = "date desc, id desc"
    _check_company_auto = True

    order_id = fields.Many2one("sale.order", required=True, index=True, ondelete="cascade", check_company=True)
    company_id = fields.Many2one(related="order_id.company_id", store=True, precompute=True, index=True)
    partner_id = fields.Many2one("res.partner", string="Dealer", index=True, readonly=True)
    dealer_flow = fields.Selection(FLOW_SELECTION, string="Order Flow", readonly=True)
    event = fields.Selection(
        [("submit", "Submission"), ("approve", "Approval"), ("reject", "Rejection")],
        required=True, readonly=True,
    )
    state = fields.Selection(REVIEW_STATES, string="Result", required=True, readonly=True)
    automatic = fields.Boolean(readonly=True, help="Decided by the review rules without an operator.")
    user_id = fields.Many2one("res.users", string="By", readonly=True, default=lambda self: self.env.user)
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    submit_date = fields.Datetime(readonly=True, help="When the order was submitted.")
    decision_hours = fields.Float(
        string="Hours to Decision", readonly=True, aggregator="avg",
        help="Time from the submission to this decision, in hours.",
    )
    amount_total = fields.Monetary(readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    message = fields.Text(readonly=True)
    line_ids = fields.One2many("dealer.review.log.line", "log_id", string="Rule Results", readonly=True)
    failed_rule_count = fields.Integer(compute="_compute_failed_rule_count", store=True, precompute=True)

    @api.depends("line_ids.passed")
    def _compute_failed_rule_count(self):
        for log in self:
            log.failed_rule_count = len(log.line_ids.filtered(lambda line: not line.passed))

    @api.depends("order_id", "event")
    def _compute_display_name(self):
        labels = dict(self._fields["event"]._description_selection(self.env))
        for log in self:
            log.display_name = "%s - %s" % (log.order_id.name or "", labels.get(log.event, ""))
