from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class DealerWalletQuota(models.Model):
    _name = "dealer.wallet.quota"
    _description = "Special Credit Quota"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_to, id"
    _check_company_auto = True

    name = fields.Char(
        required=True, tracking=True, help="Campaign or purpose of the special credit, e.g. 618 promotion."
    )
    wallet_id = fields.Many2one(
        "dealer.wallet", required=True, index=True, ondelete="cascade", check_company=True,
        domain="[('wallet_type', '=', 'credit')]", tracking=True,
    )
    partner_id = fields.Many2one(related="wallet_id.partner_id", store=True, index=True, string="Dealer")
    company_id = fields.Many2one(related="wallet_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="wallet_id.currency_id", store=True)
    amount = fields.Monetary(required=True, tracking=True)
    date_from = fields.Date(string="Valid From", required=True, default=fields.Date.context_today, tracking=True)
    date_to = fields.Date(string="Valid Until", required=True, tracking=True)
    state = fields.Selection(
        [("active", "Active"), ("expired", "Expired")], default="active", required=True, readonly=True,
        tracking=True, index=True,
    )
    used_amount = fields.Monetary(string="Used", readonly=True, copy=False, default=0.0)
    reserved_amount = fields.Monetary(string="Reserved", readonly=True, copy=False, default=0.0)
    available_amount = fields.Monetary(
        string="Available", compute="_compute_available_amount",
        help="What orders can still use today: zero outside the validity dates.",
    )
    transaction_ids = fields.One2many("dealer.wallet.transaction", "quota_id", string="Transactions")

    _sql_constraints = [
        ("amount_positive", "CHECK(amount > 0)", "A special credit quota must have a positive amount."),
        ("dates_order", "CHECK(date_from <= date_to)", "A quota cannot end before it starts."),
    ]

    @api.depends("amount", "used_amount", "reserved_amount", "date_from", "date_to", "state")
    def _compute_available_amount(self):
        for quota in self:
            quota.available_amount = quota._get_available()

    @api.constrains("wallet_id")
    def _check_wallet_type(self):
        for quota in self:
            if quota.wallet_id.wallet_type != "credit":
                raise ValidationError(self.env._("Special quotas belong to credit wallets."))

    @api.constrains("amount", "used_amount", "reserved_amount")
    def _check_amount_covers_use(self):
        for quota in self:
            if quota.currency_id.compare_amounts(quota.amount, quota.used_amount + quota.reserved_amount) < 0:
                raise ValidationError(self.env._(
                    "The quota %(quota)s cannot be lower than what is used and reserved on it.", quota=quota.name,
                ))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        if self.transaction_ids:
            raise UserError(self.env._("A quota that has transactions cannot be deleted."))

    def _is_valid_on(self, date=None):
        self.ensure_one()
        date = date or fields.Date.context_today(self)
        return self.state == "active" and self.date_from <= date <= self.date_to

    def _get_available(self, date=None):
        self.ensure_one()
        if not self._is_valid_on(date):
            return 0.0
        return self.amount - self.used_amount - self.reserved_amount

    def _expire_quotas(self, date=None):
        """Close the quotas past their end date: the unused part is no longer available
        (an informative ledger row records how much was forfeited)."""
        date = date or fields.Date.context_today(self)
        quotas = self.search([("state", "=", "active"), ("date_to", "<", date)])
        for wallet, wallet_quotas in quotas.grouped("wallet_id").items():
            wallet._lock()
            vals_list = []
            for quota in wallet_quotas:
                unused = quota.amount - quota.used_amount - quota.reserved_amount
                vals_list.append({
                    "kind": "quota_expiry", "amount": -unused, "quota_id": quota.id,
                    "origin": quota.name, "date": date,
                    "memo": self.env._("Special credit %(quota)s expired", quota=quota.name),
                })
            wallet._post_transactions(vals_list, create_move=False)
            # sudo: run by the scheduled job; the ledger row above documents the change
            wallet_quotas.sudo().state = "expired"
        return quotas
