from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import DealerCatalogCommon


@tagged("post_install", "-at_install")
class TestMoqRule(DealerCatalogCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Moq = cls.env["dealer.moq.rule"]
        cls.moq_stationery = Moq.create({"categ_id": cls.categ_stationery.id, "min_qty": 5, "multiple_qty": 5})
        cls.moq_stationery_retail = Moq.create({
            "categ_id": cls.categ_stationery.id, "type_id": cls.type_retail.id, "min_qty": 10, "multiple_qty": 10,
        })
        cls.moq_stationery_wholesale = Moq.create({
            "categ_id": cls.categ_stationery.id, "type_id": cls.type_wholesale.id, "min_qty": 100, "multiple_qty": 10,
        })
        cls.moq_pens = Moq.create({"categ_id": cls.categ_pens.id, "min_qty": 12, "multiple_qty": 12})
        cls.moq_notebook = Moq.create({
            "product_tmpl_id": cls.notebook.product_tmpl_id.id, "min_qty": 20, "multiple_qty": 20,
        })

    def test_resolution(self):
        Moq = self.env["dealer.moq.rule"]
        products = self.pen | self.notebook | self.clock
        self.assertEqual(Moq._get_moq_for(self.store, products), {
            self.pen.id: (12.0, 12.0),        # deeper category first
            self.notebook.id: (20.0, 20.0),   # product rule first
        })
        self.assertNotIn(self.clock.id, Moq._get_moq_for(self.store, self.clock), "no rule, no constraint")
        wholesale = Moq._get_moq_for(self.wholesale_store, products)
        self.assertEqual(wholesale[self.pen.id], (12.0, 12.0), "a deeper category beats the dealer type")
        marker = self.env["product.product"].create({"name": "Test Ruler", "categ_id": self.categ_stationery.id})
        self.assertEqual(Moq._get_moq_for(self.wholesale_store, marker)[marker.id], (100.0, 10.0))
        self.assertEqual(Moq._get_moq_for(self.retail_store, marker)[marker.id], (10.0, 10.0))
        self.assertEqual(Moq._get_moq_for(self.store, marker)[marker.id], (5.0, 5.0))
        # seed example: wholesale MOQ is 10x retail
        self.assertEqual(
            Moq._get_moq_for(self.wholesale_store, marker)[marker.id][0],
            10 * Moq._get_moq_for(self.retail_store, marker)[marker.id][0],
        )
        # a product rule for the dealer's type beats one for every type
        Moq.create({"product_tmpl_id": self.notebook.product_tmpl_id.id, "type_id": self.type_wholesale.id,
                    "min_qty": 200, "multiple_qty": 50})
        self.assertEqual(Moq._get_moq_for(self.wholesale_store, self.notebook)[self.notebook.id], (200.0, 50.0))
        self.assertEqual(Moq._get_moq_for(self.store, self.notebook)[self.notebook.id], (20.0, 20.0))

    def test_bad_input(self):
        Moq = self.env["dealer.moq.rule"]
        count = Moq.search_count([])
        with self.assertRaisesRegex(ValidationError, "minimum quantity .* must be positive"):
            Moq.create({"product_tmpl_id": self.clock.product_tmpl_id.id, "min_qty": 0})
        with self.assertRaisesRegex(ValidationError, "minimum quantity .* must be positive"):
            Moq.create({"product_tmpl_id": self.clock.product_tmpl_id.id, "min_qty": -1})
        with self.assertRaisesRegex(ValidationError, "order multiple .* must be positive"):
            Moq.create({"product_tmpl_id": self.clock.product_tmpl_id.id, "min_qty": 1, "multiple_qty": 0})
        with self.assertRaisesRegex(ValidationError, "needs a product"):
            Moq.create({"applies_on": "product", "min_qty": 1})
        with self.assertRaisesRegex(ValidationError, "needs a category"):
            Moq.create({"applies_on": "category", "product_tmpl_id": self.clock.product_tmpl_id.id})
        with self.assertRaisesRegex(ValidationError, "same target"):
            Moq.create({"categ_id": self.categ_pens.id, "min_qty": 24, "multiple_qty": 12})
        self.assertEqual(Moq.search_count([]), count, "nothing half-written")
        with self.assertRaisesRegex(ValidationError, "must be positive"):
            self.moq_pens.multiple_qty = -12

    def test_confirmation_messages(self):
        self._pool("Everything", categ_ids=self.categ_stationery | self.categ_equipment)
        # pens: 3 + 6 = 9 < 12 and not a multiple of 12; notebooks 30: multiple of 20? no
        order = self._order_lines(self.store, [(self.pen, 3), (self.pen, 6), (self.notebook, 30), (self.clock, 1)])
        errors = order._dealer_confirmation_errors()
        self.assertEqual(len(errors), 3, errors)
        self.assertTrue(any("Test Gel Pen" in e and "9" in e and "minimum" in e for e in errors))
        self.assertTrue(any("Test Gel Pen" in e and "multiple of 12" in e for e in errors))
        self.assertTrue(any("Test Notebook" in e and "multiple of 20" in e for e in errors))
        # quantities are summed over the lines before checking
        order.order_line.filtered(lambda line: line.product_id == self.pen)[0].product_uom_qty = 18
        order.order_line.filtered(lambda line: line.product_id == self.notebook).product_uom_qty = 40
        self.assertEqual(order._dealer_confirmation_errors(), [])
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_units_of_measure(self):
        self._pool("Everything", categ_ids=self.categ_stationery)
        dozen = self.env.ref("uom.product_uom_dozen")
        order = self._order_lines(self.store, [(self.pen, 1, dozen)])
        self.assertEqual(order._dealer_moq_errors(), [], "1 dozen = 12 units")
        order.order_line.product_uom_qty = 1.5
        self.assertEqual(len(order._dealer_moq_errors()), 1, "18 units: not a multiple of 12")

    def test_onchange_warning(self):
        self._pool("Everything", categ_ids=self.categ_stationery)
        order = self._order_lines(self.store, [(self.pen, 3)])
        warning = order.order_line._onchange_dealer_moq_warning()
        self.assertIn("12", warning["warning"]["message"])
        order.order_line.product_uom_qty = 24
        self.assertFalse(order.order_line._onchange_dealer_moq_warning())

    def test_portal_hints_batch(self):
        """The portal reads hints for a page of products in one query."""
        Moq = self.env["dealer.moq.rule"]
        products = self.pen | self.notebook | self.clock | self.printer
        Moq._get_moq_for(self.store, products)  # warm caches of the fields read
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=6):
            Moq._get_moq_for(self.store, products)
