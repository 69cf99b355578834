from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DealerCatalogCommon


@tagged("post_install", "-at_install")
class TestFrontCategory(DealerCatalogCommon):
    def test_same_product_in_several_front_categories(self):
        clock = self.clock.product_tmpl_id
        self.assertEqual(clock.dealer_front_category_ids, self.front_top_student | self.front_office_set)
        # independent of the back category
        self.assertEqual(clock.categ_id, self.categ_equipment)
        self.assertEqual(self.front_top_student.product_count, 3)
        self.assertEqual(self.front_office_set.product_count, 2)

    def test_inverse_mapping(self):
        pen = self.pen.product_tmpl_id
        pen.dealer_front_category_ids = [Command.link(self.front_office_set.id)]
        self.assertIn(pen, self.front_office_set.product_tmpl_ids)
        self.front_office_set.product_tmpl_ids = [Command.unlink(pen.id)]
        self.assertFalse(pen.dealer_front_category_ids)

    def test_hierarchy(self):
        self.assertEqual(self.front_top_student.complete_name, "Test Back to School / Test Top Student")
        Template = self.env["product.template"]
        in_school = Template.search([("dealer_front_category_ids", "child_of", self.front_school.id)])
        self.assertEqual(in_school, (self.clock | self.printer | self.notebook).product_tmpl_id)
        with self.assertRaises(UserError):  # ORM "Recursion Detected" or our ValidationError
            self.front_school.parent_id = self.front_top_student

    def test_view_products_action(self):
        action = self.front_school.action_view_products()
        templates = self.env["product.template"].search(action["domain"])
        self.assertEqual(templates, (self.clock | self.printer | self.notebook).product_tmpl_id)
