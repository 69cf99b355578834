from odoo import api, fields, models
from odoo.tools import SQL


class DealerReviewHoldReport(models.Model):
    """Which rules hold or reject submissions: one row per submission and failed rule."""

    _name = "dealer.review.hold.report"
    _inherit = "dealer.report.view.mixin"
    _description = "Dealer Orders Held by Review Rule"
    _auto = False
    _order = "date desc"
    _rec_name = "rule_id"

    company_id = fields.Many2one("res.company", readonly=True)
    order_id = fields.Many2one("sale.order", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Dealer", readonly=True)
    dealer_flow = fields.Selection(selection="_selection_dealer_flow", string="Order Flow", readonly=True)
    date = fields.Datetime(string="Submitted on", readonly=True)
    rule_id = fields.Many2one("dealer.review.rule", readonly=True)
    code = fields.Char(string="Rule Code", readonly=True)
    action = fields.Selection([("hold", "Hold"), ("reject", "Reject")], readonly=True)
    result = fields.Selection([("approved", "Approved"), ("held", "Held"), ("rejected", "Rejected")],
                              string="Submission Result", readonly=True)

    @api.model
    def _selection_dealer_flow(self):
        return self.env["sale.order"]._fields["dealer_flow"]._description_selection(self.env)

    def _query(self):
        return SQL("""
            SELECT line.id, log.company_id, log.order_id, log.partner_id, log.dealer_flow, log.date,
                   line.rule_id, line.code, line.action, log.state AS result
              FROM dealer_review_log_line line
              JOIN dealer_review_log log ON log.id = line.log_id
             WHERE log.event = 'submit' AND NOT COALESCE(line.passed, FALSE)
        """)
