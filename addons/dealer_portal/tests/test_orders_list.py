import re
from datetime import datetime
from unittest.mock import patch

from odoo import Command
from odoo.tests import tagged

from odoo.addons.dealer_base.tests.factory import create_portal_user
from odoo.addons.dealer_portal.controllers.order import DealerOrderPortal

from .common import DealerPortalHttpCommon

ORDER_LINK = re.compile(r'href="/my/orders/(\d+)\?')


@tagged("post_install", "-at_install")
class TestDealerOrdersList(DealerPortalHttpCommon):
    """``/my/orders`` for dealers: status filters in the dealer's words, order flow, date range,
    search by order number or product, sorting and the pager keeping them; other customers
    keep sale's list."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user.tz = "Asia/Shanghai"
        # Odoo's stock_picking_batch demo data (when another module of the suite installs it)
        # batches the demo company's deliveries automatically; this list is about the orders
        if "auto_batch" in cls.env["stock.picking.type"]._fields:
            cls.env["stock.picking.type"].search([("auto_batch", "=", True)]).auto_batch = False

        def follow(order):
            order.message_subscribe(partner_ids=cls.dealer.ids)
            return order

        # confirmed in the backend (item A), to deliver and to invoice
        cls.confirmed = follow(cls._create_order(lines=[(cls.item_a, 2, 100.0)]))
        cls.confirmed.action_confirm()
        # approved by the review and delivered (item A)
        cls.delivered = follow(cls._create_order(lines=[(cls.item_a, 1, 100.0)]))
        cls.delivered.action_dealer_submit()
        cls._validate_delivery(cls, cls.delivered)
        # held by the MOQ rule (4 of item B, sold by 6)
        cls.held = follow(cls._create_order(lines=[(cls.item_b, 4, 50.0)]))
        cls.held.action_dealer_submit()
        # held, then cancelled
        cls.cancelled = follow(cls._create_order(lines=[(cls.item_b, 5, 50.0)]))
        cls.cancelled.action_dealer_submit()
        cls.cancelled._action_cancel()
        # a presale order, confirmed, dated in January (Shanghai time)
        cls.presale = follow(cls._create_order(lines=[(cls.item_a, 3, 100.0)]))
        cls.presale.action_confirm()
        cls.presale.write({"dealer_flow": "presale", "date_order": datetime(2026, 1, 10, 2, 0)})
        # 2026-01-31 17:00 UTC is 2026-02-01 01:00 in Shanghai: February for the dealer
        cls.confirmed.date_order = datetime(2026, 1, 31, 17, 0)
        # never submitted nor confirmed: not in the list
        cls.quotation = follow(cls._create_order())
        # dealer B's own confirmed order
        cls.order_b = cls._create_order(partner=cls.dealer_b, lines=[(cls.item_a, 1, 100.0)])
        cls.order_b.message_subscribe(partner_ids=cls.dealer_b.ids)
        cls.order_b.action_confirm()

    def _listed(self, query=""):
        response = self.url_open(f"/my/orders{query}")
        self.assertEqual(response.status_code, 200)
        return {int(order_id) for order_id in ORDER_LINK.findall(response.text)}

    def _ids(self, *orders):
        return {order.id for order in orders}

    def test_status_filters(self):
        self.assertEqual(self.held.dealer_review_state, "held")
        self.assertEqual(self.delivered.delivery_status, "full")
        self.authenticate("dp_dealer", "dp_dealer")
        everything = self._ids(self.confirmed, self.delivered, self.held, self.cancelled, self.presale)
        self.assertEqual(self._listed(), everything, "held and cancelled submissions are listed, quotations not")
        self.assertEqual(self._listed("?filterby=held"), self._ids(self.held))
        self.assertEqual(self._listed("?filterby=approved"), self._ids(self.delivered))
        self.assertEqual(self._listed("?filterby=to_deliver"), self._ids(self.confirmed, self.presale))
        self.assertEqual(self._listed("?filterby=delivered"), self._ids(self.delivered))
        self.assertEqual(self._listed("?filterby=to_invoice"), self._ids(self.delivered),
                         "item A is invoiced on delivery: only the delivered order has something to invoice")
        self.assertEqual(self._listed("?filterby=cancelled"), self._ids(self.cancelled))
        self.assertEqual(self._listed("?filterby=rejected"), set())
        page = self.url_open("/my/orders?filterby=rejected").text
        self.assertIn("o_dealer_orders_none", page, "an empty filter says so and offers all orders")
        self.assertIn("o_dealer_orders_filters", page)
        self.assertIn("o_dealer_cards", self.url_open("/my/orders").text, "phone layout: the rows become cards")

    def test_flow_dates_and_search(self):
        self.authenticate("dp_dealer", "dp_dealer")
        self.assertEqual(self._listed("?flow=presale"), self._ids(self.presale))
        self.assertEqual(self._listed("?flow=presale&filterby=held"), set())
        # date range in the dealer's time zone: the order of 01-31 17:00 UTC is of February 1st
        self.assertEqual(self._listed("?date_from=2026-01-01&date_to=2026-01-31"), self._ids(self.presale))
        self.assertEqual(self._listed("?date_from=2026-02-01&date_to=2026-02-01"), self._ids(self.confirmed))
        self.assertEqual(self._listed("?date_to=2026-02-01"), self._ids(self.presale, self.confirmed))
        # reversed dates are read the right way round
        self.assertEqual(self._listed("?date_from=2026-01-31&date_to=2026-01-01"), self._ids(self.presale))
        # by order number, by product code or name
        self.assertEqual(self._listed(f"?search_in=name&search={self.held.name}"), self._ids(self.held))
        self.assertEqual(self._listed("?search_in=product&search=DP-B"), self._ids(self.held, self.cancelled))
        self.assertEqual(self._listed("?search_in=product&search=测试商品B"), self._ids(self.held, self.cancelled))
        self.assertEqual(self._listed("?search_in=name&search=DP-B"), set(), "a product code is no order number")
        self.assertEqual(self._listed("?search=DP-B&filterby=cancelled"), self._ids(self.cancelled))

    def test_sorting_and_pager_keep_the_filters(self):
        self.authenticate("dp_dealer", "dp_dealer")
        with patch.object(DealerOrderPortal, "_items_per_page", 2):
            page = self.url_open("/my/orders?filterby=to_deliver&sortby=amount").text
            ids = [int(order_id) for order_id in ORDER_LINK.findall(page)]
            self.assertEqual(ids, [self.presale.id, self.confirmed.id], "largest total first (300 before 200)")
            page = self.url_open("/my/orders?sortby=date_asc").text
            self.assertEqual([int(order_id) for order_id in ORDER_LINK.findall(page)],
                             [self.presale.id, self.confirmed.id], "oldest first: January, then February 1st")
            self.assertRegex(page, r'/my/orders/page/2\?[^"]*sortby=date_asc')
            page = self.url_open("/my/orders?filterby=cancelled&sortby=name").text
            self.assertNotRegex(page, r'/my/orders/page/2\?', "one cancelled order: one page")
            self.assertEqual(len(ORDER_LINK.findall(self.url_open("/my/orders/page/3?sortby=date_asc").text)), 1,
                             "five orders, two a page: one on the third")

    def test_bad_parameters_are_ignored(self):
        self.authenticate("dp_dealer", "dp_dealer")
        everything = self._listed()
        self.assertEqual(self._listed("?filterby=bogus&sortby=drop&flow=nope&search_in=x"), everything)
        response = self.url_open("/my/orders?date_from=2026-02-30&date_to=yesterday")
        self.assertEqual(response.status_code, 200)
        self.assertIn("YYYY-MM-DD", response.text, "a date that is no date is explained")
        self.assertEqual({int(i) for i in ORDER_LINK.findall(response.text)}, everything)
        self.assertEqual(self._listed("?search=" + "S" * 5000), set(), "a long text is cut, not an error")

    def test_another_dealer_sees_only_its_own(self):
        self.authenticate("dp_dealer_b", "dp_dealer_b")
        self.assertEqual(self._listed(), self._ids(self.order_b))
        self.assertEqual(self._listed(f"?search={self.held.name}"), set())
        self.assertEqual(self._listed("?search_in=product&search=DP-B&filterby=held"), set())

    def test_query_count_flat(self):
        self.authenticate("dp_dealer", "dp_dealer")
        self.url_open("/my/orders?filterby=to_deliver&search=DP-A")  # warm the caches of the route
        with self.assertQueryCount(40):  # measured: 35 (session, layout, count, search, rows, templates)
            self.url_open("/my/orders?filterby=to_deliver&search=DP-A")

    def test_other_customers_keep_sales_list(self):
        customer = self.env["res.partner"].create({"name": "普通客户", "email": "plain@example.com"})
        create_portal_user(self.env, customer, "dp_plain", company_id=self.company.id,
                           company_ids=[Command.set(self.company.ids)])
        order = self.env["sale.order"].create({
            "partner_id": customer.id,
            "order_line": [Command.create({"product_id": self.item_a.id, "product_uom_qty": 1, "price_unit": 5.0})],
        })
        order.action_confirm()
        self.authenticate("dp_plain", "dp_plain")
        page = self.url_open("/my/orders?filterby=held&flow=presale").text
        self.assertEqual({int(i) for i in ORDER_LINK.findall(page)}, {order.id}, "sale's list ignores our filters")
        for dealer_only in ("o_dealer_orders_filters", "o_dealer_cards", 'name="dealer_review"', "o_dealer_nav"):
            self.assertNotIn(dealer_only, page)
