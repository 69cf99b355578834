from odoo import api, fields, models
from odoo.exceptions import UserError


class DealerWalletTopup(models.TransientModel):
    _name = "dealer.wallet.topup"
    _description = "Top Up a Dealer Wallet"
    _check_company_auto = True

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one("res.partner", string="Dealer", required=True, domain="[('is_dealer', '=', True)]")
    wallet_type = fields.Selection(
        [("cash", "Cash (prepayment)"), ("rebate", "Rebate")], required=True, default="cash",
    )
    amount = fields.Monetary(required=True)
    journal_id = fields.Many2one(
        "account.journal", string="Received On", check_company=True,
        compute="_compute_journal_id", store=True, readonly=False, precompute=True,
        domain="[('type', 'in', ('bank', 'cash')), ('company_id', '=', company_id)]",
        help="Bank or cash journal where the dealer's money arrived (cash top-ups).",
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    memo = fields.Char(help="Bank reference or reason, shown on the ledger and the journal entry.")
    wallet_balance = fields.Monetary(string="Current Available", compute="_compute_wallet_balance")

    @api.depends("company_id", "wallet_type")
    def _compute_journal_id(self):
        for wizard in self:
            if wizard.wallet_type == "cash" and not wizard.journal_id:
                Journal = self.env["account.journal"]
                wizard.journal_id = wizard.company_id.dealer_wallet_topup_journal_id or Journal.search([
                    *Journal._check_company_domain(wizard.company_id), ("type", "=", "bank"),
                ], limit=1)
            elif wizard.wallet_type != "cash":
                wizard.journal_id = False

    @api.depends("partner_id", "wallet_type", "company_id")
    def _compute_wallet_balance(self):
        for wizard in self:
            wallet = self.env["dealer.wallet"]._get_wallet(
                wizard.partner_id, wizard.wallet_type, company=wizard.company_id, create=False,
            ) if wizard.partner_id else False
            wizard.wallet_balance = wallet.available_amount if wallet else 0.0

    def action_confirm(self):
        """Record the money in accounting and post the ledger transaction, in one transaction."""
        self.ensure_one()
        if self.currency_id.compare_amounts(self.amount, 0.0) <= 0:
            raise UserError(self.env._("The top-up amount must be positive."))
        if self.wallet_type == "cash" and not self.journal_id:
            raise UserError(self.env._("Choose the bank or cash journal that received the money."))
        Wallet = self.env["dealer.wallet"]
        if self.wallet_type == "cash":
            wallet = Wallet._get_wallet(self.partner_id, "cash", company=self.company_id)
            transaction = wallet._topup(self.amount, journal=self.journal_id, memo=self.memo, date=self.date)
        else:
            transaction = Wallet._grant(
                self.partner_id, "rebate", self.amount, self.memo or self.env._("Manual rebate grant"),
                company=self.company_id, date=self.date, memo=self.memo,
            )
        transaction.wallet_id.message_post(body=self.env._(
            "%(kind)s of %(amount)s posted (%(reference)s).",
            kind=dict(transaction._fields["kind"]._description_selection(self.env))[transaction.kind],
            amount=transaction.wallet_id._format_amount(self.amount), reference=transaction.name,
        ))
        return {
            "type": "ir.actions.act_window",
            "res_model": "dealer.wallet",
            "res_id": transaction.wallet_id.id,
            "view_mode": "form",
            "target": "current",
        }
