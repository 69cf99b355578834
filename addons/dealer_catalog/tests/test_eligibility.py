from odoo import Command
from odoo.tests import tagged

from odoo.addons.dealer_base.tests.eligibility import EligibilityCase


@tagged("at_install", "dealer_catalog")
class TestPoolEligibility(EligibilityCase):
    """Product pools apply the suite's dealer eligibility rule."""

    eligibility_model = "dealer.product.pool"

    @classmethod
    def _make_record(cls, **dimensions):
        if "pool_product" not in cls.__dict__:
            cls.pool_product = cls.env["product.template"].create({"name": "测试商品池商品", "sale_ok": True})
        product = cls.pool_product
        return cls.env["dealer.product.pool"].create({
            "name": "测试商品池", "product_tmpl_ids": [Command.set(product.ids)], **dimensions,
        })

    def test_a_pool_authorizes_the_dealers_of_its_region(self):
        product = self.pool_product.product_variant_id
        # the other pools of the grid hold the same product: look at the region alone
        for key, pool in self.records.items():
            pool.active = key == "zhejiang"
        self.assertEqual(self.zj_a._dealer_allowed_products(product), product)
        self.assertFalse(self.js_b._dealer_allowed_products(product))
