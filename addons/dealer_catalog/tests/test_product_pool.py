from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import DealerCatalogCommon


@tagged("post_install", "-at_install")
class TestProductPool(DealerCatalogCommon):
    def test_no_pool_nothing_allowed(self):
        self.assertFalse(self._allowed(self.store))

    def test_empty_dimensions_match_every_dealer(self):
        self._pool("Everyone", categ_ids=self.categ_stationery)
        for dealer in (self.store, self.ka_store, self.wholesale_store, self.l1, self.branch):
            self.assertEqual(self._allowed(dealer), self.pen | self.notebook, dealer.name)
        self.assertFalse(self._allowed(self.customer), "pools are for dealers only")

    def test_matching_matrix(self):
        """Each dimension restricts; values of one dimension are alternatives; dimensions combine."""
        self._pool("By tier", tier_ids=self.tier_ka, product_tmpl_ids=self.clock.product_tmpl_id)
        self._pool("By type", type_ids=self.type_wholesale | self.type_retail,
                   product_tmpl_ids=self.printer.product_tmpl_id)
        self._pool("By mode", sales_mode_ids=self.mode_direct, product_tmpl_ids=self.shredder.product_tmpl_id)
        self._pool("By level", level_ids=self.level_l1 | self.level_branch, product_tmpl_ids=self.pen.product_tmpl_id)
        self._pool("By dealer", partner_ids=self.retail_store, product_tmpl_ids=self.notebook.product_tmpl_id)
        self._pool("Tier and type", tier_ids=self.tier_a, type_ids=self.type_outlet,
                   product_tmpl_ids=self.notebook.product_tmpl_id)
        expected = {
            self.ka_store: self.clock,
            self.wholesale_store: self.printer | self.shredder,
            self.retail_store: self.printer | self.notebook,  # tier A but type retail: not "tier and type"
            self.store: self.notebook,  # tier A outlet
            self.l1: self.pen | self.notebook,
            self.branch: self.pen | self.notebook,
            self.l2: self.notebook,
        }
        for dealer, products in expected.items():
            self.assertEqual(self._allowed(dealer), products, dealer.name)

    def test_deny_overrides_allow(self):
        self._pool("All equipment", categ_ids=self.categ_equipment)
        self._pool("No printer for wholesale", mode="deny", type_ids=self.type_wholesale,
                   product_tmpl_ids=self.printer.product_tmpl_id)
        self.assertEqual(self._allowed(self.wholesale_store), self.clock | self.shredder)
        self.assertEqual(self._allowed(self.store), self.clock | self.printer | self.shredder,
                         "a deny pool of another type does not apply")
        # a deny pool alone grants nothing
        self._pool("Deny pens", mode="deny", categ_ids=self.categ_pens)
        self.assertNotIn(self.pen, self._allowed(self.store))

    def test_overlapping_allow_pools_add_up(self):
        self._pool("Stationery", categ_ids=self.categ_stationery)
        self._pool("Office set", front_category_ids=self.front_office_set)
        self._pool("Clock again", product_tmpl_ids=self.clock.product_tmpl_id)
        self.assertEqual(self._allowed(self.store), self.pen | self.notebook | self.clock | self.shredder)

    def test_inactive_and_other_company_pools_ignored(self):
        pool = self._pool("Stationery", categ_ids=self.categ_stationery)
        pool.active = False
        self.assertFalse(self._allowed(self.store))
        pool.active = True
        other_company = self.env["res.company"].create({"name": "Test Other Company"})
        pool.company_id = other_company
        self.assertFalse(self._allowed(self.store))
        self.assertEqual(
            self.store.with_company(other_company)._dealer_allowed_products(self.all_products),
            self.pen | self.notebook,
        )
        pool.company_id = False
        self.assertEqual(self._allowed(self.store), self.pen | self.notebook, "a pool without company is shared")

    def test_back_categories_include_children_and_follow_changes(self):
        pool = self._pool("Stationery", categ_ids=self.categ_stationery)
        self.assertEqual(pool.content_tmpl_ids, (self.pen | self.notebook).product_tmpl_id)
        # a new product of a sub-category
        marker = self.env["product.product"].create({"name": "Test Marker", "categ_id": self.categ_pens.id})
        self.assertIn(marker.product_tmpl_id, pool.content_tmpl_ids)
        self.assertIn(marker, self._allowed(self.store, marker))
        # product moved out of the category
        self.pen.categ_id = self.categ_equipment
        self.assertNotIn(self.pen, self._allowed(self.store))
        # category moved under another root
        self.categ_pens.parent_id = self.categ_equipment
        self.assertNotIn(marker.product_tmpl_id, pool.content_tmpl_ids)
        self.categ_equipment.parent_id = self.categ_stationery
        self.assertEqual(self._allowed(self.store), self.all_products)

    def test_front_categories_include_children_and_follow_changes(self):
        pool = self._pool("School", front_category_ids=self.front_school)
        self.assertEqual(self._allowed(self.store), self.clock | self.printer | self.notebook)
        self.front_top_student.product_tmpl_ids = [Command.unlink(self.printer.product_tmpl_id.id)]
        self.assertEqual(self._allowed(self.store), self.clock | self.notebook)
        self.pen.product_tmpl_id.dealer_front_category_ids = [Command.link(self.front_top_student.id)]
        self.assertIn(self.pen, self._allowed(self.store))
        self.front_top_student.parent_id = False
        self.assertFalse(self._allowed(self.store))
        self.front_top_student.parent_id = self.front_school
        self.assertTrue(self._allowed(self.store))
        self.front_top_student.unlink()
        self.assertFalse(pool.content_tmpl_ids)

    def test_pool_content_edit(self):
        pool = self._pool("Clock", product_tmpl_ids=self.clock.product_tmpl_id)
        pool.write({"product_tmpl_ids": [Command.set(self.shredder.product_tmpl_id.ids)]})
        self.assertEqual(self._allowed(self.store), self.shredder)
        pool.write({"categ_ids": [Command.set(self.categ_pens.ids)]})
        self.assertEqual(self._allowed(self.store), self.shredder | self.pen)
        copy = pool.copy()
        self.assertEqual(copy.content_tmpl_ids, pool.content_tmpl_ids)
        self.assertIn("(copy)", copy.name)

    def test_contacts_use_their_company(self):
        self._pool("KA only", tier_ids=self.tier_ka, categ_ids=self.categ_equipment)
        contact = self.env["res.partner"].create({"name": "Buyer of KA", "parent_id": self.ka_store.id})
        self.assertEqual(contact._dealer_allowed_products(self.all_products), self.clock | self.printer | self.shredder)

    def test_searchable_catalog_fields(self):
        self._pool("Stationery", categ_ids=self.categ_stationery)
        self._pool("KA equipment", tier_ids=self.tier_ka, categ_ids=self.categ_equipment)
        Product = self.env["product.product"]
        ids = self.all_products.ids
        self.assertEqual(
            Product.search([("id", "in", ids), ("dealer_catalog_partner_id", "=", self.store.id)]),
            self.pen | self.notebook,
        )
        self.assertEqual(
            Product.search([("id", "in", ids), ("dealer_catalog_partner_id", "in", [self.store.id, self.ka_store.id])]),
            self.all_products,
        )
        templates = self.env["product.template"].search([
            ("id", "in", self.all_products.product_tmpl_id.ids), ("dealer_catalog_partner_id", "=", self.ka_store.id),
        ])
        self.assertEqual(templates, self.all_products.product_tmpl_id)

    def test_counts(self):
        pool = self._pool("KA equipment", tier_ids=self.tier_ka, categ_ids=self.categ_equipment)
        self.assertEqual(pool.product_count, 3)
        self.assertEqual(pool.dealer_count, 1)
        action = pool.action_view_dealers()
        self.assertEqual(self.env["res.partner"].search(action["domain"]), self.ka_store)
        self.assertEqual(self.ka_store.dealer_catalog_product_count, 3)
        self.assertEqual(self.store.dealer_catalog_product_count, 0)
        self.assertEqual(self.ka_store.dealer_product_pool_ids, pool)
        deny = self._pool("No shredder", mode="deny", product_tmpl_ids=self.shredder.product_tmpl_id)
        self.ka_store.invalidate_recordset(["dealer_product_pool_ids", "dealer_catalog_product_count"])
        self.assertEqual(self.ka_store.dealer_product_pool_ids, pool | deny)
        self.assertEqual(self.ka_store.dealer_catalog_product_count, 2)
        self.assertEqual(
            self.env["res.partner"].search([("dealer_product_pool_ids", "in", deny.ids), ("id", "in", [
                self.store.id, self.ka_store.id, self.customer.id])]),
            self.store | self.ka_store,
        )

    def test_bad_input(self):
        Pool = self.env["dealer.product.pool"]
        with self.assertRaisesRegex(ValidationError, "selects no product"):
            Pool.create({"name": "Empty", "tier_ids": [Command.set(self.tier_ka.ids)]})
        self.assertFalse(Pool.search([("name", "=", "Empty")]), "nothing half-written")
        pool = self._pool("Clock", product_tmpl_ids=self.clock.product_tmpl_id)
        with self.assertRaisesRegex(ValidationError, "selects no product"):
            pool.product_tmpl_ids = [Command.clear()]
        with self.assertRaisesRegex(ValidationError, "not dealers"):
            pool.partner_ids = [Command.set(self.customer.ids)]
