from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import DealerOrderCommon


@tagged("post_install", "-at_install")
class TestDealerOrderAccess(DealerOrderCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact = cls.env["res.partner"].create({"name": "甲联系人", "parent_id": cls.dealer.id,
                                                     "email": "a@example.com"})
        cls.portal_user = new_test_user(
            cls.env, login="dealer_order_portal_a", groups="base.group_portal", partner_id=cls.contact.id,
            company_id=cls.company.id, company_ids=cls.company.ids,
        )
        other_contact = cls.env["res.partner"].create({"name": "门店联系人", "parent_id": cls.store.id})
        cls.portal_other = new_test_user(
            cls.env, login="dealer_order_portal_b", groups="base.group_portal", partner_id=other_contact.id,
            company_id=cls.company.id, company_ids=cls.company.ids,
        )

    def test_portal_reads_own_order_and_profit_share(self):
        order = self._create_order()
        order.action_dealer_submit()
        share = self.env["dealer.profit.share"].create({
            "partner_id": self.dealer.id, "sale_order_id": order.id, "company_id": self.company.id,
            "base_amount": 1000.0, "rate": 10.0, "state": "confirmed",
        })
        self.env.invalidate_all()
        self.assertEqual(order.with_user(self.portal_user).dealer_review_state, "approved")
        self.assertEqual(share.with_user(self.portal_user).amount, 100.0)
        self.assertEqual(self.env["dealer.profit.share"].with_user(self.portal_user).search([]), share)
        with self.assertRaises(AccessError):
            order.with_user(self.portal_other).check_access("read")
        with self.assertRaises(AccessError):
            share.with_user(self.portal_other).read(["amount"])
        self.assertFalse(self.env["dealer.profit.share"].with_user(self.portal_other).search([]))

    def test_portal_submit_own_order_only(self):
        order = self._create_order()
        order.with_user(self.portal_user).action_dealer_submit()
        self.assertEqual(order.dealer_review_state, "approved")
        self.assertEqual(order.state, "sale")
        other = self._create_order()
        with self.assertRaises(AccessError):
            other.with_user(self.portal_other).action_dealer_submit()
        self.assertEqual(other.dealer_review_state, "draft")
        self.assertEqual(other.state, "draft")

    def test_portal_cannot_approve(self):
        order = self._create_order(lines=[(self.item_a, 1500, 1.0)])
        order.action_dealer_submit()
        self.assertEqual(order.dealer_review_state, "held")
        with self.assertRaises(AccessError):
            order.with_user(self.portal_user).action_dealer_approve()
        with self.assertRaises(AccessError):
            order.with_user(self.salesperson).action_dealer_approve()
        self.assertEqual(order.state, "draft")

    def test_portal_pays_own_balance(self):
        order = self._create_order(flow="presale")
        order.with_user(self.portal_user).action_dealer_submit()
        self.assertEqual(order.deposit_state, "deposit_paid")
        with self.assertRaises(AccessError):
            order.with_user(self.portal_other).action_deposit_pay_balance()
        self.assertEqual(order.deposit_state, "deposit_paid")
        order.with_user(self.portal_user).action_deposit_pay_balance()
        self.assertEqual(order.deposit_state, "balance_paid")
