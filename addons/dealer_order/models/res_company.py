from odoo import api, fields, models

from odoo.addons.dealer_base.tools import set_column_defaults

# default income account of forfeited deposits: (code, English name, Chinese name, type)
FORFEIT_ACCOUNT_DEFAULTS = {
    "generic": ("499100", "Forfeited Deposits", "没收定金收入", "income_other"),
    "cn": ("630101", "Forfeited Deposits", "营业外收入-没收定金", "income_other"),
}


class ResCompany(models.Model):
    _inherit = "res.company"

    dealer_fulfillment_tie_break = fields.Selection(
        [
            ("upline", "Upline chain of the store first"),
            ("code", "Lowest dealer code"),
            ("stock", "Most free stock"),
        ],
        string="Fulfillment Tie-break", default="upline", required=True,
        help="How a fulfillment order chooses between dealers equally authorized for the delivery province "
        "(after exclusive and most specific region).",
    )
    dealer_deposit_expiry_policy = fields.Selection(
        [("forfeit", "Forfeit the deposit"), ("refund", "Refund the deposit to the wallet")],
        string="Expired Deposit", default="forfeit", required=True,
        help="What happens to the deposit of an order (presale or another deposit flow) whose balance is not "
        "paid by the due date.",
    )
    dealer_deposit_forfeit_account_id = fields.Many2one(
        "account.account", string="Forfeited Deposit Account",
        help="Income credited with forfeited deposits (the customer advances are debited).",
    )
    dealer_deposit_allow_rebate = fields.Boolean(
        string="Deposits from Rebates",
        help="Deposits may be paid from the rebate wallet, not only from the cash wallet. "
        "Credit never pays a deposit.",
    )
    dealer_order_reviewer_id = fields.Many2one(
        "res.users", string="Order Reviewer",
        help="Receives the review activities of held dealer orders. Default: the wallet manager.",
    )

    def init(self):
        super().init()
        set_column_defaults(self, ["dealer_fulfillment_tie_break", "dealer_deposit_expiry_policy"])

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        self.env["dealer.order.flow"]._setup_company_flows(companies)
        return companies

    def _dealer_order_reviewer(self):
        self.ensure_one()
        return self.dealer_order_reviewer_id or self._dealer_wallet_manager()

    def _dealer_order_setup_accounting(self):
        """Create (or find) the forfeited-deposit income account of companies with a chart."""
        for company in self.filtered("chart_template"):
            if company.dealer_deposit_forfeit_account_id:
                continue
            account = company._dealer_wallet_find_or_create_account(
                *FORFEIT_ACCOUNT_DEFAULTS[company._dealer_wallet_chart_family()])
            company.dealer_deposit_forfeit_account_id = account

    def _dealer_deposit_forfeit_account(self):
        """Income account of forfeited deposits, created on first use."""
        self.ensure_one()
        if not self.dealer_deposit_forfeit_account_id:
            # sudo: creating the standard income account is a one-off configuration step
            # triggered by the first expired deposit, whoever runs the expiry.
            self.sudo()._dealer_order_setup_accounting()
        return self.dealer_deposit_forfeit_account_id
