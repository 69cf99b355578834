from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dealer_wallet_journal_id = fields.Many2one(related="company_id.dealer_wallet_journal_id", readonly=False)
    dealer_wallet_topup_journal_id = fields.Many2one(
        related="company_id.dealer_wallet_topup_journal_id", readonly=False,
    )
    dealer_wallet_advance_account_id = fields.Many2one(
        related="company_id.dealer_wallet_advance_account_id", readonly=False,
    )
    dealer_wallet_rebate_account_id = fields.Many2one(
        related="company_id.dealer_wallet_rebate_account_id", readonly=False,
    )
    dealer_wallet_rebate_expense_account_id = fields.Many2one(
        related="company_id.dealer_wallet_rebate_expense_account_id", readonly=False,
    )
    dealer_wallet_split_policy = fields.Selection(related="company_id.dealer_wallet_split_policy", readonly=False)
    dealer_wallet_rebate_max_percent = fields.Float(
        related="company_id.dealer_wallet_rebate_max_percent", readonly=False,
    )
    dealer_wallet_manager_id = fields.Many2one(related="company_id.dealer_wallet_manager_id", readonly=False)
    dealer_credit_weight_punctuality = fields.Float(
        related="company_id.dealer_credit_weight_punctuality", readonly=False,
    )
    dealer_credit_weight_tenure = fields.Float(related="company_id.dealer_credit_weight_tenure", readonly=False)
    dealer_credit_weight_volume = fields.Float(related="company_id.dealer_credit_weight_volume", readonly=False)
    dealer_credit_weight_overdue = fields.Float(related="company_id.dealer_credit_weight_overdue", readonly=False)
    dealer_credit_limit_months = fields.Float(related="company_id.dealer_credit_limit_months", readonly=False)
    dealer_credit_limit_rounding = fields.Float(related="company_id.dealer_credit_limit_rounding", readonly=False)
