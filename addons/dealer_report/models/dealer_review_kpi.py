from odoo import api, fields, models
from odoo.tools import SQL


class DealerReviewKpi(models.Model):
    """How the automatic review performs, per company, order flow and month of
    submission: submissions, approved at once by the rules (and their share), held for
    an operator, rejected (by the rules or by an operator), and the median and 90th
    percentile of the time from submission to decision (decided submissions only)."""

    _name = "dealer.review.kpi"
    _inherit = "dealer.report.view.mixin"
    _description = "Dealer Order Review KPIs"
    _auto = False
    _order = "date desc, dealer_flow"
    _rec_name = "date"

    company_id = fields.Many2one("res.company", readonly=True)
    dealer_flow = fields.Selection(selection="_selection_dealer_flow", string="Order Flow", readonly=True)
    date = fields.Date(string="Month", readonly=True)
    submitted_count = fields.Integer(string="Submitted", readonly=True)
    auto_approved_count = fields.Integer(string="Approved Automatically", readonly=True)
    auto_approved_percent = fields.Float(string="Approved Automatically (%)", readonly=True, aggregator="avg",
                                         digits=(16, 1))
    held_count = fields.Integer(string="Held by a Rule", readonly=True)
    approved_count = fields.Integer(string="Approved", readonly=True, help="Automatically or by an operator.")
    rejected_count = fields.Integer(string="Rejected", readonly=True, help="By a rule or by an operator.")
    pending_count = fields.Integer(string="Still Held", readonly=True)
    decision_median_hours = fields.Float(string="Median Hours to Decision", readonly=True, aggregator="avg",
                                         digits=(16, 2))
    decision_p90_hours = fields.Float(string="P90 Hours to Decision", readonly=True, aggregator="max",
                                      digits=(16, 2))

    @api.model
    def _selection_dealer_flow(self):
        return self.env["sale.order"]._fields["dealer_flow"]._description_selection(self.env)

    def _query(self):
        return SQL("""
            WITH submissions AS (
                SELECT s.id, s.company_id, s.dealer_flow, s.date, s.state, s.automatic,
                       CASE WHEN s.state IN ('approved', 'rejected') THEN s.state ELSE d.state END AS outcome,
                       CASE WHEN s.state IN ('approved', 'rejected') THEN COALESCE(s.decision_hours, 0)
                            ELSE d.decision_hours END AS hours
                  FROM dealer_review_log s
             LEFT JOIN LATERAL (
                        SELECT decision.state, decision.decision_hours
                          FROM dealer_review_log decision
                         WHERE decision.order_id = s.order_id AND decision.event IN ('approve', 'reject')
                           AND decision.submit_date IS NOT DISTINCT FROM s.submit_date
                           AND decision.id > s.id
                      ORDER BY decision.id
                         LIMIT 1
                   ) d ON s.state = 'held'
                 WHERE s.event = 'submit'
            )
            SELECT MIN(id) AS id, company_id, dealer_flow, date_trunc('month', date)::date AS date,
                   COUNT(*) AS submitted_count,
                   COUNT(*) FILTER (WHERE state = 'approved') AS auto_approved_count,
                   100.0 * COUNT(*) FILTER (WHERE state = 'approved') / COUNT(*) AS auto_approved_percent,
                   COUNT(*) FILTER (WHERE state = 'held') AS held_count,
                   COUNT(*) FILTER (WHERE outcome = 'approved') AS approved_count,
                   COUNT(*) FILTER (WHERE outcome = 'rejected') AS rejected_count,
                   COUNT(*) FILTER (WHERE outcome IS NULL) AS pending_count,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY hours) AS decision_median_hours,
                   percentile_cont(0.9) WITHIN GROUP (ORDER BY hours) AS decision_p90_hours
              FROM submissions
          GROUP BY company_id, dealer_flow, date_trunc('month', date)
        """)
