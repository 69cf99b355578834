from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.dealer_rebate.models.dealer_rebate_policy import REBATE_KINDS


class DealerRebateReport(models.Model):
    """Rebates accrued against rebates settled, per policy, period and dealer: the
    accruals of dealer_rebate (periods not settled yet) beside the lines of its
    settlements (to credit, credited)."""

    _name = "dealer.rebate.report"
    _inherit = "dealer.report.view.mixin"
    _description = "Dealer Rebate Accruals and Settlements"
    _auto = False
    _order = "date_from desc, policy_id, partner_id"
    _rec_name = "policy_id"

    policy_id = fields.Many2one("dealer.rebate.policy", readonly=True)
    kind = fields.Selection(REBATE_KINDS, readonly=True)
    partner_id = fields.Many2one("res.partner", string="Dealer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    dealer_level_id = fields.Many2one("dealer.level", string="Level", readonly=True)
    dealer_tier_id = fields.Many2one("dealer.tier", string="Tier", readonly=True)
    date_from = fields.Date(string="Period Start", readonly=True)
    date_to = fields.Date(string="Period End", readonly=True)
    period_label = fields.Char(string="Period", readonly=True)
    accrued_amount = fields.Monetary(string="Accrued", readonly=True,
                                     help="Earned so far in a period not settled yet.")
    to_credit_amount = fields.Monetary(string="Settled, To Credit", readonly=True)
    credited_amount = fields.Monetary(string="Credited", readonly=True)
    settled_amount = fields.Monetary(string="Settled", readonly=True, help="To credit plus credited.")

    def _query(self):
        return SQL("""
            WITH figures AS (
                SELECT a.policy_id, a.partner_id, a.company_id, a.date_from, a.date_to, a.period_label,
                       a.amount AS accrued_amount, 0.0 AS to_credit_amount, 0.0 AS credited_amount
                  FROM dealer_rebate_accrual a
             UNION ALL
                SELECT settlement.policy_id, line.partner_id, settlement.company_id, settlement.date_from,
                       settlement.date_to, line.period_label, 0.0,
                       CASE WHEN line.state = 'draft' THEN line.amount ELSE 0 END,
                       CASE WHEN line.state = 'posted' THEN line.amount ELSE 0 END
                  FROM dealer_rebate_settlement_line line
                  JOIN dealer_rebate_settlement settlement ON settlement.id = line.settlement_id
                 WHERE settlement.state != 'cancel'
            )
            SELECT row_number() OVER (ORDER BY f.policy_id, f.date_from, f.partner_id, f.company_id) AS id,
                   f.policy_id, policy.kind, f.partner_id, f.company_id, company.currency_id,
                   dealer.dealer_level_id, dealer.dealer_tier_id, f.date_from, f.date_to,
                   MAX(f.period_label) AS period_label,
                   SUM(f.accrued_amount) AS accrued_amount, SUM(f.to_credit_amount) AS to_credit_amount,
                   SUM(f.credited_amount) AS credited_amount,
                   SUM(f.to_credit_amount + f.credited_amount) AS settled_amount
              FROM figures f
              JOIN dealer_rebate_policy policy ON policy.id = f.policy_id
              JOIN res_company company ON company.id = f.company_id
              JOIN res_partner dealer ON dealer.id = f.partner_id
          GROUP BY f.policy_id, policy.kind, f.partner_id, f.company_id, company.currency_id,
                   dealer.dealer_level_id, dealer.dealer_tier_id, f.date_from, f.date_to
        """)
