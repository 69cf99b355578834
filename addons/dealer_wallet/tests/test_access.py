from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import DealerWalletCommon


@tagged("post_install", "-at_install")
class TestWalletAccess(DealerWalletCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact = cls.env["res.partner"].create({"name": "甲 采购", "parent_id": cls.dealer.id})
        cls.contact_b = cls.env["res.partner"].create({"name": "乙 采购", "parent_id": cls.dealer_b.id})
        cls.portal_user = mail_new_test_user(
            cls.env, login="wallet_portal_a", groups="base.group_portal", partner_id=cls.contact.id,
        )
        cls.portal_user_b = mail_new_test_user(
            cls.env, login="wallet_portal_b", groups="base.group_portal", partner_id=cls.contact_b.id,
        )
        cls.wallet_b = cls.Wallet._get_wallet(cls.dealer_b, "cash")
        cls.salesman = mail_new_test_user(
            cls.env, login="wallet_salesman", groups="sales_team.group_sale_salesman",
        )
        cls.dealer_manager = mail_new_test_user(
            cls.env, login="wallet_manager", groups="dealer_base.group_dealer_manager,account.group_account_invoice",
        )

    def test_portal_sees_only_own_wallets(self):
        Wallet = self.env["dealer.wallet"].with_user(self.portal_user)
        self.assertEqual(Wallet.search([]), self.cash | self.rebate | self.credit)
        self.assertEqual(self.cash.with_user(self.portal_user).balance, 100000.0)
        transactions = self.env["dealer.wallet.transaction"].with_user(self.portal_user).search([])
        self.assertEqual(transactions.partner_id, self.dealer)
        self.assertEqual(self.env["dealer.wallet.quota"].with_user(self.portal_user).search([]), self.quota)

    def test_portal_of_another_dealer_cannot_read(self):
        with self.assertRaises(AccessError):
            self.cash.with_user(self.portal_user_b).read(["balance"])
        with self.assertRaises(AccessError):
            self.cash.transaction_ids[:1].with_user(self.portal_user_b).read(["amount"])
        with self.assertRaises(AccessError):
            self.quota.with_user(self.portal_user_b).read(["amount"])
        self.assertEqual(self.env["dealer.wallet"].with_user(self.portal_user_b).search([]), self.wallet_b)
        self.assertFalse(self.env["dealer.wallet.transaction"].with_user(self.portal_user_b).search(
            [("partner_id", "=", self.dealer.id)]))

    def test_portal_cannot_write(self):
        with self.assertRaises(AccessError):
            self.cash.with_user(self.portal_user).write({"note": "mine"})
        with self.assertRaisesRegex(UserError, "not by hand"):
            self.env["dealer.wallet.transaction"].with_user(self.portal_user).create({
                "wallet_id": self.cash.id, "kind": "topup", "amount": 1.0,
            })

    def test_portal_statement_data_own_only(self):
        today = self.cash.transaction_ids[:1].date
        data = self.env["dealer.wallet"].with_user(self.portal_user)._get_statement_data(self.dealer, today, today)
        self.assertEqual(len(data["wallets"]), 3)
        data_b = self.env["dealer.wallet"].with_user(self.portal_user_b)._get_statement_data(self.dealer, today, today)
        self.assertFalse(data_b["wallets"], "record rules hide another dealer's wallets")

    def test_salesman_confirms_wallet_order(self):
        """A salesperson without wallet write access reserves through the order."""
        order = self._create_order(qty=2, payments=[(self.cash, None, 10000.0)])
        order.user_id = self.salesman
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(self.cash.reserved_amount, 10000.0)
        with self.assertRaises(AccessError):
            self.credit.with_user(self.salesman).write({"credit_limit": 5.0})

    def test_manager_cannot_edit_ledger(self):
        transaction = self.cash.transaction_ids[:1].with_user(self.dealer_manager)
        with self.assertRaisesRegex(UserError, "cannot be modified"):
            transaction.write({"amount": 5.0})
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            transaction.unlink()
