from odoo import Command, fields

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from odoo.addons.dealer_base.tests.factory import create_dealer


class DealerWalletCommon(AccountTestInvoicingCommon):
    """Two dealers with funded wallets, a service product (no cross-region check) and
    the wallet accounting of the test company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the accountant running the tests also manages the dealer network
        cls.env.user.groups_id += cls.env.ref("dealer_base.group_dealer_manager")
        cls.company = cls.env.company
        cls.company._dealer_wallet_setup_accounting()
        cls.accounting = cls.company._dealer_wallet_accounting()
        cls.currency = cls.company.currency_id
        cls.bank_journal = cls.company_data["default_journal_bank"]
        cls.level_l1 = cls.env.ref("dealer_base.dealer_level_l1")
        cls.dealer = cls._create_dealer("测试经销商甲")
        cls.dealer_b = cls._create_dealer("测试经销商乙")
        cls.Wallet = cls.env["dealer.wallet"]
        cls.cash = cls.Wallet._get_wallet(cls.dealer, "cash")
        cls.rebate = cls.Wallet._get_wallet(cls.dealer, "rebate")
        cls.credit = cls.Wallet._get_wallet(cls.dealer, "credit")
        cls.credit.credit_limit = 200000.0
        cls.quota = cls.env["dealer.wallet.quota"].create({
            "wallet_id": cls.credit.id,
            "name": "大促专项授信",
            "amount": 150000.0,
            "date_from": fields.Date.today(),
            "date_to": fields.Date.add(fields.Date.today(), days=30),
        })
        cls.cash._topup(100000.0, journal=cls.bank_journal, memo="bank transfer")
        cls.Wallet._grant(cls.dealer, "rebate", 50000.0, "rebate 2025")
        cls.product = cls.env["product.product"].create({
            "name": "建材套装",
            "type": "service",
            "list_price": 5000.0,
            "invoice_policy": "order",
            "taxes_id": [Command.clear()],
        })
        # other modules of the suite may restrict what dealers order (product pools)
        (cls.dealer | cls.dealer_b)._dealer_grant_products(cls.product)

    @classmethod
    def _create_dealer(cls, name, **vals):
        return create_dealer(cls.env, name, level=cls.level_l1, **vals)

    @classmethod
    def _create_order(cls, partner=None, qty=100, price=5000.0, payments=None):
        order = cls.env["sale.order"].create({
            "partner_id": (partner or cls.dealer).id,
            "order_line": [Command.create({
                "product_id": cls.product.id, "product_uom_qty": qty, "price_unit": price,
                "tax_id": [Command.clear()],
            })],
        })
        if payments:
            order.dealer_payment_ids = [
                Command.create({"wallet_id": wallet.id, "quota_id": quota.id if quota else False, "amount": amount})
                for wallet, quota, amount in payments
            ]
        return order

    def _seed_payments(self):
        """The seed example: 100,000 cash + 50,000 rebate + 200,000 regular + 150,000 special credit."""
        return [
            (self.cash, None, 100000.0),
            (self.rebate, None, 50000.0),
            (self.credit, None, 200000.0),
            (self.credit, self.quota, 150000.0),
        ]

    def _invoice(self, order, quantity=None):
        invoice = order._create_invoices()
        if quantity is not None:
            invoice.invoice_line_ids.quantity = quantity
        invoice.action_post()
        return invoice

    def _pay(self, invoice, amount=None):
        wizard = self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids,
        ).create({"amount": amount or invoice.amount_residual, "journal_id": self.bank_journal.id})
        return wizard._create_payments()

    def _gl_balance(self, account, partner):
        lines = self.env["account.move.line"].search([
            ("account_id", "=", account.id), ("partner_id", "=", partner.id), ("parent_state", "=", "posted"),
        ])
        return -sum(lines.mapped("balance"))
