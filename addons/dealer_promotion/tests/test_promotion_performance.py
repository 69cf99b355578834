from odoo import Command
from odoo.tests import tagged

from .common import DealerPromotionCommon


@tagged("post_install", "-at_install", "dealer_promotion")
class TestPromotionPerformance(DealerPromotionCommon):

    @classmethod
    def _create_noise(cls, count):
        """Active promotions that do not concern the fixtures' order."""
        other = cls._create_product("Promo Other", 1.0, cls.categ_paper, cls.tax_9)
        Promotion = cls.env["dealer.promotion"]
        vals_list = []
        for index in range(count):
            condition = [
                {"tier_ids": [Command.set(cls.tier_b.ids)]},
                {"region_ids": [Command.set(cls.region_south.ids)]},
                {"product_ids": [Command.set(other.ids)]},
                {"partner_ids": [Command.set(cls.dealer_south.ids)]},
            ][index % 4]
            vals_list.append({
                "name": f"Noise {index}", "date_from": cls.today, "date_to": cls.today, "state": "active",
                "rule_ids": [Command.create({"value": 1 + index % 50, **condition})],
            })
        Promotion.create(vals_list)

    def _apply_queries(self, order):
        order.action_apply_promotions()  # warm up: lines created, caches filled
        order.order_line[0].product_uom_qty += 1
        self.env.invalidate_all()
        # measured: 33 (the discount product is found through the cached xmlid, not
        # browsed and checked per discount line)
        with self.assertQueryCount(__system__=33):
            order.action_apply_promotions()
        return order

    def test_query_count_independent_of_promotions(self):
        self._create_promotion([{"value": 10}], name="Applies")
        self._create_promotion([{"benefit_type": "free_product", "buy_qty": 10, "free_qty": 1,
                                 "product_ids": [Command.set(self.pen.ids)]}], name="Gift")
        lines = [(self.pen, 100, 10.0), (self.notebook, 50, 20.0), (self.ink, 10, 5.0)]
        order = self._apply_queries(self._create_order(self.dealer_east, lines))
        self.assertAlmostEqual(order.promotion_discount_amount, 206.0 + 10 * 10.0)
        self._create_noise(300)
        # same number of queries with 300 more active promotions
        order = self._apply_queries(self._create_order(self.dealer_east, lines))
        self.assertAlmostEqual(order.promotion_discount_amount, 206.0 + 10 * 10.0)
