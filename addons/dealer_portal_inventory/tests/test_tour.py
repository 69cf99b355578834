from odoo.tests import tagged

from .common import DealerPortalInventoryCommon


@tagged("post_install", "-at_install")
class TestInventoryTour(DealerPortalInventoryCommon):

    def test_report_see_stock_replenish(self):
        """Report sell-out → see the stock → refresh the suggestions → add them to the cart."""
        self.start_tour("/my/inventory/report", "dealer_portal_inventory_tour", login="dp_dealer", timeout=240)
        report = self.env["dealer.inventory.report"].search([("partner_id", "=", self.dealer.id)])
        self.assertEqual((report.source, report.line_ids.quantity), ("portal", 20.0))
        cart = self.env["sale.order"].search([("dealer_portal_user_id", "=", self.portal_user.id),
                                              ("dealer_portal_cart", "=", True)])
        self.assertEqual((cart.order_line.product_id, cart.order_line.product_uom_qty), (self.item_a, 10.0))
