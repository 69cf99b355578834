import base64
import json

from odoo import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.dealer_catalog.tools.demo_images import product_picture

from .common import DealerPortalHttpCommon

# measured: 49 queries with 1 or 21 related products and 2 or 12 gallery images, the same
# once the page's assets are cached: session and user, the product's buyable check,
# related products (one search), pricelist, MOQ rules, free stock, taxes and fiscal
# position, favourite, gallery, attributes, packagings, the layout's portal values
PRODUCT_PAGE_QUERY_BUDGET = 51


def _png(view="front"):
    return base64.b64encode(product_picture("device", (38, 84, 150), view, "DP-A"))


@tagged("post_install", "-at_install")
class TestDealerProductPage(DealerPortalHttpCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        template = cls.item_a.product_tmpl_id
        template.write({
            "description_sale": "测试商品A 的销售描述",
            "weight": 1.25,
            "barcode": "6900000000017",
            "image_1920": _png(),
            "dealer_related_product_ids": [
                Command.set((cls.item_b | cls.item_c | cls.item_hidden).product_tmpl_id.ids)],
        })
        attribute = env["product.attribute"].create({
            "name": "测试保修", "create_variant": "no_variant",
            "value_ids": [Command.create({"name": "一年保修"})],
        })
        template.attribute_line_ids = [Command.create({
            "attribute_id": attribute.id, "value_ids": [Command.set(attribute.value_ids.ids)]})]
        cls.packaging = env["product.packaging"].create({"name": "测试整箱", "product_id": cls.item_a.id, "qty": 12})
        Image = env["dealer.product.image"]
        cls.image_side = Image.create({"product_tmpl_id": template.id, "name": "侧面", "image_1920": _png("angle")})
        cls.image_box = Image.create({"product_tmpl_id": template.id, "name": "包装", "image_1920": _png("package")})
        # a gallery image of the product only dealer B may buy
        cls.image_c = Image.create({"product_tmpl_id": cls.item_c.product_tmpl_id.id, "name": "C",
                                    "image_1920": _png()})

    def _page(self, product_id):
        return self.url_open(f"/my/catalog/product/{product_id}")

    def test_own_product_page(self):
        self.authenticate("dp_dealer", "dp_dealer")
        response = self._page(self.item_b.id)
        self.assertEqual(response.status_code, 200)
        self.assertIn("测试商品B", response.text)
        self.assertIn("50.00", response.text)
        self.assertIn("min 6, multiple of 6", response.text)
        self.assertIn('action="/my/cart/add"', response.text)
        self.assertIn('step="6"', response.text, "the quantity steps by the multiple")
        page = self._page(self.item_a.id).text
        for shown in ("测试商品A 的销售描述", "100.00", "6900000000017", "DP-A", "测试保修", "一年保修", "1.25",
                      "测试整箱", "侧面", "包装", f"image_id={self.image_side.id}", "In stock",
                      f"/my/catalog/product/{self.item_b.id}"):
            self.assertIn(shown, page)
        # related products: only those the dealer may buy
        self.assertNotIn(f"/my/catalog/product/{self.item_c.id}", page)
        self.assertNotIn(f"/my/catalog/product/{self.item_hidden.id}", page)
        self.assertNotIn(f"image_id={self.image_c.id}", page)
        # dealer B may buy item C: it is among its related products
        self.authenticate("dp_dealer_b", "dp_dealer_b")
        self.assertIn(f"/my/catalog/product/{self.item_c.id}", self._page(self.item_a.id).text)

    def test_catalog_and_cart_link_to_the_page(self):
        self.authenticate("dp_dealer", "dp_dealer")
        self.assertIn(f'href="/my/catalog/product/{self.item_a.id}"', self.url_open("/my/catalog").text)
        self.url_open("/my/cart/add", data={"product_id": self.item_a.id, "qty": 1, "csrf_token": self._csrf()})
        self.assertIn(f'href="/my/catalog/product/{self.item_a.id}"', self.url_open("/my/cart").text)

    @mute_logger("odoo.http")
    def test_products_the_dealer_may_not_buy_are_not_found(self):
        other_company = self.env["res.company"].create({"name": "测试其他公司"})
        other_product = self._create_item("测试他司商品", 10.0)
        archived = self._create_item("测试下架商品", 10.0)
        not_for_sale = self._create_item("测试非卖品", 10.0)
        self.dealer._dealer_grant_products(other_product | archived | not_for_sale)
        other_product.company_id = other_company
        archived.active = False
        not_for_sale.sale_ok = False
        self.authenticate("dp_dealer", "dp_dealer")
        for product in (self.item_c, self.item_hidden, other_product, archived, not_for_sale):
            with self.subTest(product=product.name):
                response = self._page(product.id)
                self.assertEqual(response.status_code, 404)
                self.assertNotIn(product.name, response.text)
        for bad in (0, 2**31, 99999999999, "abc", "-1", f"{self.item_a.id}x"):
            with self.subTest(bad=bad):
                self.assertEqual(self._page(bad).status_code, 404)
        # a user that is not a dealer (an internal user) gets no dealer product page
        self.authenticate("admin", "admin")
        self.assertEqual(self._page(self.item_a.id).status_code, 404)

    @mute_logger("odoo.http")
    def test_gallery_images_are_rights_checked(self):
        self.authenticate("dp_dealer", "dp_dealer")
        base = f"/my/catalog/product/{self.item_a.id}/gallery"
        main = self.url_open(base)
        self.assertEqual(main.status_code, 200)
        self.assertTrue(main.headers["Content-Type"].startswith("image/"))
        self.assertTrue(main.headers.get("ETag"), "cached by the browser as the catalog's images are")
        thumb = self.url_open(f"{base}?image_id={self.image_side.id}&size=128")
        self.assertEqual(thumb.status_code, 200)
        self.assertEqual(thumb.content, base64.b64decode(self.image_side.image_128))
        # a product the dealer may not buy, or its image through a product it may buy
        self.assertEqual(self.url_open(f"/my/catalog/product/{self.item_c.id}/gallery").status_code, 404)
        self.assertEqual(self.url_open(
            f"/my/catalog/product/{self.item_c.id}/gallery?image_id={self.image_c.id}").status_code, 404)
        self.assertEqual(self.url_open(f"{base}?image_id={self.image_c.id}").status_code, 404)
        for query in ("image_id=abc", "image_id=0", "image_id=99999999999", "size=4096", "size=abc"):
            with self.subTest(query=query):
                self.assertEqual(self.url_open(f"{base}?{query}").status_code, 404)
        # and over RPC a portal user reads no gallery record at all, not even its own products'
        for method, args in (("search_read", [[]]), ("read", [[self.image_side.id], ["name", "image_128"]])):
            with self.subTest(method=method):
                answer = self.url_open("/web/dataset/call_kw", data=json.dumps({
                    "jsonrpc": "2.0", "method": "call", "id": 1,
                    "params": {"model": "dealer.product.image", "method": method, "args": args, "kwargs": {}},
                }), headers={"Content-Type": "application/json"}).json()
                self.assertEqual(answer.get("error", {}).get("data", {}).get("name"),
                                 "odoo.exceptions.AccessError", answer)

    def test_add_to_cart_from_the_page_snaps_to_the_moq(self):
        self.authenticate("dp_dealer", "dp_dealer")
        csrf = self._csrf(f"/my/catalog/product/{self.item_b.id}")
        response = self.url_open("/my/cart/add", data={
            "product_id": self.item_b.id, "qty": 4, "csrf_token": csrf,
            "redirect": f"/my/catalog/product/{self.item_b.id}"})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.url.endswith(f"/my/catalog/product/{self.item_b.id}"))
        self.assertIn("added to your cart", response.text)
        cart = self.env["sale.order"].search([("dealer_portal_cart", "=", True), ("partner_id", "=", self.dealer.id)])
        self.assertEqual(cart.order_line.filtered(lambda line: line.product_id == self.item_b).product_uom_qty, 6.0)

    def test_favourite_from_the_page(self):
        self.authenticate("dp_dealer", "dp_dealer")
        url = f"/my/catalog/product/{self.item_a.id}"
        self.assertIn("Add to favourites", self._page(self.item_a.id).text)
        self.url_open("/my/catalog/favorite", data={"product_id": self.item_a.id, "redirect": url,
                                                    "csrf_token": self._csrf(url)})
        self.assertTrue(self.env["dealer.portal.favorite"].search([
            ("partner_id", "=", self.dealer.id), ("product_id", "=", self.item_a.id)]))
        self.assertIn("o_dealer_starred", self._page(self.item_a.id).text)

    def _page_queries(self):
        url = f"/my/catalog/product/{self.item_a.id}"
        self.url_open(url)  # warm the assets and the caches of the server
        self.env.invalidate_all()
        count = self.cr.sql_log_count
        self.assertEqual(self.url_open(url).status_code, 200)
        return self.cr.sql_log_count - count

    def test_page_queries_flat_in_catalog_size(self):
        self.authenticate("dp_dealer", "dp_dealer")
        small = self._page_queries()
        more = self.env["product.product"].create([{
            "name": f"测试相关商品{index}", "type": "consu", "is_storable": True, "list_price": 10.0 + index,
            "taxes_id": [Command.clear()],
        } for index in range(20)])
        self.dealer._dealer_grant_products(more)
        self.item_a.product_tmpl_id.dealer_related_product_ids = [
            Command.link(template.id) for template in more.product_tmpl_id]
        self.env["dealer.product.image"].create([{
            "product_tmpl_id": self.item_a.product_tmpl_id.id, "name": f"图{index}", "image_1920": _png(),
        } for index in range(10)])
        large = self._page_queries()
        self.assertLessEqual(large, small, "queries must not grow with related products or gallery images")
        self.url_open(f"/my/catalog/product/{self.item_a.id}")
        with self.assertQueryCount(PRODUCT_PAGE_QUERY_BUDGET):
            self.env.invalidate_all()
            self.url_open(f"/my/catalog/product/{self.item_a.id}")


@tagged("post_install", "-at_install")
class TestDealerProductTour(DealerPortalHttpCommon):

    def test_product_page_journey(self):
        """Catalog → product page → add to cart → the cart shows the line."""
        self.start_tour("/my/catalog?search=DP-B", "dealer_portal_product_tour", login="dp_dealer", timeout=240)
        cart = self.env["sale.order"].search([("dealer_portal_cart", "=", True), ("partner_id", "=", self.dealer.id)])
        self.assertEqual(cart.order_line.filtered(lambda line: line.product_id == self.item_b).product_uom_qty, 12.0)


@tagged("post_install", "-at_install")
class TestDealerProductPhoneTour(DealerPortalHttpCommon):
    """The same journey on a phone screen (390x844, touch): one column, 44 px tap targets,
    add to cart on screen."""

    browser_size = "390x844"
    touch_enabled = True

    def test_product_page_journey_on_a_phone(self):
        self.start_tour("/my/catalog?search=DP-B", "dealer_portal_product_tour", login="dp_dealer", timeout=240)
        cart = self.env["sale.order"].search([("dealer_portal_cart", "=", True), ("partner_id", "=", self.dealer.id)])
        self.assertEqual(cart.order_line.filtered(lambda line: line.product_id == self.item_b).product_uom_qty, 12.0)
