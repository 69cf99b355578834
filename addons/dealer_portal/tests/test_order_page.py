from odoo import Command
from odoo.tests import tagged

from .common import DealerPortalHttpCommon


@tagged("post_install", "-at_install")
class TestDealerOrderPage(DealerPortalHttpCommon):
    """The dealer order page of ``/my/orders/<id>``: status in the dealer's words, held reasons
    with what to do, timeline, payments, deliveries, invoices, note, cancel and back to the cart."""

    def _post(self, url, data, page):
        return self.url_open(url, data={"csrf_token": self._csrf(page), **data})

    def _held_order(self):
        """A backend order of ``dealer`` held by the MOQ rule (4 of item B, sold by 6)."""
        order = self._create_order(lines=[(self.item_b, 4, 50.0)])
        order.message_subscribe(partner_ids=self.dealer.ids)
        order.action_dealer_submit()
        self.assertEqual(order.dealer_review_state, "held")
        return order

    def test_status_in_the_dealers_words(self):
        order = self._create_order()
        self.assertEqual(order._dealer_portal_status()[0], "quotation")
        order.action_confirm()  # confirmed in the backend, never submitted
        self.assertEqual(order.dealer_review_state, "draft")
        self.assertEqual(order._dealer_portal_status()[:2], ("confirmed", "Confirmed"))
        self._validate_delivery(order)
        self.assertEqual(order._dealer_portal_status()[0], "delivered")
        held = self._held_order()
        self.assertEqual(held._dealer_portal_status()[0], "held")
        reasons = held._dealer_portal_held_reasons()
        self.assertEqual(len(reasons), 1)
        self.assertIn("minimum order quantity", reasons[0]["reason"])
        self.assertIn("change the quantities", reasons[0]["advice"])
        held._dealer_reject("型号停产")
        self.assertEqual(held._dealer_portal_status()[0], "rejected")

    def test_backend_confirmed_order_is_not_unsubmitted(self):
        order = self._create_order()
        order.message_subscribe(partner_ids=self.dealer.ids)
        order.action_confirm()
        self.authenticate("dp_dealer", "dp_dealer")
        page = self.url_open(f"/my/orders/{order.id}")
        self.assertTrue(page.url.endswith(f"/my/orders/{order.id}"), page.url)
        self.assertIn("o_dealer_order_page", page.text)
        self.assertIn("o_dealer_status_confirmed", page.text)
        self.assertNotIn("Not Submitted", page.text)
        self.assertIn("o_dealer_status_confirmed", self.url_open("/my/orders").text)
        # no signature, no payment without a provider and an amount due outside the wallets
        self.assertNotIn("o_dealer_pay_online", page.text)
        self.assertNotIn("portal_sign", page.text)
        self.assertNotIn("Sign &amp; Pay", page.text)

    def test_held_order_reasons_cancel_and_back_to_cart(self):
        order = self._held_order()
        self.authenticate("dp_dealer", "dp_dealer")
        page = self.url_open(f"/my/orders/{order.id}")
        self.assertIn("o_dealer_held", page.text)
        self.assertIn("minimum order quantity", page.text)
        self.assertIn("change the quantities", page.text)
        self.assertIn("o_dealer_fix_in_cart", page.text)
        self.assertIn("Held for review", page.text, "the timeline")
        response = self._post(f"/my/orders/{order.id}/cancel", {"to_cart": "1"}, f"/my/orders/{order.id}")
        self.assertTrue(response.url.endswith("/my/cart"), response.url)
        self.assertEqual(order.state, "cancel")
        cart = self.env["sale.order"].with_user(self.portal_user)._dealer_portal_cart()
        self.assertEqual(cart.order_line.product_id, self.item_b)
        self.assertEqual(cart.order_line.product_uom_qty, 6, "back in the cart, the quantity meets the rule")
        self.assertIn("quantity set to 6", response.text)
        self.assertTrue(any("Cancelled by the dealer" in (message.body or "") for message in order.message_ids))
        # a cancelled order cannot be cancelled again: a message, nothing changes
        again = self._post(f"/my/orders/{order.id}/cancel", {}, f"/my/orders/{order.id}")
        self.assertIn("Only an order waiting for review can be cancelled", again.text)

    def test_confirmed_order_cannot_be_cancelled_by_the_dealer(self):
        order = self._create_order()
        order.message_subscribe(partner_ids=self.dealer.ids)
        order.action_dealer_submit()
        self.assertEqual(order.state, "sale")
        self.authenticate("dp_dealer", "dp_dealer")
        page = self.url_open(f"/my/orders/{order.id}")
        self.assertNotIn("o_dealer_cancel_order", page.text)
        response = self._post(f"/my/orders/{order.id}/cancel", {}, f"/my/orders/{order.id}")
        self.assertIn("Only an order waiting for review can be cancelled", response.text)
        self.assertEqual(order.state, "sale")

    def test_another_dealer_cannot_see_or_cancel(self):
        order = self._held_order()
        self.authenticate("dp_dealer_b", "dp_dealer_b")
        page = self.url_open(f"/my/orders/{order.id}")
        self.assertFalse(page.url.endswith(f"/my/orders/{order.id}"), "sent away")
        self.assertNotIn(order.name, page.text)
        self.assertNotIn("测试商品B", page.text)
        response = self._post(f"/my/orders/{order.id}/cancel", {}, "/my/catalog")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.dealer_review_state, "held")
        self.assertEqual(self.url_open("/my/orders/999999999/cancel", data={
            "csrf_token": self._csrf()}).status_code, 404)

    def test_note_payments_deliveries_invoices_timeline(self):
        self.authenticate("dp_dealer", "dp_dealer")
        self.url_open("/my/cart/add", data={"csrf_token": self._csrf(), "product_id": self.item_a.id, "qty": 10})
        cart = self.env["sale.order"].with_user(self.portal_user)._dealer_portal_cart()
        self._post("/my/cart/submit", {"note": "请周五前送到"}, "/my/cart")
        order = cart
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.dealer_portal_note, "请周五前送到")
        note = order.message_ids.filtered(lambda message: "请周五前送到" in (message.body or ""))
        self.assertFalse(note.subtype_id.internal, "the dealer's note is not an internal note")
        picking = order.picking_ids
        picking.dealer_tracking_ref = "SF1234567890"
        self._validate_delivery(order)
        invoice = order._create_invoices()
        invoice.action_post()
        page = self.url_open(f"/my/orders/{order.id}").text
        self.assertIn("请周五前送到", page)
        self.assertIn("SF1234567890", page)
        self.assertIn(picking.name, page)
        self.assertIn(invoice.name, page)
        self.assertIn("o_dealer_invoice_download", page)
        self.assertIn("o_dealer_status_delivered", page)
        self.assertIn("o_dealer_order_payment", page)
        self.assertIn("o_portal_chatter", page)
        titles = [step["title"] for step in order._dealer_portal_timeline()]
        self.assertEqual(titles[:3], ["Submitted", "Approved automatically", "Confirmed"])
        self.assertIn(f"Delivered: {picking.name}", titles)
        self.assertIn(f"Invoiced: {invoice.name}", titles)
        # the invoice consumed the wallet reservation: the payment is paid, the timeline says so
        self.assertEqual(order._dealer_portal_payment_state(order.dealer_payment_ids), "Paid")
        self.assertTrue(any(title.startswith("Paid from") for title in titles))
        # dealer B sees none of it
        self.authenticate("dp_dealer_b", "dp_dealer_b")
        self.assertNotIn("SF1234567890", self.url_open(f"/my/orders/{order.id}").text)

    def test_other_customers_keep_sales_page(self):
        customer = self.env["res.partner"].create({"name": "Retail customer", "email": "retail@example.com"})
        self._create_portal_user(customer, "dp_retail")
        order = self.env["sale.order"].create({
            "partner_id": customer.id,
            "order_line": [Command.create({"product_id": self.item_a.id, "product_uom_qty": 1})],
        })
        order.message_subscribe(partner_ids=customer.ids)
        order.action_quotation_sent()
        self.authenticate("dp_retail", "dp_retail")
        page = self.url_open(f"/my/orders/{order.id}")
        self.assertIn(order.name, page.text)
        self.assertNotIn("o_dealer_order_page", page.text)
        self.assertIn('id="quote_content"', page.text, "sale's own quotation page")
