from odoo import Command
from odoo.tests import tagged

from .common import DealerPortalCommon

# measured: 40 with 2 or 40 products (cold ORM cache): user and rules, search + count,
# pricelist, MOQ rules, default warehouse and free stock, front categories, and (9 of them)
# the products' sales taxes and the dealer's fiscal position, to show the prices in the
# company's tax convention
CATALOG_QUERY_BUDGET = 42


@tagged("post_install", "-at_install")
class TestDealerCatalog(DealerPortalCommon):

    def _catalog(self, user, **kwargs):
        dealer = user.partner_id.commercial_partner_id
        return self.env["product.product"].with_user(user)._dealer_portal_catalog(dealer.with_user(user), **kwargs)

    def test_catalog_is_the_dealers_pool_at_its_prices(self):
        data = self._catalog(self.portal_user)
        self.assertEqual(data["products"], self.item_a | self.item_b)
        self.assertEqual(data["total"], 2)
        self.assertEqual(data["prices"], {self.item_a.id: 100.0, self.item_b.id: 50.0})
        self.assertEqual(data["moq"], {self.item_b.id: (6.0, 6.0)})
        self.assertEqual(self.item_b._dealer_portal_moq_label(6.0, 6.0), "min 6, multiple of 6")
        # dealer B's catalog has item C too; nobody sees the product in no pool
        data_b = self._catalog(self.portal_user_b)
        self.assertEqual(data_b["products"], self.item_a | self.item_b | self.item_c)
        self.assertNotIn(self.item_hidden, data["products"] | data_b["products"])

    def test_dealer_prices_follow_its_pricelist(self):
        pricelist = self.env["product.pricelist"].create({
            "name": "Dealer A price", "currency_id": self.currency.id, "company_id": self.company.id,
            "item_ids": [Command.create({
                "applied_on": "0_product_variant", "product_id": self.item_a.id,
                "compute_price": "fixed", "fixed_price": 82.0,
            })],
        })
        self.dealer.property_product_pricelist = pricelist
        data = self._catalog(self.portal_user)
        self.assertEqual(data["prices"][self.item_a.id], 82.0)
        self.assertEqual(data["prices"][self.item_b.id], 50.0)

    def test_search_category_and_paging(self):
        self.assertEqual(self._catalog(self.portal_user, search="DP-B")["products"], self.item_b)
        self.assertEqual(self._catalog(self.portal_user, search="商品A")["products"], self.item_a)
        self.assertFalse(self._catalog(self.portal_user, search="DP-C")["products"], "not in dealer A's pool")
        by_category = self._catalog(self.portal_user, category=self.front_top)
        self.assertEqual(by_category["products"], self.item_a)
        child = self.env["dealer.front.category"].create({
            "name": "测试子类", "parent_id": self.front_top.id,
            "product_tmpl_ids": [Command.set(self.item_b.product_tmpl_id.ids)],
        })
        self.assertEqual(self._catalog(self.portal_user, category=self.front_top)["products"],
                         self.item_a | self.item_b, "a category shows its sub-categories' products")
        self.assertEqual(self._catalog(self.portal_user, category=child)["products"], self.item_b)
        first = self._catalog(self.portal_user, limit=1, offset=0)
        second = self._catalog(self.portal_user, limit=1, offset=1)
        self.assertEqual((first["total"], len(first["products"])), (2, 1))
        self.assertEqual(first["products"] | second["products"], self.item_a | self.item_b)

    def test_category_counts_are_per_dealer(self):
        counts_a = dict(self._catalog(self.portal_user)["categories"])
        counts_b = dict(self._catalog(self.portal_user_b)["categories"])
        self.assertEqual(counts_a, {self.front_top: 1})
        self.assertEqual(counts_b, {self.front_top: 2})

    def test_stock_levels(self):
        self.company.dealer_portal_low_stock = 20.0
        quants = self.env["stock.quant"]
        quants._update_available_quantity(self.item_b, self.warehouse.lot_stock_id, -990.0)  # 10 left
        empty = self._create_item("测试商品空", 5.0)
        service = self.env["product.product"].create({"name": "测试服务", "type": "service"})
        stock = (self.item_a | self.item_b | empty | service)._dealer_portal_stock()
        self.assertEqual(stock[self.item_a.id][0], "in")
        self.assertEqual(stock[self.item_b.id], ("low", 10.0))
        self.assertEqual(stock[empty.id], ("out", 0.0))
        self.assertEqual(stock[service.id], ("in", None), "services are always available")

    def _catalog_queries(self):
        """Queries of one catalog page (24 products) with warm caches, cold ORM cache."""
        self.env.flush_all()  # pending writes of the fixture first: flushing them clears caches
        for _warmup in range(2):
            self._catalog(self.portal_user, limit=24)
        # the first invalidation flushes what the warm-up computed, which clears the
        # registry caches: the steady state is the next calls
        counts = []
        for _measure in range(3):
            self.env.invalidate_all()
            count = self.cr.sql_log_count
            data = self._catalog(self.portal_user, limit=24)
            counts.append(self.cr.sql_log_count - count)
        return counts[-1], data

    def test_catalog_queries_flat_in_catalog_size(self):
        """The page costs the same number of queries for 2 or 40 authorized products,
        with or without MOQ rules and front categories on them."""
        # the products bear the company's default sales tax, as the new ones below (the
        # prices are shown in the company's tax convention)
        (self.item_a | self.item_b).product_tmpl_id.taxes_id = self.company.account_sale_tax_id
        small, data = self._catalog_queries()
        self.assertEqual(data["total"], 2)
        more = self.env["product.product"].create([{
            "name": f"测试批量商品{index}", "type": "consu", "is_storable": True, "list_price": 10.0 + index,
            "default_code": f"DP-M{index:02d}",
            "dealer_front_category_ids": [Command.set(self.front_top.ids)],
        } for index in range(38)])
        self.dealer._dealer_grant_products(more)
        self.env["dealer.moq.rule"].create([{
            "applies_on": "product", "product_tmpl_id": product.product_tmpl_id.id, "min_qty": 2.0,
            "company_id": self.company.id,
        } for product in more[:10]])
        large, data = self._catalog_queries()
        self.assertEqual((data["total"], len(data["products"])), (40, 24))
        self.assertLessEqual(large, small, "queries must not grow with the catalog")
        with self.assertQueryCount(CATALOG_QUERY_BUDGET):
            self.env.invalidate_all()
            self._catalog(self.portal_user, limit=24)

    def test_settings_are_validated(self):
        from odoo.exceptions import ValidationError

        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.company.dealer_portal_page_size = 0
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.company.dealer_portal_low_stock = -1
        self.assertEqual(self.company.dealer_portal_page_size, 24)
