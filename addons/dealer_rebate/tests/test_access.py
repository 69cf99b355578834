from freezegun import freeze_time

from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DealerRebateCommon

Q2 = ("2025-04-01", "2025-06-30")


@tagged("post_install", "-at_install")
class TestRebateAccess(DealerRebateCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._invoice(cls.dealer_a, "2025-04-15", [(cls.shredder, 25, 200.0)])
        cls._invoice(cls.dealer_b, "2025-04-15", [(cls.clock, 20, 100.0)])
        cls.policy = cls._policy()
        cls.settlement = cls.Settlement.create({"policy_id": cls.policy.id, "date_from": Q2[0], "date_to": Q2[1]})
        cls.settlement.action_compute()
        cls.line_a = cls.settlement.line_ids.filtered(lambda line: line.partner_id == cls.dealer_a)
        cls.line_b = cls.settlement.line_ids.filtered(lambda line: line.partner_id == cls.dealer_b)
        cls.user = mail_new_test_user(cls.env, login="rebate_user", groups="dealer_base.group_dealer_user")
        cls.manager = mail_new_test_user(
            cls.env, login="rebate_manager", groups="dealer_base.group_dealer_manager,account.group_account_invoice",
        )
        cls.portal_a = mail_new_test_user(cls.env, login="rebate_portal_a", groups="base.group_portal",
                                          partner_id=cls.env["res.partner"].create({
                                              "name": "甲门户", "parent_id": cls.dealer_a.id}).id)

    def test_dealer_user_reads_but_cannot_configure_or_confirm(self):
        settlement = self.settlement.with_user(self.user)
        self.assertEqual(settlement.amount_total, 70.0)
        self.assertTrue(self.policy.with_user(self.user).threshold_ids)
        with self.assertRaises(AccessError):
            self._policy().with_user(self.user).write({"name": "x"})
        with self.assertRaises(AccessError):
            self.env["dealer.rebate.policy"].with_user(self.user).create({"name": "x"})
        with self.assertRaises(AccessError):
            settlement.action_confirm()
        self.assertEqual(self.settlement.state, "computed")

    def test_manager_confirms(self):
        self.settlement.with_user(self.manager).action_confirm()
        self.assertEqual(self.settlement.state, "confirmed")
        self.assertEqual(self.Wallet._get_wallet(self.dealer_a, "rebate").balance, 50.0)

    def test_portal_dealer_sees_only_its_own_lines(self):
        Line = self.env["dealer.rebate.settlement.line"].with_user(self.portal_a)
        self.assertEqual(Line.search([]), self.line_a)
        self.assertEqual(self.line_a.with_user(self.portal_a).amount, 50.0)
        with self.assertRaises(AccessError):
            self.line_b.with_user(self.portal_a).read(["amount"])
        with self.assertRaises(AccessError):
            self.settlement.with_user(self.portal_a).read(["amount_total"])
        with self.assertRaises(AccessError):
            self.policy.with_user(self.portal_a).read(["name"])
        with freeze_time("2025-05-20"):
            self.env["dealer.rebate.accrual"]._refresh(self.policy)
        accruals = self.env["dealer.rebate.accrual"].with_user(self.portal_a).search([])
        self.assertEqual(accruals.partner_id, self.dealer_a)

    def test_multi_company(self):
        other = self.env["res.company"].create({"name": "返利子公司"})
        user_other = mail_new_test_user(self.env, login="rebate_other_co", groups="dealer_base.group_dealer_manager",
                                        company_id=other.id, company_ids=[(6, 0, other.ids)])
        self.assertFalse(self.env["dealer.rebate.policy"].with_user(user_other).search([("id", "=", self.policy.id)]))
        self.assertFalse(self.env["dealer.rebate.settlement.line"].with_user(user_other).search([]))
        with self.assertRaises(AccessError):
            self.settlement.with_user(user_other).read(["name"])
