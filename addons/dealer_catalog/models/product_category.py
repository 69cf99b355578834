from odoo import models


class ProductCategory(models.Model):
    _inherit = "product.category"

    def write(self, vals):
        res = super().write(vals)
        if "parent_id" in vals:
            # Moving a category changes the products that pools on its old and
            # new parents contain.
            templates = self.env["product.template"].with_context(active_test=False).search(
                [("categ_id", "child_of", self.ids)]
            )
            self.env["dealer.product.pool"]._refresh_content(templates=templates)
        return res
