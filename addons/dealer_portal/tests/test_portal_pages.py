import re

from odoo.tests import tagged

from .common import DealerPortalHttpCommon


@tagged("post_install", "-at_install")
class TestDealerPortalPages(DealerPortalHttpCommon):

    def _csrf(self, html):
        return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)

    def _post(self, url, data, page="/my/catalog"):
        token = self._csrf(self.url_open(page).text)
        return self.url_open(url, data={"csrf_token": token, **data})

    def _cart(self, user):
        return self.env["sale.order"].with_user(user)._dealer_portal_cart()

    def test_home_entries_for_dealers(self):
        self.authenticate("dp_dealer", "dp_dealer")
        home = self.url_open("/my/home")
        self.assertEqual(home.status_code, 200)
        self.assertIn('href="/my/catalog"', home.text)
        self.assertIn('href="/my/wallets"', home.text)
        self.assertIn(self.dealer.name, home.text)

    def test_catalog_page_shows_own_catalog_only(self):
        self.authenticate("dp_dealer", "dp_dealer")
        page = self.url_open("/my/catalog")
        self.assertEqual(page.status_code, 200)
        self.assertIn("测试商品A", page.text)
        self.assertIn("min 6, multiple of 6", page.text)
        self.assertNotIn("测试商品C", page.text, "item C is only in dealer B's pool")
        self.assertNotIn("测试商品X", page.text)
        search = self.url_open("/my/catalog?search=DP-B")
        self.assertIn("测试商品B", search.text)
        self.assertNotIn("测试商品A", search.text)
        self.assertEqual(self.url_open(f"/my/catalog/image/{self.item_a.id}").status_code, 200)
        self.assertEqual(self.url_open(f"/my/catalog/image/{self.item_c.id}").status_code, 404)
        self.authenticate("dp_dealer_b", "dp_dealer_b")
        self.assertIn("测试商品C", self.url_open("/my/catalog").text)

    def test_non_dealer_portal_user_has_no_catalog(self):
        customer = self.env["res.partner"].create({"name": "Retail customer"})
        self._create_portal_user(customer, "dp_retail")
        self.authenticate("dp_retail", "dp_retail")
        self.assertEqual(self.url_open("/my/catalog").status_code, 404)
        self.assertEqual(self.url_open("/my/cart").status_code, 404)
        self.assertEqual(self.url_open("/my/wallets").status_code, 404)

    def test_add_to_cart_over_http(self):
        self.authenticate("dp_dealer", "dp_dealer")
        response = self._post("/my/cart/add", {"product_id": self.item_a.id, "qty": 3, "redirect": "/my/catalog"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("added to your cart", response.text)
        cart = self._cart(self.portal_user)
        self.assertEqual(cart.order_line.product_id, self.item_a)
        # a product of another dealer's catalog, posted by id, is refused: nothing added
        response = self._post("/my/cart/add", {"product_id": self.item_c.id, "qty": 1})
        self.assertIn("A product you chose is not available to you.", response.text)
        self.assertNotIn(self.item_c.name, response.text, "a product outside the dealer's pools is not named")
        self.assertEqual(cart.order_line.product_id, self.item_a)
        cart_page = self.url_open("/my/cart")
        self.assertIn("测试商品A", cart_page.text)
        self.assertIn("o_dealer_submit_cart", cart_page.text)

    def test_other_dealer_cannot_change_or_reorder(self):
        cart = self.env["sale.order"].with_user(self.portal_user)._dealer_portal_cart(create=True)
        cart._dealer_portal_add_products({self.item_a: 2})
        line = cart.order_line
        order = self._create_order(lines=[(self.item_a, 3, 100.0)])
        order.action_confirm()
        self.authenticate("dp_dealer_b", "dp_dealer_b")
        self._post("/my/cart/add", {"product_id": self.item_a.id, "qty": 1})  # dealer B gets its own cart
        response = self._post("/my/cart/update", {"line_id": line.id, "qty": 0})
        self.assertIn("not in your cart", response.text)
        self.assertTrue(line.exists())
        self.assertEqual(line.product_uom_qty, 2)
        response = self._post(f"/my/orders/{order.id}/reorder", {})
        self.assertEqual(response.status_code, 404)
        page = self.url_open(f"/my/orders/{order.id}")
        self.assertFalse(page.url.endswith(f"/my/orders/{order.id}"), "sale's portal sends dealer B away")
        self.assertNotIn(order.name, page.text)

    def test_submit_and_order_page(self):
        self.authenticate("dp_dealer", "dp_dealer")
        self._post("/my/cart/add", {"product_id": self.item_a.id, "qty": 10})
        cart = self._cart(self.portal_user)
        response = self._post("/my/cart/submit", {"client_order_ref": "HTTP-1"}, page="/my/cart")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.url.endswith(f"/my/orders/{cart.id}"), response.url)
        self.assertIn("approved and confirmed", response.text)
        self.assertIn("o_dealer_order_page", response.text)
        self.assertEqual(cart.state, "sale")
        self.assertEqual(cart.client_order_ref, "HTTP-1")
        orders = self.url_open("/my/orders")
        self.assertIn(cart.name, orders.text)
        # reorder puts the lines into a new cart
        response = self._post(f"/my/orders/{cart.id}/reorder", {}, page=f"/my/orders/{cart.id}")
        self.assertTrue(response.url.endswith("/my/cart"))
        self.assertEqual(self._cart(self.portal_user).order_line.product_uom_qty, 10)

    def test_held_orders_are_listed(self):
        self.authenticate("dp_dealer", "dp_dealer")
        self._post("/my/cart/add", {"product_id": self.item_b.id, "qty": 1002})  # 1,000 in stock: held
        cart = self._cart(self.portal_user)
        response = self._post("/my/cart/submit", {}, page="/my/cart")
        self.assertEqual(cart.dealer_review_state, "held", "the stock rule holds")
        self.assertIn("DP-B", response.text)
        self.assertIn(cart.name, self.url_open("/my/orders").text, "submitted orders awaiting review are listed")
        self.authenticate("dp_dealer_b", "dp_dealer_b")
        self.assertNotIn(cart.name, self.url_open("/my/orders").text)

    def test_quick_order_upload(self):
        self.authenticate("dp_dealer", "dp_dealer")
        token = self._csrf(self.url_open("/my/quick-order").text)
        bad = self.url_open("/my/quick-order", data={"csrf_token": token},
                            files={"upload": ("order.csv", b"code,qty\nDP-A,2\nDP-C,1\n", "text/csv")})
        self.assertIn("Nothing was added", bad.text)
        self.assertIn("Not available to you.", bad.text)
        self.assertFalse(self._cart(self.portal_user), "no cart left behind by a refused file")
        good = self.url_open("/my/quick-order", data={"csrf_token": token, "pasted": "DP-A 2\nDP-B\t6"})
        self.assertTrue(good.url.endswith("/my/cart"))
        cart = self._cart(self.portal_user)
        self.assertEqual({line.product_id: line.product_uom_qty for line in cart.order_line},
                         {self.item_a: 2, self.item_b: 6})
        template = self.url_open("/my/quick-order/template.csv")
        self.assertIn("商品编码", template.content.decode("utf-8-sig"))
