from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import DealerBaseCommon


@tagged("at_install", "dealer_base")
class TestAccess(DealerBaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.auth_l1 = cls._authorize(cls.l1, cls.region_zj)
        cls.auth_l2 = cls._authorize(cls.l2, cls.region_zj)
        contact_l1 = cls.env["res.partner"].create({"name": "L1 buyer", "parent_id": cls.l1.id})
        contact_l2 = cls.env["res.partner"].create({"name": "L2 buyer", "parent_id": cls.l2.id})
        cls.portal_l1 = new_test_user(cls.env, "portal_l1", groups="base.group_portal", partner_id=contact_l1.id)
        cls.portal_l2 = new_test_user(cls.env, "portal_l2", groups="base.group_portal", partner_id=contact_l2.id)
        cls.dealer_user = new_test_user(cls.env, "dealer_reader", groups="dealer_base.group_dealer_user")

    def test_portal_sees_own_authorizations_only(self):
        Auth = self.env["dealer.authorization"]
        self.assertEqual(Auth.with_user(self.portal_l1).search([]), self.auth_l1)
        self.assertEqual(Auth.with_user(self.portal_l2).search([]), self.auth_l2)
        self.auth_l1.with_user(self.portal_l1).read(["region_id"])
        with self.assertRaises(AccessError):
            self.auth_l2.with_user(self.portal_l1).read(["region_id"])
        with self.assertRaises(AccessError):
            self.auth_l1.with_user(self.portal_l2).read(["region_id"])

    def test_portal_cannot_write(self):
        with self.assertRaises(AccessError):
            self.auth_l1.with_user(self.portal_l1).write({"exclusive": True})
        with self.assertRaises(AccessError):
            self.env["dealer.region"].with_user(self.portal_l1).create({"name": "Mine", "code": "MINE"})
        # configuration is readable (shown on the portal)
        self.region_zj.with_user(self.portal_l1).read(["name"])

    def test_dealer_user_reads_but_cannot_configure(self):
        self.assertIn(self.auth_l2, self.env["dealer.authorization"].with_user(self.dealer_user).search([]))
        with self.assertRaises(AccessError):
            self.env["dealer.authorization"].with_user(self.dealer_user).create({
                "partner_id": self.store.id, "region_id": self.region_zj.id,
            })
        with self.assertRaises(AccessError):
            self.level_l1.with_user(self.dealer_user).write({"name": "Renamed"})

    def test_multi_company(self):
        company_b = self.env["res.company"].create({"name": "Brand B"})
        auth_b = self.env["dealer.authorization"].create({
            "partner_id": self.l1.id, "region_id": self.region_js.id, "company_id": company_b.id,
        })
        user_a = new_test_user(self.env, "company_a_user", groups="dealer_base.group_dealer_user",
                               company_id=self.env.company.id, company_ids=[self.env.company.id])
        visible = self.env["dealer.authorization"].with_user(user_a).search([("partner_id", "=", self.l1.id)])
        self.assertEqual(visible, self.auth_l1)
        self.assertNotIn(auth_b, visible)

    def test_portal_dealer_data_of_others_hidden(self):
        # own company readable (level, code...), another dealer's record is not
        own = self.l1.with_user(self.portal_l1).read(["dealer_level_id", "dealer_code", "dealer_state"])[0]
        self.assertEqual(own["dealer_code"], self.l1.dealer_code)
        with self.assertRaises(AccessError):
            self.l2.with_user(self.portal_l1).read(["dealer_code"])
        self.assertFalse(self.env["res.partner"].with_user(self.portal_l1).search([
            ("is_dealer", "=", True), ("id", "!=", self.l1.id),
        ]))
