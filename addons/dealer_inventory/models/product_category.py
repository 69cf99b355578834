from odoo import api, fields, models


class ProductCategory(models.Model):
    _inherit = "product.category"

    dealer_expiry_red_days = fields.Integer(
        string="Expiry Red (days)", help="Lots expiring within this many days are red (0 = the parent category's).",
    )
    dealer_expiry_yellow_days = fields.Integer(string="Expiry Yellow (days)", help="0 = the parent category's.")
    dealer_expiry_blue_days = fields.Integer(string="Expiry Blue (days)", help="0 = the parent category's.")

    _sql_constraints = [
        ("dealer_expiry_days_not_negative",
         "CHECK(COALESCE(dealer_expiry_red_days, 0) >= 0 AND COALESCE(dealer_expiry_yellow_days, 0) >= 0"
         " AND COALESCE(dealer_expiry_blue_days, 0) >= 0)",
         "Expiry thresholds cannot be negative."),
    ]

    @api.model
    def _dealer_expiry_thresholds(self, categories, company=None):
        """``{category id: (red, yellow, blue)}``: each threshold is the category's own, else
        its nearest ancestor's, else the company's."""
        company = company or self.env.company
        defaults = (company.dealer_expiry_red_days, company.dealer_expiry_yellow_days, company.dealer_expiry_blue_days)
        ancestor_ids = {int(cid) for path in categories.mapped("parent_path") for cid in (path or "").split("/") if cid}
        # sudo: thresholds are configuration read whoever looks at a lot
        ancestors = {categ.id: categ for categ in self.sudo().browse(ancestor_ids)}
        fnames = ("dealer_expiry_red_days", "dealer_expiry_yellow_days", "dealer_expiry_blue_days")
        result = {}
        for categ in categories:
            chain = [int(cid) for cid in (categ.parent_path or str(categ.id)).split("/") if cid]
            values = []
            for index, fname in enumerate(fnames):
                value = next((ancestors[cid][fname] for cid in reversed(chain)
                              if cid in ancestors and ancestors[cid][fname]), 0)
                values.append(value or defaults[index])
            result[categ.id] = tuple(values)
        return result
