from unittest.mock import patch

from odoo import Command
from odoo.tests import TransactionCase, tagged, users, warmup

# Queries of the ordinary order below (20 stocked products, create + confirm, as admin)
# on plain Odoo 18.0 with only the apps the suite depends on, measured by
# scripts/bench/ordinary_order_bench.py (docs/benchmarks.md, "Ordinary orders").
PLAIN_ODOO_QUERIES = 480
# what the whole suite may add to an order of a customer that is not a dealer
SUITE_ALLOWANCE = 5


@tagged("post_install", "-at_install")
class TestOrdinaryOrderCost(TransactionCase):
    """A customer that is not a dealer costs the same with the suite as on plain Odoo."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create({"name": "Ordinary Customer", "email": "ordinary@example.com"})
        cls.products = cls.env["product.product"].create([{
            "name": f"Ordinary Product {index}", "type": "consu", "is_storable": True, "list_price": 10.0 + index,
        } for index in range(20)])
        stock = cls.env["stock.warehouse"].search([("company_id", "=", cls.env.company.id)], limit=1).lot_stock_id
        for product in cls.products:
            cls.env["stock.quant"]._update_available_quantity(product, stock, 1000.0)

    def _order(self):
        return self.env["sale.order"].create({
            "partner_id": self.customer.id,
            "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 5.0})
                           for product in self.products],
        })

    @users("admin")
    @warmup
    def test_ordinary_order_query_count(self):
        with self.assertQueryCount(admin=PLAIN_ODOO_QUERIES + SUITE_ALLOWANCE):
            order = self._order()
            order.action_confirm()
            self.env.flush_all()
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.dealer_id)
        self.assertEqual(len(order.picking_ids.move_ids), 20)

    def test_no_dealer_check_runs_for_an_ordinary_customer(self):
        """Create, confirm, cancel: none of the suite's dealer hooks is called."""
        SaleOrder = type(self.env["sale.order"])
        hooks = [
            "_dealer_confirmation_errors", "_dealer_region_error", "_dealer_catalog_errors", "_dealer_moq_errors",
            "_dealer_wallet_payment_errors", "_dealer_promotion_confirmation_errors", "_dealer_submit_errors",
            "_dealer_promotion_apply",
        ]
        patches = [
            patch.object(SaleOrder, hook, side_effect=AssertionError(f"{hook} ran for an ordinary customer"))
            for hook in hooks if hasattr(SaleOrder, hook)
        ]
        self.assertEqual(len(patches), len(hooks), "a dealer hook was renamed: update this list")
        for hook_patch in patches:
            hook_patch.start()
            self.addCleanup(hook_patch.stop)
        order = self._order()
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.dealer_payment_ids)
        self.assertFalse(order.dealer_promotion_result_ids)
        order._action_cancel()
        self.assertEqual(order.state, "cancel")
