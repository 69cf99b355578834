from collections import defaultdict

from markupsafe import Markup

from odoo import api, models

from odoo.addons.dealer_base.tools import in_user_language


# one concern of the model per file, on purpose (the model is merged by the registry)
class DealerWallet(models.Model):
    """The wallet integrity check: wallet figures, ledger totals and general ledger
    balances compared per dealer, differences reported to the wallet manager."""

    _inherit = "dealer.wallet"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Integrity
    # ------------------------------------------------------------------
    @api.model
    def _check_integrity(self, companies=None, partners=None, notify=True):
        """Compare, per dealer, wallet figures, ledger totals and GL balances.

        :return: list of dicts (company, partner, wallet_type, label, expected, actual)
        """
        companies = companies or self.env["res.company"].search([])
        differences = []
        for company in companies:
            differences += self._check_integrity_company(company, partners=partners)
        if notify and differences:
            self._notify_integrity_differences(differences)
        return differences

    def _check_integrity_company(self, company, partners=None):
        wallet_domain = [("company_id", "=", company.id)]
        if partners:
            wallet_domain.append(("partner_id", "in", partners.ids))
        wallets = self.with_context(active_test=False).search(wallet_domain)
        if not wallets:
            return []
        Transaction = self.env["dealer.wallet.transaction"]
        ledger = defaultdict(float)
        for wallet, effect, amount in Transaction._read_group(
            [("wallet_id", "in", wallets.ids), ("state", "in", ("posted", "reversed"))],
            ["wallet_id", "effect"], ["amount:sum"],
        ):
            ledger[(wallet.id, effect)] += amount
        currency = company.currency_id
        differences = []

        def add(wallet, label, expected, actual):
            if currency.compare_amounts(expected, actual):
                differences.append({
                    "company": company, "partner": wallet.partner_id, "wallet_type": wallet.wallet_type,
                    "label": label, "expected": expected, "actual": actual,
                })

        for wallet in wallets:
            add(wallet, self.env._("Wallet balance vs ledger"), ledger[(wallet.id, "balance")], wallet.balance)
            add(wallet, self.env._("Reserved vs ledger"), -ledger[(wallet.id, "reserved")], wallet.reserved_amount)
        accounting = company._dealer_wallet_accounting(raise_if_missing=False)
        account_by_type = {"cash": accounting.get("advance"), "rebate": accounting.get("rebate_liability")}
        accounts = [account for account in account_by_type.values() if account]
        if not accounts:
            return differences
        gl = {}
        for partner, account, balance in self.env["account.move.line"]._read_group(
            [("company_id", "=", company.id), ("parent_state", "=", "posted"),
             ("account_id", "in", [account.id for account in accounts]),
             ("partner_id", "in", wallets.partner_id.ids)],
            ["partner_id", "account_id"], ["balance:sum"],
        ):
            gl[(partner.id, account.id)] = -balance
        for wallet in wallets.filtered(lambda w: w.wallet_type in account_by_type):
            account = account_by_type[wallet.wallet_type]
            if account:
                add(wallet, self.env._("Ledger vs general ledger (%(account)s)", account=account.display_name),
                    ledger[(wallet.id, "balance")], gl.get((wallet.partner_id.id, account.id), 0.0))
        return differences

    def _notify_integrity_differences(self, differences):
        """One To-Do per dealer with differences, for the wallet manager of the company."""
        by_partner = defaultdict(list)
        for diff in differences:
            by_partner[(diff["company"], diff["partner"])].append(diff)
        todo_type = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        labels = dict(self._fields["wallet_type"]._description_selection(self.env))
        summary = self.env._("Wallet integrity differences")
        for (company, partner), diffs in by_partner.items():
            user = company._dealer_wallet_manager()
            rows = Markup("").join(
                Markup("<li>%s / %s: %s %s, %s %s</li>") % (
                    labels[diff["wallet_type"]], diff["label"], self.env._("expected"),
                    "{:,.2f}".format(diff["expected"]), self.env._("found"), "{:,.2f}".format(diff["actual"]),
                ) for diff in diffs
            )
            note = Markup("<ul>%s</ul>") % rows
            existing = self.env["mail.activity"].search([
                ("res_model", "=", "res.partner"), ("res_id", "=", partner.id),
                ("summary", "=", summary), ("user_id", "=", user.id),
            ], limit=1)
            if existing:
                existing.note = note
            else:
                # sudo: the scheduled check runs as OdooBot and must be able to schedule
                # the activity on the dealer whatever the record rules of the cron user.
                partner.sudo().activity_schedule(
                    activity_type_id=todo_type.id if todo_type else False,
                    summary=summary, note=note, user_id=user.id,
                )

    @api.model
    @in_user_language
    def _cron_check_integrity(self):
        self._check_integrity()
