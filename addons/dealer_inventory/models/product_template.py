from odoo import models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    def write(self, vals):
        result = super().write(vals)
        if "categ_id" in vals:
            self.env["dealer.channel.stock"].sudo()._dealer_refresh_categories(self.ids)
        return result
