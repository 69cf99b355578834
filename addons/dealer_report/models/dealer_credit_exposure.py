from odoo import fields, models
from odoo.tools import SQL

from ..tools.sql import REGION_BY_STATE


class DealerCreditExposure(models.Model):
    """Per dealer and company, today: wallet balances, credit limit (regular and the
    special quotas valid today), credit used, reserved and available, and the open
    receivables by days overdue (company currency)."""

    _name = "dealer.credit.exposure"
    _inherit = "dealer.report.view.mixin"
    _description = "Dealer Wallets and Credit Exposure"
    _auto = False
    _order = "receivable_amount desc, partner_id"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", string="Dealer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    dealer_region_id = fields.Many2one("dealer.region", string="Region", readonly=True)
    dealer_region_root_id = fields.Many2one("dealer.region", string="Top Region", readonly=True)
    dealer_level_id = fields.Many2one("dealer.level", string="Level", readonly=True)
    dealer_tier_id = fields.Many2one("dealer.tier", string="Tier", readonly=True)
    dealer_parent_id = fields.Many2one("res.partner", string="Upline", readonly=True)
    cash_balance = fields.Monetary(readonly=True)
    cash_available = fields.Monetary(readonly=True)
    rebate_balance = fields.Monetary(readonly=True)
    rebate_available = fields.Monetary(readonly=True)
    credit_limit = fields.Monetary(string="Regular Credit Limit", readonly=True)
    quota_amount = fields.Monetary(string="Special Credit Valid Today", readonly=True)
    credit_used = fields.Monetary(readonly=True)
    credit_reserved = fields.Monetary(readonly=True)
    credit_available = fields.Monetary(readonly=True)
    over_limit = fields.Boolean(readonly=True,
                                help="Credit used and reserved exceed the regular limit plus the valid quotas.")
    receivable_amount = fields.Monetary(string="Receivables", readonly=True)
    current_amount = fields.Monetary(string="Not Due", readonly=True)
    overdue_1_30 = fields.Monetary(string="1-30 Days Overdue", readonly=True)
    overdue_31_60 = fields.Monetary(string="31-60 Days Overdue", readonly=True)
    overdue_61_90 = fields.Monetary(string="61-90 Days Overdue", readonly=True)
    overdue_90 = fields.Monetary(string="Over 90 Days Overdue", readonly=True)
    overdue_amount = fields.Monetary(string="Overdue", readonly=True)

    def _query(self):
        return SQL("""
            WITH quotas AS (
                SELECT q.wallet_id,
                       SUM(q.amount) AS amount,
                       SUM(q.amount - q.used_amount - q.reserved_amount) AS available
                  FROM dealer_wallet_quota q
                 WHERE q.state = 'active' AND q.date_from <= CURRENT_DATE AND q.date_to >= CURRENT_DATE
              GROUP BY q.wallet_id
            ), quota_use AS (
                SELECT q.wallet_id, SUM(q.used_amount) AS used, SUM(q.reserved_amount) AS reserved
                  FROM dealer_wallet_quota q
              GROUP BY q.wallet_id
            ), wallets AS (
                SELECT w.partner_id, w.company_id,
                       SUM(CASE WHEN w.wallet_type = 'cash' THEN w.balance ELSE 0 END) AS cash_balance,
                       SUM(CASE WHEN w.wallet_type = 'cash' THEN w.balance - w.reserved_amount ELSE 0 END)
                           AS cash_available,
                       SUM(CASE WHEN w.wallet_type = 'rebate' THEN w.balance ELSE 0 END) AS rebate_balance,
                       SUM(CASE WHEN w.wallet_type = 'rebate' THEN w.balance - w.reserved_amount ELSE 0 END)
                           AS rebate_available,
                       SUM(CASE WHEN w.wallet_type = 'credit' THEN COALESCE(w.credit_limit, 0) ELSE 0 END)
                           AS credit_limit,
                       SUM(CASE WHEN w.wallet_type = 'credit' THEN COALESCE(quotas.amount, 0) ELSE 0 END)
                           AS quota_amount,
                       SUM(CASE WHEN w.wallet_type = 'credit' THEN -w.balance ELSE 0 END) AS credit_used,
                       SUM(CASE WHEN w.wallet_type = 'credit' THEN w.reserved_amount ELSE 0 END) AS credit_reserved,
                       -- as dealer.wallet.available_amount: regular limit − regular use + what the quotas offer today
                       SUM(CASE WHEN w.wallet_type = 'credit'
                                THEN COALESCE(w.credit_limit, 0)
                                     - (-w.balance - COALESCE(quota_use.used, 0))
                                     - (w.reserved_amount - COALESCE(quota_use.reserved, 0))
                                     + COALESCE(quotas.available, 0)
                                ELSE 0 END) AS credit_available
                  FROM dealer_wallet w
             LEFT JOIN quotas ON quotas.wallet_id = w.id
             LEFT JOIN quota_use ON quota_use.wallet_id = w.id
                 WHERE w.active
              GROUP BY w.partner_id, w.company_id
            ), receivables AS (
                SELECT partner.commercial_partner_id AS partner_id, aml.company_id,
                       SUM(aml.amount_residual) AS receivable_amount,
                       SUM(CASE WHEN age <= 0 THEN aml.amount_residual ELSE 0 END) AS current_amount,
                       SUM(CASE WHEN age BETWEEN 1 AND 30 THEN aml.amount_residual ELSE 0 END) AS overdue_1_30,
                       SUM(CASE WHEN age BETWEEN 31 AND 60 THEN aml.amount_residual ELSE 0 END) AS overdue_31_60,
                       SUM(CASE WHEN age BETWEEN 61 AND 90 THEN aml.amount_residual ELSE 0 END) AS overdue_61_90,
                       SUM(CASE WHEN age > 90 THEN aml.amount_residual ELSE 0 END) AS overdue_90,
                       SUM(CASE WHEN age > 0 THEN aml.amount_residual ELSE 0 END) AS overdue_amount
                  FROM account_move_line aml
                  JOIN account_account account ON account.id = aml.account_id
                                              AND account.account_type = 'asset_receivable'
                  JOIN res_partner partner ON partner.id = aml.partner_id
                  JOIN res_partner dealer ON dealer.id = partner.commercial_partner_id
                                         AND dealer.dealer_level_id IS NOT NULL
                 CROSS JOIN LATERAL (SELECT CURRENT_DATE - COALESCE(aml.date_maturity, aml.date) AS age) a
                 WHERE aml.parent_state = 'posted'
                   AND NOT aml.reconciled AND aml.amount_residual != 0
              GROUP BY partner.commercial_partner_id, aml.company_id
            ), keys AS (
                SELECT partner_id, company_id FROM wallets
                 UNION
                SELECT partner_id, company_id FROM receivables
            )
            SELECT (keys.partner_id::bigint * 100000 + keys.company_id) AS id,
                   keys.partner_id, keys.company_id, company.currency_id,
                   region.region_id AS dealer_region_id, region.root_id AS dealer_region_root_id,
                   dealer.dealer_level_id, dealer.dealer_tier_id, dealer.dealer_parent_id,
                   COALESCE(w.cash_balance, 0) AS cash_balance, COALESCE(w.cash_available, 0) AS cash_available,
                   COALESCE(w.rebate_balance, 0) AS rebate_balance,
                   COALESCE(w.rebate_available, 0) AS rebate_available,
                   COALESCE(w.credit_limit, 0) AS credit_limit, COALESCE(w.quota_amount, 0) AS quota_amount,
                   COALESCE(w.credit_used, 0) AS credit_used, COALESCE(w.credit_reserved, 0) AS credit_reserved,
                   COALESCE(w.credit_available, 0) AS credit_available,
                   COALESCE(w.credit_used, 0) + COALESCE(w.credit_reserved, 0)
                       > COALESCE(w.credit_limit, 0) + COALESCE(w.quota_amount, 0) AS over_limit,
                   COALESCE(r.receivable_amount, 0) AS receivable_amount,
                   COALESCE(r.current_amount, 0) AS current_amount,
                   COALESCE(r.overdue_1_30, 0) AS overdue_1_30, COALESCE(r.overdue_31_60, 0) AS overdue_31_60,
                   COALESCE(r.overdue_61_90, 0) AS overdue_61_90, COALESCE(r.overdue_90, 0) AS overdue_90,
                   COALESCE(r.overdue_amount, 0) AS overdue_amount
              FROM keys
              JOIN res_partner dealer ON dealer.id = keys.partner_id AND dealer.dealer_level_id IS NOT NULL
              JOIN res_company company ON company.id = keys.company_id
         LEFT JOIN wallets w ON w.partner_id = keys.partner_id AND w.company_id = keys.company_id
         LEFT JOIN receivables r ON r.partner_id = keys.partner_id AND r.company_id = keys.company_id
         LEFT JOIN (%s) region ON region.state_id = dealer.state_id
        """, SQL(REGION_BY_STATE))
