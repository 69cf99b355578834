from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression


class ProductTemplate(models.Model):
    _inherit = "product.template"

    dealer_front_category_ids = fields.Many2many(
        "dealer.front.category",
        "dealer_front_category_product_tmpl_rel",
        "product_tmpl_id",
        "front_category_id",
        string="Front Categories",
        help="Categories of the dealer mall this product is displayed in (any number, independent of the "
        "product category).",
    )
    dealer_catalog_partner_id = fields.Many2one(
        "res.partner",
        string="Authorized for Dealer",
        compute="_compute_dealer_catalog_partner_id",
        search="_search_dealer_catalog_partner_id",
        help="Search on it to list the products a dealer may order (its product pools).",
    )

    @api.depends_context("dealer_catalog_partner_id")
    def _compute_dealer_catalog_partner_id(self):
        partner = self.env["res.partner"].browse(self.env.context.get("dealer_catalog_partner_id"))
        for template in self:
            template.dealer_catalog_partner_id = partner

    def _search_dealer_catalog_partner_id(self, operator, value):
        return _search_catalog_partner(self.env, operator, value, "allowed_template_domain")

    @api.model_create_multi
    def create(self, vals_list):
        templates = super().create(vals_list)
        self.env["dealer.product.pool"]._refresh_content(templates=templates)
        return templates

    def write(self, vals):
        res = super().write(vals)
        if "categ_id" in vals or "dealer_front_category_ids" in vals:
            self.env["dealer.product.pool"]._refresh_content(templates=self)
        return res


def _search_catalog_partner(env, operator, value, domain_method):
    """Search helper shared by product.template and product.product.

    ``('dealer_catalog_partner_id', '=', partner_id)`` gives the products that
    dealer may order; ``in`` a list gives the products any of them may order.
    """
    if operator not in ("=", "in"):
        raise UserError(env._("Unsupported search on the dealer catalog: %(op)s", op=operator))
    ids = value if isinstance(value, list | tuple) else [value]
    partners = env["res.partner"].browse([pid for pid in ids if pid])
    if not partners:
        return expression.FALSE_DOMAIN
    Pool = env["dealer.product.pool"]
    return expression.OR([getattr(Pool, domain_method)(partner) for partner in partners])
