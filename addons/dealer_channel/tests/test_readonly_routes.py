import json
import threading
from contextlib import contextmanager
from unittest.mock import patch

from odoo import Command, fields
from odoo.http import Request
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.dealer_portal.controllers.replica import PRIMARY_AFTER_WRITE_KEY, readonly_unless_own_write
from odoo.addons.dealer_portal.tests.common import DealerPortalHttpCommon

SUITE_MODULES = "odoo.addons.dealer_"
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# the routes marked readonly by the suite (True, or the read-your-writes callable); the test
# below checks every readonly route it finds, and that it finds at least these
EXPECTED_READONLY = {
    "/my/catalog", "/my/catalog/page/<int:page>", "/my/catalog/image/<int:product_id>",
    "/my/cart", "/my/downline", "/my/downline/page/<int:page>", "/my/downline/<int:partner_id>",
    "/my/quick-order", "/my/quick-order/template.csv", "/my/wallets",
    "/my/wallets/<int:wallet_id>", "/my/wallets/<int:wallet_id>/page/<int:page>", "/my/wallets/statement.xlsx",
    "/dealer/apply", "/dealer/apply/thanks", "/my/crowdfunding",
    "/my/inventory", "/my/inventory/report", "/my/inventory/template.csv", "/my/inventory/expiry",
    "/my/inventory/replenishment", "/my/purchases", "/my/rebates", "/dealer_wallet/statement/xlsx",
}


@tagged("post_install", "-at_install", "dealer_channel")
class TestReadonlyRoutes(DealerPortalHttpCommon):
    """Routes declared ``readonly=True`` read from a replica when Odoo has one
    (``db_replica_host``). In tests Odoo opens their cursor ``SET TRANSACTION READ ONLY``, as a
    hot standby would: a write raises ``ReadOnlySqlTransaction`` and Odoo serves the request
    again on a read/write cursor (``Request._transactioning``, cursor mode ``ro->rw``).

    Every route of the suite's controllers is listed from Odoo's routing map: each readonly
    one, requested as the dealer with real ids, must be served in mode ``ro`` (nothing
    written, no fallback); every route taking a POST must be read/write.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.downline_store = cls._create_dealer("只读测试门店", cls.level_store, cls.state_e1, parent=cls.dealer)
        cls.campaign = env["dealer.crowdfunding"].create({
            "name": "只读测试拼单", "product_id": cls.item_a.id, "price_unit": 90.0, "target_qty": 100.0,
            "max_qty": 200.0, "min_pledge_qty": 1.0, "deadline": "2099-12-31 00:00:00",
            "warehouse_id": cls.warehouse.id, "company_id": cls.company.id,
            "partner_ids": [Command.set(cls.dealer.ids)],
        })
        cls.campaign.action_open()
        cls.pledge = cls.campaign.pledge(cls.dealer, 2)
        cls.order = cls._create_order(cls.dealer, [(cls.item_a, 2, 100.0)])
        cls.order.action_dealer_submit()
        cls.env["dealer.inventory.report"].create({
            "partner_id": cls.dealer.id, "report_type": "stock", "date": fields.Date.today(),
            "line_ids": [Command.create({"product_id": cls.item_a.id, "quantity": 3.0,
                                         "lot_name": "RO-1", "expiration_date": fields.Date.today()})],
        }).action_done()
        cls.env.flush_all()
        today = fields.Date.today()
        cls.period = {"date_from": today.replace(day=1).isoformat(), "date_to": today.isoformat()}

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------
    @contextmanager
    def _cursor_modes(self):
        """Record (path, readonly asked, cursor mode used) of every request served meanwhile:
        mode ``ro`` = served on the read-only cursor, ``ro->rw`` = it wrote and Odoo served it
        again on the primary, ``rw`` = a read/write route."""
        seen = []
        original = Request._transactioning

        def spy(request, func, readonly):
            try:
                return original(request, func, readonly)
            finally:
                seen.append((request.httprequest.path, readonly, threading.current_thread().cursor_mode))

        with patch.object(Request, "_transactioning", spy):
            yield seen

    def _suite_rules(self):
        """The routing rules whose endpoint is defined or overridden in a module of the suite."""
        rules = []
        for rule in self.env["ir.http"].routing_map().iter_rules():
            controller = getattr(rule.endpoint.func, "__self__", None)
            name = rule.endpoint.__name__
            if controller is not None and any(
                    name in cls.__dict__ and cls.__module__.startswith(SUITE_MODULES)
                    for cls in type(controller).mro()):
                rules.append(rule)
        return rules

    def _url(self, rule):
        """A concrete URL of ``rule``, with ids of the dealer's own records, and its login."""
        values = {"page": 1, "product_id": self.item_a.id, "partner_id": self.downline_store.id,
                  "wallet_id": self.cash.id, "campaign_id": self.campaign.id, "order_id": self.order.id,
                  "pledge_id": self.pledge.id, "line_id": self.order.order_line[:1].id}
        path = rule.rule
        for argument in rule.arguments:
            path = path.replace(f"<int:{argument}>", str(values[argument]))
        query = dict(self.period)
        if rule.rule == "/dealer_wallet/statement/xlsx":  # the backend download, for internal users
            return path, {**query, "partner_id": self.dealer.id}, "admin"
        return path, query, "dp_dealer"

    # ------------------------------------------------------------------
    # tests
    # ------------------------------------------------------------------
    def test_readonly_routes_write_nothing(self):
        rules = self._suite_rules()
        readonly_rules = [rule for rule in rules if rule.endpoint.routing["readonly"]]
        self.assertGreaterEqual({rule.rule for rule in readonly_rules}, EXPECTED_READONLY)
        logged_in = None
        for rule in readonly_rules:
            readonly = rule.endpoint.routing["readonly"]
            self.assertTrue(readonly is True or readonly is readonly_unless_own_write, rule.rule)
            path, query, login = self._url(rule)
            if login != logged_in:
                self.authenticate(login, login)
                logged_in = login
            with self.subTest(route=rule.rule), self._cursor_modes() as seen:
                response = self.url_open(f"{path}?{'&'.join(f'{k}={v}' for k, v in query.items())}")
                self.assertEqual(response.status_code, 200, response.text[:300])
                self.assertIn((path, True, "ro"), seen, "served on the read-only cursor, nothing written")

    def test_write_routes_are_read_write(self):
        write_rules = [rule for rule in self._suite_rules() if WRITE_METHODS & set(rule.methods or ())]
        self.assertGreaterEqual(len(write_rules), 15)
        for rule in write_rules:
            with self.subTest(route=rule.rule, methods=sorted(rule.methods)):
                self.assertIs(rule.endpoint.routing["readonly"], False)

    def test_order_page_reads_the_primary(self):
        """The page a submit lands on reads the primary (read-your-writes), as sale declares it."""
        rule = next(rule for rule in self._suite_rules() if rule.rule == "/my/orders/<int:order_id>")
        self.assertIs(rule.endpoint.routing["readonly"], False)
        self.authenticate("dp_dealer", "dp_dealer")
        with self._cursor_modes() as seen:
            response = self.url_open(f"/my/orders/{self.order.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.order.name, response.text)
        self.assertIn((f"/my/orders/{self.order.id}", False, "rw"), seen)

    def test_own_documents_read_the_primary_after_a_write(self):
        """After a POST of the dealer, the pages of its own documents read the primary; reads
        of other things (downline) and other sessions stay on the replica."""
        self.authenticate("dp_dealer", "dp_dealer")
        with self._cursor_modes() as seen:
            self.url_open("/my/cart")
        self.assertIn(("/my/cart", True, "ro"), seen)
        csrf = self._csrf()
        with self._cursor_modes() as seen:
            response = self.url_open("/my/cart/add", data={
                "product_id": self.item_a.id, "qty": 2, "csrf_token": csrf, "redirect": "/my/cart"})
            self.assertIn("测试商品A", response.text)
        self.assertIn(("/my/cart/add", False, "rw"), seen)
        self.assertIn(("/my/cart", False, "rw"), seen, "the redirect after the write reads the primary")
        with self._cursor_modes() as seen:
            self.url_open("/my/wallets")
            self.url_open("/my/catalog")
            self.url_open("/my/downline")
        self.assertIn(("/my/wallets", False, "rw"), seen)
        self.assertIn(("/my/catalog", False, "rw"), seen, "the catalog shows the cart's quantities")
        self.assertIn(("/my/downline", True, "ro"), seen, "what the dealer did not write: the replica")
        # once the window is over, the replica again
        self.assertGreater(self._session_marker(), 0)
        self._expire_marker()
        with self._cursor_modes() as seen:
            self.url_open("/my/wallets")
        self.assertIn(("/my/wallets", True, "ro"), seen)
        # another dealer's session is not concerned by this one's write
        self.authenticate("dp_dealer_b", "dp_dealer_b")
        with self._cursor_modes() as seen:
            self.url_open("/my/cart")
        self.assertIn(("/my/cart", True, "ro"), seen)

    def _session_marker(self):
        from odoo import http
        return http.root.session_store.get(self.session.sid).get(PRIMARY_AFTER_WRITE_KEY)

    def _expire_marker(self):
        from odoo import http
        session = http.root.session_store.get(self.session.sid)
        session[PRIMARY_AFTER_WRITE_KEY] = 0
        http.root.session_store.save(session)

    def test_a_write_in_a_readonly_route_falls_back_to_the_primary(self):
        """What Odoo does when a readonly route writes: the request fails on the read-only
        cursor and is served again on a read/write one, the write kept (and this check of the
        routes above would catch it)."""
        self.authenticate("dp_dealer", "dp_dealer")
        Product = type(self.env["product.product"])
        original = Product._dealer_portal_catalog
        dealer = self.dealer

        def writing_catalog(records, *args, **kwargs):
            records.env.cr.execute("UPDATE res_partner SET comment = 'written by a read' WHERE id = %s",
                                   [dealer.id])
            return original(records, *args, **kwargs)

        # odoo.sql_db logs the refused UPDATE as a bad query
        with patch.object(Product, "_dealer_portal_catalog", writing_catalog), self._cursor_modes() as seen, \
                self.assertLogs("odoo.http", "WARNING") as logs, mute_logger("odoo.sql_db"):
            response = self.url_open("/my/catalog")
        self.assertEqual(response.status_code, 200)
        self.assertIn(("/my/catalog", True, "ro->rw"), seen)
        self.assertIn("retrying with a read/write cursor", logs.output[0])
        self.env.invalidate_all()
        self.assertIn("written by a read", str(dealer.comment))

    def test_portal_counters_read_only(self):
        """Odoo's ``/my/counters`` (readonly) runs the suite's counters: they write nothing."""
        self.authenticate("dp_dealer", "dp_dealer")
        counters = ["dealer_cart_count", "dealer_presale_count", "dealer_downline_count", "dealer_wallet_count",
                    "dealer_campaign_count", "dealer_replenishment_count", "dealer_expiry_count",
                    "dealer_rebate_progress_count"]
        with self._cursor_modes() as seen:
            response = self.url_open("/my/counters", data=json.dumps({
                "jsonrpc": "2.0", "method": "call", "id": 1, "params": {"counters": counters}}),
                headers={"Content-Type": "application/json"})
        result = response.json()["result"]
        self.assertEqual(result["dealer_wallet_count"], 1)
        self.assertEqual(result["dealer_campaign_count"], 1)
        self.assertIn(("/my/counters", True, "ro"), seen)

    def _call_kw(self, model, method, args, kwargs=None):
        response = self.url_open("/web/dataset/call_kw", data=json.dumps({
            "jsonrpc": "2.0", "method": "call", "id": 1,
            "params": {"model": model, "method": method, "args": args, "kwargs": kwargs or {}}}),
            headers={"Content-Type": "application/json"})
        return response.json()

    def test_readonly_model_methods_over_rpc(self):
        """Over ``/web/dataset/call_kw``, the suite's ``@api.readonly`` method and the reads of its
        models (Odoo's ``search_read`` / ``read_group``, through the suite's ``_search`` and
        ``fetch`` overrides of the channel stock) are served on the read-only cursor; a write
        (``refresh`` of the sales analysis) is not."""
        self.authenticate("admin", "admin")
        calls = [
            ("res.currency", "amount_to_text", [self.currency.ids, 12345.67], {}),
            ("dealer.channel.stock", "search_read", [[]], {"fields": ["partner_id", "reported_qty"]}),
            ("dealer.sales.analysis", "read_group", [[], ["amount:sum"], ["partner_id"]], {}),
            ("dealer.wallet", "search_read", [[("partner_id", "=", self.dealer.id)]], {"fields": ["balance"]}),
        ]
        for model, method, args, kwargs in calls:
            with self.subTest(model=model, method=method), self._cursor_modes() as seen:
                answer = self._call_kw(model, method, args, kwargs)
                self.assertIn("result", answer, answer)
                self.assertIn(("/web/dataset/call_kw", True, "ro"), seen)
        with self._cursor_modes() as seen:
            answer = self._call_kw("dealer.sales.analysis", "refresh", [])
        self.assertIn("result", answer, answer)
        self.assertIn(("/web/dataset/call_kw", False, "rw"), seen)
