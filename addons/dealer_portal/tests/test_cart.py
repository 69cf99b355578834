from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..tools import snap_quantity
from .common import DealerPortalCommon


@tagged("post_install", "-at_install")
class TestDealerCart(DealerPortalCommon):

    def _cart(self, user, create=True):
        return self.env["sale.order"].with_user(user)._dealer_portal_cart(create=create)

    def _quantities(self, cart):
        return {line.product_id: line.product_uom_qty for line in cart._dealer_portal_product_lines()}

    def test_one_cart_per_user_and_company(self):
        self.assertFalse(self._cart(self.portal_user, create=False))
        cart = self._cart(self.portal_user)
        self.assertEqual(cart.partner_id, self.dealer)
        self.assertEqual(cart.state, "draft")
        self.assertTrue(cart.dealer_portal_cart)
        self.assertEqual(cart.dealer_portal_user_id, self.portal_user)
        self.assertEqual(self._cart(self.portal_user), cart, "the same cart is found again")
        self.assertIn(self.dealer, cart.message_partner_ids, "the dealer follows its order (sale's portal rules)")
        self.assertNotEqual(self._cart(self.portal_user_b), cart)
        # the portal user reads its cart through sale's own rules
        self.assertEqual(cart.with_user(self.portal_user).sudo(False).read(["name"])[0]["id"], cart.id)
        with self.assertRaises(AccessError):
            cart.with_user(self.portal_user_b).sudo(False).read(["name"])

    def test_non_dealer_has_no_cart(self):
        customer = self.env["res.partner"].create({"name": "Not a dealer"})
        user = self._create_portal_user(customer, "dp_customer")
        with self.assertRaises(AccessError):
            self._cart(user)

    def test_add_merge_update_remove(self):
        cart = self._cart(self.portal_user)
        hints = cart._dealer_portal_add_products({self.item_a: 5, self.item_b: 4})
        self.assertEqual(self._quantities(cart), {self.item_a: 5, self.item_b: 6},
                         "item B is raised to its minimum of 6 at once, not left to the review")
        self.assertEqual(hints, ["[DP-B] 测试商品B: quantity set to 6 Units (min 6, multiple of 6)."])
        self.assertEqual(cart.order_line.filtered(lambda line: line.product_id == self.item_a).price_unit, 100.0)
        hints = cart._dealer_portal_add_products({self.item_b: 2})
        self.assertEqual(self._quantities(cart)[self.item_b], 12, "quantities merge, then the next multiple")
        self.assertEqual(len(hints), 1)
        self.assertIn("quantity set to 12", hints[0])
        line_b = cart.order_line.filtered(lambda line: line.product_id == self.item_b)
        hints = cart._dealer_portal_set_quantity(line_b, 13)
        self.assertEqual(line_b.product_uom_qty, 18, "an update is snapped the same way")
        self.assertIn("quantity set to 18", hints[0])
        self.assertEqual(cart._dealer_portal_set_quantity(line_b, 6), [], "a right quantity stays as it is")
        self.assertEqual(line_b.product_uom_qty, 6)
        self.assertFalse(cart._dealer_moq_errors(), "the review has nothing left to hold")
        self.assertEqual(len(cart._dealer_portal_product_lines()), 2)
        line_a = cart.order_line.filtered(lambda line: line.product_id == self.item_a)
        cart._dealer_portal_set_quantity(line_a, 8)
        self.assertEqual(line_a.product_uom_qty, 8)
        cart._dealer_portal_set_quantity(line_a, 0)
        self.assertFalse(line_a.exists())
        self.assertEqual(cart._dealer_portal_moq_labels(), {self.item_b.id: "min 6, multiple of 6"})

    def test_archived_products_are_never_orderable(self):
        cart = self._cart(self.portal_user)
        cart._dealer_portal_add_products({self.item_a: 2})
        cart._dealer_portal_submit()
        past = cart
        self.item_a.product_tmpl_id.active = False
        new_cart = self._cart(self.portal_user)
        lines_before = self.env["sale.order.line"].search_count([])
        with self.assertRaisesRegex(UserError, "No longer available: .*测试商品A"):
            new_cart._dealer_portal_add_products({self.item_a: 1})
        with self.assertRaisesRegex(UserError, "is in your catalog any more"):
            past._dealer_portal_reorder(new_cart)
        self.assertEqual(self.env["sale.order.line"].search_count([]), lines_before, "nothing written")
        self.assertFalse(new_cart.order_line)

    def test_refuses_products_outside_the_catalog_and_bad_quantities(self):
        cart = self._cart(self.portal_user)
        cart._dealer_portal_add_products({self.item_a: 1})
        with self.assertRaises(UserError) as refused:
            cart._dealer_portal_add_products({self.item_b: 6, self.item_c: 1})
        # another dealer's product, posted by id, is refused without telling what it is
        self.assertIn("A product you chose is not available to you.", str(refused.exception))
        self.assertNotIn(self.item_c.name, str(refused.exception))
        self.assertNotIn("DP-C", str(refused.exception))
        with self.assertRaisesRegex(UserError, "quantity must be positive"):
            cart._dealer_portal_add_products({self.item_b: -2})
        with self.assertRaisesRegex(UserError, "Nothing to add"):
            cart._dealer_portal_add_products({})
        self.assertEqual(self._quantities(cart), {self.item_a: 1}, "nothing written by the refused calls")
        line = cart.order_line
        with self.assertRaisesRegex(UserError, "cannot be negative"):
            cart._dealer_portal_set_quantity(line, -1)

    def test_another_user_cannot_touch_the_cart(self):
        cart = self._cart(self.portal_user)
        cart._dealer_portal_add_products({self.item_a: 2})
        cart_b = self._cart(self.portal_user_b)
        as_b = cart.with_user(self.portal_user_b)
        with self.assertRaises(AccessError):
            as_b._dealer_portal_add_products({self.item_a: 1})
        with self.assertRaises(AccessError):
            as_b._dealer_portal_set_quantity(cart.order_line, 0)
        with self.assertRaises(AccessError):
            as_b._dealer_portal_submit()
        with self.assertRaisesRegex(UserError, "not in your cart"):
            cart_b._dealer_portal_set_quantity(cart.order_line, 0)
        self.assertEqual(self._quantities(cart), {self.item_a: 2})

    def test_submit_approved(self):
        cart = self._cart(self.portal_user)
        cart._dealer_portal_add_products({self.item_a: 10})
        with self.assertRaisesRegex(UserError, "empty"):
            self._cart(self.portal_user_b)._dealer_portal_submit()
        order = cart._dealer_portal_submit(client_order_ref="PO-2026-001", note="请尽快发货")
        self.assertEqual(order, cart)
        self.assertFalse(order.dealer_portal_cart)
        self.assertEqual(order.client_order_ref, "PO-2026-001")
        note = order.message_ids.filtered(lambda m: "请尽快发货" in (m.body or ""))
        self.assertEqual(note.author_id, self.portal_user.partner_id, "the dealer's note is in the chatter")
        self.assertEqual(order.dealer_review_state, "approved")
        self.assertEqual(order.state, "sale")
        self.assertEqual(sum(order.dealer_payment_ids.mapped("amount")), order.amount_total)
        self.assertFalse(self._cart(self.portal_user, create=False), "the next product starts a new cart")
        new_cart = self._cart(self.portal_user)
        self.assertNotEqual(new_cart, order)

    def test_submit_held_shows_the_reasons(self):
        cart = self._cart(self.portal_user)
        cart._dealer_portal_add_products({self.item_b: 1002})  # 1,000 in stock
        order = cart._dealer_portal_submit()
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.dealer_review_state, "held", "the stock rule holds")
        self.assertIn("DP-B", order.dealer_review_message)
        self.assertFalse(order.dealer_portal_cart)

    def test_reorder(self):
        order = self._create_order(lines=[(self.item_a, 3, 100.0), (self.item_b, 6, 50.0)])
        order.action_confirm()
        cart = self._cart(self.portal_user)
        cart._dealer_portal_add_products({self.item_a: 1})
        skipped, hints = order.with_user(self.portal_user).sudo()._dealer_portal_reorder(cart)
        self.assertFalse(skipped)
        self.assertEqual(hints, [])
        self.assertEqual(self._quantities(cart), {self.item_a: 4, self.item_b: 6})
        # a product that left the dealer's catalog is skipped and reported
        self.env["dealer.product.pool"].create({
            "name": "Deny B", "mode": "deny", "partner_ids": [(6, 0, self.dealer.ids)],
            "product_tmpl_ids": [(6, 0, self.item_b.product_tmpl_id.ids)], "company_id": False,
        })
        skipped, _hints = order.sudo()._dealer_portal_reorder(cart)
        self.assertEqual(skipped, self.item_b)
        self.assertEqual(self._quantities(cart)[self.item_a], 7)
        only_b = self._create_order(lines=[(self.item_b, 6, 50.0)])
        with self.assertRaisesRegex(UserError, "None of the products"):
            only_b.sudo()._dealer_portal_reorder(cart)

    def test_cart_data_queries(self):
        cart = self._cart(self.portal_user)
        cart._dealer_portal_add_products({self.item_a: 2, self.item_b: 6})
        self.env.flush_all()
        for _warmup in range(2):
            cart._dealer_portal_moq_labels()
            cart._dealer_portal_product_lines().product_id._dealer_portal_stock()
            self.env.invalidate_all()
        with self.assertQueryCount(20):  # measured: 18 (MOQ rules, default warehouse, free stock)
            self.env.invalidate_all()
            cart._dealer_portal_moq_labels()
            cart._dealer_portal_product_lines().product_id._dealer_portal_stock()

    def test_cart_refuses_a_delivery_outside_the_regions(self):
        """The region rule is a rule the dealer can fix: the cart refuses at once (nothing added)."""
        self.env["res.partner"].create({
            "name": "West delivery", "parent_id": self.dealer.id, "type": "delivery",
            "state_id": self.state_w.id, "country_id": self.state_w.country_id.id,
        })
        cart = self._cart(self.portal_user)
        self.assertEqual(cart.partner_shipping_id.state_id, self.state_w)
        with self.assertRaisesRegex(UserError, "P-West"), self.env.cr.savepoint():
            cart._dealer_portal_add_products({self.item_a: 2})
        self.assertFalse(cart.order_line)

    def test_snap_quantity(self):
        self.assertEqual(snap_quantity(7, 0, 5), 10)
        self.assertEqual(snap_quantity(10, 0, 5), 10)
        self.assertEqual(snap_quantity(4, 6, 6), 6)
        self.assertEqual(snap_quantity(7, 10, 4), 12, "at least the minimum, in whole packs")
        self.assertEqual(snap_quantity(3, 5, 0), 5)
        self.assertEqual(snap_quantity(2.5, 0, 0.5, 0.01), 2.5)
        self.assertEqual(snap_quantity(2.6, 0, 0.5, 0.01), 3.0)
        self.assertEqual(snap_quantity(15.0000001, 0, 5), 15, "within the unit's rounding of whole packs")

    def test_shortage_policy_reduce(self):
        """With "reduce to the available stock", a quantity above the free stock is cut to it in
        whole order multiples; a product without enough stock for its minimum is refused."""
        cart = self._cart(self.portal_user)
        hints = cart._dealer_portal_add_products({self.item_a: 1002})
        self.assertEqual(self._quantities(cart), {self.item_a: 1002}, "back-order by default: the brand reviews")
        self.assertEqual(hints, [])
        cart.order_line.unlink()
        self.company.dealer_portal_shortage_policy = "reduce"
        hints = cart._dealer_portal_add_products({self.item_a: 1002, self.item_b: 1002})
        # 1,000 free of each; item B is sold by 6: 996 = 166 × 6
        self.assertEqual(self._quantities(cart), {self.item_a: 1000, self.item_b: 996})
        self.assertIn("[DP-A] 测试商品A: only 1000 Units available, quantity reduced to 1000 Units.", hints)
        self.assertIn("[DP-B] 测试商品B: only 1000 Units available, quantity reduced to 996 Units.", hints)
        line_a = cart.order_line.filtered(lambda line: line.product_id == self.item_a)
        cart._dealer_portal_set_quantity(line_a, 5000)
        self.assertEqual(line_a.product_uom_qty, 1000, "an update is reduced the same way")
        # 4 free of item B, below its minimum of 6: refused, the cart unchanged
        self.env["stock.quant"]._update_available_quantity(self.item_b, self.warehouse.lot_stock_id, -996.0)
        self.env.invalidate_all()  # the free quantity is computed, not stored: read it again (a new request)
        line_b = cart.order_line.filtered(lambda line: line.product_id == self.item_b)
        with self.assertRaisesRegex(UserError, "only 4 Units available, not enough"), self.env.cr.savepoint():
            cart._dealer_portal_set_quantity(line_b, 12)
        self.assertEqual(line_b.product_uom_qty, 996)
