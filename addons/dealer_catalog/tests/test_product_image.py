import base64

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from ..tools.demo_images import VIEWS, product_picture
from .common import DealerCatalogCommon


def _png(color=(40, 90, 160)):
    return base64.b64encode(product_picture("device", color, "front"))


@tagged("post_install", "-at_install")
class TestProductImage(DealerCatalogCommon):
    """Gallery images of the dealer mall's product page and related products."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.image = _png()
        Image = env["dealer.product.image"]
        cls.clock_back = Image.create({"product_tmpl_id": cls.clock.product_tmpl_id.id, "name": "Back",
                                       "sequence": 20, "image_1920": cls.image})
        cls.clock_side = Image.create({"product_tmpl_id": cls.clock.product_tmpl_id.id, "name": "Side",
                                       "sequence": 10, "image_1920": cls.image})
        cls.portal_store = new_test_user(env, "test_gallery_portal", groups="base.group_portal")
        cls.portal_store.partner_id.parent_id = cls.store
        cls.internal = new_test_user(env, "test_gallery_internal", groups="base.group_user")
        cls.dealer_manager = new_test_user(env, "test_gallery_manager", groups="dealer_base.group_dealer_manager")

    def test_gallery_in_display_order_per_product(self):
        templates = (self.clock | self.pen).product_tmpl_id
        gallery = self.env["dealer.product.image"]._dealer_gallery(templates)
        self.assertEqual(gallery[self.clock.product_tmpl_id.id], self.clock_side | self.clock_back)
        self.assertEqual(list(gallery[self.clock.product_tmpl_id.id]), [self.clock_side, self.clock_back])
        self.assertFalse(gallery[self.pen.product_tmpl_id.id])
        self.assertEqual(self.clock.product_tmpl_id.dealer_image_ids, self.clock_side | self.clock_back)
        self.assertTrue(self.clock_side.image_128, "image.mixin computes the smaller sizes")
        # the gallery goes with its product
        template = self.shredder.product_tmpl_id
        self.env["dealer.product.image"].create({"product_tmpl_id": template.id, "name": "X", "image_1920": self.image})
        images = template.dealer_image_ids
        template.unlink()
        self.assertFalse(images.exists())

    def test_access(self):
        # portal users never read gallery records (the portal's product page serves them
        # after checking the dealer may buy the product)
        with self.assertRaises(AccessError):
            self.clock_side.with_user(self.portal_store).read(["name", "image_128"])
        with self.assertRaises(AccessError):
            self.env["dealer.product.image"].with_user(self.portal_store).search([])
        # internal users read, only catalog managers change them
        self.assertEqual(self.clock_side.with_user(self.internal).read(["name"])[0]["name"], "Side")
        with self.assertRaises(AccessError):
            self.clock_side.with_user(self.internal).write({"name": "Changed"})
        with self.assertRaises(AccessError):
            self.env["dealer.product.image"].with_user(self.internal).create({
                "product_tmpl_id": self.pen.product_tmpl_id.id, "name": "Pen", "image_1920": self.image})
        managed = self.env["dealer.product.image"].with_user(self.dealer_manager).create({
            "product_tmpl_id": self.pen.product_tmpl_id.id, "name": "Pen", "image_1920": self.image})
        managed.write({"sequence": 5})
        managed.unlink()

    def test_other_company_images_are_not_read(self):
        other = self.env["res.company"].create({"name": "Test Gallery Other Co"})
        product = self.env["product.product"].create({"name": "Other Co Clock", "company_id": other.id})
        image = self.env["dealer.product.image"].create({
            "product_tmpl_id": product.product_tmpl_id.id, "name": "Front", "image_1920": self.image})
        self.assertEqual(image.company_id, other)
        user = self.internal
        self.assertNotIn(other, user.company_ids)
        self.assertFalse(self.env["dealer.product.image"].with_user(user).search([("id", "=", image.id)]))
        with self.assertRaises(AccessError):
            image.with_user(user).read(["name"])

    def test_related_products(self):
        clock = self.clock.product_tmpl_id
        clock.dealer_related_product_ids = [Command.set((self.printer | self.shredder).product_tmpl_id.ids)]
        self.assertEqual(clock.dealer_related_product_ids, (self.printer | self.shredder).product_tmpl_id)
        self.assertFalse(self.printer.product_tmpl_id.dealer_related_product_ids, "one way: not symmetric")
        with self.assertRaises(ValidationError):
            clock.dealer_related_product_ids = [Command.link(clock.id)]

    def test_demo_pictures(self):
        for kind in ("device", "book", "pens", "ream"):
            for view in VIEWS:
                self.assertTrue(product_picture(kind, (10, 20, 30), view, "DL-1").startswith(b"\x89PNG"))
        with self.assertRaises(ValueError):
            product_picture("sofa", (10, 20, 30))
        self.env["ir.model.data"].create({"module": "dealer_catalog", "name": "test_demo_picture_pen",
                                          "model": "product.product", "res_id": self.pen.id})
        Template = self.env["product.template"]
        Template._dealer_demo_pictures([("dealer_catalog.test_demo_picture_pen", "pens", (30, 40, 70)),
                                        ("dealer_catalog.no_such_record", "pens", (30, 40, 70))])
        template = self.pen.product_tmpl_id
        self.assertTrue(template.image_1920)
        self.assertEqual(len(template.dealer_image_ids), len(VIEWS) - 1)
        Template._dealer_demo_pictures([("dealer_catalog.test_demo_picture_pen", "pens", (30, 40, 70))])
        self.assertEqual(len(template.dealer_image_ids), len(VIEWS) - 1, "run again: nothing added")
