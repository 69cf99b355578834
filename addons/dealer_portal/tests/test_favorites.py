import re
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import DealerPortalCommon, DealerPortalHttpCommon


class UsualOrdersMixin:

    @classmethod
    def _setup_orders(cls):
        """Dealer A's confirmed orders of the last 90 days: item A 10 + 20 (two orders), item B 6
        (one); an older order and a draft that do not count; dealer B's own order."""
        def confirmed(partner, lines, days_ago=1):
            order = cls._create_order(partner=partner, lines=lines)
            order.action_confirm()
            order.date_order = fields.Datetime.now() - timedelta(days=days_ago)
            return order

        confirmed(cls.dealer, [(cls.item_a, 10, 100.0), (cls.item_b, 6, 50.0)])
        confirmed(cls.dealer, [(cls.item_a, 20, 100.0)], days_ago=30)
        confirmed(cls.dealer, [(cls.item_b, 60, 50.0)], days_ago=100)
        cls._create_order(lines=[(cls.item_b, 600, 50.0)])  # a quotation
        confirmed(cls.dealer_b, [(cls.item_b, 12, 50.0), (cls.item_c, 3, 80.0)])


@tagged("post_install", "-at_install")
class TestUsualAndFavorites(UsualOrdersMixin, DealerPortalCommon):
    """My usual products (常购商品) and favourites of the portal catalog."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_orders()

    def test_usual_products_one_grouped_query(self):
        Product = self.env["product.product"].with_user(self.portal_user)
        usual = Product._dealer_portal_usual(self.dealer)
        self.assertEqual(list(usual), [self.item_a.id, self.item_b.id], "most ordered first")
        self.assertEqual(usual[self.item_a.id], {"orders": 2, "qty": 30.0, "usual_qty": 15.0})
        self.assertEqual(usual[self.item_b.id], {"orders": 1, "qty": 6.0, "usual_qty": 6.0},
                         "the order of 100 days ago and the quotation do not count")
        self.assertEqual(list(Product._dealer_portal_usual(self.dealer_b)), [self.item_b.id, self.item_c.id])
        self.assertEqual(Product._dealer_portal_usual(self.dealer, days=7)[self.item_a.id]["orders"], 1)
        self.env.invalidate_all()
        with self.assertQueryCount(3):  # the grouped lines, then the products and their units
            Product._dealer_portal_usual(self.dealer)
        for _i in range(5):
            order = self._create_order(lines=[(self.item_a, 7, 100.0)])
            order.action_confirm()
        self.env.invalidate_all()
        with self.assertQueryCount(3):  # the same with five more orders: no loop over the orders
            usual = Product._dealer_portal_usual(self.dealer)
        self.assertEqual(usual[self.item_a.id], {"orders": 7, "qty": 65.0, "usual_qty": 10.0},
                         "65 units in 7 orders: 9.29 a time, rounded up to 10")

    def test_catalog_tabs(self):
        Product = self.env["product.product"].with_user(self.portal_user)
        usual = list(Product._dealer_portal_usual(self.dealer_b))
        data = Product._dealer_portal_catalog(self.dealer_b, ranked_ids=usual)
        self.assertEqual(data["products"].ids, usual, "in the usual order, not by name")
        self.item_c.product_tmpl_id.sale_ok = False
        data = Product._dealer_portal_catalog(self.dealer_b, ranked_ids=usual)
        self.assertEqual((data["products"], data["total"]), (self.item_b, 1), "only what is still in the catalog")
        data = Product._dealer_portal_catalog(self.dealer, ranked_ids=[self.item_c.id, self.item_a.id])
        self.assertEqual(data["products"], self.item_a, "never a product outside the dealer's pools")

    def test_favorites_are_the_dealers_own(self):
        Favorite = self.env["dealer.portal.favorite"]
        self.assertTrue(Favorite.with_user(self.portal_user)._dealer_portal_toggle(self.item_a))
        favorite = Favorite.search([("partner_id", "=", self.dealer.id)])
        self.assertEqual((favorite.product_id, favorite.user_id), (self.item_a, self.portal_user))
        other = self._create_portal_user(self.dealer, "dp_dealer_2")
        self.assertEqual(Favorite.with_user(other).search([]), favorite, "shared by the dealer's buyers")
        self.assertEqual(Favorite.with_user(self.portal_user_b).search([]), Favorite, "dealer B sees none")
        with self.assertRaises(AccessError):
            Favorite.with_user(self.portal_user_b).create({"partner_id": self.dealer.id,
                                                           "product_id": self.item_b.id})
        with self.assertRaises(AccessError):
            favorite.with_user(self.portal_user_b).unlink()
        with self.assertRaises(AccessError):
            favorite.with_user(self.portal_user).write({"product_id": self.item_b.id})
        count = Favorite.search_count([])
        with self.assertRaises(ValidationError) as error:
            Favorite.with_user(self.portal_user)._dealer_portal_toggle(self.item_c)
        self.assertIn("Not in your catalog", str(error.exception))
        self.assertEqual(Favorite.search_count([]), count, "nothing written")
        self.assertFalse(Favorite.with_user(other)._dealer_portal_toggle(self.item_a), "unstarred")
        self.assertFalse(favorite.exists())


@tagged("post_install", "-at_install")
class TestUsualAndFavoritesPages(UsualOrdersMixin, DealerPortalHttpCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_orders()

    def _post(self, url, data, page="/my/catalog"):
        return self.url_open(url, data={"csrf_token": self._csrf(page), **data})

    def _catalog_ids(self, query=""):
        text = self.url_open(f"/my/catalog{query}").text
        found = re.findall(r'o_dealer_catalog_product" data-product-id="(\d+)"', text)
        return [int(product_id) for product_id in found]

    def test_star_and_favourites_tab(self):
        self.authenticate("dp_dealer", "dp_dealer")
        self.assertIn("o_dealer_no_favorites", self.url_open("/my/catalog?tab=favorites").text)
        response = self._post("/my/catalog/favorite", {"product_id": self.item_b.id, "redirect": "/my/catalog?tab=all"})
        self.assertTrue(response.url.endswith("/my/catalog?tab=all"), response.url)
        self.assertIn("o_dealer_starred", response.text)
        self.assertEqual(self._catalog_ids("?tab=favorites"), [self.item_b.id])
        # a product outside the catalog cannot be starred, a missing one is not found
        response = self._post("/my/catalog/favorite", {"product_id": self.item_c.id})
        self.assertIn("Not in your catalog", response.text)
        self.assertEqual(self._post("/my/catalog/favorite", {"product_id": 999999999}).status_code, 404)
        self.assertEqual(self._post("/my/catalog/favorite", {"product_id": "x"}).status_code, 404)
        # dealer B has its own (empty) favourites
        self.authenticate("dp_dealer_b", "dp_dealer_b")
        self.assertEqual(self._catalog_ids("?tab=favorites"), [])
        self.assertNotIn("o_dealer_starred", self.url_open("/my/catalog").text)

    def test_usual_tab_and_quick_add(self):
        self.authenticate("dp_dealer", "dp_dealer")
        self.assertEqual(self._catalog_ids("?tab=usual"), [self.item_a.id, self.item_b.id])
        page = self.url_open("/my/catalog?tab=usual").text
        self.assertIn("o_dealer_usual_info", page)
        self.assertRegex(page, r'name="qty"[^>]*value="15"', "the add form holds the usual quantity")
        response = self._post("/my/cart/add-usual", {}, page="/my/catalog?tab=usual")
        self.assertTrue(response.url.endswith("/my/cart"), response.url)
        cart = self.env["sale.order"].with_user(self.portal_user)._dealer_portal_cart()
        self.assertEqual({line.product_id: line.product_uom_qty for line in cart._dealer_portal_product_lines()},
                         {self.item_a: 15.0, self.item_b: 6.0})
        self.authenticate("dp_store", "dp_store")  # no order yet: nothing usual
        self.assertIn("o_dealer_no_usual", self.url_open("/my/catalog?tab=usual").text)
        response = self._post("/my/cart/add-usual", {}, page="/my/catalog")
        self.assertIn("no usual products yet", response.text)

    def test_another_dealer_over_json_rpc(self):
        favorite = self.env["dealer.portal.favorite"].with_user(self.portal_user)._dealer_portal_toggle(self.item_a)
        self.assertTrue(favorite)
        favorite = self.env["dealer.portal.favorite"].search([("partner_id", "=", self.dealer.id)])
        self.authenticate("dp_dealer_b", "dp_dealer_b")

        def call(method, args, kwargs=None):
            return self.make_jsonrpc_request(f"/web/dataset/call_kw/dealer.portal.favorite/{method}", {
                "model": "dealer.portal.favorite", "method": method, "args": args, "kwargs": kwargs or {},
            })

        self.assertEqual(call("search_read", [[]], {"fields": ["partner_id"]}), [])
        self.assertEqual(call("search_count", [[("partner_id", "=", self.dealer.id)]]), 0)
        with mute_logger("odoo.http"):
            for method, args in (("read", [favorite.ids, ["partner_id"]]),
                                 ("unlink", [favorite.ids]),
                                 ("write", [favorite.ids, {"partner_id": self.dealer_b.id}]),
                                 ("create", [{"partner_id": self.dealer.id, "product_id": self.item_b.id}])):
                with self.assertRaises(JsonRpcException, msg=method):
                    call(method, args)
        self.assertTrue(favorite.exists())
        self.assertEqual(favorite.partner_id, self.dealer)
        self.assertEqual(self.env["dealer.portal.favorite"].search_count([("partner_id", "=", self.dealer.id)]), 1)
