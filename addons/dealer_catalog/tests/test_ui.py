from odoo import Command
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestCatalogUi(HttpCase):
    def test_order_line_offers_only_the_dealer_catalog(self):
        env = self.env
        categ = env["product.category"].create({"name": "Tour Catalog Category"})
        pen, clock = env["product.product"].create([
            {"name": "Tour Catalog Pen", "categ_id": categ.id, "list_price": 18.0},
            {"name": "Tour Catalog Clock", "categ_id": categ.id, "list_price": 400.0},
        ])
        dealer = env["res.partner"].create({
            "name": "Tour Catalog Dealer",
            "is_company": True,
            "dealer_level_id": env.ref("dealer_base.dealer_level_store").id,
            "dealer_state": "active",
        })
        env["dealer.product.pool"].create({
            "name": "Tour pool",
            "partner_ids": [Command.set(dealer.ids)],
            "product_tmpl_ids": [Command.set(pen.product_tmpl_id.ids)],
        })
        order = env["sale.order"].create({"partner_id": dealer.id})
        self.start_tour(
            f"/odoo/action-sale.action_quotations_with_onboarding/{order.id}",
            "dealer_catalog_order_line_products",
            login="admin",
            timeout=180,
        )
        self.assertEqual(order.order_line.product_id, pen)
        self.assertNotIn(clock, dealer._dealer_allowed_products())
