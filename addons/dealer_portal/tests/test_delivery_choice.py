from datetime import date, datetime, time, timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DealerPortalCommon, DealerPortalHttpCommon


class DeliveryChoiceMixin:

    @classmethod
    def _setup_addresses(cls):
        Partner = cls.env["res.partner"]
        cls.portal_user.tz = "Asia/Shanghai"
        cls.address_1 = Partner.create({"name": "甲仓库", "type": "delivery", "parent_id": cls.dealer.id,
                                        "state_id": cls.state_e1.id, "city": "东一市", "street": "仓储路 8 号"})
        # in a province where dealer A is not authorized: the review holds such an order
        cls.address_far = Partner.create({"name": "甲外地门店", "type": "delivery", "parent_id": cls.dealer.id,
                                          "state_id": cls.state_e2.id, "city": "东二市"})
        cls.invoice_contact = Partner.create({"name": "甲财务", "type": "invoice", "parent_id": cls.dealer.id})
        cls.address_b = Partner.create({"name": "乙仓库", "type": "delivery", "parent_id": cls.dealer_b.id,
                                        "state_id": cls.state_e2.id})


@tagged("post_install", "-at_install")
class TestDeliveryChoice(DeliveryChoiceMixin, DealerPortalCommon):
    """The address and the requested delivery date the dealer chooses when submitting its cart."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_addresses()

    def _cart(self, user=None):
        cart = self.env["sale.order"].with_user(user or self.portal_user)._dealer_portal_cart(create=True)
        cart._dealer_portal_add_products({self.item_a: 10})
        return cart

    def test_own_delivery_addresses_only(self):
        addresses = self.env["sale.order"].with_user(self.portal_user)._dealer_portal_delivery_addresses()
        self.assertEqual(addresses, self.dealer | self.address_far | self.address_1,
                         "the main address, then the delivery addresses by name; no invoice contact, "
                         "nothing of dealer B")
        self.assertEqual(self.dealer._dealer_portal_address_label(), "Main address: P-East-1")
        self.assertEqual(self.address_1._dealer_portal_address_label(), "甲仓库: P-East-1 东一市 仓储路 8 号")

    def _evening(self):
        """Today 20:00 UTC: tomorrow 04:00 in Shanghai."""
        return datetime.combine(date.today(), time(20, 0))

    def test_submit_with_address_and_date(self):
        tomorrow = date.today() + timedelta(days=1)
        with freeze_time(self._evening()):
            cart = self._cart()
            order = cart._dealer_portal_submit(shipping_id=self.address_1.id, delivery_date=tomorrow)
        self.assertEqual(order.partner_shipping_id, self.address_1)
        self.assertEqual(order.state, "sale", "an authorized address: approved and confirmed")
        self.assertEqual(order.commitment_date, datetime.combine(tomorrow, time(4, 0)), "noon in Shanghai")
        picking = order.picking_ids
        self.assertEqual(picking.partner_id, self.address_1, "delivered to the chosen address")
        self.assertEqual(picking.scheduled_date, datetime.combine(tomorrow, time(4, 0)))

    def test_address_outside_the_regions_is_reviewed(self):
        order = self._cart()._dealer_portal_submit(shipping_id=self.address_far.id)
        self.assertEqual(order.partner_shipping_id, self.address_far)
        self.assertEqual(order.dealer_review_state, "held")
        self.assertIn("P-East-2", order.dealer_review_message)

    def test_another_dealers_address_is_refused(self):
        cart = self._cart()
        shipping = cart.partner_shipping_id
        logs = self.env["dealer.review.log"].search_count([])
        for bad in (self.address_b.id, self.invoice_contact.id, self.dealer_b.id, 999999999):
            with self.assertRaisesRegex(UserError, "not one of yours"):
                cart._dealer_portal_submit(shipping_id=bad)
        self.assertTrue(cart.dealer_portal_cart, "still the cart")
        self.assertEqual(cart.partner_shipping_id, shipping)
        self.assertEqual(self.env["dealer.review.log"].search_count([]), logs, "nothing reviewed")

    def test_delivery_date_bounds(self):
        today_utc = date.today()
        shanghai_today = today_utc + timedelta(days=1)
        with freeze_time(self._evening()):
            cart = self._cart()
            with self.assertRaisesRegex(UserError, "in the past"):
                cart._dealer_portal_submit(delivery_date=today_utc)  # still today in UTC, yesterday for the dealer
            with self.assertRaisesRegex(UserError, "at most 365 days ahead"):
                cart._dealer_portal_submit(delivery_date=shanghai_today + timedelta(days=366))
            self.assertTrue(cart.dealer_portal_cart)
            self.assertFalse(cart.commitment_date)
            last = shanghai_today + timedelta(days=365)
            order = cart._dealer_portal_submit(delivery_date=last)  # the last day allowed
        self.assertEqual(order.commitment_date.date(), last)


@tagged("post_install", "-at_install")
class TestDeliveryChoicePages(DeliveryChoiceMixin, DealerPortalHttpCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_addresses()

    def _fill_cart(self):
        token = self._csrf()
        self.url_open("/my/cart/add", data={"csrf_token": token, "product_id": self.item_a.id, "qty": 10})
        return self.env["sale.order"].with_user(self.portal_user)._dealer_portal_cart()

    def test_cart_offers_own_addresses_and_submits_the_choice(self):
        self.authenticate("dp_dealer", "dp_dealer")
        cart = self._fill_cart()
        page = self.url_open("/my/cart").text
        self.assertIn("甲仓库", page)
        self.assertNotIn("乙仓库", page, "never another dealer's address")
        self.assertNotIn("甲财务", page, "an invoice contact is no delivery address")
        self.assertIn('name="delivery_date"', page)
        day = cart._dealer_portal_delivery_date_bounds()[0]
        response = self.url_open("/my/cart/submit", data={
            "csrf_token": self._csrf("/my/cart"), "shipping_id": self.address_1.id, "delivery_date": day.isoformat(),
        })
        self.assertTrue(response.url.endswith(f"/my/orders/{cart.id}"), response.url)
        self.assertEqual(cart.partner_shipping_id, self.address_1)
        self.assertEqual(cart.commitment_date.date(), day)
        self.assertIn("o_dealer_order_requested_date", response.text)
        self.assertIn("仓储路 8 号", response.text, "the order page shows where it goes")

    def test_refused_choices_leave_the_cart(self):
        self.authenticate("dp_dealer", "dp_dealer")
        cart = self._fill_cart()
        for data, message in (({"shipping_id": self.address_b.id}, "not one of yours"),
                              ({"shipping_id": "12abc"}, "not one of yours"),
                              ({"delivery_date": "2026-02-30"}, "YYYY-MM-DD"),
                              ({"delivery_date": (date.today() - timedelta(days=2)).isoformat()}, "in the past")):
            response = self.url_open("/my/cart/submit", data={"csrf_token": self._csrf("/my/cart"), **data})
            self.assertTrue(response.url.endswith("/my/cart"), response.url)
            self.assertIn(message, response.text)
            self.assertTrue(cart.dealer_portal_cart, "still the cart")
        self.assertNotEqual(cart.partner_shipping_id, self.address_b)
        self.assertEqual(cart.dealer_review_state, "draft")
