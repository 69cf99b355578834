from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import DealerBaseCommon


@tagged("at_install", "dealer_base")
class TestRegions(DealerBaseCommon):
    def test_containment(self):
        self.assertEqual(self.region_east.all_state_ids, self.zhejiang | self.jiangsu)
        self.assertEqual(self.region_zj.all_state_ids, self.zhejiang)
        self.assertTrue(self.region_east._contains_partner(self.l1))
        self.assertTrue(self.region_zj._contains_partner(self.l1))
        self.assertFalse(self.region_js._contains_partner(self.l1))
        self.assertFalse(self.region_south._contains_partner(self.l1))
        # a province listed on the parent itself counts too
        self.region_south.state_ids = [Command.link(self.env.ref("base.state_cn_HI").id)]
        self.assertEqual(
            self.region_south.all_state_ids, self.guangdong | self.env.ref("base.state_cn_HI")
        )

    def test_covering_regions(self):
        Region = self.env["dealer.region"]
        mine = self.region_east | self.region_zj | self.region_js | self.region_south | self.region_gd
        # regions of other trees (e.g. demo data) are left out of the comparison
        self.assertEqual(Region._get_covering_regions(self.zhejiang) & mine, self.region_east | self.region_zj)
        self.assertEqual(Region._get_covering_regions(self.guangdong) & mine, self.region_south | self.region_gd)
        self.assertFalse(Region._get_covering_regions(self.env.ref("base.state_cn_XZ")) & mine)
        deep = Region.create({
            "name": "Hangzhou area", "code": "T-HZ", "parent_id": self.region_zj.id,
        })
        self.region_zj.state_ids = [Command.clear()]
        deep.state_ids = [Command.set(self.zhejiang.ids)]
        with self.assertQueryCount(2):  # the region search, the paths
            covering = Region._get_covering_regions(self.zhejiang)
        self.assertEqual(covering & (mine | deep), self.region_east | self.region_zj | deep)
        self.assertEqual(deep.complete_name, "Test East / Test Zhejiang / Hangzhou area")

    def test_province_in_two_trees(self):
        # a second territory tree (e.g. a key-account channel) may reuse provinces
        ka = self.env["dealer.region"].create({
            "name": "KA Yangtze delta", "code": "T-KA", "state_ids": [Command.set((self.zhejiang | self.jiangsu).ids)],
        })
        covering = self.env["dealer.region"]._get_covering_regions(self.zhejiang)
        self.assertEqual(covering & (self.region_east | self.region_zj | ka), self.region_east | self.region_zj | ka)

    def test_region_cycle(self):
        with self.assertRaises(UserError):  # ValidationError is a UserError
            self.region_east.parent_id = self.region_zj

    @mute_logger("odoo.sql_db")
    def test_region_code_unique(self):
        with self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env["dealer.region"].create({"name": "Dup", "code": "T-EAST"})
            self.env.flush_all()


@tagged("at_install", "dealer_base")
class TestAuthorizations(DealerBaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_l1 = cls._create_dealer("Other L1", cls.level_l1, cls.jiangsu, parent=cls.branch)

    def test_exclusive_same_region_rejected(self):
        self._authorize(self.l1, self.region_zj, exclusive=True)
        with self.assertRaises(ValidationError):
            self._authorize(self.other_l1, self.region_zj, exclusive=True)

    def test_exclusive_parent_child_rejected(self):
        self._authorize(self.l1, self.region_zj, exclusive=True)
        with self.assertRaises(ValidationError):
            self._authorize(self.other_l1, self.region_east, exclusive=True)
        self._authorize(self.other_l1, self.region_js, exclusive=True)  # sibling region: fine

    def test_exclusive_across_region_trees(self):
        ka = self.env["dealer.region"].create({
            "name": "KA Yangtze delta", "code": "T-KA", "state_ids": [Command.set((self.zhejiang | self.jiangsu).ids)],
        })
        self._authorize(self.l1, self.region_zj, exclusive=True)
        with self.assertRaises(ValidationError):
            self._authorize(self.other_l1, ka, exclusive=True)

    def test_exclusive_disjoint_dates_ok(self):
        self._authorize(self.l1, self.region_zj, exclusive=True, date_from=date(2026, 1, 1), date_to=date(2026, 6, 30))
        self._authorize(self.other_l1, self.region_zj, exclusive=True, date_from=date(2026, 7, 1))
        with self.assertRaises(ValidationError):
            self._authorize(self.store, self.region_zj, exclusive=True, date_to=date(2026, 1, 31))

    def test_exclusive_categories(self):
        self._authorize(self.l1, self.region_zj, exclusive=True, product_categ_ids=[Command.set(self.categ_food.ids)])
        # disjoint category: fine
        self._authorize(self.other_l1, self.region_zj, exclusive=True,
                        product_categ_ids=[Command.set(self.categ_office.ids)])
        # a sub-category of an exclusive category overlaps it
        with self.assertRaises(ValidationError):
            self._authorize(self.l2, self.region_zj, exclusive=True,
                            product_categ_ids=[Command.set(self.categ_clock.ids)])
        # all categories overlap everything
        with self.assertRaises(ValidationError):
            self._authorize(self.store, self.region_east, exclusive=True)

    def test_non_exclusive_may_overlap(self):
        self._authorize(self.l1, self.region_zj, exclusive=True)
        self._authorize(self.store, self.region_zj)
        self._authorize(self.other_l1, self.region_east)
        self.assertEqual(len(self.region_zj.authorization_ids), 2)

    def test_same_dealer_and_archived(self):
        self._authorize(self.l1, self.region_zj, exclusive=True)
        self._authorize(self.l1, self.region_east, exclusive=True)  # same dealer: no conflict
        archived = self._authorize(self.other_l1, self.region_gd, exclusive=True)
        archived.active = False
        self._authorize(self.l2, self.region_gd, exclusive=True)
        with self.assertRaises(ValidationError):
            archived.active = True

    def test_bad_input(self):
        with self.assertRaises(ValidationError):
            self._authorize(self.l1, self.region_zj, date_from=date(2026, 5, 1), date_to=date(2026, 4, 1))
        customer = self.env["res.partner"].create({"name": "Consumer"})
        with self.assertRaises(ValidationError):
            self._authorize(customer, self.region_zj)
        self.assertFalse(self.env["dealer.authorization"].search([("region_id", "=", self.region_zj.id)]))

    @freeze_time("2026-06-15")
    def test_validity(self):
        Auth = self.env["dealer.authorization"]
        past = self._authorize(self.l1, self.region_zj, date_to=date(2026, 1, 31))
        current = self._authorize(self.l1, self.region_js, date_from=date(2026, 1, 1))
        future = self._authorize(self.l1, self.region_gd, date_from=date(2027, 1, 1))
        self.assertEqual((past | current | future).mapped("validity"), ["expired", "valid", "future"])
        mine = [("partner_id", "=", self.l1.id)]
        self.assertEqual(Auth.search(mine + [("validity", "=", "valid")]), current)
        self.assertEqual(Auth.search(mine + [("validity", "!=", "valid")]), past | future)
        self.assertEqual(Auth.search(mine + [("validity", "in", ["expired", "future"])]), past | future)

    def test_chatter_on_partner(self):
        auth = self.env["dealer.authorization"].with_context(tracking_disable=False).create({
            "partner_id": self.l1.id, "region_id": self.region_zj.id,
        })
        self.assertIn(auth.name, self.l1.message_ids[0].body)
        auth.active = False
        self.assertIn("revoked", self.l1.message_ids[0].body)
