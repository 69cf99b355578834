from odoo.tests import HttpCase, tagged

from .common import DealerPromotionCommon


@tagged("post_install", "-at_install", "dealer_promotion")
class TestPromotionTour(HttpCase, DealerPromotionCommon):

    def test_operator_tour(self):
        order = self._create_order(self.dealer_east, [(self.pen, 100, 10.0)], client_order_ref="TOUR-PROMO")
        order.name = "TOUR-PROMO"
        self.start_tour("/odoo/action-dealer_promotion.dealer_promotion_action", "dealer_promotion_tour",
                        login="admin", timeout=180)
        promotion = self.env["dealer.promotion"].search([("name", "=", "Tour first-order gift")])
        self.assertEqual(promotion.state, "active")
        self.assertEqual((promotion.rule_ids.benefit_type, promotion.rule_ids.value), ("fixed", 88.0))
        order.action_apply_promotions()
        self.assertAlmostEqual(order.promotion_discount_amount, 88.0)
