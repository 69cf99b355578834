from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import DealerBaseCommon


@tagged("at_install", "dealer_base")
class TestDealerNetwork(DealerBaseCommon):
    def test_is_dealer_and_code(self):
        self.assertTrue(self.l1.is_dealer)
        self.assertTrue(self.l1.dealer_code)
        self.assertNotEqual(self.l1.dealer_code, self.l2.dealer_code)
        customer = self.env["res.partner"].create({"name": "Walk-in Customer"})
        self.assertFalse(customer.is_dealer)
        self.assertFalse(customer.dealer_code)
        self.assertFalse(customer.dealer_path)
        customer.dealer_level_id = self.level_store
        self.assertTrue(customer.is_dealer)
        self.assertTrue(customer.dealer_code, "a code is assigned when the partner becomes a dealer")
        self.assertEqual(customer.dealer_path, f"{customer.id}/")

    @mute_logger("odoo.sql_db")
    def test_dealer_code_unique(self):
        with self.assertRaises(IntegrityError), self.cr.savepoint():
            self.l2.dealer_code = self.l1.dealer_code
            self.l2.flush_recordset()

    def test_paths(self):
        self.assertEqual(self.branch.dealer_path, f"{self.branch.id}/")
        self.assertEqual(
            self.store.dealer_path, f"{self.branch.id}/{self.l1.id}/{self.l2.id}/{self.store.id}/"
        )
        self.assertEqual(self.l1.dealer_child_ids, self.l2)
        self.assertEqual(self.store._dealer_get_upline_ids(), [self.branch.id, self.l1.id, self.l2.id])

    def test_move_subtree(self):
        other_l1 = self._create_dealer("Other L1", self.level_l1, self.jiangsu, parent=self.branch)
        self.l2.dealer_parent_id = other_l1
        self.assertEqual(self.l2.dealer_path, f"{self.branch.id}/{other_l1.id}/{self.l2.id}/")
        self.assertEqual(
            self.store.dealer_path, f"{self.branch.id}/{other_l1.id}/{self.l2.id}/{self.store.id}/",
            "the whole subtree follows its root",
        )
        self.assertNotIn(self.store, self.env["res.partner"].search(self.l1._dealer_downline_domain()))
        self.assertIn(self.store, self.env["res.partner"].search(other_l1._dealer_downline_domain()))
        # detach to the top of the tree
        self.l2.dealer_parent_id = False
        self.assertEqual(self.store.dealer_path, f"{self.l2.id}/{self.store.id}/")

    def test_cycle_rejected(self):
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.branch.dealer_parent_id = self.branch
        # l1 turned micro-merchant below its own store: a cycle, and its level no longer
        # fits its downline; either way nothing is written
        micro = self.env.ref("dealer_base.dealer_level_micro")
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.l1.write({"dealer_level_id": micro.id, "dealer_parent_id": self.store.id})
        self.l1.invalidate_recordset()
        self.assertEqual(self.l1.dealer_level_id, self.level_l1)
        self.assertEqual(self.l1.dealer_path, f"{self.branch.id}/{self.l1.id}/")
        self.assertEqual(
            self.store.dealer_path, f"{self.branch.id}/{self.l1.id}/{self.l2.id}/{self.store.id}/"
        )

    def test_path_guard_rejects_cycle(self):
        # the materialized path refuses a cycle on its own, whatever the levels
        self.env.cr.execute(
            "UPDATE res_partner SET dealer_parent_id = %s WHERE id = %s", [self.store.id, self.l1.id]
        )
        self.l1.invalidate_recordset()
        with self.assertRaises(ValidationError):
            self.l1._dealer_update_path()

    def test_level_change_checks_downline(self):
        with self.assertRaises(ValidationError):
            self.l2.dealer_level_id = self.env.ref("dealer_base.dealer_level_micro")

    def test_level_order(self):
        with self.assertRaises(ValidationError):
            self._create_dealer("L1 under a store", self.level_l1, self.zhejiang, parent=self.store)
        with self.assertRaises(ValidationError):
            self._create_dealer("Store under a store", self.level_store, self.zhejiang, parent=self.store)

    def test_upline_must_be_dealer(self):
        customer = self.env["res.partner"].create({"name": "Not a dealer", "is_company": True})
        with self.assertRaises(ValidationError):
            self._create_dealer("Orphan", self.level_store, self.zhejiang, parent=customer)

    def test_contact_cannot_be_dealer(self):
        contact = self.env["res.partner"].create({"name": "Buyer", "parent_id": self.l1.id})
        with self.assertRaises(ValidationError):
            contact.dealer_level_id = self.level_store
        self.assertEqual(contact.commercial_partner_id, self.l1)

    def test_cannot_drop_level_with_downline(self):
        with self.assertRaises(ValidationError):
            self.l2.dealer_level_id = False
        self.store.write({"dealer_level_id": False, "dealer_parent_id": False})
        self.assertFalse(self.store.is_dealer)
        self.assertFalse(self.store.dealer_path)

    def test_downline_one_query(self):
        # a wide and deep network below l1
        Partner = self.env["res.partner"]
        l2s = Partner.create([{
            "name": f"Wide L2 {i}", "is_company": True, "dealer_level_id": self.level_l2.id,
            "dealer_parent_id": self.l1.id, "state_id": self.zhejiang.id,
        } for i in range(20)])
        Partner.create([{
            "name": f"Wide store {i}", "is_company": True, "dealer_level_id": self.level_store.id,
            "dealer_parent_id": l2s[i % 20].id, "state_id": self.zhejiang.id,
        } for i in range(200)])
        Partner.search(self.l2._dealer_downline_domain())  # warm-up (flush, caches)
        # the dealers' own paths are loaded: each downline search is then exactly one query
        (self.l1 | self.branch | self.store).mapped("dealer_path")
        with self.assertQueryCount(1):
            downline = Partner.search(self.l1._dealer_downline_domain())
        self.assertEqual(len(downline), 1 + 1 + 20 + 200)  # l2 + store + wide l2s + wide stores
        self.assertNotIn(self.l1, downline)
        self.assertIn(self.store, downline)
        with self.assertQueryCount(1):
            with_self = Partner.search(self.branch._dealer_downline_domain(include_self=True))
        self.assertEqual(len(with_self), 1 + len(downline) + 1)
        # the same single query for the leaf (no downline)
        with self.assertQueryCount(1):
            self.assertFalse(Partner.search(self.store._dealer_downline_domain()))

    def test_downline_count(self):
        partners = self.branch | self.l1 | self.store
        partners.invalidate_recordset(["dealer_downline_count"])
        with self.assertQueryCount(1):
            counts = partners.mapped("dealer_downline_count")
        self.assertEqual(counts, [3, 2, 0])

    def test_activation_and_tenure(self):
        dealer = self._create_dealer("New Store", self.level_store, self.zhejiang, parent=self.l2,
                                     dealer_state="draft")
        self.assertFalse(dealer.dealer_date_start)
        dealer.action_dealer_activate()
        self.assertEqual(dealer.dealer_state, "active")
        self.assertTrue(dealer.dealer_date_start)
        dealer.action_dealer_suspend()
        self.assertEqual(dealer.dealer_state, "suspended")

    def test_region_of_partner(self):
        mine = self.region_east | self.region_zj | self.region_js | self.region_south | self.region_gd
        self.assertEqual(self.l1.dealer_region_ids & mine, self.region_east | self.region_zj)
        found = self.env["res.partner"].search([
            ("dealer_region_ids", "in", self.region_east.ids), ("is_dealer", "=", True),
            ("id", "in", (self.l1 | self.store).ids),
        ])
        self.assertEqual(found, self.l1 | self.store)
        self.assertFalse(self.env["res.partner"].search([
            ("dealer_region_ids", "in", self.region_south.ids), ("id", "in", (self.l1 | self.store).ids),
        ]))
