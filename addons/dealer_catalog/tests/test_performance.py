from odoo import Command
from odoo.tests import tagged

from .common import DealerCatalogCommon


@tagged("post_install", "-at_install")
class TestCatalogPerformance(DealerCatalogCommon):
    """Hot paths keep a flat query count whatever the number of pools or dealers."""

    def _make_pools(self, count):
        tiers = [self.tier_ka, self.tier_a, self.tier_c]
        types = [self.type_outlet, self.type_ka_store, self.type_wholesale, self.type_retail]
        contents = [
            {"categ_ids": [Command.set(self.categ_stationery.ids)]},
            {"product_tmpl_ids": [Command.set(self.clock.product_tmpl_id.ids)]},
            {"front_category_ids": [Command.set(self.front_office_set.ids)]},
        ]
        vals_list = []
        for i in range(count):
            vals_list.append({
                "name": f"Perf pool {i}",
                "mode": "deny" if i % 10 == 9 else "allow",
                "tier_ids": [Command.set(tiers[i % 3].ids)] if i % 2 else [],
                "type_ids": [Command.set(types[i % 4].ids)] if i % 3 else [],
                "partner_ids": [Command.set(self.retail_store.ids)] if i % 7 == 3 else [],
                **contents[i % 3],
            })
        return self.env["dealer.product.pool"].create(vals_list)

    def _count_allowed_search(self, expected):
        Product = self.env["product.product"]
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=expected):
            domain = self.env["dealer.product.pool"].allowed_product_domain(self.store)
            products = Product.search(domain)
        return products

    def test_allowed_domain_query_count_flat_in_pools(self):
        self._make_pools(2)
        few = self._count_allowed_search(2)
        self.assertTrue(few)
        self._make_pools(198)
        many = self._count_allowed_search(2)
        self.assertTrue(many)
        # same query count, and the domain is still one subquery term
        domain = self.env["dealer.product.pool"].allowed_product_domain(self.store)
        self.assertEqual(len(domain), 1)

    def test_confirmation_check_query_count_flat_in_pools(self):
        order = self._order_lines(self.store, [(self.pen, 5), (self.notebook, 5), (self.clock, 1)])
        self._make_pools(2)
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=12):
            order._dealer_catalog_errors()
            order._dealer_moq_errors()
        self._make_pools(198)
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=12):
            order._dealer_catalog_errors()
            order._dealer_moq_errors()

    def test_pricelist_sync_query_count_flat_in_dealers(self):
        Partner = self.env["res.partner"]
        rule = self.env["dealer.pricelist.rule"].create({
            "type_id": self.type_ka_store.id, "pricelist_id": self.pl_ka.id,
        })

        def make_dealers(count, prefix):
            return Partner.create([{
                "name": f"{prefix} {i}", "is_company": True, "dealer_level_id": self.level_store.id,
                "dealer_type_id": self.type_ka_store.id,
                "dealer_tier_id": (self.tier_ka if i % 2 else self.tier_c).id,
            } for i in range(count)])

        few = make_dealers(5, "Few")
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=10):
            rule.pricelist_id = self.pl_wholesale
            self.env.flush_all()
        self.assertEqual(few.mapped("property_product_pricelist"), self.pl_wholesale)
        many = make_dealers(60, "Many")
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=10):
            rule.pricelist_id = self.pl_ka
            self.env.flush_all()
        self.assertEqual((few | many).mapped("property_product_pricelist"), self.pl_ka)
