from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DealerPortalHttpCommon


@tagged("post_install", "-at_install")
class TestDealerDownline(DealerPortalHttpCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # dealer A's downline: two stores, one with a confirmed order
        cls.store_a1 = cls._create_dealer("甲下属门店一", cls.level_store, cls.state_e1, parent=cls.dealer,
                                          city="杭州")
        cls.store_a2 = cls._create_dealer("甲下属门店二", cls.level_store, cls.state_e1, parent=cls.dealer)
        cls.store_b1 = cls._create_dealer("乙下属门店", cls.level_store, cls.state_e2, parent=cls.dealer_b)
        cls.store_a1._dealer_grant_products(cls.items)
        cls._authorize(cls.store_a1, cls.region_e1)
        cls.order_a1 = cls._create_order(partner=cls.store_a1, lines=[(cls.item_a, 2, 100.0)])
        cls.order_a1.action_confirm()

    def test_downline_data(self):
        data = self.dealer.with_user(self.portal_user)._dealer_portal_downline()
        self.assertEqual(data["partners"], self.store_a1 | self.store_a2)
        self.assertEqual(data["total"], 2)
        count, amount, last = data["stats"][self.store_a1.id]
        self.assertEqual((count, amount), (1, 200.0))
        self.assertTrue(last)
        self.assertNotIn(self.store_a2.id, data["stats"])
        self.assertEqual(self.dealer._dealer_portal_downline(search="杭州")["partners"], self.store_a1)
        with self.assertRaises(AccessError):
            self.dealer._dealer_portal_downline_partner(self.store_b1.id)

    def test_downline_queries_flat(self):
        self.dealer._dealer_portal_downline()
        self.env.invalidate_all()
        with self.assertQueryCount(7):  # measured: 6 (search, count, partner fields, orders grouped)
            self.dealer._dealer_portal_downline()
        self.env["res.partner"].create([{
            "name": f"甲批量门店{index}", "is_company": True, "dealer_level_id": self.level_store.id,
            "dealer_state": "active", "dealer_parent_id": self.dealer.id,
        } for index in range(30)])
        self.dealer._dealer_portal_downline()
        self.env.invalidate_all()
        with self.assertQueryCount(7):
            data = self.dealer._dealer_portal_downline()
        self.assertEqual(data["total"], 32)

    def test_downline_pages(self):
        self.authenticate("dp_dealer", "dp_dealer")
        page = self.url_open("/my/downline")
        self.assertEqual(page.status_code, 200)
        self.assertIn("甲下属门店一", page.text)
        self.assertNotIn("乙下属门店", page.text)
        detail = self.url_open(f"/my/downline/{self.store_a1.id}")
        self.assertEqual(detail.status_code, 200)
        self.assertIn(self.order_a1.name, detail.text)
        self.assertEqual(self.url_open(f"/my/downline/{self.store_b1.id}").status_code, 404)
        self.assertEqual(self.url_open(f"/my/downline/{self.dealer_b.id}").status_code, 404)
        # the store sees no downline of its own, nor its upline's
        self.authenticate("dp_store", "dp_store")
        self.assertNotIn("甲下属门店一", self.url_open("/my/downline").text)
        self.assertEqual(self.url_open(f"/my/downline/{self.store_a1.id}").status_code, 404)
