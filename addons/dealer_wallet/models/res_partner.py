from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    dealer_wallet_ids = fields.One2many("dealer.wallet", "partner_id", string="Wallets")
    dealer_wallet_count = fields.Integer(compute="_compute_dealer_wallet_figures")
    dealer_cash_available = fields.Monetary(
        string="Cash Available", compute="_compute_dealer_wallet_figures", currency_field="dealer_wallet_currency_id",
    )
    dealer_rebate_available = fields.Monetary(
        string="Rebate Available", compute="_compute_dealer_wallet_figures", currency_field="dealer_wallet_currency_id",
    )
    dealer_credit_available = fields.Monetary(
        string="Credit Available", compute="_compute_dealer_wallet_figures", currency_field="dealer_wallet_currency_id",
    )
    dealer_wallet_currency_id = fields.Many2one("res.currency", compute="_compute_dealer_wallet_figures")

    @api.depends_context("company")
    def _compute_dealer_wallet_figures(self):
        company = self.env.company
        commercial = self.commercial_partner_id
        wallets = self.env["dealer.wallet"].search([
            ("partner_id", "in", commercial.ids), ("company_id", "=", company.id),
        ])
        by_key = {(wallet.partner_id.id, wallet.wallet_type): wallet for wallet in wallets}
        counts = {}
        for wallet in wallets:
            counts[wallet.partner_id.id] = counts.get(wallet.partner_id.id, 0) + 1
        for partner in self:
            partner_id = partner.commercial_partner_id.id
            partner.dealer_wallet_count = counts.get(partner_id, 0)
            partner.dealer_wallet_currency_id = company.currency_id
            for wallet_type in ("cash", "rebate", "credit"):
                wallet = by_key.get((partner_id, wallet_type))
                partner["dealer_%s_available" % wallet_type] = wallet.available_amount if wallet else 0.0

    def action_view_dealer_wallets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dealer_wallet.dealer_wallet_action")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    def action_dealer_wallet_statement(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Statement of Account"),
            "res_model": "dealer.wallet.statement.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.commercial_partner_id.id},
        }

    def _dealer_wallet_create_defaults(self, company=None):
        """Open the cash, rebate and credit wallets of dealers that lack them."""
        company = company or self.env.company
        Wallet = self.env["dealer.wallet"]
        partners = self.commercial_partner_id
        existing = {
            (wallet.partner_id.id, wallet.wallet_type)
            for wallet in Wallet.with_context(active_test=False).search([
                ("partner_id", "in", partners.ids), ("company_id", "=", company.id),
            ])
        }
        vals_list = [
            {"partner_id": partner.id, "wallet_type": wallet_type, "company_id": company.id}
            for partner in partners for wallet_type in ("cash", "rebate", "credit")
            if (partner.id, wallet_type) not in existing
        ]
        return Wallet.create(vals_list)

    def action_dealer_wallet_open(self):
        self._dealer_wallet_create_defaults()
        return self.action_view_dealer_wallets() if len(self) == 1 else True

    @api.model
    def _dealer_wallet_demo_fund(self, cash, rebate, credit):
        """Demo data: open and fund the wallets of the demo dealers.

        :param dict cash: ``{xml id of a dealer: cash top-up}``; same for rebate grants
            and credit limits.
        """
        company = self.env.company
        Wallet = self.env["dealer.wallet"]
        journal = company._dealer_wallet_default_topup_journal()
        for xmlid, amount in cash.items():
            partner = self.env.ref(xmlid, raise_if_not_found=False)
            if partner:
                partner._dealer_wallet_create_defaults(company)
                Wallet._get_wallet(partner, "cash", company)._topup(
                    amount, journal=journal, memo="银行转账 预付款", idempotency_key="demo-topup-%s" % xmlid,
                )
        for xmlid, amount in rebate.items():
            partner = self.env.ref(xmlid, raise_if_not_found=False)
            if partner:
                Wallet._grant(partner, "rebate", amount, "上年度返利结算", company=company,
                              idempotency_key="demo-rebate-%s" % xmlid)
        for xmlid, amount in credit.items():
            partner = self.env.ref(xmlid, raise_if_not_found=False)
            if partner:
                Wallet._get_wallet(partner, "credit", company).credit_limit = amount
