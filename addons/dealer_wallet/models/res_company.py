from odoo import fields, models
from odoo.exceptions import UserError

from odoo.addons.dealer_base.tools import set_column_defaults

SPLIT_POLICIES = [
    ("rebate_cash_credit", "Rebate → Cash → Regular credit → Special credit"),
    ("cash_rebate_credit", "Cash → Rebate → Regular credit → Special credit"),
    ("rebate_cash_special_regular", "Rebate → Cash → Special credit → Regular credit"),
    ("rebate_cash", "Rebate → Cash (no credit)"),
]
SPLIT_POLICY_SOURCES = {
    "rebate_cash_credit": ("rebate", "cash", "credit_regular", "credit_special"),
    "cash_rebate_credit": ("cash", "rebate", "credit_regular", "credit_special"),
    "rebate_cash_special_regular": ("rebate", "cash", "credit_special", "credit_regular"),
    "rebate_cash": ("rebate", "cash"),
}

# Default accounts created for the wallets: (code, English name, Chinese name, type)
ACCOUNT_DEFAULTS = {
    "generic": {
        "advance": ("212100", "Customer Advances (Dealer Wallets)", "预收账款-经销商资金账户", "liability_current"),
        "rebate_liability": ("212200", "Dealer Rebates Payable", "应付经销商返利", "liability_current"),
        "rebate_expense": ("962100", "Dealer Rebates", "销售返利", "expense"),
    },
    "cn": {
        "advance": ("220300", "Advance from Customers", "预收账款", "liability_current"),
        "rebate_liability": ("224101", "Dealer Rebates Payable", "其他应付款-经销商返利", "liability_current"),
        "rebate_expense": ("660101", "Dealer Rebates", "销售费用-销售返利", "expense"),
    },
}
ACCOUNT_FIELDS = {
    "advance": "dealer_wallet_advance_account_id",
    "rebate_liability": "dealer_wallet_rebate_account_id",
    "rebate_expense": "dealer_wallet_rebate_expense_account_id",
}


class ResCompany(models.Model):
    _inherit = "res.company"

    dealer_wallet_journal_id = fields.Many2one(
        "account.journal", string="Wallet Journal", domain="[('type', '=', 'general'), ('company_id', '=', id)]",
        help="Miscellaneous journal of the wallet entries (consumptions, grants).",
    )
    dealer_wallet_topup_journal_id = fields.Many2one(
        "account.journal", string="Default Top-up Journal",
        domain="[('type', 'in', ('bank', 'cash')), ('company_id', '=', id)]",
    )
    dealer_wallet_advance_account_id = fields.Many2one(
        "account.account", string="Customer Advances Account",
        help="Liability holding the money of the cash wallets (预收账款).",
    )
    dealer_wallet_rebate_account_id = fields.Many2one(
        "account.account", string="Rebate Liability Account",
        help="Liability holding the rebates granted and not used yet.",
    )
    dealer_wallet_rebate_expense_account_id = fields.Many2one(
        "account.account", string="Rebate Expense Account",
        help="Expense debited when a rebate is granted.",
    )
    dealer_wallet_split_policy = fields.Selection(
        SPLIT_POLICIES, string="Wallet Split Policy", default="rebate_cash_credit", required=True,
        help="Order in which the automatic split takes the wallets; special quotas by earliest expiry.",
    )
    dealer_wallet_rebate_max_percent = fields.Float(
        string="Rebate Cap (%)", default=100.0,
        help="Largest share of an order total that may be paid from the rebate wallet.",
    )
    dealer_wallet_manager_id = fields.Many2one(
        "res.users", string="Wallet Manager",
        help="Receives the activities of the wallet integrity check. Default: the first Dealer Manager.",
    )
    # credit evaluation
    dealer_credit_weight_punctuality = fields.Float(string="Weight: Payment Punctuality", default=40.0)
    dealer_credit_weight_tenure = fields.Float(string="Weight: Tenure", default=15.0)
    dealer_credit_weight_volume = fields.Float(string="Weight: 12-month Volume", default=30.0)
    dealer_credit_weight_overdue = fields.Float(string="Weight: Overdue", default=15.0)
    dealer_credit_limit_months = fields.Float(
        string="Credit Months", default=2.0,
        help="Suggested limit = average monthly volume × months × score / 100.",
    )
    dealer_credit_limit_rounding = fields.Float(string="Limit Rounding", default=1000.0)

    _sql_constraints = [
        ("dealer_wallet_rebate_max_percent_range",
         "CHECK(dealer_wallet_rebate_max_percent >= 0 AND dealer_wallet_rebate_max_percent <= 100)",
         "The rebate cap is a percentage between 0 and 100."),
    ]

    def init(self):
        super().init()
        set_column_defaults(self, [
            "dealer_wallet_split_policy", "dealer_wallet_rebate_max_percent",
            "dealer_credit_weight_punctuality", "dealer_credit_weight_tenure", "dealer_credit_weight_volume",
            "dealer_credit_weight_overdue", "dealer_credit_limit_months", "dealer_credit_limit_rounding",
        ])

    # ------------------------------------------------------------------
    # Accounting configuration
    # ------------------------------------------------------------------
    def _dealer_wallet_chart_family(self):
        self.ensure_one()
        return "cn" if (self.chart_template or "").startswith("cn") else "generic"

    def _dealer_wallet_setup_accounting(self):
        """Create (or find) the wallet journal and accounts of companies with a chart."""
        for company in self.filtered("chart_template"):
            company = company.with_company(company)
            vals = {}
            if not company.dealer_wallet_journal_id:
                vals["dealer_wallet_journal_id"] = company._dealer_wallet_find_or_create_journal().id
            if not company.dealer_wallet_topup_journal_id:
                bank = self.env["account.journal"].search([
                    *self.env["account.journal"]._check_company_domain(company), ("type", "=", "bank"),
                ], limit=1)
                vals["dealer_wallet_topup_journal_id"] = bank.id
            defaults = ACCOUNT_DEFAULTS[company._dealer_wallet_chart_family()]
            for key, field_name in ACCOUNT_FIELDS.items():
                if not company[field_name]:
                    vals[field_name] = company._dealer_wallet_find_or_create_account(*defaults[key]).id
            if vals:
                company.write(vals)

    def _dealer_wallet_find_or_create_journal(self):
        self.ensure_one()
        Journal = self.env["account.journal"]
        journal = Journal.search([*Journal._check_company_domain(self), ("code", "=", "DWLT")], limit=1)
        if journal:
            return journal
        chinese = self._dealer_wallet_chart_family() == "cn"
        return Journal.create({
            "name": "经销商资金账户" if chinese else "Dealer Wallets",
            "code": "DWLT", "type": "general", "company_id": self.id,
        })

    def _dealer_wallet_find_or_create_account(self, code, name, name_cn, account_type):
        self.ensure_one()
        Account = self.env["account.account"].with_company(self)
        domain = [*Account._check_company_domain(self)]
        account = Account.search(domain + [("code", "=", code), ("account_type", "=", account_type)], limit=1)
        if account:
            return account
        if Account.search_count(domain + [("code", "=", code)], limit=1):
            code = Account._search_new_account_code(code)
        chinese = self._dealer_wallet_chart_family() == "cn"
        account = Account.create({
            "code": code, "name": name_cn if chinese else name,
            "account_type": account_type, "company_ids": [fields.Command.set(self.root_id.ids)],
        })
        if not chinese and self.env["res.lang"]._lang_get("zh_CN"):
            account.with_context(lang="zh_CN").name = name_cn
        return account

    def _dealer_wallet_accounting(self, raise_if_missing=True):
        """The journal and accounts of the wallets, created on first use if needed."""
        self.ensure_one()
        if raise_if_missing and not (
            self.dealer_wallet_journal_id and all(self[field_name] for field_name in ACCOUNT_FIELDS.values())
        ):
            # sudo: creating the standard wallet journal/accounts is a one-off configuration
            # step triggered by the first wallet movement, whoever makes it.
            self.sudo()._dealer_wallet_setup_accounting()
        result = {
            "journal": self.dealer_wallet_journal_id,
            "advance": self.dealer_wallet_advance_account_id,
            "rebate_liability": self.dealer_wallet_rebate_account_id,
            "rebate_expense": self.dealer_wallet_rebate_expense_account_id,
        }
        if raise_if_missing and not all(result.values()):
            raise UserError(self.env._(
                "Configure the wallet journal and accounts of %(company)s (Sales → Configuration → Settings → "
                "Dealer Wallets); install a chart of accounts first if the company has none.",
                company=self.display_name,
            ))
        return result

    def _dealer_wallet_default_topup_journal(self):
        self.ensure_one()
        journal = self.dealer_wallet_topup_journal_id
        if not journal:
            journal = self.env["account.journal"].search([
                *self.env["account.journal"]._check_company_domain(self), ("type", "=", "bank"),
            ], limit=1)
        if not journal:
            raise UserError(self.env._("%(company)s has no bank journal to receive top-ups.",
                                       company=self.display_name))
        return journal

    def _dealer_wallet_manager(self):
        self.ensure_one()
        if self.dealer_wallet_manager_id:
            return self.dealer_wallet_manager_id
        group = self.env.ref("dealer_base.group_dealer_manager")
        managers = group.users.filtered(lambda user: self in user.company_ids and not user.share and user.active)
        return managers.sorted("id")[:1] or self.env.ref("base.user_admin")

    def _dealer_wallet_split_sources(self):
        self.ensure_one()
        return SPLIT_POLICY_SOURCES[self.dealer_wallet_split_policy or "rebate_cash_credit"]
