from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import DealerCatalogCommon


@tagged("post_install", "-at_install")
class TestCatalogAccess(DealerCatalogCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pool = cls._pool("Stationery", categ_ids=cls.categ_stationery)
        cls.rule = cls.env["dealer.pricelist.rule"].create({
            "type_id": cls.type_ka_store.id, "pricelist_id": cls.pl_ka.id,
        })
        cls.moq = cls.env["dealer.moq.rule"].create({"categ_id": cls.categ_pens.id, "min_qty": 12, "multiple_qty": 12})
        cls.portal_store = new_test_user(cls.env, "test_portal_store", groups="base.group_portal")
        cls.portal_store.partner_id.parent_id = cls.store
        cls.portal_ka = new_test_user(cls.env, "test_portal_ka", groups="base.group_portal")
        cls.portal_ka.partner_id.parent_id = cls.ka_store
        cls.dealer_user = new_test_user(cls.env, "test_dealer_user", groups="dealer_base.group_dealer_user")
        cls.dealer_manager = new_test_user(cls.env, "test_dealer_manager", groups="dealer_base.group_dealer_manager")

    def test_portal_cannot_read_pools_rules_or_other_pricelists(self):
        env = self.env(user=self.portal_store)
        with self.assertRaises(AccessError):
            env["dealer.product.pool"].browse(self.pool.id).read(["name"])
        with self.assertRaises(AccessError):
            env["dealer.pricelist.rule"].browse(self.rule.id).read(["pricelist_id"])
        with self.assertRaises(AccessError):
            env["dealer.moq.rule"].browse(self.moq.id).read(["min_qty"])
        # the pricelist of another dealer (the KA store)
        self.assertEqual(self.ka_store.property_product_pricelist, self.pl_ka)
        with self.assertRaises(AccessError):
            env["product.pricelist"].browse(self.pl_ka.id).read(["name", "item_ids"])

    def test_portal_helpers(self):
        """What the portal shows a dealer: its catalog, its MOQ hints, active front categories."""
        env = self.env(user=self.portal_store)
        partner = env.user.commercial_partner_id
        self.assertEqual(partner, self.store)
        # portal users have no access to products: the portal controller reads them
        # with sudo() once the dealer is known, as the helpers below do
        with self.assertRaises(AccessError):
            env["product.product"].browse(self.pen.id).read(["name"])
        products = self.all_products.with_env(env).sudo()
        self.assertEqual(partner.sudo()._dealer_allowed_products(products), self.pen | self.notebook)
        hints = env["dealer.moq.rule"]._get_moq_for(partner, self.pen.with_env(env).sudo())
        self.assertEqual(hints, {self.pen.id: (12.0, 12.0)})
        fronts = env["dealer.front.category"].search([("id", "in", (self.front_school | self.front_office_set).ids)])
        self.assertEqual(fronts, self.front_school | self.front_office_set)
        self.front_office_set.active = False
        self.assertFalse(env["dealer.front.category"].search([("id", "=", self.front_office_set.id)]))
        with self.assertRaises(AccessError):
            env["dealer.front.category"].browse(self.front_school.id).write({"name": "Hacked"})

    def test_dealer_user_reads_manager_configures(self):
        user_env = self.env(user=self.dealer_user)
        self.assertEqual(user_env["dealer.product.pool"].browse(self.pool.id).name, "Stationery")
        with self.assertRaises(AccessError):
            user_env["dealer.product.pool"].browse(self.pool.id).write({"name": "Changed"})
        with self.assertRaises(AccessError):
            user_env["dealer.pricelist.rule"].create({"pricelist_id": self.pl_outlet.id})
        manager_env = self.env(user=self.dealer_manager)
        pool = manager_env["dealer.product.pool"].create({
            "name": "Manager pool", "tier_ids": [Command.set(self.tier_ka.ids)],
            "product_tmpl_ids": [Command.set(self.clock.product_tmpl_id.ids)],
        })
        self.assertEqual(self.ka_store._dealer_allowed_products(self.clock), self.clock)
        # a rule change by a manager re-syncs dealers even without write access on every contact
        manager_env["dealer.pricelist.rule"].browse(self.rule.id).pricelist_id = self.pl_wholesale
        self.ka_store.invalidate_recordset()
        self.assertEqual(self.ka_store.property_product_pricelist, self.pl_wholesale)
        self.assertTrue(pool)

    def test_dealer_created_by_a_partner_manager_gets_its_pricelist(self):
        """The sync runs whatever the rights of the user who changes a dealer."""
        clerk = new_test_user(self.env, "test_partner_clerk", groups="base.group_user,base.group_partner_manager")
        dealer = self.env["res.partner"].with_user(clerk).create({
            "name": "Test KA by clerk", "is_company": True,
            "dealer_level_id": self.level_store.id, "dealer_type_id": self.type_ka_store.id,
        })
        self.assertEqual(dealer.sudo().property_product_pricelist, self.pl_ka)
        dealer.with_user(clerk).dealer_type_id = self.type_outlet
        self.assertFalse(dealer.sudo().specific_property_product_pricelist, "no rule for outlets: default pricelist")

    def test_multi_company(self):
        other_company = self.env["res.company"].create({"name": "Test Other Company"})
        other_pool = self.pool.copy({"company_id": other_company.id})
        user_env = self.env(user=self.dealer_user)
        self.assertFalse(user_env["dealer.product.pool"].search([("id", "=", other_pool.id)]))
        self.dealer_user.company_ids = [Command.link(other_company.id)]
        visible = user_env["dealer.product.pool"].with_context(allowed_company_ids=[other_company.id]).search(
            [("id", "=", other_pool.id)]
        )
        self.assertEqual(visible, other_pool)
